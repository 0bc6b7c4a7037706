// The control API over real HTTP against a fake station: every route's success shape, every
// kind of bad request answered 400/404/405/413 with a reason, and no input that stops it.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeControlTarget as FakeStation, type Listener } from '../../test/support/fake-control-target.js';
import { ControlError } from './control-target.js';
import { ControlApi } from './http-api.js';

let station: FakeStation;
let api: ControlApi;
let base: string;

before(async () => {
  station = new FakeStation();
  api = new ControlApi(station);
  base = `http://127.0.0.1:${await api.listen(0)}`;
});
after(() => api.close());
beforeEach(() => {
  station.calls = [];
  station.failWith = undefined;
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
  const response = await fetch(base + path, init);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe('routes that succeed', () => {
  it('GET /api/state answers the snapshot', async () => {
    const { status, body } = await call('GET', '/api/state');
    assert.equal(status, 200);
    assert.deepEqual(body, station.state);
  });

  const cases: [string, unknown, [string, ...unknown[]]][] = [
    ['/api/evses/1/plug', undefined, ['plug', 1, undefined, {}, { lockFails: false }]],
    ['/api/evses/2/plug', { connectorId: 1 }, ['plug', 2, 1, {}, { lockFails: false }]],
    ['/api/evses/1/plug', { lockFails: true }, ['plug', 1, undefined, {}, { lockFails: true }]],
    ['/api/evses/2/plug', { connectorId: 1, lockFails: false }, ['plug', 2, 1, {}, { lockFails: false }]],
    [
      '/api/evses/1/plug',
      { ev: { protocol: 'IEC61851', drawing: false, maxPowerW: 7400, socPercent: 20, batteryWh: 50_000 } },
      [
        'plug',
        1,
        undefined,
        { protocol: 'IEC61851', drawing: false, maxPowerW: 7400, socPercent: 20, batteryWh: 50_000 },
        { lockFails: false },
      ],
    ],
    [
      '/api/evses/1/plug',
      { ev: { protocol: 'ISO15118-2', emaid: 'NL-TNM-C00000001-X', departureTime: '2026-12-02T18:00:00Z', energyRequestWh: 20_000 } },
      [
        'plug',
        1,
        undefined,
        { protocol: 'ISO15118-2', emaid: 'NL-TNM-C00000001-X', departureTime: '2026-12-02T18:00:00Z', energyRequestWh: 20_000 },
        { lockFails: false },
      ],
    ],
    ['/api/evses/1/ev', { socPercent: 55 }, ['setEv', 1, { socPercent: 55 }]],
    ['/api/keypad', { text: '1234' }, ['presentIdToken', { idToken: '1234', type: 'KeyCode' }]],
    ['/api/evses/2/start', undefined, ['presentIdToken', { idToken: '', type: 'NoAuthorization', evseId: 2 }]],
    ['/api/evses/1/unplug', undefined, ['unplug', 1]],
    ['/api/evses/1/unplug', {}, ['unplug', 1]],
    ['/api/evses/1/ev', { drawing: true }, ['setEv', 1, { drawing: true }]],
    [
      '/api/evses/2/ev',
      { drawing: false, maxPowerW: 7400.5, socPercent: 0 },
      ['setEv', 2, { drawing: false, maxPowerW: 7400.5, socPercent: 0 }],
    ],
    ['/api/evses/1/ev', { drawing: true, socPercent: 100 }, ['setEv', 1, { drawing: true, socPercent: 100 }]],
    ['/api/evses/1/fault', { faulted: true }, ['setFault', 1, true]],
    [
      '/api/faults',
      { type: 'answer', action: 'GetVariables', answer: 'withhold' },
      ['fault', { type: 'answer', rule: { action: 'GetVariables', times: 1, answer: 'withhold' } }],
    ],
    [
      '/api/faults',
      { type: 'answer', action: '*', answer: 'delay', delayS: 2.5, times: 3 },
      ['fault', { type: 'answer', rule: { action: '*', times: 3, answer: 'delay', delayMs: 2500 } }],
    ],
    [
      '/api/faults',
      { type: 'answer', action: 'Reset', answer: 'callError', code: 'NotSupported' },
      ['fault', { type: 'answer', rule: { action: 'Reset', times: 1, answer: 'callError', code: 'NotSupported' } }],
    ],
    ['/api/faults', { type: 'frame', text: '[2,"1","Heartbeat"' }, ['fault', { type: 'frame', text: '[2,"1","Heartbeat"' }]],
    ['/api/faults', { type: 'cut-link', offlineS: 30 }, ['fault', { type: 'cut-link', offlineMs: 30_000 }]],
    ['/api/faults', { type: 'cut-link' }, ['fault', { type: 'cut-link' }]],
    ['/api/faults', { type: 'power-cycle' }, ['fault', { type: 'power-cycle' }]],
    ['/api/evses/1/fault', { faulted: false }, ['setFault', 1, false]],
    ['/api/idtoken', { idToken: 'A'.repeat(36) }, ['presentIdToken', { idToken: 'A'.repeat(36) }]],
    [
      '/api/idtoken',
      { idToken: 'TAG1', type: 'ISO14443', evseId: 2 },
      ['presentIdToken', { idToken: 'TAG1', type: 'ISO14443', evseId: 2 }],
    ],
    ['/api/external-limit', { limitW: 7000 }, ['setExternalLimit', { limitW: 7000 }]],
    ['/api/external-limit', { evseId: 2, limitW: 0, source: 'SO' }, ['setExternalLimit', { limitW: 0, evseId: 2, source: 'SO' }]],
    ['/api/external-limit', { limitW: null, source: 'EMS' }, ['setExternalLimit', { limitW: null, source: 'EMS' }]],
  ];
  for (const [path, body, expected] of cases) {
    it(`POST ${path} ${JSON.stringify(body) ?? '(no body)'} reaches the station and answers the new state`, async () => {
      const answer = await call('POST', path, body);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { ok: true, state: station.state });
      assert.deepEqual(station.calls, [expected]);
    });
  }

  it('GET /api/device-model passes the full query and answers { value }', async () => {
    const path =
      '/api/device-model/OCPPCommCtrlr/HeartbeatInterval?attribute=Target&evseId=1&connectorId=1&componentInstance=a&variableInstance=Default';
    const { status, body } = await call('GET', path);
    assert.equal(status, 200);
    assert.deepEqual(body, { value: '30' });
    assert.deepEqual(station.calls, [
      [
        'deviceModelValue',
        {
          component: 'OCPPCommCtrlr',
          variable: 'HeartbeatInterval',
          attribute: 'Target',
          evseId: 1,
          connectorId: 1,
          componentInstance: 'a',
          variableInstance: 'Default',
        },
      ],
    ]);
  });
});

describe('bad requests are refused with a reason and never reach the station', () => {
  const cases: [string, string, unknown, number, RegExp][] = [
    ['POST', '/api/evses/1/fault', '{"faulted":', 400, /not valid JSON/],
    ['POST', '/api/evses/1/fault', '[true]', 400, /JSON object/],
    ['POST', '/api/evses/1/fault', 'null', 400, /JSON object/],
    ['POST', '/api/evses/1/fault', {}, 400, /faulted must be true or false/],
    ['POST', '/api/evses/1/fault', { faulted: 'yes' }, 400, /faulted must be true or false/],
    ['POST', '/api/evses/1/fault', { faulted: true, reason: 'x' }, 400, /unknown field "reason"/],
    ['POST', '/api/evses/1/ev', { drawing: 'yes' }, 400, /drawing must be true or false/],
    ['POST', '/api/evses/1/ev', { protocol: 'CHAdeMO' }, 400, /protocol must be one of IEC61851, ISO15118-2, ISO15118-20/],
    [
      'POST',
      '/api/evses/1/plug',
      { ev: { protocol: 'IEC61851', emaid: 'DE-ABC-C12345678-9' } },
      400,
      /ev\.emaid: only an ISO 15118 EV has these/,
    ],
    ['POST', '/api/evses/1/plug', { ev: { departureTime: 'tonight' } }, 400, /ev\.departureTime must be a date and time/],
    ['POST', '/api/evses/1/plug', { ev: { emaid: 'E'.repeat(37) } }, 400, /ev\.emaid must be a string of 1 to 36/],
    ['POST', '/api/evses/1/plug', { ev: { contractCertificateChain: 'MIIB' } }, 400, /must be PEM certificates/],
    ['POST', '/api/evses/1/ev', { requestsContractInstall: 1 }, 400, /requestsContractInstall must be true or false/],
    ['POST', '/api/evses/1/plug', { ev: 5 }, 400, /ev must be an object/],
    ['POST', '/api/evses/1/plug', { ev: { wheels: 4 } }, 400, /unknown field "wheels"/],
    ['POST', '/api/evses/1/plug', { ev: { batteryWh: 0 } }, 400, /batteryWh 0 is out of range/],
    ['POST', '/api/faults', {}, 400, /type must be one of answer, frame, cut-link, power-cycle/],
    ['POST', '/api/faults', { type: 'answer', action: 'get variables', answer: 'withhold' }, 400, /action must be an OCPP action name/],
    ['POST', '/api/faults', { type: 'answer', action: 'Reset', answer: 'ignore' }, 400, /answer must be one of withhold, delay, callError/],
    ['POST', '/api/faults', { type: 'answer', action: 'Reset', answer: 'delay' }, 400, /delayS must be a number of seconds/],
    ['POST', '/api/faults', { type: 'answer', action: 'Reset', answer: 'withhold', delayS: 1 }, 400, /delayS is only for answer delay/],
    [
      'POST',
      '/api/faults',
      { type: 'answer', action: 'Reset', answer: 'callError', code: 'Oops' },
      400,
      /code must be one of FormatViolation/,
    ],
    ['POST', '/api/faults', { type: 'cut-link', offlineS: -1 }, 400, /offlineS -1 is out of range/],
    ['POST', '/api/faults', { type: 'frame' }, 400, /text must be a string/],
    ['POST', '/api/faults', { type: 'power-cycle', now: true }, 400, /unknown field "now"/],
    ['POST', '/api/keypad', {}, 400, /text must be a string/],
    ['POST', '/api/keypad', { text: '1'.repeat(37) }, 400, /text must be 1 to 36 characters/],
    ['POST', '/api/keypad', { text: '1', evseId: 1 }, 400, /unknown field "evseId"/],
    ['POST', '/api/evses/1/ev', { drawing: true, maxPowerW: 0 }, 400, /maxPowerW 0 is out of range/],
    ['POST', '/api/evses/1/ev', { drawing: true, maxPowerW: -5 }, 400, /maxPowerW -5 is out of range/],
    ['POST', '/api/evses/1/ev', { drawing: true, maxPowerW: '11000' }, 400, /maxPowerW must be a number/],
    ['POST', '/api/evses/1/ev', { drawing: true, socPercent: 100.5 }, 400, /socPercent 100.5 is out of range/],
    ['POST', '/api/evses/1/ev', { drawing: true, socPercent: -1 }, 400, /socPercent -1 is out of range/],
    ['POST', '/api/evses/1/ev', '{"drawing":true,"socPercent":1e999}', 400, /socPercent must be a number/],
    ['POST', '/api/evses/1/plug', { connectorId: 0 }, 400, /connectorId must be a positive integer/],
    ['POST', '/api/evses/1/plug', { connectorId: 1.5 }, 400, /connectorId must be a positive integer/],
    ['POST', '/api/evses/1/plug', { connector: 1 }, 400, /unknown field "connector"/],
    ['POST', '/api/evses/1/plug', { lockFails: 'yes' }, 400, /lockFails must be true or false/],
    ['POST', '/api/evses/1/plug', { lockFails: 1 }, 400, /lockFails must be true or false/],
    ['POST', '/api/evses/1/plug', { lockFails: null }, 400, /lockFails must be true or false/],
    ['POST', '/api/evses/1/unplug', { force: true }, 400, /unknown field "force"/],
    ['POST', '/api/evses/0/plug', undefined, 400, /evseId must be a positive integer/],
    ['POST', '/api/evses/-1/plug', undefined, 400, /evseId must be a positive integer/],
    ['POST', '/api/evses/abc/plug', undefined, 400, /evseId must be a positive integer/],
    ['POST', '/api/evses/01/plug', undefined, 400, /evseId must be a positive integer/],
    ['POST', '/api/idtoken', {}, 400, /idToken must be a string/],
    ['POST', '/api/idtoken', { idToken: '' }, 400, /idToken must be 1 to 36 characters/],
    ['POST', '/api/idtoken', { idToken: 'A'.repeat(37) }, 400, /idToken must be 1 to 36 characters/],
    ['POST', '/api/idtoken', { idToken: 42 }, 400, /idToken must be a string/],
    ['POST', '/api/idtoken', { idToken: 'T', type: 'Magic' }, 400, /type must be one of Central, eMAID, ISO14443/],
    ['POST', '/api/idtoken', { idToken: 'T', evseId: 0 }, 400, /evseId must be a positive integer/],
    ['POST', '/api/idtoken', { idToken: 'T', evseId: '1' }, 400, /evseId must be a positive integer/],
    ['POST', '/api/idtoken', { idToken: 'T', extra: 1 }, 400, /unknown field "extra"/],
    ['POST', '/api/external-limit', {}, 400, /limitW must be a number of W, or null/],
    ['POST', '/api/external-limit', { limitW: '7000' }, 400, /limitW must be a number/],
    ['POST', '/api/external-limit', { limitW: -1 }, 400, /limitW -1 is out of range/],
    ['POST', '/api/external-limit', { limitW: 1000, source: 'CSO' }, 400, /source must be one of EMS, SO, Other/],
    ['POST', '/api/external-limit', { limitW: 1000, evseId: 0 }, 400, /evseId must be a positive integer/],
    ['POST', '/api/external-limit', { limitW: 1000, phases: 3 }, 400, /unknown field "phases"/],
    ['POST', '/api/external-limit', { limitW: 1000, evseId: 3 }, 404, /no EVSE 3/],
    ['GET', '/api/device-model/Comp/Var?attribute=Real', undefined, 400, /attribute must be one of Actual, Target, MinSet, MaxSet/],
    ['GET', '/api/device-model/Comp/Var?evseId=x', undefined, 400, /evseId must be a positive integer/],
    ['GET', '/api/device-model/Comp/Var?connectorId=1', undefined, 400, /connectorId needs evseId/],
    ['GET', '/api/device-model/Comp/Var?colour=red', undefined, 400, /unknown query parameter "colour"/],
    ['GET', '/api/device-model/Comp/Var?evseId=1&evseId=2', undefined, 400, /more than once/],
    ['GET', '/api/device-model/Comp%ZZ/Var', undefined, 400, /invalid percent-encoding/],
    ['GET', `/api/device-model/${'C'.repeat(51)}/Var`, undefined, 400, /component must be 1 to 50 characters/],
    ['POST', '/api/evses/9/plug', undefined, 404, /no EVSE 9/],
    ['POST', '/api/evses/9/unplug', undefined, 404, /no EVSE 9/],
    ['POST', '/api/evses/9/start', undefined, 404, /no EVSE 9/],
    ['POST', '/api/evses/1/start', { idToken: 'X' }, 400, /idToken/],
    ['POST', '/api/evses/9/ev', { drawing: true }, 404, /no EVSE 9/],
    ['POST', '/api/evses/9/fault', { faulted: true }, 404, /no EVSE 9/],
    ['POST', '/api/evses/1/plug', { connectorId: 2 }, 404, /no connector 2 on EVSE 1/],
    ['POST', '/api/idtoken', { idToken: 'T', evseId: 3 }, 404, /no EVSE 3/],
    ['GET', '/api/nothing', undefined, 404, /no route \/api\/nothing/],
    ['GET', '/api/evses/1/plug', undefined, 405, /use POST/],
    ['DELETE', '/api/state', undefined, 405, /use GET/],
    ['POST', '/', undefined, 405, /use GET/],
  ];
  for (const [method, path, body, status, reason] of cases) {
    it(`${method} ${path} ${typeof body === 'string' ? body : (JSON.stringify(body) ?? '')} → ${status} ${reason.source}`, async () => {
      const answer = await call(method, path, body);
      assert.equal(answer.status, status);
      assert.match(String(answer.body.error), reason);
      assert.deepEqual(
        station.calls.filter(([name]) => name !== 'deviceModelValue'),
        [],
      );
    });
  }

  it('405 names the allowed method', async () => {
    const { headers } = await call('PUT', '/api/idtoken', { idToken: 'T' });
    assert.equal(headers.get('allow'), 'POST');
  });

  it('a body that is not declared JSON is refused', async () => {
    const answer = await call('POST', '/api/evses/1/fault', 'faulted=true', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(answer.status, 400);
    assert.match(String(answer.body.error), /content-type must be application\/json/);
  });

  it('a request from another web origin or host name is refused (403)', async () => {
    assert.equal((await call('POST', '/api/evses/1/plug', undefined, { origin: 'http://evil.example' })).status, 403);
    const rebound = await rawRequest({ method: 'GET', path: '/api/state', headers: { host: 'evil.example:8180' } });
    assert.equal(rebound.status, 403);
    assert.deepEqual(station.calls, []);
  });
});

describe('failures inside the station', () => {
  it('a ControlError answers its status and message', async () => {
    station.failWith = new ControlError(400, 'nothing is plugged in');
    const answer = await call('POST', '/api/evses/1/unplug');
    assert.deepEqual([answer.status, answer.body], [400, { error: 'nothing is plugged in' }]);
    station.failWith = undefined;
    const missing = await call('GET', '/api/device-model/Nope/X');
    assert.deepEqual([missing.status, missing.body], [404, { error: 'no such variable Nope/X' }]);
  });

  it('any other exception answers 500 and the API keeps serving', async () => {
    station.failWith = new TypeError('boom');
    const answer = await call('POST', '/api/evses/1/fault', { faulted: true });
    assert.equal(answer.status, 500);
    assert.match(String(answer.body.error), /boom/);
    assert.equal((await call('GET', '/api/state')).status, 200);
  });
});

describe('garbage does not stop it', () => {
  it('random bytes as a body → 400', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await call('POST', '/api/idtoken', randomBytes(1 + i * 50));
      assert.equal(answer.status, 400);
    }
  });

  it('a body over 64 KiB → 413, with and without a declared length', async () => {
    const huge = JSON.stringify({ idToken: 'x'.repeat(1024 * 1024) });
    assert.equal((await call('POST', '/api/idtoken', huge)).status, 413);
    const chunked = await rawRequest({ method: 'POST', path: '/api/idtoken', headers: { 'content-type': 'application/json' } }, [
      huge.slice(0, 40_000),
      huge.slice(40_000),
    ]);
    assert.equal(chunked.status, 413);
    assert.equal((await call('GET', '/api/state')).status, 200);
  });

  it('bytes that are not HTTP at all leave the server serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.end(randomBytes(4096)));
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.resume();
    });
    assert.equal((await call('GET', '/api/state')).status, 200);
  });
});

