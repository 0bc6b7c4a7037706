// The test tool's side: a CSMS on the independent ocpp-rpc library in strict mode (every frame
// either way validated against its own copy of the OCPP 2.0.1 schemas), or, with
// CONFORMANCE_CSMS=built-in, on the product's built-in CSMS (csms-backends.ts). It records every frame
// per station, answers station calls with defaults a test may override, and lets a test await
// the next station message of an action that matches a predicate, or send a CSMS call.
// It listens on one or more endpoints (csms-listener.ts): ws://, or wss:// with a server
// certificate; a station given a password must present it with HTTP Basic auth (else 401).
// It can also misbehave the way Part 6 asks: withhold an answer, answer a CALLERROR, close the
// connection and refuse reconnects for a while, send a call its schemas do not allow.

import type { IncomingMessage } from 'node:http';
import type { SecureContextOptions } from 'node:tls';
import ocppRpc from 'ocpp-rpc';
import { type Backend, callUnchecked, createBackend, defaultAnswer, NOREPLY, type RpcClient } from './csms-backends.js';
import { CsmsListener, tlsOf, type Upgrade } from './csms-listener.js';

// A CommonJS package: its named exports are read off the default one.
const { createRPCError } = ocppRpc;

export type { BrokenOff, CsmsListener, Upgrade } from './csms-listener.js';

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

/** One WebSocket upgrade request of a station, as the tool saw it. */
export interface Attempt {
  at: number;
  accepted: boolean;
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
  // K15/K17: no schedule promised, so that an ISO 15118 EV is offered what the station has at once.
  NotifyEVChargingNeeds: () => ({ status: 'Rejected' }),
  NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
};

/** The frames of one station across its connections (a reset reconnects). */
export class StationLink {
  readonly frames: Frame[] = [];
  readonly complaints: unknown[] = [];
  /** Answers that override the defaults for this station; a function per action. */
  readonly answers = new Map<string, Answer>();
  /** Every WebSocket upgrade request of this station, refused ones too. */
  readonly upgrades: Upgrade[] = [];
  /** When set, the Basic auth password the station must present (A00.FR.2xx/3xx); else any or none. */
  password: string | undefined;
  private client: RpcClient | undefined;
  private connectedWaiters: (() => void)[] = [];
  private disconnectedWaiters: (() => void)[] = [];
  private upgradeWaiters: (() => void)[] = [];
  /** Index into `frames` of station calls not yet taken by `next`. */
  private unread: Frame[] = [];
  private waiters: Waiter[] = [];
  private attemptWaiters: ((a: Attempt) => void)[] = [];
  connections = 0;
  /** Every connection attempt of this station, accepted or refused, in order. */
  readonly attempts: Attempt[] = [];
  /** While true, the tool refuses this station's connection attempts (HTTP 503 to the upgrade request). */
  refuse = false;
  private refusedWaiters: (() => void)[] = [];
  private beforeAccept: (() => Promise<void>) | undefined;

  constructor(readonly id: string) {}

