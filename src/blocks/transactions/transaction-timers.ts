// E: the timers of the transaction engine, each firing as an input of it: TxUpdatedInterval
// (E02.FR.10) while a transaction runs, and EVConnectionTimeOut (E03) while an EVSE is
// authorized without a cable. schedule() runs after every step with the new state.

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../station/context.js';
import type { Cause, EvseState } from './transaction-state.js';

export class TransactionTimers {
  private readonly periodic = new Map<number, TimerHandle>();
  private readonly connectTimers = new Map<number, TimerHandle>();

  constructor(
    private readonly ctx: StationContext,
    private readonly stateOf: (evseId: number) => EvseState | undefined,
    private readonly step: (evseId: number, cause: Cause) => void,
  ) {}

  /** TxUpdatedInterval (E02.FR.10) while a transaction runs; EVConnectionTimeOut while authorized without cable. */
  schedule(evseId: number, state: EvseState): void {
    const { clock, dm } = this.ctx;
    const interval = dm.getInt(DM.SampledDataCtrlr.TxUpdatedInterval) ?? 0;
    if (state.tx && interval > 0) {
      if (!this.periodic.has(evseId)) {
        const tick = (): void => {
          this.periodic.delete(evseId);
          this.step(evseId, { kind: 'periodic' });
        };
        this.periodic.set(evseId, clock.setTimeout(tick, interval * 1000));
      }
    } else {
      clock.clearTimeout(this.periodic.get(evseId));
      this.periodic.delete(evseId);
    }
    const waitingForCable = state.auth !== null && !state.last.connected;
    if (waitingForCable) {
      if (!this.connectTimers.has(evseId)) {
        const timeoutS = dm.getInt(DM.TxCtrlr.EVConnectionTimeOut) ?? 0;
        const dueMs = Date.parse(state.auth!.at) + timeoutS * 1000 - this.ctx.now().getTime();
        if (timeoutS > 0) {
          const fire = (): void => {
            this.connectTimers.delete(evseId);
            const current = this.stateOf(evseId);
            if (current?.auth && !current.last.connected) this.step(evseId, { kind: 'evConnectTimeout' });
          };
          this.connectTimers.set(evseId, clock.setTimeout(fire, Math.max(0, dueMs)));
        }
      }
    } else {
      clock.clearTimeout(this.connectTimers.get(evseId));
      this.connectTimers.delete(evseId);
    }
  }

  /** Cancels every timer. */
  stop(): void {
    for (const timer of [...this.periodic.values(), ...this.connectTimers.values()]) this.ctx.clock.clearTimeout(timer);
    this.periodic.clear();
    this.connectTimers.clear();
  }
}
