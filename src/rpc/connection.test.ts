// StationConnection against real ws servers on 127.0.0.1 (test/support/connection-harness.ts);
// every wait the station decides (back-off, ping, handshake timeout) runs on a FakeClock, and
// the tests only wait in real time for socket I/O to settle. Profiles 2 and 3 (TLS):
// connection.tls.test.ts.

import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { FakeClock } from '../clock/fake-clock.js';
import { basic, cleanUp, expectRetryAfter, PASSWORD, startCsms, station, tcpServer, until } from '../../test/support/connection-harness.js';

afterEach(cleanUp);

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

describe('E04.FR.03 / Part 4 §5: a closing connection is no longer connected', () => {
  it("E04.FR.03 – once the CSMS's close frame is in, the connection counts as not connected before its socket ends", async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    await until(() => h.sends.length === 1 && csms.sockets.length === 1, 'open');
    assert.equal(h.conn.connected, true);
    // A CSMS that sends its close frame and then leaves the closing handshake hanging: it reads
    // nothing more, so the station's socket stays up until its own close timeout.
    const socket = (csms.sockets[0] as unknown as { _socket: Socket })._socket;
    socket.pause();
    socket.write(Buffer.from([0x88, 0x02, 0x03, 0xe8])); // close, code 1000
    await until(() => !h.conn.connected, 'the close frame seen');
    assert.equal(h.conn.state, 'open', 'the socket has not ended yet');
    assert.deepEqual(h.closes, [], 'and no close was reported yet');
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
    assert.deepEqual(
      h.security.map(([type]) => type),
      ['FailedToAuthenticateAtCsms'],
    );
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
    for (const [failed, wait] of [
      [1, 10_000],
      [2, 20_000],
    ] as const) {
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

describe('cut(): a network failure on purpose', () => {
  it('the socket dies without a close frame (1006 at the CSMS), and the station connects again after the offline time asked', async () => {
    const csms = await startCsms();
    const h = station({ csmsUrl: csms.url, stationId: 'CS001', securityProfile: 0 });
    h.conn.start();
    await until(() => h.conn.state === 'open' && csms.sockets.length === 1, 'open');
    const serverSaw = new Promise<number>((resolve) => csms.sockets[0]!.on('close', (code) => resolve(code)));
    h.conn.cut(45_000);
    assert.equal(await serverSaw, 1006, 'no closing handshake: the CSMS sees an abnormal closure');
    await until(() => h.conn.state === 'waiting', 'offline');
    expectRetryAfter(h, 45_000);
    await until(() => h.conn.state === 'open' && csms.sockets.length === 2, 'open again');
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
