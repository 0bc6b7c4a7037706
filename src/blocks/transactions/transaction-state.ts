// E01-E10, F01-F03: the transaction of one EVSE as data. A pure transition takes what the EVSE
// knows (EvseState), what the hardware shows now (Env) and what just happened (Cause), and
// returns the new state and the TransactionEvents to send, without any I/O. What holds and the
// chargingState follow from the facts (transaction-facts.ts).
//
//   no transaction ── any TxStartPoint holds (E01.FR.01-06) ──────────────► Started
//   transaction   ── a TxStopPoint that held no longer holds (E06) ───────► Ended
//                 ── forced: EVConnectionTimeOut w/o ParkingBayOccupancy
//                    stop point (E03.FR.05, F02.FR.07), power loss ─────► Ended
//                 ── an event of TriggerReasonEnumType (E02.FR.17) or a
//                    change of chargingState (E02.FR.13) ───────────────► Updated
//
// A change of chargingState goes in its own Updated with triggerReason ChargingStateChanged
// (Part 6 EnergyTransferStarted, EVConnectedPostSession), except where the trigger is the change
// itself: the cable plugged in (EVConnected) or lost (Idle). An Ended carries the state the EVSE
// is left in: EVConnected while the EV is plugged, Idle when it is gone (TC_B_22, E07).
//
// TxStopPoint PowerPathClosed is EVConnected + Authorized (§2.6.6.2); DataSigned has no meaning
// as a stop point (errata 2025-02, E06.FR.05 deleted). A stop point only ends a transaction once it
// has held during that transaction: a transaction started by Authorized before the cable is
// plugged is not ended by "EVConnected no longer holds" (that is EVConnectionTimeOut's job).

import type {
  ChargingStateEnumType,
  IdTokenType,
  ReasonEnumType,
  TransactionEventEnumType,
  TriggerReasonEnumType,
} from '../../generated/ocpp201/index.js';
import {
  chargingStateOf,
  type Env,
  type Facts,
  factsOf,
  holds,
  idleFacts,
  stopConditions,
  type TxConfig,
  type TxPoint,
} from './transaction-facts.js';

export interface Authorization {
  idToken: IdTokenType;
  groupIdToken?: IdTokenType;
  /** When it was granted (ISO): EVConnectionTimeOut counts from here. */
  at: string;
  /** Sent in a TransactionEvent already (E03.FR.01: only once). */
  reported: boolean;
  /** F01.FR.25/F02.FR.01: put in the next TransactionEvent. */
  remoteStartId?: number;
  /** E03.FR.03/H01.FR.15/F02.FR.06: the reservation this authorization used, in the next TransactionEvent. */
  reservationId?: number;
}

export interface OngoingTx {
  transactionId: string;
  startedAt: string;
  /** The seqNo of the next TransactionEvent (E01.FR.07, §1.3.2.1: 0 on Started, +1 each). */
  seqNo: number;
  chargingState: ChargingStateEnumType;
  /** Stop points that have held during this transaction. */
  held: TxPoint[];
  /** The token that authorized this transaction, for E07 stop checks. */
  idToken?: IdTokenType;
  groupIdToken?: IdTokenType;
  /** Why authorization ended, for the stoppedReason of a later Ended (E07 sequence: Local). */
  endReason?: ReasonEnumType;
  /** Energy register at the start (Wh), set by the block: MaxEnergyOnInvalidId, the dashboard. */
  meterStartWh?: number;
}

export interface EvseState {
  tx: OngoingTx | null;
  auth: Authorization | null;
  /** E05.FR.02: the CSMS rejected the token, StopTxOnInvalidId false: no energy, still authorized. */
  suspended: boolean;
  /** E05.FR.11: the cable stays locked after a DeAuthorized end until this (the owner's) token is presented. */
  cableHeldFor?: IdTokenType;
  /** The last facts evaluated, to tell what changed. */
  last: Facts;
  /**
   * Start points that still held when the last transaction ended: they start no new one until
   * they have been lost once (TxStartPoint EVConnected, a transaction stopped by the driver, the
   * cable still plugged).
   */
  spent?: TxPoint[];
}

