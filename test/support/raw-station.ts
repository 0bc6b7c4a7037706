// A station reduced to a bare `ws` client, for tests of the server side: it sends exactly
// the frames a test writes (valid or not) and records everything it receives.

import { WebSocket, type ClientOptions } from 'ws';

export type Frame = unknown[];

export interface ConnectOptions {
  protocols?: string[];
  headers?: Record<string, string>;
  tls?: Pick<ClientOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>;
}

export class RawStation {
  readonly received: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(data)) as Frame;
      } catch {
        frame = ['unparsable', String(data)];
      }
      this.received.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      }
    });
  }

  /** Opens a connection; rejects with the HTTP status (401, 404, ...) or the ws error message. */
  static connect(url: string, options: ConnectOptions = {}): Promise<RawStation> {
    const { protocols = ['ocpp2.0.1'], headers = {}, tls = {} } = options;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { headers, ...tls });
      const station = new RawStation(ws);
      ws.once('open', () => resolve(station));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        ws.terminate();
      });
      ws.once('error', (error) => reject(error));
    });
  }

  sendText(text: string): void {
    this.ws.send(text);
  }

  /** Waits for the next received frame that `match` accepts (including one already received). */
  waitFor(match: (frame: Frame) => boolean): Promise<Frame> {
    const seen = this.received.find(match);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) =>
      this.waiters.push({
        match,
        resolve: (f) => {
          this.received.splice(this.received.indexOf(f), 1);
          resolve(f);
        },
      }),
    );
  }

  /** Sends a CALL and resolves with the CALLRESULT or CALLERROR that answers it. */
  call(action: string, payload: unknown): Promise<Frame> {
    const id = `m${this.nextId++}`;
    this.sendText(JSON.stringify([2, id, action, payload]));
    return this.waitFor((f) => (f[0] === 3 || f[0] === 4) && f[1] === id);
  }

  /** Answers every CALL from the server with what `respond` returns. */
  answerCalls(respond: (action: string, payload: unknown) => unknown): void {
    this.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame[0] === 2) this.sendText(JSON.stringify([3, frame[1], respond(String(frame[2]), frame[3])]));
    });
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    return this.closed;
  }
}

export function basicAuth(username: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
