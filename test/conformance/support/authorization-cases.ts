// What the C-block (authorization) cases share: a station of its own per case whose CSMS answers
// each idToken with the status the case gives it, the memory state IdTokenCached (§2.19, as the
// 2025-04 errata has it), and the manual actions around a card.

import { idTokenCached as cachedToken, present, unplug } from './authorization.js';
import { type Booted, withStation as withCaseStation } from './states.js';
import type { TestCsms } from './test-csms.js';

export { present, unplug };

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

/** Memory State IdTokenCached with the CSMS answering `status` for the token (authorization.ts). */
export async function idTokenCached(cs: Booted, statuses: TokenStatuses, token: string, status: string): Promise<void> {
  statuses.authorize.set(token, status);
  await cachedToken(cs, token, status === 'Accepted');
}

/**
 * The station's next `action` that matches and that it sends from now on (earlier unread ones,
 * e.g. of the memory state's transaction, are passed over).
 */
export function nextNew(cs: Booted, action: string, predicate: (p: Json) => boolean = () => true): Promise<Json> {
  const seen = new Set(cs.link.received(action));
  return cs.link.next(action, (p) => !seen.has(p) && predicate(p));
}
