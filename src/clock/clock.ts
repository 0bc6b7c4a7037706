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
  set(fn: () => void, ms: number): T;
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
  const due = now() + (Number.isNaN(ms) ? 0 : Math.max(0, ms));
  let timer: T;
  const arm = (delay: number): void => {
    timer = native.set(
      () => {
        const left = due - now();
        if (left > 0) arm(left);
        else fn();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  };
  arm(due - now());
  return { cancel: () => native.clear(timer) };
}

const nodeTimers: NativeTimers<NodeJS.Timeout> = { set: (fn, ms) => setTimeout(fn, ms), clear: (t) => clearTimeout(t) };

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => steppedTimeout(nodeTimers, Date.now, fn, ms) as unknown as TimerHandle,
  clearTimeout: (h) => (h as unknown as { cancel(): void } | undefined)?.cancel(),
  random: () => Math.random(),
};
