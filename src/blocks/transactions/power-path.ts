// E, G05: the outputs of a transition, driven after each step of the engine (transactions.ts):
// the connector status while a transaction runs, the connector lock before power (G05), the
// contactor only while offering energy, and the unlock once the authorization has ended.
//
//   step ──> drive(): connector status ──> lock (G05) ──> contactor ──> unlock (E06.FR.10)
//                                           │                └─ moved: a new input (energy may flow now)
//                                           └─ fails: NotifyEvent (G05.FR.02) + a new input
//
// A failed lock is also ConnectorPlugRetentionLock.Problem of its connector in the device model,
// true until the authorization no longer wants the connector locked.

import type { StationContext } from '../../kernel/context.js';
import type { Connectors } from '../availability/index.js';
import type { Cause, EvseState } from './transaction-types.js';
import { LazyMap } from '../../collections/lazy.js';

/** What the power path needs of the transaction engine. */
export interface PoweredEngine {
  readonly ctx: StationContext;
  readonly connectors: Connectors;
  /** The EVSE's state as it is now: read again after every await, since a step may run in between. */
  state(evseId: number): EvseState | undefined;
  /** A lock has just failed (Env.lockFailed) or the contactor moved (Env.contactor): a new input, { kind: 'state' }. */
  step(evseId: number, cause: Cause): void;
}

export class PowerPath {
  /** EVSE -> the connector whose lock failed. */
  private readonly lockFailed = new LazyMap<number, number>();
  private readonly ctx: StationContext;

  constructor(private readonly engine: PoweredEngine) {
    this.ctx = engine.ctx;
  }

  /** G05: locking the connector of this EVSE failed, and the authorization still wants it locked. */
  hasLockFailed(evseId: number): boolean {
    return this.lockFailed.has(evseId);
  }

  /** Lock before power (G05), contactor only when offering, connector status while a transaction runs. */
  async drive(evseId: number): Promise<void> {
    const { hal } = this.ctx;
    const evse = this.ctx.description.evses.find((e) => e.id === evseId);
    const connectorId = connectorOf(this.ctx, evseId);
    const { connectors } = this.engine;
    let state = this.stateOf(evseId);
    if (connectors.hasTransaction(evseId) !== (state.tx !== null)) connectors.setTransaction(evseId, state.tx !== null);
    // E05.FR.11: a cable held for its owner after a DeAuthorized end stays locked.
    const held = state.cableHeldFor !== undefined;
    const wantLock = (state.auth !== null && (state.last.connected || state.tx !== null)) || held;
    const failedAt = this.lockFailed.get(evseId);
    if (!wantLock && failedAt !== undefined) {
      this.lockFailed.delete(evseId);
      this.setProblem(evseId, failedAt, false);
    }
    if (wantLock && !hal.connectorLocked(evseId, connectorId) && !this.lockFailed.has(evseId)) {
      const locked = await hal.setConnectorLock(evseId, connectorId, true);
      if (!locked) {
        this.lockFailed.set(evseId, connectorId);
        this.setProblem(evseId, connectorId, true);
        void this.reportLockFailure(evseId, connectorId);
        this.engine.step(evseId, { kind: 'state' });
        return;
      }
    }
    state = this.stateOf(evseId);
    const offering = state.last.offering && !this.lockFailed.has(evseId);
    if (hal.contactorClosed(evseId) !== offering) {
      await hal.setContactor(evseId, offering);
      this.engine.step(evseId, { kind: 'state' });
    }
    state = this.stateOf(evseId);
    // E06.FR.10, E07.FR.07: unlock when the authorization (and the transaction) ended.
    if (state.auth === null && state.cableHeldFor === undefined) {
      for (const c of evse?.connectors ?? []) if (hal.connectorLocked(evseId, c.id)) await hal.setConnectorLock(evseId, c.id, false);
    }
  }

  /** The engine steps only EVSEs it has a state of, and drives only those it stepped. */
  private stateOf(evseId: number): EvseState {
    return this.engine.state(evseId)!;
  }

  /** ConnectorPlugRetentionLock.Problem ("Locking Failed", Part 2 appendices 3.2.17). */
  private setProblem(evseId: number, connectorId: number, problem: boolean): void {
    try {
      this.ctx.dm.set(
        { component: { name: 'ConnectorPlugRetentionLock', evse: { id: evseId, connectorId } }, variable: { name: 'Problem' } },
        String(problem),
      );
    } catch (error) {
      // A device model seeded without the component: the NotifyEvent still tells the CSMS.
      this.ctx.log.warn({ err: error, evseId, connectorId }, 'lock problem not stored in the device model');
    }
  }

  /** G05.FR.02: the lock failed; no charging, and the CSMS is told. */
  private async reportLockFailure(evseId: number, connectorId: number): Promise<void> {
    try {
      await this.ctx.call('NotifyEvent', {
        generatedAt: this.ctx.now().toISOString(),
        seqNo: 0,
        eventData: [
          {
            eventId: Math.floor(this.ctx.clock.random() * 1e9),
            timestamp: this.ctx.now().toISOString(),
            trigger: 'Delta',
            actualValue: 'true',
            eventNotificationType: 'HardWiredNotification',
            component: { name: 'ConnectorPlugRetentionLock', evse: { id: evseId, connectorId } },
            variable: { name: 'Problem' },
          },
        ],
      });
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId }, 'lock failure not reported');
    }
  }
}

/** The connector in use on the EVSE: the plugged one, else its first. */
export function connectorOf(ctx: StationContext, evseId: number): number {
  const evse = ctx.description.evses.find((e) => e.id === evseId);
  const plugged = evse?.connectors.find((c) => ctx.hal.cable(evseId, c.id) === 'plugged');
  return plugged?.id ?? evse?.connectors[0]?.id ?? 1;
}
