// One end of an OCPP-J link, the same for both roles: parses frames, validates every payload
// in both directions, routes incoming CALLs to their handler, and matches answers to our CALLs.
//
//   text -> parseFrame -> CALL        -> known? handled? valid? -> handler -> CALLRESULT | CALLERROR
//                      -> CALLRESULT  -> tracker.settle -> validate response -> resolve
//                      -> CALLERROR   -> tracker.settle -> reject(OcppError)
//                      -> bad frame   -> CALLERROR (unless it was a broken answer)

import { randomUUID } from 'node:crypto';
import type { Action, RequestOf, ResponseOf } from '../generated/ocpp201/index.js';
import type { Clock } from '../clock/clock.js';
import { redactFrame, type Logger } from '../log/logger.js';
import { type CallObserver, outcomeOf, type SettledCall } from './call-observer.js';
import { CallTracker, type OutgoingCall } from './call-tracker.js';
import { LocalCallError, OcppError, type RpcErrorCode } from './errors.js';
import {
  CALL,
  CALLERROR,
  CALLRESULT,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
  type Call,
  type Payload,
} from './frame.js';
import { validatePayload } from './validator.js';

export interface HandlerContext {
  action: string;
  messageId: string;
}
export type Handler<A extends Action> = (request: RequestOf<A>, ctx: HandlerContext) => ResponseOf<A> | Promise<ResponseOf<A>>;
/** Runs once the response to `action` has been sent ("answer first, then act"). */
export type AfterHook<A extends Action> = (request: RequestOf<A>, response: ResponseOf<A>) => void | Promise<void>;

export type TraceDirection = 'in' | 'out';

/**
 * Handlers and after-hooks that many endpoints share: each is given the endpoint's own `target`
 * (a station's blocks) rather than closing over it, so that an endpoint costs no closure per
 * action (a fleet runs thousands of stations with the same routes).
 */
export interface SharedRoutes<In extends Action, T> {
  readonly handlers: ReadonlyMap<
    string,
    (target: T, request: RequestOf<In>, ctx: HandlerContext) => ResponseOf<In> | Promise<ResponseOf<In>>
  >;
  readonly afterHooks: ReadonlyMap<
    string,
    readonly ((target: T, request: RequestOf<In>, response: ResponseOf<In>) => void | Promise<void>)[]
  >;
}

export interface EndpointOptions {
  clock: Clock;
  log: Logger;
  /** MessageTimeout in milliseconds, read at each call so a change applies at once. */
  callTimeoutMs: () => number;
  /** Calls waiting behind the outstanding one before new calls are refused. */
  maxQueuedCalls?: number;
  /** Every frame in or out, already redacted. */
  onTrace?: (direction: TraceDirection, text: string) => void;
  newMessageId?: () => string;
  /**
   * Decides, before any handler runs, whether an incoming CALL may be processed now; returns
   * the error to answer otherwise (e.g. SecurityError while the boot was Rejected, B03.FR.08).
   */
  gate?: (action: string) => OcppError | undefined;
  /** Told of each of our CALLs that is answered or times out (a load test's measurements). */
  observeCalls?: CallObserver;
}

/**
 * A deliberate misbehaviour towards the peer, for the next `times` (default 1) CALLs of `action`
 * ('*': any): answer late, never answer, or answer with a CALLERROR. It lets a scenario test how
 * a CSMS copes with a station that does these things; the CALL is not processed unless delayed.
 */
export type Misbehaviour = { action: string; times?: number } & (
  | { answer: 'delay'; delayMs: number }
  | { answer: 'withhold' }
  | { answer: 'callError'; code: RpcErrorCode; description?: string }
);

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** A resend of a queued message keeps the id it was first given (errata 2024-09). */
  messageId?: string;
}

/** `Out`: actions this end sends; `In`: actions it answers. */
export class RpcEndpoint<Out extends Action, In extends Action> {
  // Made on first use: a station's endpoint routes through a shared table instead.
  private handlers: Map<string, Handler<In>> | undefined;
  private afterHooks: Map<string, AfterHook<In>[]> | undefined;
  private shared: SharedRoutes<In, unknown> | undefined;
  private sharedTarget: unknown;
  private readonly tracker: CallTracker;
  private sendText: ((text: string) => void) | undefined;
  /** Incoming CALLs whose handler or after-hooks are still running. */
  private answering = 0;
  private readonly misbehaviours: Misbehaviour[] = [];

  constructor(private readonly options: EndpointOptions) {
    this.tracker = new CallTracker(options.clock, options.maxQueuedCalls ?? 1000, (text) => this.write(text));
  }

  handle<A extends In>(action: A, handler: Handler<A>): this {
    if (this.handlers?.has(action) || this.shared?.handlers.has(action)) throw new Error(`${action} already has a handler`);
    this.handlers ??= new Map();
    this.handlers.set(action, handler as unknown as Handler<In>);
    return this;
  }

