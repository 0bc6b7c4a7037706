// The Part 4 error table over a REAL WebSocket: a ws server on 127.0.0.1 whose connection is bound
// to an RpcEndpoint in the station role, and a raw ws client sending literal frames.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { FakeClock } from '../clock/fake-clock.js';
import type { CsmsToStationAction, ResponseOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import { silentLogger } from '../log/logger.js';
import { RpcEndpoint } from './endpoint.js';
import { LocalCallError, OcppError, RPC_ERROR_CODES } from './errors.js';
import { validatePayload } from './validator.js';

type Station = RpcEndpoint<StationToCsmsAction, CsmsToStationAction>;
type Message = unknown[];

const now = '2026-01-01T12:00:00Z';
const TIMEOUT_MS = 30_000;

/** The raw CSMS side: sends literal text, reads frames in arrival order. */
class Peer {
  private readonly inbox: Message[] = [];
  private readonly waiters: ((m: Message) => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.inbox.push(message);
    });
  }

  send(text: string): void {
    this.socket.send(text);
  }

  next(ms = 2000): Promise<Message> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
      this.waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  /** Sends one frame and returns the next frame received. */
  async request(text: string): Promise<Message> {
    this.send(text);
    return this.next();
  }

  /**
   * Sends `text`, then a sentinel CALL, and asserts that the sentinel's answer is the very next
   * frame: `text` got no answer at all.
   */
  async assertNoAnswer(text: string): Promise<void> {
    this.send(text);
    const sentinel = `sentinel-${Math.random().toString(36).slice(2)}`;
    const answer = await this.request(`[2,"${sentinel}","ClearCache",{}]`);
    assert.deepEqual(answer.slice(0, 2), [4, sentinel], `expected only the sentinel's answer, got ${JSON.stringify(answer)}`);
  }
}

interface Harness {
  clock: FakeClock;
  station: Station;
  peer: Peer;
  /** Every text the station wrote, in order. */
  written: string[];
  /** Actions whose after-hook ran, with what had been written at that moment. */
  hooks: { action: string; writtenBefore: string[] }[];
  serverClosed: Promise<void>;
  /** TriggerMessage(MeterValues) waits in its handler: `started` resolves when it got there, `release()` lets it go on. */
  started: Promise<void>;
  release: () => void;
}

