// The strict peer of the interoperability transaction tests (ocpp-rpc in strict mode, which
// validates every frame against its own copy of the OCPP 2.0.1 schemas): it answers Authorize and
// TransactionEvent per token from a map the tests control, and the helpers that read what it saw
// (TransactionEvents summarised as "eventType triggerReason chargingState [stoppedReason]", seqNo
// from 0 per transaction, one transactionId per session). Imported at the top of a test file: it
// registers the peer's before/after hooks there.

import assert from 'node:assert/strict';
import type { IdTokenInfoType, IdTokenType, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { useStrictCsms, type Seen } from './strict-csms.js';
import { assertWellFormed, byTransaction } from './transaction-events.js';

export { assertWellFormed, byTransaction };
import { makeTestStation, type TestStation } from './test-station.js';
import { quiet } from './quiet.js';
import { waitFor } from './wait.js';

/** The peer's idTokenInfo per idToken (upper case) for Authorize and TransactionEvent; Accepted otherwise. */
export const answers = new Map<string, IdTokenInfoType>();

export const infoFor = (idToken: IdTokenType): IdTokenInfoType => answers.get(idToken.idToken.toUpperCase()) ?? { status: 'Accepted' };
export const group = (idToken: string): IdTokenType => ({ idToken, type: 'Central' });

export const peer = useStrictCsms((_identity, { method, params }) => {
  switch (method) {
    case 'BootNotification':
      return { status: 'Accepted', interval: 3600, currentTime: new Date().toISOString() };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
      return { idTokenInfo: infoFor((params as { idToken: IdTokenType }).idToken) };
    case 'TransactionEvent': {
      const { idToken } = params as TransactionEventRequest;
      return idToken ? { idTokenInfo: infoFor(idToken) } : {};
    }
    default:
      return {};
  }
});
export const { seen, complaints, clients } = peer;

export const received = (id: string): Seen[] => seen.get(id) ?? [];
export const txEvents = (id: string): TransactionEventRequest[] =>
  received(id)
    .filter((s) => s.method === 'TransactionEvent')
    .map((s) => s.params as TransactionEventRequest);
export const authorizeTokens = (id: string): string[] =>
  received(id)
    .filter((s) => s.method === 'Authorize')
    .map((s) => (s.params as { idToken: IdTokenType }).idToken.idToken);

/** "eventType triggerReason chargingState [stoppedReason]", chargingState "-" when absent. */
export const summary = (e: TransactionEventRequest): string =>
  [
    e.eventType,
    e.triggerReason,
    e.transactionInfo.chargingState ?? '-',
    ...(e.transactionInfo.stoppedReason ? [e.transactionInfo.stoppedReason] : []),
  ].join(' ');

/** One session: the peer saw exactly one transaction, with these events. */
export function assertSession(id: string, expected: string[]): TransactionEventRequest[] {
  const events = txEvents(id);
  assert.deepEqual(events.map(summary), expected);
  assert.equal(byTransaction(events).size, 1, 'one transactionId for the session');
  assertWellFormed(events);
  return events;
}

export function assertNoComplaints(id: string): void {
  assert.deepEqual(complaints.get(id) ?? [], [], 'the strict peer had no complaint');
}

/** The stations of this file by id, for the idle barrier of the helpers below. */
export const stations = new Map<string, TestStation>();

/** Waits until the peer got `n` TransactionEvents, then until the station is quiet, so that none follows. */
export async function events(id: string, n: number, what: string): Promise<TransactionEventRequest[]> {
  await waitFor(() => txEvents(id).length >= n, `${what} (${n} TransactionEvents)`);
  await quiet(stations.get(id)!);
  assert.equal(txEvents(id).length, n, `exactly ${n} TransactionEvents after ${what}`);
  return txEvents(id);
}

export async function online(id: string, overrides: Record<string, string> = {}, evses = 1): Promise<TestStation> {
  const t = makeTestStation({ id, evses, csmsUrl: peer.url, overrides });
  t.station.start();
  stations.set(id, t);
  await waitFor(() => clients.get(id) && t.snapshot().registration === 'Accepted', 'accepted by the peer');
  await waitFor(() => received(id).filter((s) => s.method === 'StatusNotification').length >= evses, 'status notifications');
  await quiet(t);
  return t;
}

export interface Scenario {
  /** Device-model overrides of the station. */
  overrides?: Record<string, string>;
  evses?: number;
  /** The peer's idTokenInfo for these idTokens during the test. */
  answers?: Record<string, IdTokenInfoType>;
  /** Further idTokens whose peer answer the test sets, to forget afterwards. */
  forget?: string[];
  /** Brings the station online; `online(id, overrides, evses)` by default. */
  start?: () => Promise<TestStation>;
}

/**
 * One test against the peer: the station is brought online, `body` drives it and checks what the
 * peer saw, then the peer must have had no complaint. Whatever the outcome the station stops and
 * the peer forgets the answers the test gave.
 */
export async function scenario(id: string, setup: Scenario, body: (t: TestStation) => Promise<void>): Promise<void> {
  const tokens = [...Object.keys(setup.answers ?? {}), ...(setup.forget ?? [])];
  for (const [token, info] of Object.entries(setup.answers ?? {})) answers.set(token, info);
  let t: TestStation | undefined;
  try {
    t = await (setup.start ? setup.start() : online(id, setup.overrides, setup.evses));
    stations.set(id, t);
    await body(t);
    assertNoComplaints(id);
  } finally {
    for (const token of tokens) answers.delete(token);
    await t?.stop();
  }
}

export async function peerCall(id: string, method: string, params: unknown): Promise<{ status?: string }> {
  return (await clients.get(id)!.call(method, params)) as { status?: string };
}
