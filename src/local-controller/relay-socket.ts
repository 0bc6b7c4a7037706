// The two WebSockets of each station behind a Local Controller (Part 4 §6.2/6.3), the only file
// here that knows `ws`: a station connects at `/<identity>`; the controller first opens
// `<csms>/<identity>` (same identity, the station's Basic auth header passed on) and only then
// completes the station's handshake, so that a CSMS refusing the station refuses it here too.
// Text frames go both ways unchanged through the hooks; when one side closes, so does the other.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { refuse, stationIdFromPath } from '../rpc/upgrade-request.js';

const SUBPROTOCOL = 'ocpp2.0.1';

export interface RelayPair {
  readonly identity: string;
  /** Sends a text frame to the station. */
  toStation(text: string): void;
  /** Sends a text frame to the CSMS. */
  toCsms(text: string): void;
}

export interface RelayHooks {
  opened(pair: RelayPair): void;
  /** A frame from the station; false: it is the controller's own, not for the CSMS. */
  fromStation(pair: RelayPair, text: string): boolean;
  fromCsms(pair: RelayPair, text: string): void;
  closed(pair: RelayPair): void;
  warn(message: string, detail: Record<string, unknown>): void;
}

export class RelayServer {
  private readonly http: Server = createServer((_req, res) => res.writeHead(426, { Upgrade: 'websocket' }).end());
  private readonly wss = new WebSocketServer({
    noServer: true,
    // Part 4 §3.3: a Local Controller must support RFC 7692 compression (a station may use it).
    perMessageDeflate: true,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly csmsUrl: string,
    private readonly hooks: RelayHooks,
  ) {
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => resolve());
    });
    return (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const identity = stationIdFromPath(req.url ?? '');
    if (identity === undefined) return refuse(socket, 404, 'The URL must end with the station id');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!offered.includes(SUBPROTOCOL)) return refuse(socket, 400, `${SUBPROTOCOL} subprotocol required`);
    const authorization = req.headers.authorization;
    const upstream = new WebSocket(`${this.csmsUrl.replace(/\/$/, '')}/${encodeURIComponent(identity)}`, SUBPROTOCOL, {
      ...(authorization ? { headers: { authorization } } : {}),
    });
    this.sockets.add(upstream);
    upstream.once('close', () => this.sockets.delete(upstream));
    upstream.once('unexpected-response', (_request, response) => {
      // The CSMS's refusal (401, 404, …) is the station's answer as well.
      refuse(socket, response.statusCode ?? 502);
      upstream.terminate();
    });
    upstream.once('error', (error) => {
      this.hooks.warn('CSMS connection failed', { identity, err: error.message });
      refuse(socket, 502);
    });
    upstream.once('open', () => {
      if (socket.destroyed) return void upstream.close(1000);
      this.wss.handleUpgrade(req, socket, head, (station) => this.pair(identity, station, upstream));
    });
  }

  private pair(identity: string, station: WebSocket, upstream: WebSocket): void {
    this.sockets.add(station);
    const send = (ws: WebSocket, text: string): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    };
    const pair: RelayPair = { identity, toStation: (t) => send(station, t), toCsms: (t) => send(upstream, t) };
    upstream.removeAllListeners('error');
    for (const ws of [station, upstream]) ws.on('error', (error) => this.hooks.warn('WebSocket error', { identity, err: error.message }));
    station.on('message', (data: RawData, isBinary) => {
      if (isBinary) return upstream.send(data, { binary: true });
      const text = toText(data);
      if (this.hooks.fromStation(pair, text)) send(upstream, text);
    });
    upstream.on('message', (data: RawData, isBinary) => {
      if (isBinary) return station.send(data, { binary: true });
      const text = toText(data);
      this.hooks.fromCsms(pair, text);
      send(station, text);
    });
    // Part 4 §6.3: either link lost, the other is closed: the station queues as if offline, the
    // CSMS sees the station offline.
    let over = false;
    const end = (other: WebSocket) => (): void => {
      this.sockets.delete(station);
      if (other.readyState === WebSocket.OPEN || other.readyState === WebSocket.CONNECTING) other.close(1000);
      if (over) return;
      over = true;
      this.hooks.closed(pair);
    };
    station.once('close', end(upstream));
    upstream.once('close', end(station));
    this.hooks.opened(pair);
  }
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
