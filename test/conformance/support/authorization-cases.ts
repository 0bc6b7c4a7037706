// What the C-block (authorization) cases share: a station of its own per case whose CSMS answers
// each idToken with the status the case gives it, the memory state IdTokenCached (§2.19, as the
// 2025-04 errata has it), and the manual actions around a card.

import assert from 'node:assert/strict';
import { present } from './authorization.js';
import { authorized, type Booted, energyTransferStarted, evConnectedPreSession, withStation as withCaseStation } from './states.js';
import type { TestCsms } from './test-csms.js';

export { present };

type Json = Record<string, unknown>;

/** The idTokenInfo.status the CSMS gives each idToken (Accepted when not set), per message. */
export interface TokenStatuses {
  authorize: Map<string, string>;
  transaction: Map<string, string>;
}

export const tokenOf = (p: Json): unknown => (p.idToken as Json | undefined)?.idToken;

/** Starts a station with `set` whose CSMS answers each idToken per `statuses`, runs `body` (states.ts withStation). */
export async function withStation(
  csms: TestCsms,
  id: string,
  set: string[],
  body: (cs: Booted, statuses: TokenStatuses) => Promise<void>,
): Promise<void> {
  const statuses: TokenStatuses = { authorize: new Map(), transaction: new Map() };
  const link = csms.link(id);
  link.answers.set('Authorize', (p) => ({ idTokenInfo: { status: statuses.authorize.get(String(tokenOf(p))) ?? 'Accepted' } }));
  link.answers.set('TransactionEvent', (p) =>
    p.idToken ? { idTokenInfo: { status: statuses.transaction.get(String(tokenOf(p))) ?? 'Accepted' } } : {},
  );
  await withCaseStation(csms, id, set, (cs) => body(cs, statuses));
}

/** Manual action: unplug the cable; the connector reports Available. */
export async function unplug(cs: Booted): Promise<void> {
  await cs.station.post('/api/evses/1/unplug');
  await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
}

/**
 * Memory State IdTokenCached: Authorized, the CSMS answering `status`; when Accepted, a whole
 * transaction follows (EVConnectedPreSession, EnergyTransferStarted, StopAuthorized with the
 * same card, EVDisconnected), so that the station has seen the token in use.
 */
export async function idTokenCached(cs: Booted, statuses: TokenStatuses, token: string, status: string): Promise<void> {
  statuses.authorize.set(token, status);
  await authorized(cs, token);
  if (status !== 'Accepted') return;
  await evConnectedPreSession(cs, 1);
  const started = await energyTransferStarted(cs);
  const transactionId = (started.transactionInfo as Json).transactionId;
  await present(cs, token);
  const ended = await cs.link.next(
    'TransactionEvent',
    (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
  );
  assert.equal(ended.triggerReason, 'StopAuthorized', 'IdTokenCached, StopAuthorized step 1: triggerReason StopAuthorized');
  await unplug(cs);
}

/**
 * The station's next `action` that matches and that it sends from now on (earlier unread ones,
 * e.g. of the memory state's transaction, are passed over).
 */
export function nextNew(cs: Booted, action: string, predicate: (p: Json) => boolean = () => true): Promise<Json> {
  const seen = new Set(cs.link.received(action));
  return cs.link.next(action, (p) => !seen.has(p) && predicate(p));
}
