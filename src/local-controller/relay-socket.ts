// The two WebSockets of each station behind a Local Controller (Part 4 §6.2/6.3), the only file
// here that knows `ws`: a station connects at `/<identity>`; the controller first opens
// `<csms>/<identity>` (same identity, the station's Basic auth header passed on) and only then
// completes the station's handshake, so that a CSMS refusing the station refuses it here too.
// Text frames go both ways unchanged through the hooks; when one side closes, so does the other.
//
// TLS (Part 4 §6.5): towards the stations the controller is the TLS server (wss://, its own
// server certificate; with a client CA it asks for the stations' certificates and refuses an
// untrusted or missing one with 401 before it opens anything to the CSMS); towards the CSMS it is
// the TLS client, and with client certificates it presents its own for every station. The
// certificates of the stations and of the CSMS are only checked in the handshakes, never kept.

import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { type ClientOptions, type RawData, WebSocket, WebSocketServer } from 'ws';
import { TLS_CIPHERS } from '../rpc/connection-options.js';
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

/** The controller as TLS server towards its stations. */
export interface StationSideTls {
  cert: string;
  key: string;
  /** Security profile 3: every station must present a client certificate that chains to this bundle. */
  clientCa?: string;
}

/** The controller as TLS client towards a wss:// CSMS. */
export interface CsmsSideTls {
  /** What the CSMS's server certificate must chain to; none: the system's roots. */
  ca?: string;
  /** The controller's own Charging Station certificate and key, presented on every connection. */
  clientCert?: string;
  clientKey?: string;
}

export interface RelayOptions {
  csmsUrl: string;
  stationTls?: StationSideTls;
  csmsTls?: CsmsSideTls;
}

export class RelayServer {
  private readonly http: Server;
  private readonly csmsUrl: string;
  private readonly stationTls: StationSideTls | undefined;
  private readonly upstreamOptions: ClientOptions;
  private readonly wss = new WebSocketServer({
    noServer: true,
    // Part 4 §3.3: a Local Controller must support RFC 7692 compression (a station may use it).
    perMessageDeflate: true,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  private readonly sockets = new Set<WebSocket>();

  constructor(
    options: RelayOptions,
    private readonly hooks: RelayHooks,
  ) {
    this.csmsUrl = options.csmsUrl;
    this.stationTls = options.stationTls;
    this.upstreamOptions = upstreamTls(options.csmsTls);
    const tls = options.stationTls;
    // Throws here for a certificate and key that do not belong together.
    this.http = tls
      ? createHttpsServer({
          cert: tls.cert,
          key: tls.key,
          minVersion: 'TLSv1.2',
          requestCert: tls.clientCa !== undefined,
          // An untrusted client certificate is refused at the upgrade with 401, not by a TLS alert.
          rejectUnauthorized: false,
          ...(tls.clientCa ? { ca: tls.clientCa } : {}),
        })
      : createHttpServer();
    this.http.on('request', (_req, res) => res.writeHead(426, { Upgrade: 'websocket' }).end());
    this.http.on('clientError', (_error, socket) => socket.destroy());
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** `ws` or `wss`, as the stations connect. */
  get scheme(): 'ws' | 'wss' {
    return this.stationTls ? 'wss' : 'ws';
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
    const untrusted = this.untrustedCertificate(req);
    if (untrusted !== undefined) {
      this.hooks.warn('station refused: client certificate', { identity, reason: untrusted });
      return refuse(socket, 401);
    }
    const authorization = req.headers.authorization;
    const upstream = new WebSocket(`${this.csmsUrl.replace(/\/$/, '')}/${encodeURIComponent(identity)}`, SUBPROTOCOL, {
      ...this.upstreamOptions,
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

  /** With a client CA: why the station's certificate is not good enough; undefined when it is, or none is asked for. */
  private untrustedCertificate(req: IncomingMessage): string | undefined {
    if (this.stationTls?.clientCa === undefined) return undefined;
    const socket = req.socket as TLSSocket;
    if (Object.keys(socket.getPeerCertificate()).length === 0) return 'none presented';
    return socket.authorized ? undefined : String(socket.authorizationError ?? 'not trusted');
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

/**
 * The TLS options of each connection to a wss:// CSMS: the controller is a Charging Station there
 * (Part 4 §6.5), so the same TLS 1.2+, cipher suites and certificate check as a station's own link.
 */
function upstreamTls(tls: CsmsSideTls | undefined): ClientOptions {
  return {
    minVersion: 'TLSv1.2',
    ciphers: TLS_CIPHERS,
    rejectUnauthorized: true,
    ...(tls?.ca ? { ca: tls.ca } : {}),
    ...(tls?.clientCert && tls.clientKey ? { cert: tls.clientCert, key: tls.clientKey } : {}),
  };
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