  after<A extends In>(action: A, hook: AfterHook<A>): this {
    this.afterHooks ??= new Map();
    const hooks = this.afterHooks.get(action) ?? [];
    hooks.push(hook as unknown as AfterHook<In>);
    this.afterHooks.set(action, hooks);
    return this;
  }

  /** Answers the actions of a shared table, each handler and after-hook given `target`; its after-hooks run behind those of `after`. */
  route<T>(routes: SharedRoutes<In, T>, target: T): this {
    if (this.shared) throw new Error('the endpoint already has a shared route table');
    for (const action of routes.handlers.keys()) if (this.handlers?.has(action)) throw new Error(`${action} already has a handler`);
    this.shared = routes as SharedRoutes<In, unknown>;
    this.sharedTarget = target;
    return this;
  }

  get connected(): boolean {
    return this.sendText !== undefined;
  }

  /** Nothing in flight: no CALL outstanding or queued, no handler or after-hook running. */
  get idle(): boolean {
    return this.answering === 0 && this.tracker.idle;
  }

  /** Binds the endpoint to an open socket. */
  attach(send: (text: string) => void): void {
    this.sendText = send;
  }

  /** The socket is gone: every pending call fails with OCPP_ERR_CLOSED. */
  detach(reason = 'connection closed'): void {
    this.sendText = undefined;
    this.tracker.failAll(() => new LocalCallError('OCPP_ERR_CLOSED', reason));
  }

  /** Sends a CALL and resolves with the validated response, or rejects with OcppError / LocalCallError. */
  call<A extends Out>(action: A, payload: RequestOf<A>, options: CallOptions = {}): Promise<ResponseOf<A>> {
    if (!this.sendText) return Promise.reject(new LocalCallError('OCPP_ERR_OFFLINE', `${action}: not connected`));
    const invalid = validatePayload(action, 'Request', payload);
    if (invalid) return Promise.reject(invalid);
    const messageId = options.messageId ?? (this.options.newMessageId ?? randomUUID)();
    return new Promise<ResponseOf<A>>((resolve, reject) => {
      const call: OutgoingCall = {
        messageId,
        action,
        text: serializeCall(messageId, action, payload),
        timeoutMs: options.timeoutMs ?? this.options.callTimeoutMs(),
        resolve: (response) => resolve(response as unknown as ResponseOf<A>),
        reject,
        signal: options.signal,
      };
      const { observeCalls } = this.options;
      this.tracker.enqueue(observeCalls ? this.observed(call, observeCalls) : call);
    });
  }

  /** `call` reporting its outcome to `observer`, timed from the moment it is written, not queued. */
  private observed(call: OutgoingCall, observer: CallObserver): OutgoingCall {
    const now = (): number => (observer.now ? observer.now() : this.options.clock.now());
    let sentAt: number | undefined;
    const report = (outcome: SettledCall['outcome'] | undefined): void => {
      if (sentAt === undefined || outcome === undefined) return;
      try {
        observer.settled({ action: call.action, ms: now() - sentAt, outcome });
      } catch (error) {
        // A measurement must never change what the station does.
        this.options.log.warn({ err: error }, 'call observer failed');
      }
    };
    const { resolve, reject } = call;
    return {
      ...call,
      onSent: () => (sentAt = now()),
      resolve: (response) => {
        report('ok');
        resolve(response);
      },
      reject: (error) => {
        report(outcomeOf(error));
        reject(error);
      },
    };
  }

  /** From now on, answers the matching CALLs as `rule` says, until it has been used `times` times. */
  misbehave(rule: Misbehaviour): void {
    this.misbehaviours.push({ ...rule, times: rule.times ?? 1 });
  }

  /** Writes a text as it is, even one that is not a valid frame. Throws LocalCallError when not connected. */
  sendRaw(text: string): void {
    this.write(text);
  }

  /** Feeds one received text frame. Never throws. */
  receive(text: string): void {
    this.trace('in', text);
    const frame = parseFrame(text);
    switch (frame.type) {
      case CALL:
        void this.answer(frame);
        return;
      case CALLRESULT:
      case CALLERROR: {
        const call = this.tracker.settle(frame.messageId);
        if (!call) {
          this.options.log.warn({ messageId: frame.messageId }, 'answer to an unknown or expired call ignored');
          return;
        }
        if (frame.type === CALLERROR) return call.reject(frame.error);
        const invalid = validatePayload(call.action, 'Response', frame.payload);
        if (invalid) {
          this.options.log.warn({ action: call.action, error: invalid.message }, 'invalid response');
          return call.reject(new LocalCallError('OCPP_ERR_INVALID_RESPONSE', invalid.message, invalid));
        }
        return call.resolve(frame.payload);
      }
      case 'bad':
        this.options.log.warn({ messageId: frame.messageId, error: frame.error.message }, 'malformed frame');
        if (frame.answer) this.reply(serializeCallError(frame.messageId, frame.error));
    }
  }

