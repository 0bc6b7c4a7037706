// Block C helpers: what the test CSMS says about each idToken, a card at the reader without the
// AuthorizeRequest of Reusable State Authorized, and Memory State IdTokenCached (§2.19).

import assert from 'node:assert/strict';
import { authorized, type Booted, energyTransferStarted, evConnectedPreSession } from './states.js';

export { stationOffline } from './states.js';
import type { StationLink } from './test-csms.js';

type Json = Record<string, unknown>;

/** An idTokenInfo as the CSMS gives it: a status and, when given, a groupIdToken of type Central (C09.FR.13). */
export function info(status: string, group?: string): Json {
  return group ? { status, groupIdToken: { idToken: group, type: 'Central' } } : { status };
}

/**
 * AuthorizeResponse and TransactionEventResponse (when the request has an idToken) from the table
 * `infos`, by idToken; a token not in it is Accepted without a group.
 */
export function answerTokens(link: StationLink, infos: Record<string, Json>): void {
  const of = (p: Json): Json => infos[String((p.idToken as Json | undefined)?.idToken)] ?? info('Accepted');
  link.answers.set('Authorize', (p) => ({ idTokenInfo: of(p) }));
  link.answers.set('TransactionEvent', (p) => (p.idToken ? { idTokenInfo: of(p) } : {}));
}

/** Manual action "Present idToken" where no AuthorizeRequest is expected (a cached token). */
export async function present(b: Booted, idToken: string, evseId = 1): Promise<void> {
  await b.station.post('/api/idtoken', { idToken, type: 'ISO14443', evseId });
}

/**
 * Memory State IdTokenCached (§2.19, as errata 2025-04 has it): Authorized with the card, the CSMS
 * answering as `answerTokens` (or the case) says; when `accepted`, a whole transaction follows
 * (EVConnectedPreSession, EnergyTransferStarted, StopAuthorized with the same card,
 * EVDisconnected), so that the station has seen the token in use. No parking bay sensor.
 */
export async function idTokenCached(b: Booted, idToken: string, accepted: boolean): Promise<void> {
  await authorized(b, idToken);
  if (!accepted) return;
  await evConnectedPreSession(b, 1);
  const started = await energyTransferStarted(b);
  const transactionId = (started.transactionInfo as Json).transactionId;
  await present(b, idToken);
  const ended = await b.link.next(
    'TransactionEvent',
    (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
  );
  assert.equal(ended.triggerReason, 'StopAuthorized', 'IdTokenCached, StopAuthorized step 1: triggerReason StopAuthorized');
  await unplug(b);
}

/** Manual action: unplug the cable; the connector reports Available. */
export async function unplug(b: Booted): Promise<void> {
  await b.station.post('/api/evses/1/unplug');
  await b.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
}

export interface EvseView {
  transaction: { id: string; chargingState: string } | null;
  meter: { energyWh: number; powerW: number };
}

/** EVSE `evseId` as the control API shows it. */
export async function evse(b: Booted, evseId = 1): Promise<EvseView> {
  const state = await b.station.get<{ evses: (EvseView & { id: number })[] }>('/api/state');
  const e = state.evses.find((x) => x.id === evseId);
  if (!e) throw new Error(`no EVSE ${evseId}`);
  return e;
}

/** Polls the control API until `ok` holds (the station's own view, e.g. the energy flow). */
export async function until(b: Booted, what: string, ok: (e: EvseView) => boolean, timeoutMs = 15_000): Promise<EvseView> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const e = await evse(b);
    if (ok(e)) return e;
    if (Date.now() > end) throw new Error(`${b.link.id}: ${what} not seen within ${timeoutMs} ms (${JSON.stringify(e)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