  /** @internal */
  attach(client: RpcClient): void {
    this.client = client;
    this.connections++;
    client.on('strictValidationFailure', (e) => this.complaints.push(e));
    client.on('badMessage', (e) => this.complaints.push(e));
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = undefined;
      for (const w of this.disconnectedWaiters.splice(0)) w();
    });
    client.handle(async ({ method, params, messageId }) => {
      const answer =
        this.answers.get(method) ?? ((p: Json) => defaultAnswer(method, p, () => (DEFAULT_ANSWERS[method] ?? (() => ({})))(p)));
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

  /** @internal Records an upgrade request; false when it is to be refused. */
  async admit(): Promise<boolean> {
    const attempt: Attempt = { at: Date.now(), accepted: !this.refuse };
    this.attempts.push(attempt);
    for (const w of this.attemptWaiters.splice(0)) w(attempt);
    if (!attempt.accepted) {
      for (const w of this.refusedWaiters.splice(0)) w();
      return false;
    }
    const hook = this.beforeAccept;
    this.beforeAccept = undefined;
    await hook?.();
    return true;
  }

  /** Connection attempts refused so far. */
  get refused(): number {
    return this.attempts.filter((a) => !a.accepted).length;
  }

  /**
   * Part 6 "closes the WebSocket connection AND does not accept a reconnect": from now on every
   * connection attempt of the station is refused, until `acceptReconnect()`. Resolves once the
   * connection is closed (answers already on their way are sent first).
   */
  async goOffline(): Promise<void> {
    this.refuse = true;
    await this.client?.close({ code: 1000 });
  }

  /**
   * Connection attempts are accepted again. `beforeAccept` runs while the next attempt waits for
   * its upgrade, the last moment the station is still offline.
   */
  acceptReconnect(beforeAccept?: () => Promise<void>): void {
    this.refuse = false;
    this.beforeAccept = beforeAccept;
  }

  /** Resolves at the next connection attempt the tool refuses. */
  async nextRefused(timeoutMs = 15_000): Promise<void> {
    await withTimeout(new Promise<void>((r) => this.refusedWaiters.push(r)), timeoutMs, `${this.id} to try to reconnect`);
  }

  /** The next connection attempt of this station from now on, accepted or refused. */
  nextAttempt(timeoutMs = 15_000): Promise<Attempt> {
    let waiter: ((a: Attempt) => void) | undefined;
    const promise = new Promise<Attempt>((resolve) => {
      waiter = resolve;
      this.attemptWaiters.push(resolve);
    });
    return withTimeout(promise, timeoutMs, `${this.id} to attempt a connection`, () => {
      this.attemptWaiters = this.attemptWaiters.filter((w) => w !== waiter);
    });
  }

  /**
   * The tool closes the WebSocket connection (code 1000); resolves once it is closed, with the
   * time the close began (the station cannot have seen it earlier; the end of the closing
   * handshake may come later than the station's own view of it).
   */
  async drop(): Promise<number> {
    const client = this.client;
    if (!client) throw new Error(`${this.id} is not connected`);
    this.client = undefined;
    const at = Date.now();
    await client.close({ code: 1000 });
    return at;
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

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Resolves once the station has a connection (now or later). */
  async whenConnected(timeoutMs = 15_000): Promise<void> {
    if (this.client) return;
    await withTimeout(new Promise<void>((r) => this.connectedWaiters.push(r)), timeoutMs, `${this.id} to connect`);
  }

  /** Resolves once the station has no connection (now or later). */
  async whenDisconnected(timeoutMs = 15_000): Promise<void> {
    if (!this.client) return;
    await withTimeout(new Promise<void>((r) => this.disconnectedWaiters.push(r)), timeoutMs, `${this.id} to disconnect`);
  }

  /** The tool aborts the connection (no closing handshake); resolves once it is gone. */
  async abort(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const gone = this.whenDisconnected();
    await client.close({ force: true });
    await gone;
  }

  /** @internal */
  recordUpgrade(upgrade: Upgrade): void {
    this.upgrades.push(upgrade);
    for (const w of this.upgradeWaiters.splice(0)) w();
  }

  /** The first upgrade request from index `since` of `upgrades` on that matches `predicate`. */
  async upgrade(since: number, predicate: (u: Upgrade) => boolean = () => true, timeoutMs = 30_000): Promise<Upgrade> {
    const find = (): Upgrade | undefined => this.upgrades.slice(since).find(predicate);
    const poll = new Promise<Upgrade>((resolve) => {
      const check = (): void => {
        const u = find();
        if (u) resolve(u);
        else this.upgradeWaiters.push(check);
      };
      check();
    });
    return withTimeout(poll, timeoutMs, `${this.id}: an upgrade request matching ${predicate.toString()}`);
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

  /**
   * Sends a CSMS call the tool does not check against its schemas (a value the schema does not
   * allow, which the station must refuse); resolves with the station's CALLERROR. A CALLRESULT
   * instead rejects, naming the response.
   */
  async callUnchecked(action: string, payload: Json, timeoutMs = 15_000): Promise<{ code: string; description: string }> {
    await this.whenConnected();
    const frame: Frame = { direction: 'csms', action, payload, at: Date.now() };
    this.frames.push(frame);
    try {
      frame.response = await callUnchecked(this.client!, action, payload, { callTimeoutMs: timeoutMs });
    } catch (error) {
      frame.error = error;
      const code = (error as { rpcErrorCode?: unknown }).rpcErrorCode;
      if (typeof code !== 'string') throw error;
      return { code, description: (error as Error).message };
    }
    throw new Error(`${action}: the station answered with a CALLRESULT ${JSON.stringify(frame.response)}, not a CALLERROR`);
  }
}

export class TestCsms {
  private readonly backend: Backend;
  private links = new Map<string, StationLink>();
  private readonly listeners: CsmsListener[] = [];
  /** The endpoint each pending upgrade request came in at. */
  private readonly listenerOf = new WeakMap<IncomingMessage, CsmsListener>();
  /** The URL of the first endpoint. */
  url = '';

  constructor() {
    this.backend = createBackend(
      (client) => this.link(client.identity).attach(client),
      (request, identity, password) => this.admit(request, identity, password),
    );
  }

  /** Records the upgrade request; the HTTP status to refuse it with, or undefined to accept it. */
  private async admit(request: IncomingMessage, identity: string, password: string | undefined): Promise<number | undefined> {
    const listener = this.listenerOf.get(request);
    const link = this.link(identity);
    const upgrade: Upgrade = {
      at: Date.now(),
      endpoint: listener?.url ?? '',
      identity,
      path: request.url ?? '',
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      ...tlsOf(request),
    };
    if (listener?.refuseWith !== undefined) upgrade.refusedWith = listener.refuseWith;
    else if (link.password !== undefined && password !== link.password) upgrade.refusedWith = 401;
    else if (!(await link.admit())) upgrade.refusedWith = 503; // the tool refuses reconnections (link.refuse)
    link.recordUpgrade(upgrade);
    return upgrade.refusedWith;
  }

  /**
   * Opens an endpoint: ws://, or wss:// with `tls` (server certificate and key, and any other
   * secure-context option). The first one opened is `url`.
   */
  async listen(options: { tls?: SecureContextOptions } = {}): Promise<CsmsListener> {
    const listener = new CsmsListener(options.tls);
    await listener.start((l) => (request, socket, head) => {
      this.listenerOf.set(request, l);
      this.backend.handleUpgrade(request, socket, head);
    });
    this.listeners.push(listener);
    if (!this.url) this.url = listener.url;
    return listener;
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
    await this.backend.close();
    for (const l of this.listeners) await l.close();
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
