// StationConnection against real ws servers on 127.0.0.1 (plain and TLS, with certificates
// made here); every wait the station decides (back-off, ping, handshake timeout) runs on a
// FakeClock, and the tests only wait in real time for socket I/O to settle.

import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeClock } from '../clock/fake-clock.js';
import { silentLogger } from '../log/logger.js';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../../test/support/pki.js';
import { StationConnection, type BackoffSettings, type ConnectionSettings } from './connection.js';

const PASSWORD = 'Secret-Passw0rd-4-Tests';
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface CsmsOptions {
  tls?: HttpsOptions;
  /** HTTP status to refuse an upgrade request with; undefined = accept. */
  gate?: (req: IncomingMessage) => number | undefined;
  /** false: complete the handshake without a subprotocol (Part 4 §3.2). */
  agreeProtocol?: boolean;
  /** false: do not answer pings. */
  autoPong?: boolean;
}

interface TestCsms {
  /** The OCPP-J endpoint URL, without the station id. */
  url: string;
  /** Every upgrade request that reached the HTTP layer. */
  requests: IncomingMessage[];
  /** The server end of every accepted WebSocket. */
  sockets: WebSocket[];
}

async function startCsms(options: CsmsOptions = {}): Promise<TestCsms> {
  const server = options.tls ? createHttpsServer(options.tls) : createHttpServer();
  const wss = new WebSocketServer({
    noServer: true,
    autoPong: options.autoPong ?? true,
    handleProtocols: (offered) => (options.agreeProtocol !== false && offered.has('ocpp2.0.1') ? 'ocpp2.0.1' : false),
  });
  const csms: TestCsms = { url: '', requests: [], sockets: [] };
  const raw = new Set<Socket>();
  server.on('connection', (socket: Socket) => raw.add(socket));
  server.on('tlsClientError', () => undefined); // refused handshakes are what several tests want
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    csms.requests.push(req);
    const status = options.gate?.(req);
    if (status) {
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => csms.sockets.push(ws));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  csms.url = `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${port}/ocpp`;
  cleanups.push(async () => {
    for (const ws of csms.sockets) ws.terminate();
    for (const socket of raw) socket.destroy();
    await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
  });
  return csms;
}

/**
 * A bare TCP server. 'drop' closes every connection at once, so each attempt fails at the
 * transport level (the port stays ours, unlike a closed port another process could take);
 * 'silent' accepts and never says a word.
 */