  private async answer(call: Call): Promise<void> {
    this.answering++;
    try {
      // Frames that arrive together are fed in one go: what the frames before this CALL caused (the
      // registration a BootNotification answer sets, B03.FR.08) runs first, then the CALL is judged.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.answerNow(call);
    } finally {
      this.answering--;
    }
  }

  private async answerNow(call: Call): Promise<void> {
    const { action, messageId, payload } = call;
    const rule = this.takeMisbehaviour(action);
    if (rule?.answer === 'withhold') return;
    if (rule?.answer === 'callError') {
      this.reply(
        serializeCallError(messageId, new OcppError(rule.code, rule.description ?? `${action} answered with an error on purpose`)),
      );
      return;
    }
    if (rule?.answer === 'delay') await new Promise<void>((resolve) => this.options.clock.setTimeout(resolve, rule.delayMs));
    let response: Payload;
    try {
      response = await this.dispatch(action, messageId, payload);
    } catch (error) {
      const ocppError = error instanceof OcppError ? error : internal(this.options.log, action, error);
      this.reply(serializeCallError(messageId, ocppError));
      return;
    }
    let text: string;
    try {
      // A handler that echoes peer data (e.g. a deeply nested customData) can make this throw.
      text = serializeCallResult(messageId, response);
    } catch (error) {
      this.reply(serializeCallError(messageId, internal(this.options.log, action, error)));
      return;
    }
    if (!this.reply(text)) return;
    const request = payload as unknown as RequestOf<In>;
    const answer = response as unknown as ResponseOf<In>;
    for (const hook of this.afterHooks?.get(action) ?? []) {
      try {
        await hook(request, answer);
      } catch (error) {
        this.afterHookFailed(action, error);
      }
    }
    for (const hook of this.shared?.afterHooks.get(action) ?? []) {
      try {
        await hook(this.sharedTarget, request, answer);
      } catch (error) {
        this.afterHookFailed(action, error);
      }
    }
  }

  private afterHookFailed(action: string, error: unknown): void {
    this.options.log.error({ action, err: error }, 'after-hook failed');
  }

  private async dispatch(action: string, messageId: string, payload: Payload): Promise<Payload> {
    const refused = this.options.gate?.(action);
    if (refused) throw refused;
    const own = this.handlers?.get(action);
    const shared = own ? undefined : this.shared?.handlers.get(action);
    if (!own && !shared) {
      const unknown = validatePayload(action, 'Request', payload);
      if (unknown?.code === 'NotImplemented') throw unknown;
      throw new OcppError('NotSupported', `${action} is not supported`);
    }
    const invalid = validatePayload(action, 'Request', payload);
    if (invalid) throw invalid;
    const request = payload as unknown as RequestOf<In>;
    const call = { action, messageId };
    const response = (await (own ? own(request, call) : shared?.(this.sharedTarget, request, call))) as unknown as Payload;
    const badResponse = validatePayload(action, 'Response', response);
    if (badResponse) throw internal(this.options.log, action, badResponse);
    return response;
  }

  private takeMisbehaviour(action: string): Misbehaviour | undefined {
    const index = this.misbehaviours.findIndex((m) => m.action === action || m.action === '*');
    if (index < 0) return undefined;
    const rule = this.misbehaviours[index]!;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.misbehaviours.splice(index, 1);
    return rule;
  }

  private write(text: string): void {
    if (!this.sendText) throw new LocalCallError('OCPP_ERR_OFFLINE', 'not connected');
    this.trace('out', text);
    this.sendText(text);
  }

  /**
   * Writes an answer; false when the connection went away meanwhile (the answer is dropped,
   * and after-hooks do not run). Never throws: answers are written from receive() and from
   * un-awaited handler promises.
   */
  private reply(text: string): boolean {
    try {
      this.write(text);
      return true;
    } catch (error) {
      this.options.log.warn({ err: error }, 'answer dropped');
      return false;
    }
  }

  private trace(direction: TraceDirection, text: string): void {
    const { log, onTrace } = this.options;
    if (!onTrace && !log.isLevelEnabled('debug')) return;
    const safe = redactFrame(text);
    log.debug({ direction, frame: safe }, 'frame');
    onTrace?.(direction, safe);
  }
}

/** A handler failure: logged in full here, answered without any detail (no stack on the wire). */
function internal(log: Logger, action: string, error: unknown): OcppError {
  log.error({ action, err: error }, 'handler failed');
  return new OcppError('InternalError', `${action} could not be processed`);
}