async function harness(t: TestContext): Promise<Harness> {
  const clock = new FakeClock();
  let nextId = 0;
  const station: Station = new RpcEndpoint({
    clock,
    log: silentLogger,
    callTimeoutMs: () => TIMEOUT_MS,
    newMessageId: () => `st-${++nextId}`,
  });
  const written: string[] = [];
  const hooks: Harness['hooks'] = [];
  let handlerStarted!: () => void;
  const started = new Promise<void>((resolve) => (handlerStarted = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));

  station
    .handle('GetVariables', (request) => ({
      getVariableResult: <ResponseOf<'GetVariables'>['getVariableResult']>request.getVariableData.map(({ component, variable }) => ({
        attributeStatus: component.name === 'OCPPCommCtrlr' ? ('Accepted' as const) : ('UnknownComponent' as const),
        ...(component.name === 'OCPPCommCtrlr' ? { attributeValue: '60' } : {}),
        component,
        variable,
      })),
    }))
    .handle('Reset', () => {
      throw new Error('database is locked\n    at secret (/srv/station/db.js:1:1)');
    })
    .handle('RequestStartTransaction', () => {
      throw new OcppError('SecurityError', 'not accepted by the CSMS yet');
    })
    .handle('ClearCache', () => ({ status: 'Maybe' }) as never)
    .handle('SetChargingProfile', () => ({ status: 'Accepted' }))
    .handle('TriggerMessage', async (request) => {
      if (request.requestedMessage === 'MeterValues') {
        handlerStarted();
        await gate;
      }
      await new Promise((resolve) => setImmediate(resolve));
      return { status: 'Accepted' };
    })
    .handle('ChangeAvailability', () => ({ status: 'Accepted' }))
    .after('TriggerMessage', () => {
      hooks.push({ action: 'TriggerMessage', writtenBefore: [...written] });
    })
    .after('ChangeAvailability', () => {
      throw new Error('hook failure must not break the link');
    });

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('ocpp2.0.1') ? 'ocpp2.0.1' : false),
  });
  await once(wss, 'listening');
  let serverClosed!: Promise<void>;
  const connected = new Promise<void>((resolve) => {
    wss.on('connection', (ws) => {
      station.attach((text) => {
        written.push(text);
        ws.send(text);
      });
      serverClosed = new Promise((done) =>
        ws.on('close', () => {
          station.detach();
          done();
        }),
      );
      ws.on('message', (data) => station.receive(String(data)));
      resolve();
    });
  });
  const { port } = wss.address() as AddressInfo;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/CS001`, 'ocpp2.0.1');
  await Promise.all([once(socket, 'open'), connected]);
  assert.equal(socket.protocol, 'ocpp2.0.1');

  t.after(async () => {
    socket.terminate();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  return { clock, station, peer: new Peer(socket), written, hooks, serverClosed, started, release };
}

/** Asserts a well-formed CALLERROR with this id and code. */
function assertCallError(message: Message, messageId: string, code: string): void {
  assert.equal(message.length, 5, JSON.stringify(message));
  const [type, id, errorCode, description, details] = message;
  assert.equal(type, 4, JSON.stringify(message));
  assert.equal(id, messageId, JSON.stringify(message));
  assert.equal(errorCode, code, JSON.stringify(message));
  assert.ok(RPC_ERROR_CODES.includes(errorCode as never));
  assert.equal(typeof description, 'string');
  assert.ok((description as string).length <= 255);
  assert.ok(details !== null && typeof details === 'object' && !Array.isArray(details));
}

const component = { name: 'OCPPCommCtrlr' };
const variable = { name: 'HeartbeatInterval' };
const getVariables = JSON.stringify({ getVariableData: [{ component, variable }] });
const profile = (edit: (p: Record<string, unknown>) => void = () => {}) => {
  const schedule = { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
  const chargingProfile: Record<string, unknown> = {
    id: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: [schedule],
  };
  edit(chargingProfile);
  return JSON.stringify({ evseId: 0, chargingProfile });
};

/** One row of the Part 4 error table: a literal frame and the exact CALLERROR it must get. */
const TABLE: [rule: string, frame: string, id: string, code: string][] = [
  ['Part 4 §4.1.2: invalid JSON', '[2,"j1","GetVariables",{', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.1.2: invalid JSON (single quotes)', "[2,'j2','GetVariables',{}]", '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2: JSON that is not an array', '{"messageTypeId":2,"messageId":"n1"}', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.3: unreadable messageId (number)', '[2,17,"GetVariables",{}]', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.3: unreadable messageId (empty)', '[2,"","GetVariables",{}]', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.3: missing messageId', '[2]', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.1.4: messageId longer than 36', `[2,"${'x'.repeat(37)}","GetVariables",${getVariables}]`, '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.1: CALL with 3 elements', '[2,"p1","GetVariables"]', 'p1', 'ProtocolError'],
  ['Part 4 §4.2.1: CALL with 5 elements', `[2,"p2","GetVariables",${getVariables},{}]`, 'p2', 'ProtocolError'],
  ['Part 4 §4.2.1: CALL with a non-string action', '[2,"p3",22,{}]', 'p3', 'ProtocolError'],
  ['Part 4 §4.1.5: CALL payload null', '[2,"f1","GetVariables",null]', 'f1', 'FormatViolation'],
  ['Part 4 §4.1.5: CALL payload an array', `[2,"f2","GetVariables",[${getVariables}]]`, 'f2', 'FormatViolation'],
  ['Part 4 §4.4: unknown message type 5', '[5,"t1","GetVariables",{}]', 't1', 'MessageTypeNotSupported'],
  ['Part 4 §4.4: unknown message type 0', '[0,"t2"]', 't2', 'MessageTypeNotSupported'],
  ['Part 4 §4.4: message type as a string', '["2","t3","GetVariables",{}]', 't3', 'MessageTypeNotSupported'],
  ['Part 4 §4.3: unknown action', '[2,"a1","GetVariable",{}]', 'a1', 'NotImplemented'],
  ['Part 4 §4.3: unknown action (wrong case)', '[2,"a2","getvariables",{}]', 'a2', 'NotImplemented'],
  ['Part 4 §4.3: known action without a handler (SetDisplayMessage)', '[2,"s1","SetDisplayMessage",{}]', 's1', 'NotSupported'],
  ['Part 4 §4.3: known action of the other direction (BootNotification)', '[2,"s2","BootNotification",{}]', 's2', 'NotSupported'],
  ['Part 4 §4.3: missing required field', '[2,"o1","GetVariables",{}]', 'o1', 'OccurrenceConstraintViolation'],
  [
    'Part 4 §4.3: missing required nested field',
    '[2,"o2","GetVariables",{"getVariableData":[{"component":{"name":"EVSE"}}]}]',
    'o2',
    'OccurrenceConstraintViolation',
  ],
  ['Part 4 §4.3: unknown extra field', '[2,"o3","ClearCache",{"force":true}]', 'o3', 'OccurrenceConstraintViolation'],
  ['Part 4 §4.1.5: empty array for a 1..* field', '[2,"o4","GetVariables",{"getVariableData":[]}]', 'o4', 'OccurrenceConstraintViolation'],
  [
    'Part 4 §4.3: too many items (chargingSchedule 4 > 3)',
    `[2,"o5","SetChargingProfile",${profile((p) => (p.chargingSchedule = [1, 2, 3, 4].map((id) => ({ ...(p.chargingSchedule as object[])[0], id }))))}]`,
    'o5',
    'OccurrenceConstraintViolation',
  ],
  [
    'Part 4 §4.3: wrong JSON type (string for integer)',
    '[2,"y1","ChangeAvailability",{"operationalStatus":"Operative","evse":{"id":"1"}}]',
    'y1',
    'TypeConstraintViolation',
  ],
  [
    'Part 4 §4.3: wrong JSON type (number for string)',
    '[2,"y2","GetVariables",{"getVariableData":[{"component":{"name":12},"variable":{"name":"x"}}]}]',
    'y2',
    'TypeConstraintViolation',
  ],
  ['Part 4 §4.3: value outside the enum', '[2,"v1","ChangeAvailability",{"operationalStatus":"Off"}]', 'v1', 'PropertyConstraintViolation'],
  [
    'Part 4 §4.3: string longer than maxLength',
    `[2,"v2","GetVariables",{"getVariableData":[{"component":{"name":"${'c'.repeat(51)}"},"variable":{"name":"x"}}]}]`,
    'v2',
    'PropertyConstraintViolation',
  ],
  [
    'Part 4 §4.3: date-time in the wrong format',
    `[2,"v3","SetChargingProfile",${profile((p) => (p.validFrom = '01/01/2026 12:00'))}]`,
    'v3',
    'PropertyConstraintViolation',
  ],
  ['Part 4 §4.3: handler throws an Error → InternalError', '[2,"i1","Reset",{"type":"Immediate"}]', 'i1', 'InternalError'],
  ['Part 4 §4.3: handler returns an invalid response → InternalError', '[2,"i2","ClearCache",{}]', 'i2', 'InternalError'],
  [
    'Part 4 §4.3: handler throws OcppError(SecurityError) → SecurityError',
    '[2,"x1","RequestStartTransaction",{"remoteStartId":1,"idToken":{"idToken":"T","type":"Central"}}]',
    'x1',
    'SecurityError',
  ],
];

describe('Part 4 §4.3 error table over a real WebSocket (station role)', () => {
  for (const [rule, frame, id, code] of TABLE) {
    it(`${rule} → CALLERROR ${code} with id "${id}"`, async (t) => {
      const { peer } = await harness(t);
      assertCallError(await peer.request(frame), id, code);
    });
  }

  it('Part 4 §4.3: every row of the table is answered on ONE connection, which stays open', async (t) => {
    const { peer } = await harness(t);
    for (const [, frame] of TABLE) peer.send(frame);
    const answers = new Map<string, Message[]>();
    for (let i = 0; i < TABLE.length; i++) {
      const answer = await peer.next();
      const list = answers.get(String(answer[1])) ?? [];
      list.push(answer);
      answers.set(String(answer[1]), list);
    }
    for (const [rule, , id, code] of TABLE) {
      const list = answers.get(id);
      assert.ok(list?.length, `${rule}: no answer`);
      const index = list.findIndex((m) => m[2] === code);
      assert.ok(index >= 0, `${rule}: got ${JSON.stringify(list)}`);
      list.splice(index, 1);
    }
    assert.equal(peer.socket.readyState, WebSocket.OPEN);
  });

  it('Part 4 §4.3: an InternalError carries no stack trace or handler message on the wire', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request('[2,"i9","Reset",{"type":"OnIdle"}]');
    assertCallError(answer, 'i9', 'InternalError');
    const text = JSON.stringify(answer);
    assert.doesNotMatch(text, /database is locked|\/srv\/station|at secret/);
    assert.deepEqual(answer[4], {});
  });

  it('Part 4 §4.3: a handler OcppError keeps its description', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request('[2,"x9","RequestStartTransaction",{"remoteStartId":1,"idToken":{"idToken":"T","type":"Central"}}]');
    assertCallError(answer, 'x9', 'SecurityError');
    assert.equal(answer[3], 'not accepted by the CSMS yet');
  });
});

describe('Part 4 §4.2.2 CALLRESULT', () => {
  it('Part 4 §4.2.2: a valid CALL gets a CALLRESULT with its id whose payload passes the response schema', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request(`[2,"ok-1","GetVariables",${getVariables}]`);
    assert.equal(answer.length, 3);
    assert.deepEqual(answer.slice(0, 2), [3, 'ok-1']);
    assert.equal(validatePayload('GetVariables', 'Response', answer[2]), undefined);
    assert.deepEqual(answer[2], { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', component, variable }] });
  });

  it('Part 4 §4.1.4: a messageId of exactly 36 characters is answered with that id', async (t) => {
    const { peer } = await harness(t);
    const id = 'f'.repeat(36);
    const answer = await peer.request(`[2,"${id}","GetVariables",${getVariables}]`);
    assert.deepEqual(answer.slice(0, 2), [3, id]);
  });

  it('Part 4 §4.1.2: non-ASCII text in a payload and in the messageId is answered', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request(
      '[2,"ü-⚡-1","GetVariables",{"getVariableData":[{"component":{"name":"Zähler"},"variable":{"name":"Ström"}}]}]',
    );
    assert.deepEqual(answer.slice(0, 2), [3, 'ü-⚡-1']);
    assert.equal(validatePayload('GetVariables', 'Response', answer[2]), undefined);
  });
});

describe('Part 4 §4.2 answers the station does not answer', () => {
  it('Part 4 §4.1.4: a CALLRESULT with an unknown id is ignored: no answer, the link still works', async (t) => {
    const { peer } = await harness(t);
    await peer.assertNoAnswer('[3,"nobody-asked",{"currentTime":"2026-01-01T00:00:00Z"}]');
    await peer.assertNoAnswer('[4,"nobody-asked","GenericError","",{}]');
    const answer = await peer.request(`[2,"after","GetVariables",${getVariables}]`);
    assert.deepEqual(answer.slice(0, 2), [3, 'after']);
  });

  it('Part 4 §4.2.2/§4.2.3: a malformed CALLRESULT or CALLERROR is ignored (never answered)', async (t) => {
    const { peer } = await harness(t);
    for (const frame of [
      '[3,"m1"]',
      '[3,"m2",null]',
      '[3,"m3",{},{}]',
      '[4,"m4","GenericError"]',
      '[4,"m5",1,"",{}]',
      '[3,17,{}]',
      `[4,"${'z'.repeat(40)}","GenericError","",{}]`,
    ]) {
      await peer.assertNoAnswer(frame);
    }
  });
});

describe('typed call() from the station', () => {
  it('Part 4 §4.2.2: call() resolves with the CSMS response', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    const call = await peer.next();
    assert.deepEqual(call, [2, 'st-1', 'Heartbeat', {}]);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    assert.deepEqual(await result, { currentTime: now });
  });

  it('Part 4 §4.2.3: call() rejects with OcppError on a CALLERROR', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    peer.send('[4,"st-1","SecurityError","boot not accepted",{"hint":1}]');
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof OcppError);
      assert.equal(error.code, 'SecurityError');
      assert.equal(error.description, 'boot not accepted');
      assert.deepEqual(error.details, { hint: 1 });
      return true;
    });
  });

  it('Part 4 §4.3: a peer CALLERROR spelled OccurenceConstraintViolation rejects as OccurrenceConstraintViolation', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    peer.send('[4,"st-1","OccurenceConstraintViolation","",{}]');
    await assert.rejects(result, (error: unknown) => error instanceof OcppError && error.code === 'OccurrenceConstraintViolation');
  });

  it('Part 4 §4.1.7: a schema-invalid CALLRESULT rejects with LocalCallError OCPP_ERR_INVALID_RESPONSE', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
    await peer.next();
    peer.send(`[3,"st-1",{"currentTime":"${now}","interval":"300","status":"Accepted"}]`);
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof LocalCallError);
      assert.equal(error.code, 'OCPP_ERR_INVALID_RESPONSE');
      assert.equal(error.violation?.code, 'TypeConstraintViolation');
      return true;
    });
  });

  it('Part 4 §4.1.1: call() rejects with OCPP_ERR_CALL_TIMEOUT after MessageTimeout of silence (FakeClock)', async (t) => {
    const { peer, station, clock } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    clock.advance(TIMEOUT_MS - 1);
    let settled = false;
    void result.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    clock.advance(1);
    await assert.rejects(result, (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_CALL_TIMEOUT');
    // The late answer is ignored, and the next call works.
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    const next = station.call('Heartbeat', {});
    assert.deepEqual(await peer.next(), [2, 'st-2', 'Heartbeat', {}]);
    peer.send(`[3,"st-2",{"currentTime":"${now}"}]`);
    assert.deepEqual(await next, { currentTime: now });
  });

  it('call() rejects with OCPP_ERR_CLOSED when the connection drops, for the outstanding and the waiting call', async (t) => {
    const { peer, station, serverClosed } = await harness(t);
    const first = station.call('Heartbeat', {});
    const second = station.call('Heartbeat', {});
    await peer.next();
    peer.socket.close();
    await serverClosed;
    await assert.rejects(first, (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_CLOSED');
    await assert.rejects(second, (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_CLOSED');
    await assert.rejects(
      station.call('Heartbeat', {}),
      (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_OFFLINE',
    );
  });

  it('Part 4 §4.1.1: a second call() is written only after the first was answered', async (t) => {
    const { peer, station, written } = await harness(t);
    const first = station.call('Heartbeat', {});
    const second = station.call('Heartbeat', {});
    assert.deepEqual(await peer.next(), [2, 'st-1', 'Heartbeat', {}]);
    assert.equal(written.length, 1);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    await first;
    assert.deepEqual(await peer.next(), [2, 'st-2', 'Heartbeat', {}]);
    peer.send(`[3,"st-2",{"currentTime":"${now}"}]`);
    await second;
  });

  it('Part 4 §4.1.1: an incoming CALL crossing an outstanding call is still answered', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    const answer = await peer.request(`[2,"cross","GetVariables",${getVariables}]`);
    assert.deepEqual(answer.slice(0, 2), [3, 'cross']);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    assert.deepEqual(await result, { currentTime: now });
  });

  it('Part 4 §4.1.7: an invalid outgoing request is rejected locally and nothing is written', async (t) => {
    const { peer, station, written } = await harness(t);
    const invalid = { reason: 'Unplugged', chargingStation: { model: 'M', vendorName: 'V' } } as never;
    await assert.rejects(
      station.call('BootNotification', invalid),
      (e: unknown) => e instanceof OcppError && e.code === 'PropertyConstraintViolation',
    );
    const missing = { timestamp: now } as never;
    await assert.rejects(
      station.call('StatusNotification', missing),
      (e: unknown) => e instanceof OcppError && e.code === 'OccurrenceConstraintViolation',
    );
    assert.deepEqual(written, []);
    // The first frame the CSMS sees is the next valid call: nothing went out before it.
    const ok = station.call('Heartbeat', {});
    assert.deepEqual(await peer.next(), [2, 'st-1', 'Heartbeat', {}]);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    await ok;
  });
});

describe('after-hooks: answer first, then act', () => {
  it('after-hooks run only after the CALLRESULT was written', async (t) => {
    const { peer, hooks } = await harness(t);
    const answer = await peer.request('[2,"h1","TriggerMessage",{"requestedMessage":"Heartbeat"}]');
    assert.deepEqual(answer, [3, 'h1', { status: 'Accepted' }]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0]?.writtenBefore.at(-1), '[3,"h1",{"status":"Accepted"}]');
  });

  it('after-hooks do not run when the CALL was answered with a CALLERROR', async (t) => {
    const { peer, hooks } = await harness(t);
    assertCallError(await peer.request('[2,"h2","TriggerMessage",{"requestedMessage":"Coffee"}]'), 'h2', 'PropertyConstraintViolation');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(hooks, []);
  });

  it('a failing after-hook does not affect the answer or the link', async (t) => {
    const { peer } = await harness(t);
    assert.deepEqual(await peer.request('[2,"h3","ChangeAvailability",{"operationalStatus":"Inoperative"}]'), [
      3,
      'h3',
      { status: 'Accepted' },
    ]);
    assert.deepEqual((await peer.request(`[2,"h4","GetVariables",${getVariables}]`)).slice(0, 2), [3, 'h4']);
  });

  it('a handler still running when the connection drops does not crash the process', async (t) => {
    const { peer, serverClosed, started, release, hooks, written } = await harness(t);
    const failures: unknown[] = [];
    const record = (error: unknown) => failures.push(error);
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    try {
      peer.send('[2,"late","TriggerMessage",{"requestedMessage":"MeterValues"}]');
      await started;
      peer.socket.terminate();
      await serverClosed;
      release();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(failures, []);
      assert.deepEqual(written, [], 'the answer is dropped');
      assert.deepEqual(hooks, [], 'after-hooks of an unsent answer do not run');
    } finally {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    }
  });
});

it('receive() never throws, even when detached', () => {
  const station: Station = new RpcEndpoint({ clock: new FakeClock(), log: silentLogger, callTimeoutMs: () => TIMEOUT_MS });
  for (const text of ['not json', '[5,"x"]', '[3,"x",{}]', '[2,"x","Reset",{"type":"OnIdle"}]'])
    assert.doesNotThrow(() => station.receive(text));
});
