// What the H-block (reservation) cases share: the Reusable State Reserved (§2.18), reservations
// the tool makes without it, and the end of a session a case started, so that every case leaves
// each connector Available.

import assert from 'node:assert/strict';
import { type Booted, quiescent } from './states.js';

type Json = Record<string, unknown>;

/** A ReserveNowRequest ten minutes ahead; `fields` adds evseId, connectorType, groupIdToken. */
export function reserveNow(b: Booted, id: number, idToken: string, fields: Json = {}): Promise<Json> {
  const expiryDateTime = new Date(Date.now() + 600_000).toISOString();
  return b.link.call('ReserveNow', { id, expiryDateTime, idToken: { idToken, type: 'ISO14443' }, ...fields });
}

/**
 * Reusable State Reserved for `evseId`: step 2 ReserveNowResponse Accepted, step 3
 * StatusNotification Reserved for the EVSE's connector (evseId and connectorId not 0).
 */
export async function reserved(b: Booted, id: number, idToken: string, evseId: number, fields: Json = {}): Promise<void> {
  const res = await reserveNow(b, id, idToken, { evseId, ...fields });
  assert.equal(res.status, 'Accepted', 'Reserved step 2: ReserveNowResponse status Accepted');
  await connectorReported(b, evseId, 'Reserved', 'Reserved step 3');
}

/** The station's StatusNotification for connector 1 of `evseId` with `status`; `step` names the validation. */
export async function connectorReported(b: Booted, evseId: number, status: string, step: string): Promise<void> {
  const s = await b.link.next('StatusNotification', (p) => p.evseId === evseId && p.connectorStatus === status);
  assert.equal(s.connectorId, 1, `${step}: StatusNotificationRequest evse ${evseId} connectorId 1`);
  assert.equal(s.connectorStatus, status, `${step}: StatusNotificationRequest evse ${evseId} connectorStatus ${status}`);
}

/** CancelReservation the tool sends to leave the station as it found it: Accepted, the connector Available again. */
export async function cancelled(b: Booted, id: number, evseId?: number): Promise<void> {
  const res = (await b.link.call('CancelReservation', { reservationId: id })) as Json;
  assert.equal(res.status, 'Accepted', 'after the case: CancelReservationResponse status Accepted');
  if (evseId !== undefined) await connectorReported(b, evseId, 'Available', 'after the case');
}

/** The transaction of a TransactionEventRequest. */
export const txOf = (t: Json): string => String((t.transactionInfo as Json).transactionId);

/** H01.FR.15: a TransactionEventRequest of the transaction names the reservation it used. */
export function usedReservation(b: Booted, transactionId: string, reservationId: number, step: string): void {
  const events = b.link.received('TransactionEvent').filter((p) => txOf(p) === transactionId);
  assert.ok(
    events.some((p) => p.reservationId === reservationId),
    `${step}: a TransactionEventRequest of ${transactionId} with reservationId ${reservationId}`,
  );
}

/**
 * StopAuthorized with the same card, then EVDisconnected: the transaction ends and the connector
 * reports Available.
 */
export async function sessionEnded(b: Booted, idToken: string, transactionId: string, evseId = 1): Promise<void> {
  await b.station.post('/api/idtoken', { idToken, type: 'ISO14443', evseId });
  await b.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.eventType === 'Ended');
  await b.station.post(`/api/evses/${evseId}/unplug`, {});
  await connectorReported(b, evseId, 'Available', 'after the case (EVDisconnected)');
  await quiescent(b);
}
