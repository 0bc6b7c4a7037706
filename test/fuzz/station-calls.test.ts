// Fuzz of the whole station: schema-valid random CSMS calls of every CSMS→station action, made from
// the official schemas (json-schema-faker, then kept only when the schema accepts them), sent by an
// independent strict CSMS (ocpp-rpc, which validates every answer against its own copy of the
// schemas) to a station that is charging. Then:
//   - every call gets an answer: a CALLRESULT the strict peer finds valid, or a CALLERROR with a
//     code of Part 4 other than InternalError (a valid request never makes the station fail);
//   - nothing is thrown anywhere in the process (uncaughtException / unhandledRejection);
//   - no timer warning (a date or interval from the CSMS beyond what a timer holds);
//   - afterwards the station still boots after a Reset.
// Reset comes once, at the end (it restarts the station). Reproducible: FUZZ_SEED seeds the payloads;
// FUZZ_CALLS sets the count (`npm run fuzz` runs 1,000,000).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { generateSync } from 'json-schema-faker';
import { CSMS_TO_STATION_ACTIONS } from '../../src/generated/ocpp201/index.js';
import { validatePayload } from '../../src/rpc/validator.js';
import { useStrictCsms } from '../support/strict-csms.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { waitFor } from '../support/wait.js';

const SEED = Number(process.env.FUZZ_SEED ?? 2026_12_02);
const CALLS = Number(process.env.FUZZ_CALLS ?? 3000);
/** Payloads made per action up front; each call takes one of them, round-robin over the actions. */
const PER_ACTION = 40;
const ID = 'FUZZ-CALLS';

const SCHEMAS = new URL('../../../schemas/ocpp-2.0.1/', import.meta.url);
const peer = useStrictCsms((_identity, { method }) => {
  switch (method) {
    case 'BootNotification':
      return { status: 'Accepted', interval: 3600, currentTime: new Date().toISOString() };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
      return { idTokenInfo: { status: 'Accepted' } };
    case 'TransactionEvent':
      return { idTokenInfo: { status: 'Accepted' } };
    // TriggerMessage SignChargingStationCertificate makes the station send its CSR (A02).
    case 'SignCertificate':
      return { status: 'Accepted' };
    default:
      return {};
  }
});

const thrown: unknown[] = [];
const warnings: string[] = [];
const onThrown = (error: unknown): void => void thrown.push(error);
const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
let t: TestRuntime;

/** Numbers and dates at the edges of what a station might hold: ids and spans past 2^31, 2^53, 2^63; far dates. */
const EDGE_NUMBERS = [0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e300];
const EDGE_DATES = ['2038-01-19T03:14:08Z', '2100-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** A copy of `payload` with its `k`-th number or date-time (in document order) set to an edge value. */
function withEdge(payload: unknown, k: number, pick: number): unknown {
  let seen = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number' || (typeof v === 'string' && DATE_TIME.test(v))) {
      if (seen++ !== k) return v;
      return typeof v === 'number' ? EDGE_NUMBERS[pick % EDGE_NUMBERS.length] : EDGE_DATES[pick % EDGE_DATES.length];
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, walk(x)]));
    return v;
  };
  return walk(payload);
}

/**
 * Schema-valid payloads of `action` (the generator does not always honour a schema: those are
 * dropped), every other one with one number or date moved to an edge value.
 */
function payloads(action: string, seed: number): unknown[] {
  const schema = JSON.parse(readFileSync(new URL(`${action}Request.json`, SCHEMAS), 'utf8')) as Parameters<typeof generateSync>[0];
  const out: unknown[] = [];
  for (let i = 0; out.length < PER_ACTION && i < PER_ACTION * 5; i++) {
    let payload: unknown;
    try {
      // Deep enough for the nested types (chargingSchedule periods, idToken types): shallower, the generator writes null.
      payload = generateSync(schema, { seed: seed + i, maxDepth: 20, refDepthMax: 10 });
    } catch {
      continue;
    }
    if (validatePayload(action, 'Request', payload) !== undefined) continue;
    const edged = i % 2 === 1 ? withEdge(payload, i % 7, seed + i) : payload;
    out.push(validatePayload(action, 'Request', edged) === undefined ? edged : payload);
  }
  return out;
}

describe('Fuzz of the whole station: random valid CSMS calls', () => {
  before(async () => {
    process.on('uncaughtException', onThrown);
    process.on('unhandledRejection', onThrown);
    process.on('warning', onWarning);
    // A runtime over a database file: the Reset at the end restarts the station for real.
    t = makeTestRuntime({ id: ID, csmsUrl: peer.url });
    t.runtime.start();
    await waitFor(() => peer.clients.get(ID) && t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
    t.hardware.plug(1);
    t.hardware.presentToken('FUZZ-CARD');
    await waitFor(() => t.hardware.contactorClosed(1), 'charging');
  });
  after(async () => {
    await t?.stop();
    process.off('uncaughtException', onThrown);
    process.off('unhandledRejection', onThrown);
    process.off('warning', onWarning);
  });

  it('every CSMS→station action with schema-valid random payloads during charging: answered, never InternalError, nothing thrown, still boots', async () => {
    const actions = CSMS_TO_STATION_ACTIONS.filter((a) => a !== 'Reset');
    const pool = new Map(actions.map((a, i) => [a, payloads(a, SEED + i * 1000)] as const));
    const covered = [...pool].filter(([, list]) => list.length > 0).map(([a]) => a);
    assert.equal(covered.length, actions.length, `payloads for ${covered.length} of ${actions.length} actions`);
    const client = peer.clients.get(ID)!;
    const answers = new Map<string, number>();
    for (let n = 0; n < CALLS; n++) {
      const action = covered[n % covered.length]!;
      const list = pool.get(action)!;
      const payload = list[Math.floor(n / covered.length) % list.length];
      let outcome: string;
      try {
        await client.call(action, payload);
        outcome = 'CALLRESULT';
      } catch (error) {
        outcome = (error as { rpcErrorCode?: string }).rpcErrorCode ?? `no answer: ${(error as Error).message}`;
      }
      answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
      assert.notEqual(outcome, 'InternalError', `${action} ${JSON.stringify(payload).slice(0, 300)}`);
      assert.ok(!outcome.startsWith('no answer'), `${action}: ${outcome}`);
    }
    assert.deepEqual(peer.allComplaints(), [], 'every answer valid against the schemas');
    assert.deepEqual(thrown, [], 'nothing thrown in the process');
    assert.deepEqual(
      warnings.filter((w) => /Timeout/.test(w)),
      [],
      'no timer warning',
    );
    // Still boots after a Reset.
    const boots = peer.seen.get(ID)!.filter((s) => s.method === 'BootNotification').length;
    await client.call('Reset', { type: 'Immediate' });
    await waitFor(() => peer.seen.get(ID)!.filter((s) => s.method === 'BootNotification').length > boots, 'boot after the Reset');
    console.log(
      `calls=${CALLS} actions=${covered.length}/${actions.length} answers: ${[...answers]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  });
});
