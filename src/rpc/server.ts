// The server (CSMS) role of OCPP-J over WebSocket (Part 4 §3): accepts stations at
// `ws[s]://host:port/<any prefix>/<station id>`, checks the subprotocol and credentials,
// and gives each connection its own RpcEndpoint. The only server-side file that knows `ws`.
//
//   upgrade -> id from last path segment -> Basic auth / client cert -> authenticate()
//           -> 401/404 | handshake -> subprotocol ocpp2.0.1? -> no: close at once
//                                                            -> yes: replace older session, onStation, frames

import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { systemClock, type Clock } from '../clock/clock.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../generated/ocpp201/index.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { RpcEndpoint } from './endpoint.js';
import { parseBasicAuth, refuse, stationIdFromPath } from './upgrade-request.js';

export const OCPP_SUBPROTOCOL = 'ocpp2.0.1';

/** WebSocket close codes (RFC 6455 §7.4.1) used here. */
const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_INTERNAL_ERROR = 1011;

/** Time a closing peer gets to finish the closing handshake before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

export interface StationSession {
  readonly id: string;
  readonly endpoint: RpcEndpoint<CsmsToStationAction, StationToCsmsAction>;
  close(code?: number): void;
  /** Cuts the connection without a closing handshake (a network failure, as a peer sees it). */
  abort(): void;
  /** Runs once, when the connection closes or is replaced; at once if it already has. */
  onClose(cb: () => void): void;
}

export interface AuthenticationInfo {
  stationId: string;
  password?: string;
  clientCertificate?: PeerCertificate;
}

export interface OcppServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** wss:// when given (security profiles 2 and 3). */
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean };
  /** false answers the upgrade with HTTP 401. Without it every station is admitted. */
  authenticate?(info: AuthenticationInfo): boolean | Promise<boolean>;
  /** Register handlers here: it runs before any frame of that station is processed. */
  onStation(session: StationSession): void;
  clock?: Clock;
  log?: Logger;
  callTimeoutMs?: number;
  /** Largest frame accepted; a bigger one closes the connection (1009). */
  maxPayloadBytes?: number;
  /** Part 4 §3.3: accept RFC 7692 compression (permessage-deflate) when a station offers it; off when absent. */
  compression?: boolean;
  onTrace?(stationId: string, direction: 'in' | 'out', text: string): void;
}

export class OcppServer {
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private readonly wss: WebSocketServer;
  private readonly log: Logger;
  private readonly clock: Clock;
  private http: Server | undefined;
  private closed = false;

