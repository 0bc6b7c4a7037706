// Steps shared by the display-message cases (block O): SetDisplayMessage, GetDisplayMessages with
// the NotifyDisplayMessagesRequests that answer it, what the display shows now (control API
// GET /api/state `displayMessages`), and a whole charging session around a message.

import assert from 'node:assert/strict';
import { authorized, type Booted, energyTransferStarted, quiescent } from './states.js';
import { stopAuthorizedLocal, txOf } from './stop-authorized.js';

type Json = Record<string, unknown>;

/** The station's own TxStartPoint/TxStopPoint defaults, given on the command line so that the session steps below do not change with them. */
export const SESSION_POINTS = ['TxCtrlr/TxStartPoint=PowerPathClosed', 'TxCtrlr/TxStopPoint=EVConnected,Authorized'];

/** A MessageInfo of the <Configured ...> values: UTF8 text in English, priority NormalCycle unless given. */
export const message = (id: number, extra: Json = {}): Json => ({
  id,
  priority: 'NormalCycle',
  message: { format: 'UTF8', language: 'en', content: `Conformance message ${id}` },
  ...extra,
});

/** SetDisplayMessageRequest with `info`; the status of the response. */
export async function setMessage(b: Booted, info: Json): Promise<string> {
  return String(((await b.link.call('SetDisplayMessage', { message: info })) as Json).status);
}

/** Memory State SetDisplayMessage (errata 2025-06): SetDisplayMessageRequest with `info`, step 2 Accepted. */
export async function messageSet(b: Booted, info: Json): Promise<void> {
  assert.equal(await setMessage(b, info), 'Accepted', 'SetDisplayMessage step 2: SetDisplayMessageResponse status Accepted');
}

/** Removes the messages a case set (ClearDisplayMessage), so that the next case starts with none configured. */
export async function clearMessages(b: Booted, ids: number[]): Promise<void> {
  for (const id of ids) await b.link.call('ClearDisplayMessage', { id });
}

let nextRequestId = 7000;

/**
 * GetDisplayMessagesRequest with `query` and a generated requestId. When Accepted, the
 * NotifyDisplayMessagesRequests that follow, each with that requestId, until one has tbc not
 * true; `step` names the Part 6 step of the notify. Returns the status and every messageInfo.
 */
export async function getMessages(b: Booted, query: Json, step: string): Promise<{ status: string; messages: Json[] }> {
  const requestId = nextRequestId++;
  const res = (await b.link.call('GetDisplayMessages', { requestId, ...query })) as Json;
  const status = String(res.status);
  const messages: Json[] = [];
  if (status !== 'Accepted') return { status, messages };
  for (;;) {
    const n = await b.link.next('NotifyDisplayMessages', (p) => p.requestId === requestId);
    assert.equal(n.requestId, requestId, `${step}: NotifyDisplayMessagesRequest requestId <Generated requestId>`);
    messages.push(...((n.messageInfo as Json[] | undefined) ?? []));
    if (n.tbc !== true) return { status, messages };
  }
}

/** The ids of what the display shows now, in display order (null: the station's own personal message). */
export async function shown(b: Booted): Promise<(number | null)[]> {
  const state = await b.station.get<{ displayMessages: { id: number | null }[] }>('/api/state');
  return state.displayMessages.map((m) => m.id);
}

/** What the display shows now, whole (id, priority, state, message, transactionId ...). */
export async function shownMessages(b: Booted): Promise<Json[]> {
  return (await b.station.get<{ displayMessages: Json[] }>('/api/state')).displayMessages;
}

/**
 * Waits until the display shows what `holds` accepts (a message appearing at its startDateTime or
 * leaving at its endDateTime); returns the time it was seen. Fails after `timeoutMs`.
 */
export async function untilShown(b: Booted, holds: (ids: (number | null)[]) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ids = await shown(b);
    if (holds(ids)) return Date.now();
    if (Date.now() > until) assert.fail(`${what} (the display shows ${JSON.stringify(ids)} after ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Reusable States ParkingBayOccupied (the station has no parking bay sensor: nothing), Authorized
 * (the card at the reader), EVConnectedPreSession and EnergyTransferStarted (the cable plugged in,
 * the EV charging). Returns the transactionId.
 */
export async function chargingSession(b: Booted, idToken: string): Promise<string> {
  await authorized(b, idToken);
  return txOf(await energyTransferStarted(b, { plug: true }));
}

/**
 * Reusable States StopAuthorized (the same card: the transaction ends, TxStopPoint Authorized),
 * EVConnectedPostSession (nothing more: the transaction has ended), EVDisconnected (step 1:
 * StatusNotification Available) and ParkingBayUnoccupied (no sensor: nothing). `where` names the
 * case's steps.
 */
export async function endSession(b: Booted, idToken: string, transactionId: string, where: string): Promise<void> {
  await stopAuthorizedLocal(b, idToken, transactionId, { ends: true, where });
  await b.station.post('/api/evses/1/unplug', {});
  const s = await b.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
  assert.equal(s.connectorStatus, 'Available', `${where} (EVDisconnected step 1): StatusNotificationRequest connectorStatus Available`);
  await quiescent(b);
}
