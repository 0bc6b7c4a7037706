// Fuzz: >= 100,000 random and mutated frames pipelined into a LIVE connection (a ws server on
// 127.0.0.1 bound to an RpcEndpoint in the station role, fed by a raw ws client).
//
// Every frame is first classified by an oracle written here, independently of src/rpc (its own
// JSON shape rules, its own ajv instance with allErrors, its own keyword → code table). Then:
//   - nothing crashes (process-level uncaughtException / unhandledRejection are recorded);
//   - the connection stays open;
//   - every CALL-shaped or unparseable frame gets exactly one answer, CALLRESULT/CALLERROR never one;
//   - every answer is a well-formed CALLRESULT or CALLERROR with one of the 12 Part 4 codes, equal
//     to the oracle's code (exact for the frame classes the oracle predicts exactly; for schema
//     violations, one of the codes of the violations an allErrors validator finds).
//
// Frames come from ./frame-generator.ts. Reproducible: FUZZ_SEED (default below) seeds the PRNG;
// FUZZ_FRAMES sets the count (at least 100,000).

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { WebSocket, WebSocketServer } from 'ws';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { ACTIONS, type CsmsToStationAction, type StationToCsmsAction } from '../../src/generated/ocpp201/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { RpcEndpoint } from '../../src/rpc/endpoint.js';
import { OcppError } from '../../src/rpc/errors.js';
import { SEEDS, generate, prng, type Json } from './frame-generator.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x20_1_0c99);
const FRAMES = Math.max(100_000, Number(process.env.FUZZ_FRAMES ?? 100_000));
const BATCH = 2000;

/** Part 4 §4.3 Table 8, written out again here (the oracle does not import the product's list). */
const PART4_CODES = new Set([
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
]);

// ---------------------------------------------------------------- the station under test

/** Handlers of the fuzzed station; the oracle calls the same pure functions to predict the answer. */
const HANDLERS: Record<string, (request: Json) => Json> = {
  GetVariables: (r) => ({
    getVariableResult: r.getVariableData.map((d: Json) => ({
      attributeStatus: 'Accepted',
      attributeValue: '1',
      component: d.component,
      variable: d.variable,
    })),
  }),
  SetVariables: (r) => ({
    setVariableResult: r.setVariableData.map((d: Json) => ({ attributeStatus: 'Rejected', component: d.component, variable: d.variable })),
  }),
  ChangeAvailability: () => ({ status: 'Scheduled' }),
  ClearCache: () => ({ status: 'Accepted' }),
  TriggerMessage: (r) => ({ status: r.requestedMessage === 'SignV2GCertificate' ? 'NotImplemented' : 'Accepted' }),
  UnlockConnector: () => ({ status: 'UnknownConnector' }),
  RequestStopTransaction: () => ({ status: 'Rejected' }),
  GetLocalListVersion: () => ({ versionNumber: 0 }),
  CancelReservation: () => ({ status: 'Rejected' }),
  DataTransfer: (r) => ({ status: 'Accepted', ...(r.data === undefined ? {} : { data: r.data }) }),
  SetChargingProfile: () => ({ status: 'Accepted' }),
  GetBaseReport: () => ({ status: 'EmptyResultSet' }),
  ReserveNow: () => ({ status: 'Occupied' }),
  Reset: () => {
    throw new Error('simulated failure\n    at handler (/srv/x.js:1:1)');
  },
  RequestStartTransaction: () => {
    throw new OcppError('SecurityError', 'boot not accepted');
  },
};

// ---------------------------------------------------------------- the oracle

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const oracleAjv = new Ajv({ strict: false, allErrors: true });
oracleAjv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object);
addFormats(oracleAjv, ['date-time', 'uri']);
const oracleSchemas = new Map<string, ValidateFunction>();
function oracleValidator(name: string): ValidateFunction {
  let v = oracleSchemas.get(name);
  if (!v) {
    // dist/test/fuzz → ../../../schemas
    const url = new URL(`../../../schemas/ocpp-2.0.1/${name}.json`, import.meta.url);
    v = oracleAjv.compile(JSON.parse(readFileSync(url, 'utf8')) as object);
    oracleSchemas.set(name, v);
  }
  return v;
}

/** The oracle's own reading of Part 4 §4.3 for schema failures. */
function oracleCode(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
    case 'additionalProperties':
    case 'minItems':
    case 'maxItems':
    case 'additionalItems':
      return 'OccurrenceConstraintViolation';
    case 'type':
      return 'TypeConstraintViolation';
    case 'enum':
    case 'maxLength':
    case 'minLength':
    case 'minimum':
    case 'maximum':
    case 'format':
    case 'pattern':
    case 'multipleOf':
      return 'PropertyConstraintViolation';
    default:
      return 'FormatViolation';
  }
}

type Expect =
  | { kind: 'none'; cls: string }
  | { kind: 'error'; cls: string; id: string; codes: ReadonlySet<string> }
  | { kind: 'result'; cls: string; id: string; text: string };

const one = (code: string): ReadonlySet<string> => new Set([code]);
const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

