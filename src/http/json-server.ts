// The HTTP server of a loopback JSON API (the station's control API, the Local Controller's):
// a request that fails with an HttpError is answered with its status and reason, anything else
// with a 500 that the owner is told of; a client that sends garbage instead of HTTP gets a 400.
// No request, however malformed, can crash the process.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from './json-body.js';
import { sendJson } from './json-reply.js';

export interface JsonServerOptions {
  /** Turns an error of the API's own kind into an HttpError; undefined: a 500. */
  toHttpError?: (error: unknown) => HttpError | undefined;
  /** Told about requests that failed inside the API (answered 500). */
  onError?: (error: unknown) => void;
}

export class JsonServer {
  private readonly server: Server;

  constructor(
    handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    private readonly options: JsonServerOptions = {},
  ) {
    this.server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => this.fail(res, error));
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Listens on `host` (loopback only by default) and resolves with the bound port. */
  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private fail(res: ServerResponse, error: unknown): void {
    const known = error instanceof HttpError ? error : this.options.toHttpError?.(error);
    if (known) {
      // The rest of a refused body is read and dropped so the client sees the answer.
      if (known.status === 413) res.req.resume();
      return sendJson(res, known.status, { error: known.message }, known.headers);
    }
    this.options.onError?.(error);
    sendJson(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
  }
}
