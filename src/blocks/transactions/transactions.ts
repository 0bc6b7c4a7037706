// E. Transactions: runs the pure transition (transaction-state.ts) of every EVSE on each input
// (hardware, card, CSMS answer, timer, remote command), commits the new state with its
// TransactionEvents (transaction-event.ts) in one SQLite transaction with the outbox insert
// (transaction-store.ts; a failed commit: commit-failures.ts), then drives connector status, lock
// (G05) and contactor (power-path.ts) and the timers (transaction-timers.ts). Cards: card-reader.ts,
// reservations first (H03); an id no longer accepted: id-not-accepted.ts (E05); reboot: recovery.ts.
//   input ──> step(): transition + commit (synchronous) ──> power path: lock, contactor (async)
//                 └─> timers                                   └─ contactor moved, lock failed: a new input

import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '../../delivery/outbox.js';
import type { IdTokenEnumType, IdTokenInfoType, IdTokenType, MeterValueType } from '../../generated/ocpp201/index.js';
import type { HardwareEvent } from '../../hal/hardware.js';
import type { StationContext } from '../../kernel/context.js';
import { type Authorizer, tokensEqual } from '../authorization/index.js';
import type { Connectors } from '../availability/index.js';
import type { CertificateManagementApi } from '../certificate-management/index.js';
import type { CustomerDataSources } from '../diagnostics/index.js';
import type { MeterValuesApi } from '../meter-values/index.js';
import type { Reservations } from '../reservation/index.js';
import type { SecurityEvents } from '../security/index.js';
import { type CardEngine, CardReader } from './card-reader.js';
import { CommitFailures } from './commit-failures.js';
import { type ContractEngine, plugAndCharge, sessionStop } from './plug-and-charge.js';
import { PowerPath } from './power-path.js';
import { recover, transactionHolds } from './recovery.js';
import { alignedEventRequest, transactionEventRequest, txIdOf } from './transaction-event.js';
import { hardwareCause, readConfig, readEnv } from './transaction-inputs.js';
import type { Env } from './transaction-facts.js';
import { transition } from './transaction-state.js';
import { initialState, type Authorization, type Cause, type EvseState } from './transaction-types.js';
import { idTokenAnswer, onIdNotAccepted } from './id-not-accepted.js';
import { loadStates, saveEnded, saveStarted, saveState } from './transaction-store.js';
import { TransactionTimers } from './transaction-timers.js';
import { transactionView, type TransactionView } from './transaction-view.js';

/** The blocks the engine is given; it keeps them as given, read when needed. */
export interface TransactionsNeeds {
  availability: Connectors;
  authorization: Authorizer;
  meterValues: MeterValuesApi;
  /** H03: may this token charge on the EVSE (match), and the reservation it used (consume). */
  reservation: Pick<Reservations, 'match' | 'consume'>;
  /** A security event of the Part 2 appendix (MemoryExhaustion when a step cannot be committed). */
  security: SecurityEvents;
  diagnostics: { customerData: CustomerDataSources };
  /** C07: the installed MO roots (PEM) the EV's contract certificates are validated against. */
  certificateManagement: Pick<CertificateManagementApi, 'roots'>;
}

/**
 * What other blocks are given of the engine. The engine's other public members are for its own
 * parts (card reader, power path, timers, commit failures), which are given the engine itself
 * rather than one closure per member.
 */
export type Transactions = Pick<
  TransactionEngine,
  | 'view'
  | 'evseOf'
  | 'transactionsOf'
  | 'customerData'
  | 'isAuthorized'
  | 'status'
  | 'authorize'
  | 'remoteStop'
  | 'trigger'
  | 'rateChanged'
  | 'hasTransaction'
  | 'presentToken'
  | 'delivered'
  | 'stop'
>;

/**
 * An EVSE no step has touched since the station was built: shared by every EVSE of every station,
 * since a step always makes a new state rather than changing the one it had (frozen, so that a
 * change in place would fail instead of reaching the other stations).
 */