function oracle(text: string): Expect {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return { kind: 'error', cls: 'invalid JSON', id: '-1', codes: one('RpcFrameworkError') };
  }
  if (!Array.isArray(m)) return { kind: 'error', cls: 'not an array', id: '-1', codes: one('RpcFrameworkError') };
  const type: unknown = m[0];
  const id: unknown = m[1];
  const isAnswer = type === 3 || type === 4;
  if (typeof id !== 'string' || id.length < 1 || id.length > 36) {
    if (isAnswer) return { kind: 'none', cls: 'answer with bad id' };
    return { kind: 'error', cls: 'bad id', id: '-1', codes: one('RpcFrameworkError') };
  }
  if (isAnswer) return { kind: 'none', cls: 'CALLRESULT/CALLERROR (unknown id)' };
  if (type !== 2) return { kind: 'error', cls: 'unknown message type', id, codes: one('MessageTypeNotSupported') };
  const action: unknown = m[2];
  const payload: unknown = m[3];
  if (m.length !== 4 || typeof action !== 'string')
    return { kind: 'error', cls: 'CALL not 4 elements / action', id, codes: one('ProtocolError') };
  if (!isPlainObject(payload)) return { kind: 'error', cls: 'payload not object', id, codes: one('FormatViolation') };
  if (!ACTION_SET.has(action)) return { kind: 'error', cls: 'unknown action', id, codes: one('NotImplemented') };
  const handler = HANDLERS[action];
  if (!handler) return { kind: 'error', cls: 'known unsupported action', id, codes: one('NotSupported') };
  const validate = oracleValidator(`${action}Request`);
  if (!validate(payload)) {
    return { kind: 'error', cls: 'schema violation', id, codes: new Set((validate.errors ?? []).map(oracleCode)) };
  }
  let response: unknown;
  try {
    response = handler(payload);
  } catch (error) {
    if (error instanceof OcppError) return { kind: 'error', cls: 'handler OcppError', id, codes: one(error.code) };
    return { kind: 'error', cls: 'handler throws', id, codes: one('InternalError') };
  }
  if (!oracleValidator(`${action}Response`)(response))
    return { kind: 'error', cls: 'handler bad response', id, codes: one('InternalError') };
  try {
    return { kind: 'result', cls: 'valid CALL', id, text: JSON.stringify([3, id, response]) };
  } catch {
    return { kind: 'error', cls: 'unserializable response', id, codes: one('InternalError') };
  }
}

// ---------------------------------------------------------------- the live connection

interface Tally {
  frames: number;
  skipped: number;
  expectedAnswers: number;
  byClass: Map<string, number>;
}