export type Cause =
  | { kind: 'cable' }
  | { kind: 'bay' }
  | { kind: 'authorized'; auth: Authorization }
  /** E07: a token that may stop presented while authorized. */
  | { kind: 'stopAuthorized'; idToken: IdTokenType }
  /** F03. */
  | { kind: 'remoteStop' }
  /** E05.FR.09/10: the CSMS rejected the token and StopTxOnInvalidId is true. */
  | { kind: 'deauthorized' }
  /** E05.FR.02: the CSMS rejected the token, StopTxOnInvalidId false: stop the energy only. */
  | { kind: 'suspend' }
  | { kind: 'signed' }
  /** E03.FR.05/15, F02.FR.07/08: authorized but no cable within EVConnectionTimeOut. */
  | { kind: 'evConnectTimeout' }
  /** The station lost power (or was killed) with this transaction ongoing. */
  | { kind: 'powerLoss' }
  /** B12.FR.04/08 (errata 2025-04): an Immediate reset ends the transaction first. */
  | { kind: 'reset' }
  | { kind: 'periodic' }
  | { kind: 'trigger' }
  /** E05.FR.11: the owner presented the token the cable is held for. */
  | { kind: 'release' }
  /** Anything else (EV drawing, contactor, fault, availability): ChargingStateChanged if it changed. */
  | { kind: 'state' };

export type MeterKind = 'begin' | 'periodic' | 'end' | 'sample' | 'none';

export interface Emit {
  eventType: TransactionEventEnumType;
  triggerReason: TriggerReasonEnumType;
  transactionId: string;
  seqNo: number;
  chargingState?: ChargingStateEnumType;
  stoppedReason?: ReasonEnumType;
  idToken?: IdTokenType;
  remoteStartId?: number;
  reservationId?: number;
  /** E01.FR.16: evse on the first event. */
  evse: boolean;
  meter: MeterKind;
}

export interface Step {
  state: EvseState;
  emits: Emit[];
}

export const initialState = (): EvseState => ({ tx: null, auth: null, suspended: false, last: idleFacts });

/** Authorization as changed by the cause, before the facts are derived. */
function authorize(
  state: EvseState,
  cause: Cause,
  env: Env,
  config: TxConfig,
): Pick<EvseState, 'auth' | 'suspended'> & { endReason?: ReasonEnumType } {
  const stop = config.stop;
  switch (cause.kind) {
    case 'cable':
      // E09.FR.01: the EV is gone; it must be authorized again to charge.
      if (state.last.connected && !env.connected && config.stopOnEvDisconnect) return { auth: null, suspended: false };
      return { auth: state.auth, suspended: state.suspended };
    case 'authorized':
      return { auth: cause.auth, suspended: false };
    case 'stopAuthorized':
      return { auth: null, suspended: false, endReason: 'Local' };
    case 'remoteStop':
      return { auth: null, suspended: false, endReason: 'Remote' };
    case 'deauthorized':
      return { auth: null, suspended: false, endReason: 'DeAuthorized' };
    case 'suspend':
      return { auth: state.auth, suspended: true, endReason: 'DeAuthorized' };
    case 'evConnectTimeout':
      // E03.FR.15/F02.FR.08 deauthorize; otherwise the forced end below.
      return { auth: null, suspended: false, ...(stop.includes('ParkingBayOccupancy') ? {} : { endReason: 'Timeout' as const }) };
    default:
      return { auth: state.auth, suspended: state.suspended };
  }
}

function triggerFor(cause: Cause, before: Facts, after: Facts): TriggerReasonEnumType | undefined {
  switch (cause.kind) {
    case 'cable':
      if (before.connected === after.connected) return undefined;
      return after.connected ? 'CablePluggedIn' : 'EVCommunicationLost';
    case 'bay':
      if (before.bay === after.bay) return undefined;
      return after.bay ? 'EVDetected' : 'EVDeparted';
    case 'authorized':
      return cause.auth.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized';
    case 'stopAuthorized':
      return 'StopAuthorized';
    case 'remoteStop':
      return 'RemoteStop';
    case 'deauthorized':
      return 'Deauthorized';
    case 'suspend':
      return 'ChargingStateChanged';
    case 'signed':
      return 'SignedDataReceived';
    case 'evConnectTimeout':
      return 'EVConnectTimeout';
    case 'powerLoss':
      return 'AbnormalCondition';
    case 'reset':
      return 'ResetCommand';
    case 'periodic':
      return 'MeterValuePeriodic';
    case 'trigger':
      return 'Trigger';
    case 'release':
    case 'state':
      return undefined;
  }
}