const IDLE_STATE: EvseState = Object.freeze(initialState());

export class TransactionEngine implements CardEngine, ContractEngine {
  /** By EVSE id; an array rather than a Map, since the ids are small integers. */
  private readonly states: EvseState[] = [];
  // The parts below are made on first use: a station that never charges needs none of them.
  private power: PowerPath | undefined;
  private timersOnce: TransactionTimers | undefined;
  private reader: CardReader | undefined;
  private failures: CommitFailures | undefined;
  /** MaxEnergyOnInvalidId: the register (Wh) beyond which energy stops (E05.FR.03). */
  private energyCap: Map<number, number> | undefined;
  private readonly unsubscribe: (() => void)[];
  /** J01.FR.22: subscribed when the first transaction starts; only then are aligned values given. */
  private offAligned: (() => void) | undefined;
  private stepping = false;
  private backlog: [number, Cause][] | undefined;
  private halted = false;

  constructor(
    readonly ctx: StationContext,
    private readonly needs: TransactionsNeeds,
  ) {
    for (const [evseId, state] of loadStates(ctx.db)) this.states[evseId] = state;
    for (const evse of ctx.description.evses) this.states[evse.id] ??= IDLE_STATE;
    this.unsubscribe = [
      ctx.events.on('hardware', (event) => this.onHardware(event)),
      ctx.events.on('resetRequested', ({ type, evseId }) => {
        if (type !== 'Immediate') return;
        for (const id of this.evseIds()) if (evseId === undefined || evseId === id) this.step(id, { kind: 'reset' });
      }),
    ];
    // B01 "resumes a transaction": what still holds after a reboot resumes, the rest ends with PowerLoss.
    recover(
      this.evseIds(),
      this.states,
      (evseId, state) => transactionHolds(state, this.env(evseId), readConfig(ctx.dm), ctx.now().toISOString()),
      (evseId, cause) => this.step(evseId, cause),
    );
    this.unsubscribe.push(ctx.events.on('delivered', ({ entry, response }) => this.delivered(entry, response)));
  }

  stop(): void {
    this.halted = true;
    for (const off of this.unsubscribe) off();
    this.offAligned?.();
    this.timersOnce?.stop();
    this.failures?.stop();
  }

  // What the engine's parts are given

  get connectors(): Connectors {
    return this.needs.availability;
  }

  get authorizer(): Authorizer {
    return this.needs.authorization;
  }

  get reservations(): Pick<Reservations, 'match' | 'consume'> {
    return this.needs.reservation;
  }

  get timers(): TransactionTimers {
    this.timersOnce ??= new TransactionTimers(this);
    return this.timersOnce;
  }

  state(evseId: number): EvseState | undefined {
    return this.states[evseId];
  }

  /** A cable is plugged on the EVSE now. */
  plugged(evseId: number): boolean {
    return this.states[evseId]?.last.connected === true || this.env(evseId).connected;
  }

  /** The token was not accepted for the EVSE: its EV is told (C01, AuthorizationRes). */
  refused(evseId: number): void {
    this.tellEv(evseId, false);
  }

  stopped(): boolean {
    return this.halted;
  }

  /** A security event of the Part 2 appendix (MemoryExhaustion when a step cannot be committed). */
  securityEvent(type: string, techInfo: string): void {
    this.needs.security.record(type, techInfo);
  }

  // Queries

  view(evseId: number): TransactionView | null {
    return transactionView(evseId, this.states[evseId], () => this.ctx.hal.meter(evseId).energyWh);
  }

  /** The EVSE whose ongoing transaction has this id. */
  evseOf(transactionId: string): number | undefined {
    return this.evseIds().find((id) => this.states[id]?.tx?.transactionId === transactionId);
  }

