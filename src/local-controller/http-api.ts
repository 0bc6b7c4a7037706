// The Local Controller's HTTP API on 127.0.0.1 (`ocpp-station local-controller --http P`):
//
//   GET  /api/state          the group: its limit, the stations (connected or not), their
//                            transactions with priority, share, limit sent, power drawn
//   POST /api/group-limit    body { "limitW": n }, n >= 0: the new group limit, shared out at
//                            once (K03.FR.02); answers the new state
//
// Errors are JSON { error } with a reason: 400 for a bad body, 404 for an unknown path, 405
// for the wrong method. No request, however malformed, can crash the controller.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, readJsonObject } from '../http/json-body.js';
import { sendJson } from '../http/json-reply.js';
import { rejectForeignOrigin } from '../http/loopback-origin.js';
import type { LocalController } from './local-controller.js';

export class LocalControllerApi {
  private readonly server: Server;

  constructor(
    private readonly controller: LocalController,
    /** Told about requests that failed inside the controller (answered 500). */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.fail(res, error));
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    rejectForeignOrigin(req);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === '/api/state') {
      allow(method, 'GET', path);
      return sendJson(res, 200, this.controller.state());
    }
    if (path === '/api/group-limit') {
      allow(method, 'POST', path);
      this.controller.setGroupLimit(limitOf(await readJsonObject(req)));
      return sendJson(res, 200, this.controller.state());
    }
    throw new HttpError(404, `no route ${path}`);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) {
      // The rest of a refused body is read and dropped so the client sees the answer.
      if (error.status === 413) res.req.resume();
      return sendJson(res, error.status, { error: error.message }, error.headers);
    }
    this.onError(error);
    sendJson(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function allow(method: string, expected: string, path: string): void {
  if (method !== expected) throw new HttpError(405, `${method} ${path}: use ${expected}`, { allow: expected });
}

/** `{ "limitW": n }`: a finite number of watts, 0 or more, and nothing else. */
function limitOf(body: Record<string, unknown>): number {
  const unknown = Object.keys(body).filter((key) => key !== 'limitW');
  if (unknown.length > 0) throw new HttpError(400, `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')} (expected limitW)`);
  const { limitW } = body;
  if (limitW === undefined) throw new HttpError(400, 'limitW is missing: expected { "limitW": watts }');
  if (typeof limitW !== 'number' || !Number.isFinite(limitW))
    throw new HttpError(400, `limitW must be a number of watts, got ${String(JSON.stringify(limitW)).slice(0, 40)}`);
  if (limitW < 0) throw new HttpError(400, `limitW ${limitW} is negative`);
  return limitW;
}
