// One endpoint of the test CSMS: a plain HTTP server (ws://) or an HTTPS server (wss://, a
// server certificate made by the test) that hands its WebSocket upgrades to the CSMS. What the
// tool sees below OCPP is kept here: each upgrade request (Authorization header, TLS version and
// cipher, recorded by the CSMS) and each connection that ended before any upgrade request (the
// station refused the certificate or the TLS version, or spoke TLS to a plain endpoint). The
// secure context can be swapped between connections, as the test tool does when it presents an
// invalid certificate and then a valid one again, and the endpoint can be reopened on its port
// with or without TLS.

import { X509Certificate } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SecureContextOptions, TLSSocket } from 'node:tls';

/** One WebSocket upgrade request as the CSMS received it. */
export interface Upgrade {
  at: number;
  /** The URL of the endpoint it came in at. */
  endpoint: string;
  /** The station identity: the last path segment of the URL. */
  identity: string;
  path: string;
  /** The Authorization header as sent, if any. */
  authorization?: string;
  /** The TLS version (e.g. 'TLSv1.3') and cipher of a wss:// upgrade. */
  tlsVersion?: string;
  cipher?: string;
  /** The client certificate the station presented (security profile 3), PEM. */
  clientCertificate?: string;
  /** The HTTP status the CSMS refused it with; undefined = upgraded. */
  refusedWith?: number;
}

/** A connection that ended before an upgrade request, with the TLS or HTTP error seen, if any. */
export interface BrokenOff {
  at: number;
  error?: string;
}

export type UpgradeHandler = (request: IncomingMessage, socket: Socket, head: Buffer) => void;

export class CsmsListener {
  url = '';
  readonly brokenOff: BrokenOff[] = [];
  /** While set, every upgrade is refused with this HTTP status (the endpoint is down for OCPP). */
  refuseWith: number | undefined;
  /** While set, every connection is closed as it comes in, before any answer (no response). */
  hangUp = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Connections (by remote port) with no upgrade request yet, and the error seen on each. */
  private readonly pending = new Map<number, string | undefined>();
  private brokenOffWaiters: ((b: BrokenOff) => void)[] = [];
  private brokenOffSeen = 0;
  private port = 0;
  private onUpgrade: UpgradeHandler | undefined;

  constructor(private tls: SecureContextOptions | undefined) {}

  /** @internal */
  async start(onUpgrade: (listener: CsmsListener) => UpgradeHandler): Promise<void> {
    this.onUpgrade = onUpgrade(this);
    await this.open();
    this.url = `${this.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}/ocpp`;
  }

  /**
   * Closes the endpoint (every connection with it) and opens it again on the same port, with
   * `tls` or as plain HTTP; `url` stays as it was, since that is what the station was given.
   */
  async reopen(tls: SecureContextOptions | undefined): Promise<void> {
    await this.close();
    this.tls = tls;
    await this.open();
  }

  private async open(): Promise<void> {
    const server: Server = this.tls ? createHttpsServer({ ...this.tls }) : createHttpServer();
    server.on('request', (_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      this.pending.delete(request.socket.remotePort ?? 0);
      this.onUpgrade?.(request, socket, head);
    });
    server.on('connection', (socket: Socket) => {
      const port = socket.remotePort ?? 0;
      this.sockets.add(socket);
      this.pending.set(port, this.hangUp ? 'closed by the endpoint without an answer' : undefined);
      socket.once('close', () => {
        this.sockets.delete(socket);
        if (this.pending.has(port)) this.recordBrokenOff(port);
      });
      if (this.hangUp) socket.destroy();
    });
    const noteError = (error: Error & { code?: string }, socket: { remotePort?: number | undefined }): void => {
      const port = socket.remotePort ?? 0;
      if (this.pending.has(port)) this.pending.set(port, `${error.code ?? 'error'}: ${error.message}`);
    };
    server.on('tlsClientError', noteError);
    server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
      noteError(error, socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private recordBrokenOff(port: number): void {
    const error = this.pending.get(port);
    this.pending.delete(port);
    const b: BrokenOff = { at: Date.now(), ...(error ? { error } : {}) };
    this.brokenOff.push(b);
    this.brokenOffWaiters.shift()?.(b);
  }

  /** The certificate, key, TLS versions or ciphers for the handshakes from now on. */
  setSecureContext(options: SecureContextOptions): void {
    if (!this.tls) throw new Error('a ws:// listener has no secure context');
    (this.server as unknown as { setSecureContext(o: SecureContextOptions): void }).setSecureContext(options);
  }

  /** The next connection that ends before an upgrade request and that no earlier call took. */
  nextBrokenOff(timeoutMs = 30_000): Promise<BrokenOff> {
    const already = this.brokenOff[this.brokenOffSeen];
    if (already) {
      this.brokenOffSeen++;
      return Promise.resolve(already);
    }
    return new Promise<BrokenOff>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.brokenOffWaiters = this.brokenOffWaiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a connection broken off at ${this.url}`));
      }, timeoutMs);
      const waiter = (b: BrokenOff): void => {
        clearTimeout(timer);
        this.brokenOffSeen++;
        resolve(b);
      };
      this.brokenOffWaiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.pending.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** The TLS facts of an upgrade request that came over TLS. */
export function tlsOf(request: IncomingMessage): Pick<Upgrade, 'tlsVersion' | 'cipher' | 'clientCertificate'> {
  const socket = request.socket as Partial<TLSSocket>;
  if (!socket.encrypted || !socket.getProtocol || !socket.getCipher) return {};
  const peer = socket.getPeerCertificate?.();
  const clientCertificate = peer?.raw ? new X509Certificate(peer.raw).toString() : undefined;
  return {
    tlsVersion: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher().name,
    ...(clientCertificate ? { clientCertificate } : {}),
  };
}