/** E06.FR.08, E07.FR.05/06: the stoppedReason of an Ended caused by `cause`. */
function stoppedReasonFor(cause: Cause, tx: OngoingTx, f: Facts, endReason: ReasonEnumType | undefined): ReasonEnumType {
  switch (cause.kind) {
    case 'powerLoss':
      return 'PowerLoss';
    case 'reset':
      return 'ImmediateReset';
    case 'cable':
    case 'bay':
      // E07 sequence: a driver who ended the authorization before unplugging stopped it (Local).
      return endReason ?? tx.endReason ?? 'EVDisconnected';
    default:
      if (endReason) return endReason;
      if (tx.endReason) return tx.endReason;
      return f.connected && !f.evDrawing ? 'StoppedByEV' : 'Other';
  }
}

/**
 * One step. `newTransactionId` is used only when a transaction starts; `now` is the ISO time of
 * the step.
 */
export function transition(state: EvseState, env: Env, input: Cause, config: TxConfig, newTransactionId: string, now: string): Step {
  // The hardware may report the EV leaving (or arriving) before the cable event: it is the cable.
  const cause: Cause = input.kind === 'state' && state.last.connected !== env.connected ? { kind: 'cable' } : input;
  const { auth, suspended, endReason } = authorize(state, cause, env, config);
  const before = state.last;
  const f = factsOf(env, auth !== null, suspended, before.drew ?? false);
  const trigger = triggerFor(cause, before, f);
  const chargingState = chargingStateOf(f);
  const next: EvseState = { tx: state.tx, auth, suspended, last: f };
  // E05.FR.11: held until the owner comes back (or the EV is gone, or another authorization locks it).
  const heldFor = env.connected && cause.kind !== 'release' && cause.kind !== 'authorized' ? state.cableHeldFor : undefined;
  if (heldFor) next.cableHeldFor = heldFor;
  const spent = (state.spent ?? []).filter((p) => holds(p, f));
  if (spent.length > 0) next.spent = spent;
  const emits: Emit[] = [];

  if (!state.tx) {
    if (['powerLoss', 'reset', 'periodic', 'trigger', 'release'].includes(cause.kind)) return { state: next, emits };
    const startBy = env.operative ? config.start.find((p) => holds(p, f) && !spent.includes(p)) : undefined;
    if (!startBy) return { state: next, emits };
    const conditions = stopConditions(config.stop);
    const tx: OngoingTx = {
      transactionId: newTransactionId,
      startedAt: now,
      seqNo: 0,
      chargingState,
      held: conditions.filter((p) => holds(p, f)),
      ...(auth ? { idToken: auth.idToken } : {}),
      ...(auth?.groupIdToken ? { groupIdToken: auth.groupIdToken } : {}),
    };
    const emit = event(tx, 'Started', startTrigger(startBy, trigger, auth), { chargingState, evse: true, meter: 'begin' });
    withAuth(emit, next);
    next.tx = { ...tx, seqNo: 1 };
    emits.push(emit);
    return { state: next, emits };
  }

  const tx: OngoingTx = { ...state.tx };
  if (auth && !tx.idToken) {
    tx.idToken = auth.idToken;
    if (auth.groupIdToken) tx.groupIdToken = auth.groupIdToken;
  }
  if (endReason) tx.endReason = endReason;
  if (cause.kind === 'authorized') delete tx.endReason;

  const conditions = stopConditions(config.stop);
  const endBy = conditions.find((p) => tx.held.includes(p) && !holds(p, f));
  const forced =
    cause.kind === 'powerLoss' ||
    cause.kind === 'reset' ||
    (cause.kind === 'evConnectTimeout' && !config.stop.includes('ParkingBayOccupancy'));
  if (endBy || forced) {
    const left = factsOf(env, false, false, false);
    const leftState = chargingStateOf(left);
    const emit = event(tx, 'Ended', trigger ?? 'ChargingStateChanged', {
      stoppedReason: stoppedReasonFor(cause, tx, f, endReason),
      meter: 'end',
      evse: false,
      ...(leftState !== tx.chargingState ? { chargingState: leftState } : {}),
    });
    if (cause.kind === 'stopAuthorized') emit.idToken = cause.idToken;
    withAuth(emit, next);
    next.tx = null;
    // The authorization ends with the transaction (E06.FR.10: unlock).
    next.auth = null;
    next.suspended = false;
    next.last = left;
    const still = config.start.filter((p) => holds(p, left));
    if (still.length > 0) next.spent = still;
    else delete next.spent;
    // E05.FR.10/11: the CSMS ended it; the cable stays locked until its owner presents the token.
    if (cause.kind === 'deauthorized' && env.connected && tx.idToken) next.cableHeldFor = tx.idToken;
    emits.push(emit);
    return { state: next, emits };
  }

  for (const p of conditions) if (holds(p, f) && !tx.held.includes(p)) tx.held.push(p);
  const changed = chargingState !== tx.chargingState;
  if (trigger) {
    // Plugging in, losing the EV and ChargingStateChanged are the change itself: it goes in this event.
    const carries = trigger === 'CablePluggedIn' || trigger === 'EVCommunicationLost' || trigger === 'ChargingStateChanged';
    if (carries) tx.chargingState = chargingState;
    const shown = (carries && changed) || cause.kind === 'trigger';
    const meter: MeterKind = cause.kind === 'periodic' ? 'periodic' : cause.kind === 'trigger' ? 'sample' : 'none';
    const emit = event(tx, 'Updated', trigger, { evse: false, meter, ...(shown ? { chargingState: tx.chargingState } : {}) });
    if (cause.kind === 'stopAuthorized') emit.idToken = cause.idToken;
    else withAuth(emit, next);
    tx.seqNo += 1;
    emits.push(emit);
  }
  if (chargingState !== tx.chargingState) {
    const emit = event(tx, 'Updated', 'ChargingStateChanged', { evse: false, meter: 'none', chargingState });
    withAuth(emit, next);
    tx.seqNo += 1;
    tx.chargingState = chargingState;
    emits.push(emit);
  }
  next.tx = tx;
  return { state: next, emits };
}

