// A clock for tests: time only moves when the test says so.

import type { Clock, TimerHandle } from './clock.js';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: Pending[] = [];
  private randomValues: number[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.timers = this.timers.filter((t) => t.id !== (handle as unknown as number));
  }

  /** Values returned by the next random() calls, then 0. */
  queueRandom(...values: number[]): void {
    this.randomValues.push(...values);
  }

  random(): number {
    return this.randomValues.shift() ?? 0;
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Number of timers due now (set with a delay that has already passed). */
  get due(): number {
    return this.timers.filter((t) => t.at <= this.time).length;
  }

  /** Milliseconds until each waiting timer fires, soonest first. */
  delays(): number[] {
    return this.timers.map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  /** Milliseconds until the next timer fires, or undefined when none waits. */
  nextDelay(): number | undefined {
    if (this.timers.length === 0) return undefined;
    return Math.min(...this.timers.map((t) => t.at)) - this.time;
  }

  /** Moves time forward, firing due timers in order (timers set while firing count too). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }

  /** advance(), then lets pending I/O and promise callbacks run. */
  async tick(ms: number): Promise<void> {
    this.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
