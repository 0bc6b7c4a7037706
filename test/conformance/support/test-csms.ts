// The test tool's side: a CSMS on the independent ocpp-rpc library in strict mode (every frame
// either way validated against its own copy of the OCPP 2.0.1 schemas). It records every frame
// per station, answers station calls with defaults a test may override, and lets a test await
// the next station message of an action that matches a predicate, or send a CSMS call. It can
// also misbehave the way Part 6 asks: withhold an answer, answer a CALLERROR, close the
// connection and refuse reconnects for a while.

import type { AddressInfo } from 'node:net';
import ocppRpc from 'ocpp-rpc';

// A CommonJS package: its named exports are read off the default one.
const { createRPCError, NOREPLY, RPCServer } = ocppRpc;

/** One recorded frame: a station call (with the answer given) or a CSMS call (with the answer got). */
export interface Frame {
  direction: 'station' | 'csms';
  action: string;
  payload: Record<string, unknown>;
  /** The OCPP-J messageId (station calls): a resend carries the id of the first transmission. */
  messageId?: string;
  response?: unknown;
  error?: unknown;
  /** The tool gave no answer at all (the station's call times out). */
  withheld?: boolean;
  at: number;
}

type Json = Record<string, unknown>;
/**
 * What the tool answers to a station call: a payload, a promise of one (the answer goes out when
 * it settles), NO_ANSWER to withhold the answer, or a thrown `callError(...)` for a CALLERROR.
 */
export type Answer = (payload: Json) => unknown;

/** An Answer that sends nothing back. */
export const NO_ANSWER: unique symbol = Symbol('no answer');

/** Throw this from an Answer to answer with a CALLERROR of that errorCode. */
export function callError(code: 'InternalError' | 'GenericError' | 'NotSupported', description = ''): Error {
  return createRPCError(code, description) as Error;
}

interface RpcClient {
  identity: string;
  call(method: string, params: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  close(options?: { code?: number; force?: boolean }): Promise<unknown>;
  on(event: string, cb: (e: unknown) => void): void;
  handle(cb: (call: { method: string; params: Json; messageId: string }) => unknown): void;
}

interface Waiter {
  action: string;
  predicate: (payload: Json) => boolean;
  resolve: (payload: Json) => void;
}

const now = (): string => new Date().toISOString();

/** What the tool answers when the test says nothing else. */
export const DEFAULT_ANSWERS: Record<string, Answer> = {
  BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: now() }),
  Heartbeat: () => ({ currentTime: now() }),
  Authorize: () => ({ idTokenInfo: { status: 'Accepted' } }),
  TransactionEvent: (p) => (p.idToken ? { idTokenInfo: { status: 'Accepted' } } : {}),
  DataTransfer: () => ({ status: 'UnknownVendorId' }),
};

/** The frames of one station across its connections (a reset reconnects). */
export class StationLink {
  readonly frames: Frame[] = [];
  readonly complaints: unknown[] = [];
  /** Answers that override the defaults for this station; a function per action. */
  readonly answers = new Map<string, Answer>();
  private client: RpcClient | undefined;
  private connectedWaiters: (() => void)[] = [];
  /** Index into `frames` of station calls not yet taken by `next`. */
  private unread: Frame[] = [];
  private waiters: Waiter[] = [];
  connections = 0;
  /** While true the tool refuses the station's connection attempts (the WebSocket upgrade fails). */
  private refusing = false;
  private refusedWaiters: (() => void)[] = [];
  private beforeAccept: (() => Promise<void>) | undefined;
  /** Connection attempts refused so far. */
  refused = 0;

  constructor(readonly id: string) {}

  /** @internal */
  attach(client: RpcClient): void {
    this.client = client;
    this.connections++;
    client.on('strictValidationFailure', (e) => this.complaints.push(e));
    client.on('badMessage', (e) => this.complaints.push(e));
    client.on('close', () => {
      if (this.client === client) this.client = undefined;
    });
    client.handle(async ({ method, params, messageId }) => {
      const answer = this.answers.get(method) ?? DEFAULT_ANSWERS[method] ?? (() => ({}));
      const frame: Frame = { direction: 'station', action: method, payload: params, messageId, at: Date.now() };
      this.frames.push(frame);
      let response: unknown;
      try {
        response = answer(params);
      } catch (error) {
        frame.error = error;
        this.deliver(frame);
        throw error;
      }
      if (response === NO_ANSWER) {
        frame.withheld = true;
        this.deliver(frame);
        return NOREPLY;
      }
      if (!(response instanceof Promise)) {
        frame.response = response;
        this.deliver(frame);
        return response;
      }
      // A deferred answer: the call is seen now, answered later.
      this.deliver(frame);
      try {
        frame.response = await response;
      } catch (error) {
        frame.error = error;
        throw error;
      }
      return frame.response;
    });
    for (const w of this.connectedWaiters.splice(0)) w();
  }

