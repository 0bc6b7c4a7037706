// StationConnection against real ws servers on 127.0.0.1 (plain and TLS): a test CSMS, bare
// TCP servers that drop or ignore every connection, and a station harness on a FakeClock that
// records everything the connection reports. Shared by src/rpc/connection*.test.ts; each test
// file runs `afterEach(cleanUp)`.

import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { StationConnection, type BackoffSettings, type ConnectionSettings } from '../../src/rpc/connection.js';
import { waitFor } from './wait.js';

export const PASSWORD = 'Secret-Passw0rd-4-Tests';
const cleanups: (() => unknown)[] = [];

/** Stops every station and closes every server the last test made, newest first. */
export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export interface CsmsOptions {
  tls?: HttpsOptions;
  /** HTTP status to refuse an upgrade request with; undefined = accept. */
  gate?: (req: IncomingMessage) => number | undefined;
  /** false: complete the handshake without a subprotocol (Part 4 §3.2). */
  agreeProtocol?: boolean;
  /** false: do not answer pings. */
  autoPong?: boolean;
}

export interface TestCsms {
  /** The OCPP-J endpoint URL, without the station id. */
  url: string;
  /** Every upgrade request that reached the HTTP layer. */
  requests: IncomingMessage[];
  /** The server end of every accepted WebSocket. */
  sockets: WebSocket[];
}

export async function startCsms(options: CsmsOptions = {}): Promise<TestCsms> {
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
export async function tcpServer(mode: 'drop' | 'silent'): Promise<string> {
  const held = new Set<Socket>();
  const server = createNetServer((socket) => (mode === 'drop' ? socket.destroy() : held.add(socket)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}/ocpp`;
}

export interface Harness {
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

export function station(settings: ConnectionSettings, timing: { pingIntervalS?: number; backoff?: BackoffSettings } = {}): Harness {
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
export async function until(condition: () => boolean, what: string): Promise<void> {
  await waitFor(condition, what);
}

/** Runs the pending back-off timer, checking it was exactly `ms`. */
export function expectRetryAfter(h: Harness, ms: number): void {
  assert.equal(h.conn.state, 'waiting');
  assert.equal(h.clock.pending, 1, 'only the back-off timer waits');
  assert.equal(h.clock.nextDelay(), ms);
  h.clock.advance(ms);
  assert.equal(h.conn.state, 'connecting');
}

export const basic = (id: string, pw: string): string => `Basic ${Buffer.from(`${id}:${pw}`).toString('base64')}`;
