// Time, timers and randomness are injected so that every timing rule (heartbeat, back-off,
// message timeout, ping/pong) can be tested with a fake clock instead of sleeping.

export type TimerHandle = { readonly __timer: unique symbol };

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once `now()` has reached the time of the call + `ms`, never before. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  /** A number in [0, 1). */
  random(): number;
}

/** The longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface NativeTimers<T> {
  /** Calls `fn(arg)` once, after `ms`. */
  set<A>(fn: (arg: A) => void, ms: number, arg: A): T;
  clear(timer: T): void;
}

/**
 * A timeout of any length on timers that hold at most MAX_TIMER_MS: a longer delay (a date the
 * CSMS set years ahead) is waited for in steps; a negative or NaN delay is 0, and Infinity never
 * fires. It never fires before `now()` has reached the deadline: a Node timer counts from the
 * event loop's cached time, which lags the wall clock by however long the current turn has run,
 * so on a busy machine it fires early by `Date.now()`; what was scheduled at the wall clock's
 * time t + ms (an EV answering the contactor) must see t + ms when it runs.
 */
export function steppedTimeout<T>(native: NativeTimers<T>, now: () => number, fn: () => void, ms: number): { cancel(): void } {
  return new SteppedTimer(native, now, fn, now() + (Number.isNaN(ms) ? 0 : Math.max(0, ms)));
}

/**
 * One timeout: its deadline and the native timer of the step under way. An object with methods,
 * and the native timer given it as its argument, rather than closures: a fleet holds a few
 * timers per station and one per CALL in flight, tens of thousands at once.
 */
class SteppedTimer<T> {
  private timer: T;

  constructor(
    private readonly native: NativeTimers<T>,
    private readonly now: () => number,
    private readonly fn: () => void,
    private readonly due: number,
  ) {
    this.timer = this.arm(due - now());
  }

  cancel(): void {
    this.native.clear(this.timer);
  }

  /** The step ended: wait for the rest, or fire. */
  step(): void {
    const left = this.due - this.now();
    if (left > 0) this.timer = this.arm(left);
    else this.fn();
  }

  private arm(delay: number): T {
    return this.native.set(stepOf, Math.min(delay, MAX_TIMER_MS), this);
  }
}

function stepOf<T>(timer: SteppedTimer<T>): void {
  timer.step();
}

const nodeTimers: NativeTimers<NodeJS.Timeout> = { set: (fn, ms, arg) => setTimeout(fn, ms, arg), clear: (t) => clearTimeout(t) };

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => steppedTimeout(nodeTimers, Date.now, fn, ms) as unknown as TimerHandle,
  clearTimeout: (h) => (h as unknown as { cancel(): void } | undefined)?.cancel(),
  random: () => Math.random(),
};