  private deliver(frame: Frame): void {
    const i = this.waiters.findIndex((w) => w.action === frame.action && w.predicate(frame.payload));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w!.resolve(frame.payload);
    } else {
      this.unread.push(frame);
    }
  }

  /**
   * Part 6 "closes the WebSocket connection AND does not accept a reconnect": from now on every
   * connection attempt of the station is refused, until `acceptReconnect()`. Resolves once the
   * connection is closed (answers already on their way are sent first).
   */
  async goOffline(): Promise<void> {
    this.refusing = true;
    await this.client?.close({ code: 1000 });
  }

  /**
   * Connection attempts are accepted again. `beforeAccept` runs while the next attempt waits for
   * its upgrade, the last moment the station is still offline.
   */
  acceptReconnect(beforeAccept?: () => Promise<void>): void {
    this.refusing = false;
    this.beforeAccept = beforeAccept;
  }

  /** Resolves at the next connection attempt the tool refuses. */
  async nextRefused(timeoutMs = 15_000): Promise<void> {
    await withTimeout(new Promise<void>((r) => this.refusedWaiters.push(r)), timeoutMs, `${this.id} to try to reconnect`);
  }

  /** @internal Whether a connection attempt is let in; a refused one is counted. */
  async admit(): Promise<boolean> {
    if (this.refusing) {
      this.refused++;
      for (const w of this.refusedWaiters.splice(0)) w();
      return false;
    }
    const hook = this.beforeAccept;
    this.beforeAccept = undefined;
    await hook?.();
    return true;
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Resolves once the station has a connection (now or later). */
  async whenConnected(timeoutMs = 15_000): Promise<void> {
    if (this.client) return;
    await withTimeout(new Promise<void>((r) => this.connectedWaiters.push(r)), timeoutMs, `${this.id} to connect`);
  }

  /**
   * The next station call of `action` matching `predicate` that no earlier `next` took: one already
   * received, else the first to come. Calls of that action that do not match stay unread.
   */
  next(action: string, predicate: (payload: Json) => boolean = () => true, timeoutMs = 15_000): Promise<Json> {
    const i = this.unread.findIndex((f) => f.action === action && predicate(f.payload));
    if (i >= 0) {
      const [f] = this.unread.splice(i, 1);
      return Promise.resolve(f!.payload);
    }
    let waiter: Waiter | undefined;
    const promise = new Promise<Json>((resolve) => {
      waiter = { action, predicate, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(promise, timeoutMs, `${this.id}: ${action}Request matching ${predicate.toString()}`, () => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  /** Drops what is unread, so that `next` sees only what comes from now on. */
  forget(): void {
    this.unread = [];
  }

  /** Station calls of `action` received so far. */
  received(action: string): Json[] {
    return this.frames.filter((f) => f.direction === 'station' && f.action === action).map((f) => f.payload);
  }

  /** Sends a CSMS call; resolves to the station's response (schema-checked by the peer). */
  async call<T = Json>(action: string, payload: Json, timeoutMs = 15_000): Promise<T> {
    await this.whenConnected();
    const frame: Frame = { direction: 'csms', action, payload, at: Date.now() };
    this.frames.push(frame);
    try {
      frame.response = await this.client!.call(action, payload, { callTimeoutMs: timeoutMs });
      return frame.response as T;
    } catch (error) {
      frame.error = error;
      throw error;
    }
  }
}

export class TestCsms {
  private server: InstanceType<typeof RPCServer> | undefined;
  private links = new Map<string, StationLink>();
  url = '';

  async listen(): Promise<void> {
    this.server = new RPCServer({ protocols: ['ocpp2.0.1'], strictMode: true });
    this.server.auth(async (accept, reject, handshake) => {
      if (await this.link(handshake.identity).admit()) accept();
      else reject(503, 'Service Unavailable');
    });
    this.server.on('client', (client: RpcClient) => this.link(client.identity).attach(client));
    const http = await this.server.listen(0, '127.0.0.1');
    this.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;
  }

  /** The record of station `id` (created before it connects, so a test can set answers first). */
  link(id: string): StationLink {
    let l = this.links.get(id);
    if (!l) {
      l = new StationLink(id);
      this.links.set(id, l);
    }
    return l;
  }

  async close(): Promise<void> {
    await this.server?.close({ force: true, awaitPending: false });
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