it('fuzz: >= 100,000 random and mutated frames over a live OCPP-J connection', { timeout: 180_000 }, async (t) => {
  const failures: string[] = [];
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const station = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>({
    clock: new FakeClock(),
    log: silentLogger,
    callTimeoutMs: () => 30_000,
    onTrace: () => {}, // exercise the redaction path for every frame
  });
  for (const [action, handler] of Object.entries(HANDLERS)) station.handle(action as CsmsToStationAction, handler as never);

  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('ocpp2.0.1') ? 'ocpp2.0.1' : false) });
  await once(wss, 'listening');
  let serverClosed = false;
  const connected = new Promise<void>((resolve) =>
    wss.on('connection', (ws) => {
      station.attach((text) => ws.send(text));
      ws.on('message', (data) => station.receive(String(data)));
      ws.on('error', (error) => failures.push(`server socket error: ${error.message}`));
      ws.on('close', () => {
        serverClosed = true;
        station.detach();
      });
      resolve();
    }),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/FUZZ`, 'ocpp2.0.1');
  let clientClosed = false;
  client.on('close', () => (clientClosed = true));
  client.on('error', (error) => failures.push(`client socket error: ${error.message}`));
  await Promise.all([once(client, 'open'), connected]);

  // Answer bookkeeping.
  const pending = new Map<string, Expect & { kind: 'error' | 'result' }>();
  let expectedMinusOne = 0;
  let receivedMinusOne = 0;
  let matched = 0;
  let waiter: (() => void) | undefined;
  let target = 0;
  const codeCounts = new Map<string, number>();

  client.on('message', (data) => {
    const raw = String(data);
    let m: unknown;
    try {
      m = JSON.parse(raw);
    } catch {
      failures.push(`answer is not JSON: ${raw.slice(0, 200)}`);
      return;
    }
    if (!Array.isArray(m)) return void failures.push(`answer not an array: ${raw.slice(0, 200)}`);
    const [type, id] = m as unknown[];
    const wellFormed =
      (type === 3 && m.length === 3 && typeof id === 'string' && isPlainObject(m[2])) ||
      (type === 4 &&
        m.length === 5 &&
        typeof id === 'string' &&
        PART4_CODES.has(m[2] as string) &&
        typeof m[3] === 'string' &&
        (m[3] as string).length <= 255 &&
        isPlainObject(m[4]));
    if (!wellFormed) return void failures.push(`malformed answer: ${raw.slice(0, 300)}`);
    if (type === 4) codeCounts.set(m[2] as string, (codeCounts.get(m[2] as string) ?? 0) + 1);
    else codeCounts.set('CALLRESULT', (codeCounts.get('CALLRESULT') ?? 0) + 1);

    if (id === '-1') {
      receivedMinusOne++;
      if (receivedMinusOne > expectedMinusOne) failures.push(`unexpected "-1" answer: ${raw.slice(0, 200)}`);
      else if (m[2] !== 'RpcFrameworkError') failures.push(`"-1" answer with ${String(m[2])}`);
      else matched++;
    } else {
      const expect = pending.get(id as string);
      if (!expect) return void failures.push(`answer to no pending frame (or a second answer): ${raw.slice(0, 200)}`);
      pending.delete(id as string);
      matched++;
      if (expect.kind === 'result') {
        if (raw !== expect.text) failures.push(`[${expect.cls}] expected ${expect.text.slice(0, 200)}, got ${raw.slice(0, 200)}`);
      } else if (type !== 4 || !expect.codes.has(m[2] as string)) {
        failures.push(`[${expect.cls}] id ${String(id)}: expected CALLERROR ${[...expect.codes].join('|')}, got ${raw.slice(0, 200)}`);
      }
    }
    if (waiter && matched >= target) waiter();
  });

  const waitFor = (count: number, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (matched >= count) return resolve();
      target = count;
      const timer = setTimeout(() => reject(new Error(`only ${matched} of ${count} answers after ${ms} ms`)), ms);
      waiter = () => {
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      };
    });

  const rng = prng(SEED);
  const used = new Set<string>(['-1']);
  const tally: Tally = { frames: 0, skipped: 0, expectedAnswers: 0, byClass: new Map() };
  const started = performance.now();
  let n = 0;
  try {
    while (tally.frames < FRAMES) {
      const batchEnd = Math.min(FRAMES, tally.frames + BATCH);
      while (tally.frames < batchEnd) {
        const { text } = generate(rng, n++);
        // What the station will see: the client encodes to UTF-8 (lone surrogates become U+FFFD).
        const seen = Buffer.from(text, 'utf8').toString('utf8');
        const expect = oracle(seen);
        if (expect.kind !== 'none' && expect.cls !== 'invalid JSON' && expect.cls !== 'not an array' && expect.cls !== 'bad id') {
          // A readable id: unique, so its answer can be matched ("-1" is reserved for unreadable ones).
          if (used.has(expect.id)) {
            tally.skipped++; // a mutation produced an id already in use: answers could not be matched
            continue;
          }
          used.add(expect.id);
          pending.set(expect.id, expect);
        }
        if (expect.kind !== 'none') {
          tally.expectedAnswers++;
          if (expect.id === '-1') expectedMinusOne++;
        }
        tally.byClass.set(expect.cls, (tally.byClass.get(expect.cls) ?? 0) + 1);
        tally.frames++;
        client.send(text);
      }
      await waitFor(tally.expectedAnswers, 20_000);
      if (failures.length > 20 || crashes.length) break;
    }
    // Let any stray extra answer arrive, then prove the link still works end to end.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const last = `[2,"final-check","GetVariables",${JSON.stringify(SEEDS[0]![1])}]`;
    const expect = oracle(last);
    assert.equal(expect.kind, 'result');
    pending.set('final-check', expect as Expect & { kind: 'result' });
    tally.expectedAnswers++;
    client.send(last);
    await waitFor(tally.expectedAnswers, 5000);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(
      `seed=${SEED} frames=${tally.frames} skipped(id collision)=${tally.skipped} answers=${matched}/${tally.expectedAnswers} "-1"=${receivedMinusOne}/${expectedMinusOne} in ${seconds.toFixed(1)} s = ${Math.round(tally.frames / seconds)} frames/s`,
    );
    for (const failure of failures.slice(0, 10)) t.diagnostic(`FAILURE ${failure}`);
    t.diagnostic(
      `classes: ${[...tally.byClass]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
    t.diagnostic(
      `answers: ${[...codeCounts]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    client.terminate();
    for (const ws of wss.clients) ws.terminate();
    await new Promise((resolve) => wss.close(resolve));
  }

  assert.deepEqual(crashes, [], 'no uncaught exception or unhandled rejection');
  assert.deepEqual(failures.slice(0, 20), []);
  assert.equal(serverClosed || clientClosed, false, 'the connection stayed open');
  assert.ok(tally.frames >= 100_000);
  assert.equal(pending.size, 0, 'every answerable frame got its answer');
  assert.equal(receivedMinusOne, expectedMinusOne);
  assert.equal(matched, tally.expectedAnswers);
  for (const cls of [
    'invalid JSON',
    'not an array',
    'bad id',
    'unknown message type',
    'unknown action',
    'known unsupported action',
    'schema violation',
    'valid CALL',
    'CALLRESULT/CALLERROR (unknown id)',
  ]) {
    assert.ok((tally.byClass.get(cls) ?? 0) > 100, `class "${cls}" was exercised`);
  }
});
