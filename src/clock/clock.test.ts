import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_MS, steppedTimeout, systemClock } from './clock.js';

/**
 * Native timers that fire only when told, recording each delay asked for, and a wall clock that
 * the last timer moves on by its delay when it fires (or by `early` ms less).
 */
function manualTimers() {
  const armed: { fn: () => void; ms: number; cleared: boolean }[] = [];
  let wall = 1_000_000;
  return {
    armed,
    now: () => wall,
    native: {
      set: <A>(fn: (arg: A) => void, ms: number, arg: A) => armed.push({ fn: () => fn(arg), ms, cleared: false }) - 1,
      clear: (i: number) => {
        armed[i]!.cleared = true;
      },
    },
    fireLast: (early = 0) => {
      wall += armed.at(-1)!.ms - early;
      armed.at(-1)!.fn();
    },
  };
}

describe('Timers past 2^31 ms (a date years ahead, set by the CSMS)', () => {
  it('are waited for in steps no longer than a timer holds, and fire only after the whole delay', () => {
    const t = manualTimers();
    let fired = false;
    steppedTimeout(t.native, t.now, () => (fired = true), 2 * MAX_TIMER_MS + 5);
    assert.deepEqual(
      t.armed.map((a) => a.ms),
      [MAX_TIMER_MS],
    );
    t.fireLast();
    assert.equal(fired, false);
    t.fireLast();
    assert.equal(fired, false);
    assert.deepEqual(
      t.armed.map((a) => a.ms),
      [MAX_TIMER_MS, MAX_TIMER_MS, 5],
    );
    t.fireLast();
    assert.equal(fired, true);
  });

  it('a cancelled long timer clears the step that waits; negative and NaN delays are 0', () => {
    const t = manualTimers();
    const timer = steppedTimeout(t.native, t.now, () => assert.fail('cancelled'), MAX_TIMER_MS + 1);
    t.fireLast();
    timer.cancel();
    assert.equal(t.armed.at(-1)!.cleared, true);
    steppedTimeout(t.native, t.now, () => undefined, -1000);
    steppedTimeout(t.native, t.now, () => undefined, Number.NaN);
    assert.deepEqual(
      t.armed.slice(-2).map((a) => a.ms),
      [0, 0],
    );
  });

  it('a timer the platform fires early by the wall clock waits out the rest (an EV answering the contactor sees its time come)', () => {
    const t = manualTimers();
    let fired = false;
    steppedTimeout(t.native, t.now, () => (fired = true), 500);
    t.fireLast(3);
    assert.equal(fired, false, 'fired 3 ms before the deadline by the wall clock');
    assert.deepEqual(
      t.armed.map((a) => a.ms),
      [500, 3],
    );
    t.fireLast();
    assert.equal(fired, true);
  });

  it('the system clock runs a short timer and cancels a long one without a TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const long = systemClock.setTimeout(() => assert.fail('fired early'), Date.parse('9999-12-31T00:00:00Z') - Date.now());
      await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 1));
      systemClock.clearTimeout(long);
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, []);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