describe('GET /api/events', () => {
  const frame = (n: number) => ({ direction: 'out' as const, text: `[2,"${n}","Heartbeat",{}]`, time: '2026-01-01T00:00:00.000Z' });
  const emit = (e: Parameters<Listener>[0]) => {
    for (const listener of station.listeners) listener(e);
  };

  it('streams the state and the frames so far at once, then state and frame events as they come', async () => {
    emit({ type: 'frame', data: frame(1) });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { done, value } = await reader.read();
        assert.ok(!done, `the stream ended before ${needle}: ${text}`);
        text += value;
      }
    };
    await readUntil(`event: frame\ndata: ${JSON.stringify(frame(1))}\n\n`);
    assert.ok(text.indexOf('event: state\ndata: {"id":"CS001"') < text.indexOf('event: frame'), 'the state comes first');
    emit({ type: 'frame', data: frame(2) });
    emit({ type: 'state', data: { ...station.state, connected: false } });
    await readUntil('"connected":false');
    assert.ok(text.includes(`event: frame\ndata: ${JSON.stringify(frame(2))}\n\n`));
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });

  it('keeps only the last 500 frames for replay', async () => {
    for (let n = 0; n < 600; n++) emit({ type: 'frame', data: frame(1000 + n) });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    // Frame texts arrive JSON-encoded, so their quotes are escaped; the bare numbers are unique.
    while (!text.includes('1599')) {
      const { done, value } = await reader.read();
      assert.ok(!done, 'the stream ended early');
      text += value;
    }
    assert.equal(text.split('event: frame').length - 1, 500);
    assert.ok(!text.includes('1099') && text.includes('1100'));
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });

  it('subscribes while listening and unsubscribes on close', async () => {
    const other = new FakeStation();
    const otherApi = new ControlApi(other);
    await otherApi.listen(0);
    assert.equal(other.listeners.size, 1);
    await otherApi.close();
    assert.equal(other.listeners.size, 0);
  });
});

function rawRequest(
  options: { method: string; path: string; headers: Record<string, string> },
  chunks: string[] = [],
): Promise<{ status: number }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, ...options }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