  /** The ongoing transactions of a token (N09: display messages tied to them are its data too). */
  transactionsOf(idToken: IdTokenType): string[] {
    return this.evseIds().flatMap((id) => {
      const tx = this.states[id]?.tx;
      return tx?.idToken && tokensEqual(tx.idToken, idToken) ? [tx.transactionId] : [];
    });
  }

  /**
   * N09/N10: what the EVSE states hold of a token. All of it is needed to finish what the token
   * began (stop the transaction, E13 deliver its events, unlock the cable), so a clear keeps it;
   * it goes once that is done.
   */
  customerData(idToken: IdTokenType): string[] {
    const lines: string[] = [];
    for (const evseId of this.evseIds()) {
      const state = this.states[evseId];
      if (state?.tx?.idToken && tokensEqual(state.tx.idToken, idToken)) {
        lines.push(`Transaction ${state.tx.transactionId} on EVSE ${evseId}, ongoing since ${state.tx.startedAt} (kept until it ends)`);
      } else if (state?.auth && tokensEqual(state.auth.idToken, idToken)) {
        lines.push(`Authorization on EVSE ${evseId} since ${state.auth.at} (kept until used or expired)`);
      }
      if (state?.cableHeldFor && tokensEqual(state.cableHeldFor, idToken)) {
        lines.push(`Cable of EVSE ${evseId} held locked for the token (kept until it is presented)`);
      }
    }
    return lines;
  }

  isAuthorized(evseId: number): boolean {
    return this.states[evseId]?.auth != null;
  }

  /** E14: ongoing (undefined when unknown) and transaction messages still queued. */
  status(transactionId?: string): { ongoing?: boolean; queued: boolean } {
    const queued = this.ctx
      .queued()
      .some((e) => e.kind === 'transaction' && (transactionId === undefined || txIdOf(e.payload) === transactionId));
    if (transactionId === undefined) return { queued };
    return { ongoing: this.evseOf(transactionId) !== undefined, queued };
  }

  // Inputs from other blocks

  /**
   * A token the station accepted for this EVSE (card, RequestStartTransaction). false: the EVSE is
   * reserved for another token (H03), nothing changed.
   */
  authorize(evseId: number, idToken: IdTokenType, info: Pick<IdTokenInfoType, 'groupIdToken'>, remoteStartId?: number): boolean {
    return this.grant(evseId, {
      idToken,
      at: this.ctx.now().toISOString(),
      reported: false,
      ...(info.groupIdToken ? { groupIdToken: info.groupIdToken } : {}),
      ...(remoteStartId !== undefined ? { remoteStartId } : {}),
    });
  }

  /** F03: RequestStopTransaction for an ongoing transaction. */
  remoteStop(transactionId: string): boolean {
    const evseId = this.evseOf(transactionId);
    if (evseId === undefined) return false;
    this.step(evseId, { kind: 'remoteStop' });
    return true;
  }

  /** F06.FR.07: a TransactionEvent with triggerReason Trigger for each ongoing transaction (of the EVSE). */
  trigger(evseId?: number): void {
    for (const id of this.evseIds()) if ((evseId === undefined || evseId === id) && this.states[id]?.tx) this.step(id, { kind: 'trigger' });
  }

  /** K11.FR.04, K13.FR.03: a TransactionEvent with triggerReason ChargingRateChanged, when the EVSE has a transaction. */
  rateChanged(evseId: number): void {
    if (this.states[evseId]?.tx) this.step(evseId, { kind: 'rateChanged' });
  }

  hasTransaction(evseId?: number): boolean {
    return this.evseIds().some((id) => (evseId === undefined || id === evseId) && this.states[id]?.tx);
  }

  /** A card was presented (HAL 'token'): stop what it may stop, else authorize an EVSE (E02/E03/E07). */
  presentToken(idToken: IdTokenType, evseId?: number): Promise<void> {
    this.reader ??= new CardReader(this);
    return this.reader.present(idToken, evseId);
  }

