// E: the timers of the transaction engine, each firing as an input of it: TxUpdatedInterval
// (E02.FR.10) while a transaction runs, EVConnectionTimeOut (E03) while an EVSE is authorized
// without a cable or a token waits for one (C01.FR.26), and the energy register while
// MaxEnergyOnInvalidId caps it (E05.FR.03). schedule() runs after every step with the new state.
//
//   energy watch: due in (cap − register) ÷ power, early (half of it, at most 10 s) to follow a
//   power that changes, re-armed until the register reaches the cap, then suspends (E05.FR.02).

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';
import type { Cause, EvseState } from './transaction-types.js';
import { LazyMap } from '../../collections/lazy.js';

/** While energy flows but the meter shows no power yet (contactor closing, EV ramping up). */
const ENERGY_POLL_MS = 1000;
/** A watch due later than this fires at half the estimate, so a power that rises is followed. */
const ENERGY_EXACT_MS = 2000;
/** The longest a watch waits: the power may change without any input to the engine. */
const ENERGY_RECHECK_MS = 10_000;

/** What the timers need of the transaction engine. */
export interface TimedEngine {
  readonly ctx: StationContext;
  state(evseId: number): EvseState | undefined;
  step(evseId: number, cause: Cause): void;
}

export class TransactionTimers {
  private readonly periodic = new LazyMap<number, TimerHandle>();
  private readonly connectTimers = new LazyMap<number, TimerHandle>();
  private readonly energyTimers = new LazyMap<number, TimerHandle>();
  private waitingTimer: TimerHandle | undefined;
  private readonly ctx: StationContext;

  constructor(private readonly engine: TimedEngine) {
    this.ctx = engine.ctx;
  }

  /** TxUpdatedInterval (E02.FR.10) while a transaction runs; EVConnectionTimeOut while authorized without cable. */
  schedule(evseId: number, state: EvseState): void {
    const { clock, dm } = this.ctx;
    const interval = dm.getInt(DM.SampledDataCtrlr.TxUpdatedInterval) ?? 0;
    if (state.tx && interval > 0) {
      if (!this.periodic.has(evseId)) {
        const tick = (): void => {
          this.periodic.delete(evseId);
          this.engine.step(evseId, { kind: 'periodic' });
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
            const current = this.engine.state(evseId);
            if (current?.auth && !current.last.connected) this.engine.step(evseId, { kind: 'evConnectTimeout' });
          };
          this.connectTimers.set(evseId, clock.setTimeout(fire, Math.max(0, dueMs)));
        }
      }
    } else {
      clock.clearTimeout(this.connectTimers.get(evseId));
      this.connectTimers.delete(evseId);
    }
  }

  /**
   * E05.FR.03: while `capWh` is set and energy flows, watch the register; at the cap the engine
   * suspends the energy (E05.FR.02), whatever TxUpdatedInterval is.
   */
  watchEnergy(evseId: number, state: EvseState, capWh: number | undefined): void {
    const { clock, hal } = this.ctx;
    clock.clearTimeout(this.energyTimers.get(evseId));
    this.energyTimers.delete(evseId);
    if (capWh === undefined || !state.tx || !state.last.energy) return;
    const { energyWh, powerW } = hal.meter(evseId);
    const remainingWh = capWh - energyWh;
    if (remainingWh <= 0) {
      this.engine.step(evseId, { kind: 'suspend' });
      return;
    }
    const estimateMs = powerW > 0 ? Math.ceil((remainingWh * 3_600_000) / powerW) : ENERGY_POLL_MS;
    const delayMs = Math.min(ENERGY_RECHECK_MS, estimateMs > ENERGY_EXACT_MS ? Math.ceil(estimateMs / 2) : estimateMs);
    const fire = (): void => {
      this.energyTimers.delete(evseId);
      const current = this.engine.state(evseId);
      if (current) this.watchEnergy(evseId, current, capWh);
    };
    this.energyTimers.set(evseId, clock.setTimeout(fire, delayMs));
  }

  /** C01.FR.26, E03.FR.05: a token waiting for a cable (no EVSE chosen) expires after EVConnectionTimeOut. */
  waitForCable(expire: () => void): void {
    this.cancelWaiting();
    const timeoutS = this.ctx.dm.getInt(DM.TxCtrlr.EVConnectionTimeOut) ?? 0;
    if (timeoutS <= 0) return;
    this.waitingTimer = this.ctx.clock.setTimeout(() => {
      this.waitingTimer = undefined;
      expire();
    }, timeoutS * 1000);
  }

  cancelWaiting(): void {
    this.ctx.clock.clearTimeout(this.waitingTimer);
    this.waitingTimer = undefined;
  }

  /** Cancels every timer. */
  stop(): void {
    for (const timer of [...this.periodic.values(), ...this.connectTimers.values(), ...this.energyTimers.values()])
      this.ctx.clock.clearTimeout(timer);
    this.periodic.clear();
    this.connectTimers.clear();
    this.energyTimers.clear();
    this.cancelWaiting();
  }
}