function startTrigger(point: TxPoint, trigger: TriggerReasonEnumType | undefined, auth: Authorization | null): TriggerReasonEnumType {
  // F02.FR.21: the next event after a RequestStartTransaction has triggerReason RemoteStart.
  if (auth && !auth.reported && auth.remoteStartId !== undefined) return 'RemoteStart';
  if (trigger) return trigger;
  switch (point) {
    case 'ParkingBayOccupancy':
      return 'EVDetected';
    case 'EVConnected':
      return 'CablePluggedIn';
    case 'Authorized':
    case 'PowerPathClosed':
      return 'Authorized';
    case 'DataSigned':
      return 'SignedDataReceived';
    case 'EnergyTransfer':
      return 'ChargingStateChanged';
  }
}

function event(
  tx: OngoingTx,
  eventType: TransactionEventEnumType,
  triggerReason: TriggerReasonEnumType,
  rest: Partial<Emit> & Pick<Emit, 'evse' | 'meter'>,
): Emit {
  return { eventType, triggerReason, transactionId: tx.transactionId, seqNo: tx.seqNo, ...rest };
}

/** E03.FR.01/E02.FR.01: the idToken once, in the first event after authorization; F01.FR.25 remoteStartId, E03.FR.03 reservationId likewise. */
function withAuth(emit: Emit, next: EvseState): void {
  const auth = next.auth;
  if (!auth || auth.reported) return;
  emit.idToken = auth.idToken;
  if (auth.remoteStartId !== undefined) emit.remoteStartId = auth.remoteStartId;
  if (auth.reservationId !== undefined) emit.reservationId = auth.reservationId;
  next.auth = { ...auth, reported: true };
}
