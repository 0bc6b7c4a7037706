import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { basicAuth, RawStation } from '../../test/support/raw-station.js';
import { LocalCallError } from './errors.js';
import { OcppServer, type AuthenticationInfo, type StationSession } from './server.js';

/** A server on a free port that answers Heartbeat and remembers every session it saw. */
async function startServer(extra: { authenticate?: (info: AuthenticationInfo) => boolean } = {}) {
  const sessions: StationSession[] = [];
  const traces: string[] = [];
  const server = new OcppServer({
    port: 0,
    ...extra,
    onTrace: (id, direction, text) => traces.push(`${id} ${direction} ${text}`),
    onStation: (session) => {
      sessions.push(session);
      session.endpoint.handle('Heartbeat', () => ({ currentTime: '2025-01-01T00:00:00.000Z' }));
    },
  });
  const { port } = await server.listen();
  return { server, sessions, traces, url: `ws://127.0.0.1:${port}` };
}

describe('Part 4 §3.1.1 station identity from the URL', () => {
  it('gives onStation the percent-decoded id of a real connection', async () => {
    const { server, sessions, url } = await startServer();
    const station = await RawStation.connect(`${url}/some/prefix/RDAM%20123`);
    assert.equal(sessions[0]?.id, 'RDAM 123');
    assert.equal(server.session('RDAM 123'), sessions[0]);
    await station.close();
    await server.close();
  });

  it('answers 404 when the URL carries no id', async () => {
    const { server, sessions, url } = await startServer();
    await assert.rejects(RawStation.connect(`${url}/ocpp/`), /HTTP 404/);
    assert.equal(sessions.length, 0);
    await server.close();
  });
});

describe('Part 4 §3.1.2 subprotocol negotiation', () => {
  let ctx: Awaited<ReturnType<typeof startServer>>;
  before(async () => (ctx = await startServer()));
  after(() => ctx.server.close());

  it('selects ocpp2.0.1 among the offered versions', async () => {
    const station = await RawStation.connect(`${ctx.url}/ocpp/CS1`, { protocols: ['ocpp1.6', 'ocpp2.0.1'] });
    assert.equal(station.ws.protocol, 'ocpp2.0.1');
    await station.close();
  });

  it('completes the handshake without a subprotocol and closes at once when none is offered', async () => {
    const before = ctx.sessions.length;
    const station = await RawStation.connect(`${ctx.url}/ocpp/CS2`, { protocols: [] });
    assert.equal(station.ws.protocol, '');
    assert.equal((await station.closed).code, 1002);
    assert.equal(ctx.sessions.length, before, 'no session for a refused station');
  });

  it('sends no subprotocol header when only another version is offered', async () => {
    await assert.rejects(RawStation.connect(`${ctx.url}/ocpp/CS3`, { protocols: ['ocpp1.6'] }), /no subprotocol/);
    assert.equal(ctx.server.session('CS3'), undefined);
  });
});

describe('A00 Basic authentication (security profiles 1 and 2)', () => {
  const seen: AuthenticationInfo[] = [];
  let ctx: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    ctx = await startServer({
      authenticate: (info) => {
        seen.push(info);
        return info.password === 'correct-horse-battery';
      },
    });
  });
  after(() => ctx.server.close());

  it('admits a station whose password authenticate() accepts, passing id and password', async () => {
    const station = await RawStation.connect(`${ctx.url}/ocpp/CS1`, { headers: basicAuth('CS1', 'correct-horse-battery') });
    assert.deepEqual(seen.at(-1), { stationId: 'CS1', password: 'correct-horse-battery' });
    await station.close();
  });

  it('answers 401 to a wrong password', async () => {
    await assert.rejects(RawStation.connect(`${ctx.url}/ocpp/CS1`, { headers: basicAuth('CS1', 'wrong') }), /HTTP 401/);
  });

  it('answers 401 without asking authenticate() when the username is not the station id', async () => {
    const count = seen.length;
    const headers = basicAuth('OTHER', 'correct-horse-battery');
    await assert.rejects(RawStation.connect(`${ctx.url}/ocpp/CS1`, { headers }), /HTTP 401/);
    assert.equal(seen.length, count);
  });

  it('answers 401 to a missing or malformed Authorization header', async () => {
    await assert.rejects(RawStation.connect(`${ctx.url}/ocpp/CS1`), /HTTP 401/);
    assert.deepEqual(seen.at(-1), { stationId: 'CS1' });
    await assert.rejects(RawStation.connect(`${ctx.url}/ocpp/CS1`, { headers: { Authorization: 'Basic !!!' } }), /HTTP 401/);
  });
});

describe('one connection per station', () => {
  it('replaces the older connection when the same id connects again', async () => {
    const { server, sessions, url } = await startServer();
    const first = await RawStation.connect(`${url}/ocpp/CS1`);
    let firstClosed = false;
    sessions[0]?.onClose(() => (firstClosed = true));
    const second = await RawStation.connect(`${url}/ocpp/CS1`);
    assert.equal((await first.closed).code, 1000);
    assert.ok(firstClosed);
    assert.equal(server.session('CS1'), sessions[1]);
    assert.equal((await second.call('Heartbeat', {}))[0], 3, 'the new connection works');
    await second.close();
    await server.close();
  });
});

