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

import type { TransactionEventEnumType, TriggerReasonEnumType } from '../../generated/ocpp201/index.js';
import { authorize, startTrigger, stoppedReasonFor, triggerFor } from './transaction-causes.js';
import { chargingStateOf, type Env, factsOf, holds, stopConditions, type TxConfig } from './transaction-facts.js';
import type { Cause, Emit, EvseState, MeterKind, OngoingTx, Step } from './transaction-types.js';

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
  // E09.FR.03: a hold that began with the EV gone lasts until the owner comes back.
  const kept = cause.kind !== 'release' && cause.kind !== 'authorized' && (env.connected || state.cableHeldOffEv === true);
  if (kept && state.cableHeldFor) {
    next.cableHeldFor = state.cableHeldFor;
    if (state.cableHeldOffEv) next.cableHeldOffEv = true;
  }
  // E09.FR.01-03: the EV side disconnect deauthorized; with UnlockOnEVSideDisconnect false the
  // cable stays locked at the station until the driver who was authorized presents the token.
  const evSideLost = cause.kind === 'cable' && before.connected && !env.connected && config.stopOnEvDisconnect;
  if (evSideLost && state.auth && config.unlockOnEvDisconnect === false) {
    next.cableHeldFor = state.auth.idToken;
    next.cableHeldOffEv = true;
  }
  const spent = (state.spent ?? []).filter((p) => holds(p, f));
  if (spent.length > 0) next.spent = spent;
  const emits: Emit[] = [];

  if (!state.tx) {
    if (['powerLoss', 'reset', 'periodic', 'trigger', 'rateChanged', 'release'].includes(cause.kind)) return { state: next, emits };
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
    // E01.FR.16/17: a transaction that starts before the EV is connected names its EVSE, and sends
    // the Transaction.Begin values, once the cable is plugged in (Part 6 TC_J_08_CS).
    const named = env.connected;
    const emit = event(tx, 'Started', startTrigger(startBy, trigger, auth), {
      chargingState,
      evse: named,
      meter: named ? 'begin' : 'none',
    });
    withAuth(emit, next);
    next.tx = { ...tx, seqNo: 1, ...(named ? {} : { evseUnnamed: true as const }) };
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
      // Even when unchanged: Part 6 checks it in every Ended (Deauthorized, StopAuthorized, TC_B_22).
      chargingState: leftState,
    });
    if (cause.kind === 'stopAuthorized' && 'idToken' in cause) emit.idToken = cause.idToken;
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
    // E15.FR.05 (Part 6 TC_E_46_CS): the EV's session stop carries the EVConnected it leaves.
    const byEv = cause.kind === 'stopAuthorized' && 'byEv' in cause;
    const carries = trigger === 'CablePluggedIn' || trigger === 'EVCommunicationLost' || trigger === 'ChargingStateChanged' || byEv;
    if (carries) tx.chargingState = chargingState;
    const shown = (carries && changed) || cause.kind === 'trigger';
    const meter: MeterKind = cause.kind === 'periodic' ? 'periodic' : cause.kind === 'trigger' ? 'sample' : 'none';
    // F06.FR.11: a trigger for all EVSEs answers with one event each; each names its EVSE (Part 6 TC_F_14_CS).
    const naming = tx.evseUnnamed === true && env.connected;
    if (naming) delete tx.evseUnnamed;
    const evse = cause.kind === 'trigger' || naming;
    const emit = event(tx, 'Updated', trigger, {
      evse,
      meter: naming ? 'begin' : meter,
      ...(shown ? { chargingState: tx.chargingState } : {}),
    });
    if (cause.kind === 'stopAuthorized') {
      if ('idToken' in cause) emit.idToken = cause.idToken;
    } else withAuth(emit, next);
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
