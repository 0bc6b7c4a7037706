// The station's control API and dashboard on 127.0.0.1 (contract: "Control API of a running
// station"). Errors are JSON `{ error }` with 400/404; no request can crash the process.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StationSnapshot } from '../station/station.js';
import { DASHBOARD_HTML } from './dashboard.js';

export interface ControlTarget {
  snapshot(): StationSnapshot;
}

export interface ControlEvent {
  type: 'state' | 'frame';
  data: unknown;
}

export class ControlApi {
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly target: ControlTarget) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Pushes an event to every open `GET /api/events` stream. */
  publish(event: ControlEvent): void {
    const chunk = `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
    for (const stream of this.streams) stream.write(chunk);
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(DASHBOARD_HTML);
        return;
      case 'GET /api/state':
        return send(res, 200, this.target.snapshot());
      case 'GET /api/events':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`event: state\ndata: ${JSON.stringify(this.target.snapshot())}\n\n`);
        this.streams.add(res);
        req.on('close', () => this.streams.delete(res));
        return;
      default:
        return send(res, 404, { error: `no route ${route}` });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