  constructor(private readonly options: OcppServerOptions) {
    this.log = options.log ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: options.maxPayloadBytes ?? 16 * 1024 * 1024,
      perMessageDeflate: options.compression ?? false,
      // Part 4 §3.1.2: pick ocpp2.0.1 when offered; otherwise finish the handshake
      // without the header, and the connection handler closes it at once.
      handleProtocols: (protocols) => (protocols.has(OCPP_SUBPROTOCOL) ? OCPP_SUBPROTOCOL : false),
    });
  }

  async listen(): Promise<{ port: number }> {
    if (this.http) throw new Error('OcppServer is already listening');
    const { tls } = this.options;
    const http = tls
      ? createHttpsServer({
          cert: tls.cert,
          key: tls.key,
          minVersion: 'TLSv1.2',
          requestCert: tls.requestCert ?? false,
          // An untrusted client certificate is refused at the upgrade with 401, not by a TLS alert.
          rejectUnauthorized: false,
          ...(tls.ca ? { ca: tls.ca } : {}),
        })
      : createHttpServer();
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head));
    http.on('request', (_req, res) => {
      res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' }).end('OCPP-J needs a WebSocket\n');
    });
    http.on('clientError', (_error, socket) => socket.destroy());
    this.http = http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', (error) => this.log.error({ err: error }, 'OCPP server error'));
    return { port: (http.address() as AddressInfo).port };
  }

  /** The open session of a station, if it is connected. */
  session(stationId: string): StationSession | undefined {
    return this.sessions.get(stationId);
  }

  /** Closes every connection (1001) and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const http = this.http;
    this.http = undefined;
    for (const session of this.sessions.values()) session.close(CLOSE_GOING_AWAY);
    await Promise.all([...this.sockets].map((ws) => this.closeSocket(ws, CLOSE_GOING_AWAY)));
    if (!http) return;
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  }

  private closeSocket(ws: WebSocket, code: number): Promise<void> {
    if (ws.readyState === ws.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      ws.once('close', () => {
        this.clock.clearTimeout(timer);
        resolve();
      });
      ws.close(code);
    });
  }

  /**
   * An upgrade request to take over: what `listen()` does for its own listener, for a server that
   * shares an HTTP(S) listener with other things (a web application, a proxy that terminates TLS).
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A peer resetting mid-handshake must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    this.admit(req, socket, head).catch((error: unknown) => {
      this.log.error({ err: error }, 'upgrade failed');
      refuse(socket, 500);
    });
  }

  private async admit(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const stationId = stationIdFromPath(req.url ?? '');
    if (stationId === undefined) return refuse(socket, 404, 'The URL must end with the station id');
    const credentials = parseBasicAuth(req.headers.authorization);
    // Part 2 A00: the Basic auth username is the station identity.
    if (credentials === 'malformed' || (credentials && credentials.username !== stationId)) {
      this.log.warn({ stationId }, 'station refused: bad Basic auth credentials');
      return refuse(socket, 401);
    }
    const info: AuthenticationInfo = { stationId };
    if (credentials) info.password = credentials.password;
    if (this.options.tls?.requestCert) {
      const tlsSocket = req.socket as TLSSocket;
      const certificate = tlsSocket.getPeerCertificate();
      if (certificate && Object.keys(certificate).length > 0) {
        if (!tlsSocket.authorized) {
          this.log.warn({ stationId, reason: tlsSocket.authorizationError }, 'station refused: untrusted certificate');
          return refuse(socket, 401);
        }
        info.clientCertificate = certificate;
      }
    }
    if (this.options.authenticate && !(await this.options.authenticate(info))) {
      this.log.warn({ stationId }, 'station refused by authenticate()');
      return refuse(socket, 401);
    }
    if (socket.destroyed || this.closed) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, stationId));
  }

  private onConnection(ws: WebSocket, stationId: string): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    // Invalid UTF-8, oversized frames, resets: ws closes the socket; we only log.
    ws.on('error', (error) => this.log.warn({ stationId, err: error }, 'WebSocket error'));
    if (ws.protocol !== OCPP_SUBPROTOCOL) {
      this.log.warn({ stationId }, `station refused: did not offer ${OCPP_SUBPROTOCOL}`);
      ws.close(CLOSE_PROTOCOL_ERROR, `${OCPP_SUBPROTOCOL} subprotocol required`);
      return;
    }
    const session = new Session(stationId, ws, this.options, this.clock, this.log);
    const previous = this.sessions.get(stationId);
    this.sessions.set(stationId, session);
    session.onClose(() => {
      if (this.sessions.get(stationId) === session) this.sessions.delete(stationId);
      this.log.info({ stationId }, 'station disconnected');
    });
    if (previous) {
      this.log.warn({ stationId }, 'station reconnected: the older connection is replaced');
      previous.close(CLOSE_NORMAL);
    }
    this.log.info({ stationId }, 'station connected');
    try {
      this.options.onStation(session);
    } catch (error) {
      this.log.error({ stationId, err: error }, 'onStation failed');
      session.close(CLOSE_INTERNAL_ERROR);
      return;
    }
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (session.closed) {
        // Arrived during the closing handshake: not handled (the station sends it again after its
        // reconnect), but in the trace, so an operator sees what the station sent as the link went.
        if (!isBinary) this.options.onTrace?.(stationId, 'in', toText(data));
        return;
      }
      // Part 4 §4: OCPP-J frames are text; a binary frame breaks the protocol.
      if (isBinary) return session.close(CLOSE_UNSUPPORTED_DATA);
      try {
        session.endpoint.receive(toText(data));
      } catch (error) {
        this.log.error({ stationId, err: error }, 'frame handling failed');
      }
    });
    ws.on('close', () => session.finish());
  }
}

class Session implements StationSession {
  readonly endpoint: RpcEndpoint<CsmsToStationAction, StationToCsmsAction>;
  closed = false;
  private readonly closeCallbacks: (() => void)[] = [];

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    options: OcppServerOptions,
    clock: Clock,
    private readonly log: Logger,
  ) {
    const timeoutMs = options.callTimeoutMs ?? 30_000;
    const { onTrace } = options;
    this.endpoint = new RpcEndpoint({
      clock,
      log: log.child({ stationId: id }),
      callTimeoutMs: () => timeoutMs,
      ...(onTrace ? { onTrace: (direction, text) => onTrace(id, direction, text) } : {}),
    });
    this.endpoint.attach((text) =>
      ws.send(text, (error) => {
        if (error) log.warn({ stationId: id, err: error }, 'send failed');
      }),
    );
  }

  close(code = CLOSE_NORMAL): void {
    try {
      this.ws.close(code);
    } catch {
      // Not a valid close code: cut the socket instead.
      this.ws.terminate();
    }
    this.finish();
  }

  abort(): void {
    this.ws.terminate();
    this.finish();
  }

  onClose(cb: () => void): void {
    if (this.closed) this.run(cb);
    else this.closeCallbacks.push(cb);
  }

  /** The connection is over: pending calls fail and no further frame is processed. */
  finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.endpoint.detach();
    for (const cb of this.closeCallbacks.splice(0)) this.run(cb);
  }

  private run(cb: () => void): void {
    try {
      cb();
    } catch (error) {
      this.log.error({ stationId: this.id, err: error }, 'onClose callback failed');
    }
  }
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
