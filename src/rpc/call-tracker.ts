// Outgoing CALLs: at most one outstanding per direction (Part 4 §4.1.1), the rest wait in
// a bounded FIFO. Each CALL times out after MessageTimeout; a late answer is then ignored.

import type { Clock, TimerHandle } from '../clock/clock.js';
import { LocalCallError } from './errors.js';

export interface OutgoingCall {
  messageId: string;
  action: string;
  text: string;
  timeoutMs: number;
  resolve(payload: Record<string, unknown>): void;
  reject(error: Error): void;
  signal?: AbortSignal | undefined;
  /** Called as the CALL is written (after any wait in the queue). */
  onSent?(): void;
}

export class CallTracker {
  private readonly waiting: OutgoingCall[] = [];
  private inFlight: { call: OutgoingCall; timer: TimerHandle } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly maxWaiting: number,
    private readonly send: (text: string) => void,
  ) {}

  get outstanding(): OutgoingCall | undefined {
    return this.inFlight?.call;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** No CALL outstanding and none waiting. */
  get idle(): boolean {
    return this.inFlight === undefined && this.waiting.length === 0;
  }

  enqueue(call: OutgoingCall): void {
    if (this.waiting.length >= this.maxWaiting) {
      call.reject(new LocalCallError('OCPP_ERR_QUEUE_FULL', `More than ${this.maxWaiting} calls waiting`));
      return;
    }
    const { signal } = call;
    if (signal?.aborted) {
      call.reject(new LocalCallError('OCPP_ERR_ABORTED', `${call.action} was aborted`));
      return;
    }
    // A call settles once: an aborted outstanding CALL may still be answered or time out later.
    // Its abort listener goes with it, so a long-lived signal shared by many calls does not pile them up.
    const onAbort = (): void => this.abort(call);
    signal?.addEventListener('abort', onAbort, { once: true });
    const { resolve, reject } = call;
    let settled = false;
    const once =
      <T>(fn: (value: T) => void) =>
      (value: T): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
    call.resolve = once(resolve);
    call.reject = once(reject);
    this.waiting.push(call);
    this.pump();
  }

  /** Takes the outstanding call whose id is `messageId`, or undefined for an unknown or late id. */
  settle(messageId: string): OutgoingCall | undefined {
    if (!this.inFlight || this.inFlight.call.messageId !== messageId) return undefined;
    const { call, timer } = this.inFlight;
    this.clock.clearTimeout(timer);
    this.inFlight = undefined;
    queueMicrotask(() => this.pump());
    return call;
  }

  /** Fails every call, sent or waiting (the connection is gone). */
  failAll(error: () => Error): void {
    const calls = [...(this.inFlight ? [this.inFlight.call] : []), ...this.waiting.splice(0)];
    if (this.inFlight) this.clock.clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    for (const call of calls) call.reject(error());
  }

  private pump(): void {
    if (this.inFlight) return;
    const call = this.waiting.shift();
    if (!call) return;
    const timer = this.clock.setTimeout(() => {
      if (this.inFlight?.call !== call) return;
      this.inFlight = undefined;
      call.reject(new LocalCallError('OCPP_ERR_CALL_TIMEOUT', `${call.action} got no answer within ${call.timeoutMs} ms`));
      this.pump();
    }, call.timeoutMs);
    this.inFlight = { call, timer };
    try {
      call.onSent?.();
      this.send(call.text);
    } catch (error) {
      this.clock.clearTimeout(timer);
      this.inFlight = undefined;
      call.reject(error instanceof Error ? error : new Error(String(error)));
      this.pump();
    }
  }

  private abort(call: OutgoingCall): void {
    const reason = new LocalCallError('OCPP_ERR_ABORTED', `${call.action} was aborted`);
    const index = this.waiting.indexOf(call);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      call.reject(reason);
    } else if (this.inFlight?.call === call) {
      // The caller stops waiting, but the CALL stays outstanding until its answer or timeout:
      // the peer may still answer it, and only one CALL may be outstanding (Part 4 §4.1.1).
      call.reject(reason);
    }
  }
}
