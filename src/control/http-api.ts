// The station's control API and dashboard on 127.0.0.1 (contract: "Control API of a running
// station"). Errors are JSON `{ error }`; no request, however malformed, can crash the process.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ControlError, type ControlTarget } from './control-target.js';
import type { StationSnapshot } from './snapshot.js';
import { DASHBOARD_CSP, type DashboardFile, dashboardFile } from './dashboard.js';
import { PowerHistoryBuffer } from './power-history.js';
import { sendJson as send } from '../http/json-reply.js';
import { JsonServer } from '../http/json-server.js';
import { rejectForeignOrigin } from '../http/loopback-origin.js';
import { HttpError } from './request-body.js';
import { JSON_ROUTES } from './routes.js';

/** A dashboard that stops reading is dropped rather than buffered without bound. */
const MAX_STREAM_BACKLOG_BYTES = 4 * 1024 * 1024;
/** Recent frames replayed to a dashboard that opens later, so its trace starts with the boot. */
const RECENT_FRAMES = 500;
const RECENT_FRAME_BYTES = 4 * 1024 * 1024;

export interface ControlApiOptions {
  /** Told about requests that failed inside the station (answered 500). */
  onError?: (error: unknown) => void;
  /** The clock of the power history, ms since the epoch (default Date.now). */
  now?: () => number;
}

export class ControlApi {
  private readonly server: JsonServer;
  private readonly streams = new Set<ServerResponse>();
  private readonly recentFrames: string[] = [];
  private recentFrameBytes = 0;
  private readonly history: PowerHistoryBuffer;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly target: ControlTarget,
    private readonly options: ControlApiOptions = {},
  ) {
    this.history = new PowerHistoryBuffer(options.now);
    this.server = new JsonServer((req, res) => this.handle(req, res), {
      toHttpError: (error) => (error instanceof ControlError ? new HttpError(error.status, error.message) : undefined),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** Listens on `host` (loopback only by default) and resolves with the bound port. */
  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    if (!this.unsubscribe) {
      this.history.record(this.target.snapshot());
      this.unsubscribe = this.target.subscribe((e) => this.forward(e.type, e.data));
    }
    return this.server.listen(port, host);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    rejectForeignOrigin(req);

    const file = url.pathname.startsWith('/api/') ? undefined : dashboardFile(url.pathname);
    if (file || url.pathname === '/api/events' || url.pathname === '/api/history') {
      if (method !== 'GET') throw new HttpError(405, `${method} ${url.pathname}: use GET`, { allow: 'GET' });
      if (file) return sendFile(res, file);
      return url.pathname === '/api/events' ? this.openStream(req, res) : send(res, 200, this.history.history());
    }
    const matches = JSON_ROUTES.flatMap((route) => {
      const found = route.path.exec(url.pathname);
      return found ? [{ route, params: found.slice(1) }] : [];
    });
    if (matches.length === 0) throw new HttpError(404, `no route ${url.pathname}`);
    const match = matches.find((m) => m.route.method === method);
    if (!match) {
      const allowed = matches.map((m) => m.route.method).join(', ');
      throw new HttpError(405, `${method} ${url.pathname}: use ${allowed}`, { allow: allowed });
    }
    send(res, 200, await match.route.handle(this.target, req, match.params, url.searchParams));
  }

  /**
   * GET /api/events: the current state, the power history and the recent frames at once, then
   * every state change and OCPP frame. A reconnecting page gets the same replay and rebuilds its
   * chart and trace from it.
   */
  private openStream(req: IncomingMessage, res: ServerResponse): void {
    const first = event('state', this.target.snapshot()) + event('history', this.history.history());
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 2000\n\n${first}${this.recentFrames.join('')}`);
    this.streams.add(res);
    req.on('close', () => this.streams.delete(res));
  }

  private forward(type: 'state' | 'frame', data: unknown): void {
    let chunk: string;
    try {
      chunk = event(type, data);
    } catch (error) {
      return this.options.onError?.(error);
    }
    if (type === 'frame') this.remember(chunk);
    else this.history.record(data as StationSnapshot);
    for (const stream of this.streams) {
      if (stream.writableLength > MAX_STREAM_BACKLOG_BYTES) stream.destroy();
      else stream.write(chunk);
    }
  }

  private remember(chunk: string): void {
    this.recentFrames.push(chunk);
    this.recentFrameBytes += chunk.length;
    while (this.recentFrames.length > RECENT_FRAMES || this.recentFrameBytes > RECENT_FRAME_BYTES) {
      this.recentFrameBytes -= this.recentFrames.shift()!.length;
    }
  }
}

function event(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

function sendFile(res: ServerResponse, file: DashboardFile): void {
  res.writeHead(200, {
    'content-type': file.contentType,
    'cache-control': 'no-store',
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
  });
  res.end(file.body);
}