describe('Part 4 §4 frames from the station', () => {
  it('answers garbage with the right CALLERROR and keeps serving', async () => {
    const { server, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    const cases: [string, string, string][] = [
      ['not json', '-1', 'RpcFrameworkError'],
      ['{"an":"object"}', '-1', 'RpcFrameworkError'],
      ['[2, 42, "Heartbeat", {}]', '-1', 'RpcFrameworkError'],
      ['[2, "g1", "Heartbeat"]', 'g1', 'ProtocolError'],
      ['[2, "g2", "Heartbeat", []]', 'g2', 'FormatViolation'],
      ['[7, "g3", "Heartbeat", {}]', 'g3', 'MessageTypeNotSupported'],
      ['[2, "g4", "NoSuchAction", {}]', 'g4', 'NotImplemented'],
      ['[2, "g5", "Authorize", {"idToken": {"idToken": "x", "type": "ISO14443"}}]', 'g5', 'NotSupported'],
      ['[2, "g6", "Heartbeat", {"extra": 1}]', 'g6', 'OccurrenceConstraintViolation'],
    ];
    for (const [text, id, code] of cases) {
      station.sendText(text);
      const answer = await station.waitFor((f) => f[0] === 4 && f[1] === id);
      assert.equal(answer[2], code, text);
    }
    station.sendText('[3, "unknown", {}]'); // an answer to nothing: ignored, not answered
    assert.equal((await station.call('Heartbeat', {}))[0], 3);
    await station.close();
    await server.close();
  });

  it('closes a connection that sends a binary frame (1003)', async () => {
    const { server, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    station.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await station.closed).code, 1003);
    await server.close();
  });

  it('survives a text frame that is not UTF-8 (1007) and accepts the next connection', async () => {
    const { server, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    station.ws.send(Buffer.from([0xc3, 0x28]), { binary: false });
    assert.equal((await station.closed).code, 1007);
    const again = await RawStation.connect(`${url}/ocpp/CS1`);
    assert.equal((await again.call('Heartbeat', {}))[0], 3);
    await again.close();
    await server.close();
  });
});

describe('calls from the server', () => {
  it('resolves with the station response, and traces both frames', async () => {
    const { server, sessions, traces, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    station.answerCalls(() => ({ status: 'Accepted' }));
    const response = await sessions[0]!.endpoint.call('Reset', { type: 'Immediate' });
    assert.deepEqual(response, { status: 'Accepted' });
    assert.ok(traces.some((t) => t.startsWith('CS1 out [2,') && t.includes('"Reset"')));
    assert.ok(traces.some((t) => t.startsWith('CS1 in [3,')));
    await station.close();
    await server.close();
  });

  it('fails a pending call with OCPP_ERR_CLOSED when the station goes away', async () => {
    const { server, sessions, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    const pending = sessions[0]!.endpoint.call('Reset', { type: 'Immediate' });
    await station.waitFor((f) => f[0] === 2);
    station.ws.terminate();
    await assert.rejects(pending, (e: unknown) => e instanceof LocalCallError && e.code === 'OCPP_ERR_CLOSED');
    await server.close();
  });

  it('a CALL that arrives during the closing handshake is traced, not answered', async () => {
    const { server, sessions, traces, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    sessions[0]!.close(1000);
    station.sendText('[2,"late-1","Heartbeat",{}]'); // crosses the server's close frame
    await station.closed;
    assert.ok(traces.includes('CS1 in [2,"late-1","Heartbeat",{}]'), traces.join('\n'));
    assert.equal(traces.filter((t) => t.startsWith('CS1 out [3,"late-1"')).length, 0, 'not answered');
    await server.close();
  });

  it('close() closes every station with 1001', async () => {
    const { server, url } = await startServer();
    const station = await RawStation.connect(`${url}/ocpp/CS1`);
    await server.close();
    assert.equal((await station.closed).code, 1001);
  });
});

describe('a server on a listener of its own', () => {
  it('handleUpgrade takes the upgrades of an HTTP server it does not own; abort() cuts without a closing handshake (1006)', async () => {
    const sessions: StationSession[] = [];
    const server = new OcppServer({ port: 0, onStation: (session) => sessions.push(session) });
    const http = createServer((_req, res) => res.end('a web application'));
    http.on('upgrade', (req, socket, head) => server.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const station = await RawStation.connect(`ws://127.0.0.1:${port}/ocpp/CS1`);
    assert.equal(sessions[0]?.id, 'CS1');
    sessions[0]!.abort();
    assert.equal((await station.closed).code, 1006);
    await server.close();
    await assert.rejects(RawStation.connect(`ws://127.0.0.1:${port}/ocpp/CS2`), 'a closed server takes no more upgrades');
    assert.equal(sessions.length, 1);
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
});
