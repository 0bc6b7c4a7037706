// Block C helpers: what the test CSMS says about each idToken, a card at the reader without the
// AuthorizeRequest of Reusable State Authorized, and Memory State IdTokenCached (§2.19).

import assert from 'node:assert/strict';
import type { Booted } from './states.js';

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
 * Memory State IdTokenCached, on a station where no cable is plugged: the card is presented, the
 * AuthorizeResponse from `answerTokens` goes into the Authorization Cache. An accepted card has
 * then authorized the EVSE without a cable; the same card presented again ends that
 * authorization (no transaction has started, so nothing is sent).
 */
export async function idTokenCached(b: Booted, idToken: string, accepted: boolean): Promise<void> {
  const asked = b.link.received('Authorize').length;
  await present(b, idToken);
  const a = await b.link.next('Authorize', (p) => (p.idToken as Json).idToken === idToken);
  assert.equal((a.idToken as Json).type, 'ISO14443', 'IdTokenCached: AuthorizeRequest idToken.type');
  if (accepted) await present(b, idToken);
  await quietReader(b);
  assert.equal(b.link.received('Authorize').length, asked + 1, 'IdTokenCached: one AuthorizeRequest');
}

/** The reader has handled what was presented: a Heartbeat asked for after it has come back. */
async function quietReader(b: Booted): Promise<void> {
  const before = b.link.received('Heartbeat').length;
  await b.link.call('TriggerMessage', { requestedMessage: 'Heartbeat' });
  await b.link.next('Heartbeat', () => b.link.received('Heartbeat').length > before);
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