  /** The TransactionEventResponse of a delivered event (E05, C: learn the idTokenInfo). */
  delivered(entry: OutboxEntry, response: unknown): void {
    const answer = idTokenAnswer(entry, response);
    if (!answer) return;
    this.needs.authorization.learn(answer.idToken, answer.info);
    if (answer.info.status === 'Accepted') return;
    const evseId = this.evseOf(answer.transactionId);
    const state = evseId === undefined ? undefined : this.states[evseId];
    if (evseId === undefined || !state?.auth || state.auth.idToken.idToken !== answer.idToken.idToken) return;
    const usedWh = this.ctx.hal.meter(evseId).energyWh - this.meterStart(evseId);
    const action = onIdNotAccepted(this.ctx.dm, usedWh);
    if (action.kind !== 'cap') return this.step(evseId, action);
    this.energyCap ??= new Map();
    this.energyCap.set(evseId, this.meterStart(evseId) + action.maxWh); // E05.FR.03: watched until reached
    this.timers.watchEnergy(evseId, state, this.energyCap.get(evseId));
  }

  // Engine

  private onHardware(event: HardwareEvent): void {
    if (event.type === 'token') {
      const token = { idToken: event.idToken, type: event.tokenType as IdTokenEnumType };
      void this.presentToken(token, event.evseId).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'token not handled'));
      return;
    }
    if (event.type === 'contract') {
      // C07: the installed MO roots (PEM) the EV's contract certificates are validated against.
      const moRoots = () => this.needs.certificateManagement.roots('MORootCertificate');
      void plugAndCharge(this.ctx, this, this.needs.authorization, moRoots, event).catch((error: unknown) =>
        this.ctx.log.warn({ err: error }, 'contract not handled'),
      );
      return;
    }
    if (event.type === 'sessionStop') return sessionStop(this, event.evseId);
    const cause = hardwareCause(event);
    if (cause) this.step(event.evseId, cause);
    if (event.type === 'cable' && event.state === 'plugged') {
      this.reader?.plugged(event.evseId);
      // Authorized before the cable went in (a card first): an ISO 15118 EV learns it at once (AuthorizationRes Finished).
      if (this.states[event.evseId]?.auth) this.tellEv(event.evseId, true);
    }
  }

  /** The engine's one input: every cause of every EVSE runs here, one step after the other. */
  step(evseId: number, cause: Cause): void {
    if (this.halted || this.states[evseId] === undefined) return;
    this.backlog ??= [];
    const backlog = this.backlog;
    backlog.push([evseId, cause]);
    if (this.stepping) return;
    this.stepping = true;
    try {
      for (let next = backlog.shift(); next; next = backlog.shift()) this.commitStep(next[0], next[1]);
    } finally {
      this.stepping = false;
    }
  }

  /** One step, or none at all when its commit fails (commit-failures.ts). */
  private commitStep(evseId: number, cause: Cause): void {
    try {
      this.run(evseId, cause);
      this.failures?.committed();
    } catch (error) {
      this.failures ??= new CommitFailures(this);
      this.failures.failed(evseId, error);
    }
  }

  /** H03: authorizes unless another token's reservation holds the EVSE; uses the token's reservation. */
  grant(evseId: number, auth: Authorization): boolean {
    if (this.states[evseId] === undefined) return false;
    const match = this.needs.reservation.match(evseId, auth.idToken, auth.groupIdToken);
    if (match === 'blocks') {
      this.tellEv(evseId, false);
      return false; // H03.FR.01-06: held for another token
    }
    this.tellEv(evseId, true);
    this.step(evseId, { kind: 'authorized', auth: match === undefined ? auth : { ...auth, reservationId: match } });
    if (match !== undefined) this.needs.reservation.consume(match); // H03.FR.09
    return true;
  }

  /**
   * C07/C01: every decision on authorizing an EVSE (card, remote start, contract) reaches the EV's
   * ISO 15118 session here (AuthorizationRes); it asks for energy only once authorized.
   */
  private tellEv(evseId: number, accepted: boolean): void {
    try {
      this.ctx.hal.authorizationResult?.(evseId, accepted);
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId }, 'the EV was not told the authorization result');
    }
  }

  private run(evseId: number, cause: Cause): void {
    const cap = this.energyCap?.get(evseId);
    // E05.FR.02/03: the cap reached is a suspension first, whatever else happened.
    if (cap !== undefined && cause.kind !== 'suspend' && this.ctx.hal.meter(evseId).energyWh >= cap) this.run(evseId, { kind: 'suspend' });
    const before = this.states[evseId]!;
    const now = this.ctx.now().toISOString();
    const result = transition(before, this.env(evseId), cause, readConfig(this.ctx.dm), randomUUID(), now);
    if (result.state.tx && !before.tx) result.state.tx.meterStartWh = this.ctx.hal.meter(evseId).energyWh;
    const messages = result.emits.map((emit) => transactionEventRequest(this.ctx, this.needs.meterValues, evseId, emit, now));
    const { db } = this.ctx;
    db.transaction(() => {
      saveState(db, evseId, result.state);
      for (const emit of result.emits) {
        if (emit.eventType === 'Started') saveStarted(db, emit.transactionId, evseId, now);
        if (emit.eventType === 'Ended') saveEnded(db, emit.transactionId, now);
      }
      for (const [i, message] of messages.entries()) {
        // E04.FR.08/E11.FR.05: only periodic updates may be dropped when the queue is full.
        this.ctx.queue('TransactionEvent', message, { kind: 'transaction', droppable: result.emits[i]!.meter === 'periodic' });
      }
    });
    this.states[evseId] = result.state;
    if (result.emits.some((e) => e.eventType === 'Started')) {
      this.offAligned ??= this.needs.meterValues.onAlignedForTransaction((id, value) => this.aligned(id, value));
      this.needs.meterValues.beginTransaction(evseId);
    }
    if (!result.state.tx || result.state.suspended) this.energyCap?.delete(evseId);
    this.timers.schedule(evseId, result.state);
    this.timers.watchEnergy(evseId, result.state, this.energyCap?.get(evseId));
    this.power ??= new PowerPath(this);
    void this.power.drive(evseId).catch((error: unknown) => this.ctx.log.error({ err: error, evseId }, 'transaction outputs failed'));
  }

  private env(evseId: number): Env {
    return readEnv(this.ctx, evseId, {
      // G03.FR.05: a transaction under way finishes when its EVSE is made Inoperative (Scheduled).
      operative: () => this.needs.availability.isOperative(evseId) || this.states[evseId]?.tx != null,
      lockFailed: () => this.power?.hasLockFailed(evseId) ?? false,
    });
  }

  private meterStart(evseId: number): number {
    return this.states[evseId]?.tx?.meterStartWh ?? 0;
  }

  /** J01.FR.22: a clock-aligned value during a transaction goes in a TransactionEvent. */
  private aligned(evseId: number, value: MeterValueType): void {
    const state = this.states[evseId];
    if (!state?.tx || value.sampledValue.length === 0) return;
    const tx = state.tx;
    const request = alignedEventRequest(this.ctx, tx, value);
    const next: EvseState = { ...state, tx: { ...tx, seqNo: tx.seqNo + 1 } };
    const { db } = this.ctx;
    db.transaction(() => {
      saveState(db, evseId, next);
      this.ctx.queue('TransactionEvent', request, { kind: 'transaction', droppable: true });
    });
    this.states[evseId] = next;
  }

  /** In ascending order, as an array visits its indices. */
  evseIds(): number[] {
    const ids: number[] = [];
    this.states.forEach((_, id) => {
      ids.push(id);
    });
    return ids;
  }
}
