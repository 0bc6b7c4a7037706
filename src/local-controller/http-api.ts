// The Local Controller's HTTP API on 127.0.0.1 (`ocpp-station local-controller --http P`):
//
//   GET  /api/state          the group: its limit, the stations (connected or not), their
//                            transactions with priority, share, limit sent, power drawn
//   POST /api/group-limit    body { "limitW": n }, n >= 0: the new group limit, shared out at
//                            once (K03.FR.02); answers the new state
//   POST /api/external-limit body { "limitW": n | null, "source"?: "EMS" | "SO" | "Other" }: an
//                            external system's limit for the group (K14), reported to the CSMS on
//                            the own connection; 409 without one
//
// Errors are JSON { error } with a reason: 400 for a bad body, 404 for an unknown path, 405
// for the wrong method. No request, however malformed, can crash the controller.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { externalLimitOf } from '../http/external-limit-body.js';
import { HttpError, onlyFields, readJsonObject } from '../http/json-body.js';
import { sendJson } from '../http/json-reply.js';
import { JsonServer } from '../http/json-server.js';
import { rejectForeignOrigin } from '../http/loopback-origin.js';
import type { LocalController } from './local-controller.js';

export class LocalControllerApi {
  private readonly server: JsonServer;

  constructor(
    private readonly controller: LocalController,
    /** Told about requests that failed inside the controller (answered 500). */
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.server = new JsonServer((req, res) => this.handle(req, res), { onError });
  }

  /** Listens on `host` (loopback only by default) and resolves with the bound port. */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return this.server.listen(port, host);
  }

  close(): Promise<void> {
    return this.server.close();
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
    if (path === '/api/external-limit') {
      allow(method, 'POST', path);
      const body = await readJsonObject(req);
      onlyFields(body, ['limitW', 'source']);
      const { limitW, source = 'EMS' } = externalLimitOf(body);
      if (!this.controller.setExternalLimit(limitW, source))
        throw new HttpError(409, 'no own connection to the CSMS to report an external limit on: start with --own-connection');
      return sendJson(res, 200, this.controller.state());
    }
    throw new HttpError(404, `no route ${path}`);
  }
}

function allow(method: string, expected: string, path: string): void {
  if (method !== expected) throw new HttpError(405, `${method} ${path}: use ${expected}`, { allow: expected });
}

/** `{ "limitW": n }`: a finite number of watts, 0 or more, and nothing else. */
function limitOf(body: Record<string, unknown>): number {
  onlyFields(body, ['limitW']);
  const { limitW } = body;
  if (limitW === undefined) throw new HttpError(400, 'limitW is missing: expected { "limitW": watts }');
  if (typeof limitW !== 'number' || !Number.isFinite(limitW))
    throw new HttpError(400, `limitW must be a number of watts, got ${String(JSON.stringify(limitW)).slice(0, 40)}`);
  if (limitW < 0) throw new HttpError(400, `limitW ${limitW} is negative`);
  return limitW;
}