async function tcpServer(mode: 'drop' | 'silent'): Promise<string> {
  const held = new Set<Socket>();
  const server = createNetServer((socket) => (mode === 'drop' ? socket.destroy() : held.add(socket)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}/ocpp`;
}

interface Harness {
  conn: StationConnection;
  clock: FakeClock;
  /** Read by the connection on every attempt; tests change it in place. */
  settings: ConnectionSettings;
  pingIntervalS: number;
  backoff: BackoffSettings;
  sends: ((text: string) => void)[];
  messages: string[];
  closes: { code: number; reason: string }[];
  security: [string, string][];
  failedAttempts: number;
}

function station(settings: ConnectionSettings, timing: { pingIntervalS?: number; backoff?: BackoffSettings } = {}): Harness {
  const clock = new FakeClock();
  const h = {
    clock,
    settings,
    pingIntervalS: timing.pingIntervalS ?? 0,
    backoff: timing.backoff ?? { waitMinimumS: 10, randomRangeS: 0, repeatTimes: 2 },
    sends: [],
    messages: [],
    closes: [],
    security: [],
    failedAttempts: 0,
  } as unknown as Harness;
  h.conn = new StationConnection(
    () => h.settings,
    { pingIntervalS: () => h.pingIntervalS, backoff: () => h.backoff },
    {
      onOpen: (send) => h.sends.push(send),
      onMessage: (text) => h.messages.push(text),
      onClose: (info) => h.closes.push(info),
      onSecurityEvent: (type, info) => h.security.push([type, info]),
      onAttemptFailed: () => h.failedAttempts++,
    },
    { clock, log: silentLogger },
  );
  cleanups.push(() => h.conn.stop());
  return h;
}

/** Polls (real time, about 5 s at most, for socket I/O only) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let polls = 0; !condition(); polls++) {
    if (polls > 2500) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Runs the pending back-off timer, checking it was exactly `ms`. */
function expectRetryAfter(h: Harness, ms: number): void {
  assert.equal(h.conn.state, 'waiting');
  assert.equal(h.clock.pending, 1, 'only the back-off timer waits');
  assert.equal(h.clock.nextDelay(), ms);
  h.clock.advance(ms);
  assert.equal(h.conn.state, 'connecting');
}

const basic = (id: string, pw: string): string => `Basic ${Buffer.from(`${id}:${pw}`).toString('base64')}`;

describe('Part 4 §3.1.1 connection URL', () => {
  it('Part 4 §3.1.1: identity "RDAM 123" is appended percent-encoded as the last path segment', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: `${csms.url}/`, stationId: 'RDAM 123', securityProfile: 0 });
    assert.equal(h.conn.url, `${csms.url}/RDAM%20123`);
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    assert.equal(csms.requests[0]?.url, '/ocpp/RDAM%20123');
  });

  it('Part 4 §3.1.1: an identity containing ":" (the Basic username separator) is refused', () => {
    const h = station({ csmsUrl: 'ws://127.0.0.1:1/ocpp', stationId: 'CS:1', securityProfile: 0 });
    assert.throws(() => h.conn.start(), /without ':'/);
    assert.equal(h.conn.state, 'idle');
  });
});

describe('Part 4 §3.1.2 / §3.2 subprotocol ocpp2.0.1', () => {
  it('Part 4 §3.1.2: offers ocpp2.0.1, opens when the CSMS agrees, and carries text frames both ways', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    await until(() => h.sends.length === 1 && csms.sockets.length === 1, 'open');
    assert.equal(csms.requests[0]?.headers['sec-websocket-protocol'], 'ocpp2.0.1');
    const server = csms.sockets[0]!;
    assert.equal(server.protocol, 'ocpp2.0.1');
    const received: string[] = [];
    server.on('message', (data) => received.push(String(data)));
    h.sends[0]!('[2,"1","Heartbeat",{}]');
    server.send('[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]');
    await until(() => received.length === 1 && h.messages.length === 1, 'frames');
    assert.deepEqual(received, ['[2,"1","Heartbeat",{}]']);
    assert.deepEqual(h.messages, ['[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]']);
  });

  it('Part 4 §3.2: a CSMS that agrees to no subprotocol → not opened, retried after back-off', async () => {
    const csms = await startCsms({ agreeProtocol: false });
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'failed attempt');
    assert.equal(h.sends.length, 0);
    assert.deepEqual(h.closes, [], 'onClose is only for links that were open');
    expectRetryAfter(h, 10_000);
    await until(() => csms.requests.length === 2 && h.conn.state === 'waiting', 'second attempt');
    assert.equal(h.sends.length, 0);
  });
});

describe('A00 security profiles 0 and 1: Basic authentication', () => {
  it('A00.FR.202-205: profile 1 sends Authorization: Basic base64(identity:password) on every connection', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'RDAM 123', securityProfile: 1, basicAuthPassword: PASSWORD });
    h.conn.start();
    await until(() => csms.sockets.length === 1 && h.conn.state === 'open', 'first connection');
    csms.sockets[0]!.terminate();
    await until(() => h.conn.state === 'waiting', 'loss');
    expectRetryAfter(h, 10_000);
    await until(() => csms.sockets.length === 2 && h.conn.state === 'open', 'second connection');
    for (const req of csms.requests) assert.equal(req.headers.authorization, basic('RDAM 123', PASSWORD));
    assert.equal(csms.requests.length, 2);
  });

  it('profile 0 (development only) sends no Authorization header', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0, basicAuthPassword: PASSWORD });
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    assert.equal(csms.requests[0]?.headers.authorization, undefined);
  });

  it('A00.FR.203: profile 1 without a BasicAuthPassword is refused before connecting', () => {
    const h = station({ csmsUrl: 'ws://127.0.0.1:1/ocpp', stationId: 'CS001', securityProfile: 1 });
    assert.throws(() => h.conn.start(), /BasicAuthPassword/);
  });

  it('A00.FR.207: HTTP 401 → FailedToAuthenticateAtCsms (once per failure streak) and normal back-off', async () => {
    const csms = await startCsms({ gate: () => 401 });
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 1, basicAuthPassword: PASSWORD });
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.deepEqual(h.security.map(([type]) => type), ['FailedToAuthenticateAtCsms']);
    assert.ok(!h.security[0]![1].includes(PASSWORD), 'techInfo never holds the password');
    expectRetryAfter(h, 10_000);
    await until(() => csms.requests.length === 2 && h.conn.state === 'waiting', 'second refusal');
    assert.equal(h.security.length, 1);
    assert.equal(h.clock.nextDelay(), 20_000);
  });

  it('A01.FR.03: reconnect() after a new BasicAuthPassword connects at once with the new password (bad settings: refused, link kept)', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 1, basicAuthPassword: PASSWORD });
    h.conn.start();
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    const oldClose = new Promise<number>((resolve) => csms.sockets[0]!.on('close', (code) => resolve(code)));
    h.settings = { ...h.settings, securityProfile: 2 };
    assert.throws(() => h.conn.reconnect(), /needs a wss:\/\//, 'settings that cannot work are refused...');
    assert.equal(h.conn.state, 'open', '...and the current link is kept');
    h.settings = { ...h.settings, securityProfile: 1, basicAuthPassword: 'Another-Passw0rd-4-Tests' };
    h.conn.reconnect();
    assert.deepEqual(h.closes, [{ code: 1000, reason: 'reconnecting' }]);
    assert.throws(() => h.sends[0]!('[2,"x","Heartbeat",{}]'), { code: 'OCPP_ERR_CLOSED' });
    await until(() => h.conn.state === 'open' && h.sends.length === 2, 'reopened');
    assert.equal(await oldClose, 1000);
    assert.equal(csms.requests[1]?.headers.authorization, basic('CS001', 'Another-Passw0rd-4-Tests'));
    assert.equal(h.clock.now(), new FakeClock().now(), 'no back-off wait before the new connection');
  });
});

describe('Part 4 §5.3 reconnect back-off (errata 2025-04)', () => {
  it('Part 4 §5.3: a failing first connection waits WaitMinimum, doubles RepeatTimes times, then keeps the last wait', async () => {
    const h = station({ csmsUrl: await tcpServer('drop'), stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    for (const wait of [10_000, 20_000, 40_000, 40_000, 40_000]) {
      await until(() => h.conn.state === 'waiting', 'failed attempt');
      expectRetryAfter(h, wait);
    }
  });

  it('Part 4 §5.3: every attempt adds a new random part of up to RandomRange, from clock.random()', async () => {
    const h = station(
      { csmsUrl: await tcpServer('drop'), stationId: 'CS001', securityProfile: 0 },
      { backoff: { waitMinimumS: 10, randomRangeS: 4, repeatTimes: 1 } },
    );
    h.clock.queueRandom(0.5, 0.25, 0.999);
    h.conn.start();
    for (const wait of [12_000, 21_000, 23_996, 20_000]) {
      await until(() => h.conn.state === 'waiting', 'failed attempt');
      expectRetryAfter(h, wait);
    }
  });

  it('Part 4 §5.3 errata 2025-04: after a successful connection the wait starts again at WaitMinimum', async () => {
    let refuse = 3;
    const csms = await startCsms({ gate: () => (refuse-- > 0 ? 503 : undefined) });
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    for (const wait of [10_000, 20_000, 40_000]) {
      await until(() => h.conn.state === 'waiting', 'refusal');
      expectRetryAfter(h, wait);
    }
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    assert.equal(h.clock.pending, 0, 'no timer runs while open without pings');
    csms.sockets[0]!.close(1001, 'going away');
    await until(() => h.conn.state === 'waiting', 'loss');
    assert.deepEqual(h.closes, [{ code: 1001, reason: 'going away' }]);
    expectRetryAfter(h, 10_000);
    await until(() => h.conn.state === 'open', 'reopened');
  });

  it('B10.FR.03: onAttemptFailed counts each failed attempt (refusal, invalid settings), not the loss of an open link', async () => {
    let refuse = 2;
    const csms = await startCsms({ gate: () => (refuse-- > 0 ? 503 : undefined) });
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    for (const [failed, wait] of [[1, 10_000], [2, 20_000]] as const) {
      await until(() => h.conn.state === 'waiting', 'refusal');
      assert.equal(h.failedAttempts, failed);
      expectRetryAfter(h, wait);
    }
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    // Settings that cannot work count as a failed attempt too (the next settings() read may fix them).
    h.settings = { ...h.settings, securityProfile: 1 };
    csms.sockets[0]!.close(1001, 'going away');
    await until(() => h.conn.state === 'waiting', 'loss');
    assert.equal(h.failedAttempts, 2, 'the loss of an open link is not a failed attempt');
    h.clock.advance(h.clock.nextDelay()!);
    assert.equal(h.failedAttempts, 3);
    assert.equal(h.conn.state, 'waiting');
  });

  it('Part 4 §5.3: a CSMS that never answers the handshake: the attempt times out after 30 s on the station clock', async () => {
    const h = station({ csmsUrl: await tcpServer('silent'), stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    assert.equal(h.clock.nextDelay(), 30_000);
    h.clock.advance(30_000);
    await until(() => h.conn.state === 'waiting', 'timeout');
    expectRetryAfter(h, 10_000);
  });

  it('stop() cancels the pending retry: state stopped, no timer left, no further attempt', async () => {
    const h = station({ csmsUrl: await tcpServer('drop'), stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'failed attempt');
    await h.conn.stop();
    assert.equal(h.conn.state, 'stopped');
    assert.equal(h.clock.pending, 0);
  });

  it('stop() on an open link closes it with 1000 and resolves once the socket is closed', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 }, { pingIntervalS: 5 });
    h.conn.start();
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    const serverSaw = new Promise<number>((resolve) => csms.sockets[0]!.on('close', (code) => resolve(code)));
    await h.conn.stop();
    assert.deepEqual(h.closes, [{ code: 1000, reason: 'stopping' }]);
    assert.equal(await serverSaw, 1000);
    assert.equal(h.clock.pending, 0, 'ping timer cancelled');
  });
});

describe('Part 4 §5.2 / §8.4 WebSocket ping (WebSocketPingInterval)', () => {
  it('Part 4 §8.4: pings every WebSocketPingInterval seconds and stays open while pongs come back', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 }, { pingIntervalS: 5 });
    h.conn.start();
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    const server = csms.sockets[0]!;
    let pings = 0;
    // The pong goes out before this marker on the same stream, so once the marker is in the
    // station has seen the pong.
    server.on('ping', () => server.send(`after-ping-${++pings}`));
    for (let n = 1; n <= 3; n++) {
      assert.equal(h.clock.nextDelay(), 5000);
      h.clock.advance(5000);
      await until(() => h.messages.includes(`after-ping-${n}`), `ping ${n}`);
    }
    assert.equal(h.conn.state, 'open');
    assert.equal(csms.sockets.length, 1);
  });

  it('Part 4 §5.2: no pong before the next ping is due → the link is dropped and re-opened after back-off', async () => {
    const csms = await startCsms({ autoPong: false });
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 }, { pingIntervalS: 5 });
    h.conn.start();
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    let pinged = false;
    csms.sockets[0]!.on('ping', () => (pinged = true));
    h.clock.advance(5000);
    await until(() => pinged, 'ping');
    assert.equal(h.conn.state, 'open');
    h.clock.advance(5000);
    await until(() => h.conn.state === 'waiting', 'drop');
    assert.equal(h.closes[0]?.code, 1006);
    expectRetryAfter(h, 10_000);
    await until(() => h.conn.state === 'open' && csms.sockets.length === 2, 'reopened');
  });

  it('Part 4 §8.4: WebSocketPingInterval 0 → the station sends no pings', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 }, { pingIntervalS: 0 });
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    assert.equal(h.clock.pending, 0);
  });
});

describe('A00 security profiles 2 and 3: TLS', () => {
  let ca: Pem;
  let otherCa: Pem;
  let good: Pem;
  let client: Pem;

  before(async () => {
    ca = await createCa();
    otherCa = await createCa({ commonName: 'Unrelated Root CA' });
    good = await issueServerCert(ca);
    client = await issueClientCert(ca, { commonName: 'SN-0001', organization: 'Test CSO' });
  });

  const profile2 = (url: string): ConnectionSettings => ({
    csmsUrl: url,
    stationId: 'CS001',
    securityProfile: 2,
    basicAuthPassword: PASSWORD,
    ca: ca.cert,
  });

  const profile3 = (url: string, pem: Pem): ConnectionSettings => ({
    csmsUrl: url,
    stationId: 'CS001',
    securityProfile: 3,
    ca: ca.cert,
    clientCert: pem.cert,
    clientKey: pem.key,
  });
  const requiringClientCerts = (): Promise<TestCsms> =>
    startCsms({ tls: { cert: good.cert, key: good.key, ca: ca.cert, requestCert: true, rejectUnauthorized: true } });

  /** Profile 2 against `server`: refused before any HTTP request, with exactly `event` raised once. */
  async function expectRefused(server: Pem, event: string, tls: HttpsOptions = {}): Promise<void> {
    const csms = await startCsms({ tls: { cert: server.cert, key: server.key, ...tls } });
    const h = station(profile2(csms.url));
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.deepEqual(h.security.map(([type]) => type), [event]);
    assert.equal(csms.requests.length, 0, 'no HTTP request (and no password) went out');
    assert.equal(h.sends.length, 0);
    expectRetryAfter(h, 10_000);
    await until(() => h.conn.state === 'waiting', 'second refusal');
    assert.equal(h.security.length, 1, 'A00.FR.316 note: raised once for repeated failures');
  }

  it('A00.FR.301-304, 308, 313: profile 2 connects over TLS >= 1.2 to a CSMS certificate of the configured CA, with Basic credentials', async () => {
    const csms = await startCsms({ tls: { cert: good.cert, key: good.key } });
    const h = station(profile2(csms.url));
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    const req = csms.requests[0]!;
    assert.equal(req.headers.authorization, basic('CS001', PASSWORD));
    assert.match(String((req.socket as TLSSocket).getProtocol()), /^TLSv1\.[23]$/);
    assert.deepEqual(h.security, []);
  });

  it('A00.FR.312 / A00.FR.415: profiles 2 and 3 refuse a ws:// URL with a clear error', () => {
    const h = station({ ...profile2('ws://127.0.0.1:1/ocpp') });
    assert.throws(() => h.conn.start(), /security profile 2 needs a wss:\/\/ CSMS URL/);
    h.settings = { ...h.settings, securityProfile: 3, clientCert: client.cert, clientKey: client.key };
    assert.throws(() => h.conn.start(), /security profile 3 needs a wss:\/\/ CSMS URL/);
    assert.equal(h.conn.state, 'idle');
  });

  it('A00.FR.308, 310, 311: a CSMS certificate from another CA → refused, InvalidCsmsCertificate', async () => {
    await expectRefused(await issueServerCert(otherCa), 'InvalidCsmsCertificate');
  });

  it('A00.FR.310, 311: an expired CSMS certificate → refused, InvalidCsmsCertificate', async () => {
    const expired = await issueServerCert(ca, { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    await expectRefused(expired, 'InvalidCsmsCertificate');
  });

  it('A00.FR.309, 310, 311: a CSMS certificate for another host name → refused, InvalidCsmsCertificate', async () => {
    await expectRefused(await issueServerCert(ca, { hosts: ['csms.example.com'] }), 'InvalidCsmsCertificate');
  });

  it('A00.FR.313, 314, 316: a CSMS offering only TLS 1.1 → refused, InvalidTLSVersion', async () => {
    await expectRefused(good, 'InvalidTLSVersion', {
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
  });

  it('A00.FR.401, 402: profile 3 presents its certificate; the CSMS verifies it and reads CN = serial number', async () => {
    const csms = await requiringClientCerts();
    const h = station(profile3(csms.url, client));
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    const req = csms.requests[0]!;
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    assert.equal(peer.subject.CN, 'SN-0001');
    assert.equal(peer.subject.O, 'Test CSO');
    assert.equal(req.headers.authorization, undefined, 'profile 3 authenticates by certificate only');
  });

  it('A00.FR.401: profile 3 without a client certificate configured is refused before connecting', () => {
    const h = station({ csmsUrl: 'wss://127.0.0.1:1/ocpp', stationId: 'CS001', securityProfile: 3, ca: ca.cert });
    assert.throws(() => h.conn.start(), /client certificate/);
  });

  it('A00.FR.403, 407: a CSMS requiring client certificates refuses a station presenting none', async () => {
    const csms = await requiringClientCerts();
    const h = station(profile2(csms.url));
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.equal(csms.sockets.length, 0);
    assert.equal(h.sends.length, 0);
  });

  it('A00.FR.403, 407: a CSMS refuses a station certificate that does not chain to its CA', async () => {
    const csms = await requiringClientCerts();
    const h = station(profile3(csms.url, await issueClientCert(otherCa)));
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.equal(csms.sockets.length, 0);
    assert.equal(h.sends.length, 0);
    assert.ok(!h.security.some(([type]) => type === 'InvalidCsmsCertificate'), 'the CSMS certificate was fine');
  });
});
