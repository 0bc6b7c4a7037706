// Clock-aligned times (Part 2 §2.2, AlignedDataCtrlr.Interval / TxEndedInterval): the day is cut
// into intervals of N seconds starting at 00:00:00, so with 900 s values are taken at 00:15,
// 00:30, ... Station time is UTC (the device model has no time zone), and an interval that does
// not divide the day restarts at midnight: with 7 s the last slot of a day is 23:59:55, then 00:00:00.

import type { Clock, TimerHandle } from '../../clock/clock.js';

const DAY_MS = 86_400_000;
/** A timer that fires this close to its boundary (in station time) belongs to that boundary. */
export const ALIGNMENT_TOLERANCE_MS = 1_000;

/** The last aligned time at or before `nowMs`; undefined when `intervalS` <= 0. */
export function lastAlignedTime(nowMs: number, intervalS: number): number | undefined {
  if (!(intervalS > 0)) return undefined;
  const intervalMs = intervalS * 1000;
  const midnight = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return midnight + Math.floor((nowMs - midnight) / intervalMs) * intervalMs;
}

/** The first aligned time strictly after `nowMs`, in ms since the epoch; undefined when `intervalS` <= 0. */
export function nextAlignedTime(nowMs: number, intervalS: number): number | undefined {
  if (!(intervalS > 0)) return undefined;
  const intervalMs = intervalS * 1000;
  const midnight = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const next = midnight + (Math.floor((nowMs - midnight) / intervalMs) + 1) * intervalMs;
  return Math.min(next, midnight + DAY_MS);
}

export interface AlignedTimerOptions {
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Station time, ms: the clock the CSMS set (B01.FR.06), which may differ from `clock`. */
  now(): number;
  /** Read at every scheduling, so a changed value applies from the next boundary. */
  intervalS(): number;
  /** Called at each aligned time with that time (ms). */
  onTick(at: number): void;
}

/**
 * Calls `onTick` at every aligned time until stopped. Timers run on the injected clock; because
 * the station time can move (a new CSMS time), a timer that fires before its boundary waits
 * again, and `restart()` re-aims at the next boundary from the current time.
 */
export class AlignedTimer {
  private timer: TimerHandle | undefined;
  private target: number | undefined;

  constructor(private readonly options: AlignedTimerOptions) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** (Re)starts at the next aligned time after now; stops when the interval is 0. */
  restart(): void {
    this.stop();
    this.aim(nextAlignedTime(this.options.now(), this.options.intervalS()));
  }

  stop(): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.target = undefined;
  }

  private aim(target: number | undefined): void {
    if (target === undefined) return;
    this.target = target;
    this.timer = this.options.clock.setTimeout(() => this.fire(), Math.max(0, target - this.options.now()));
  }

  private fire(): void {
    this.timer = undefined;
    const target = this.target!;
    const now = this.options.now();
    // The station clock went back: the boundary is still ahead.
    if (now < target - ALIGNMENT_TOLERANCE_MS) return this.aim(target);
    // A timer fires a little late, or a little early after a small clock correction: the value
    // belongs to its boundary. After a jump ahead the missed boundaries are not made up: a value
    // is only ever stamped with an aligned time it was taken at.
    const boundary = now <= target ? target : lastAlignedTime(now, this.options.intervalS());
    this.aim(nextAlignedTime(Math.max(now, target), this.options.intervalS()));
    if (boundary !== undefined && Math.abs(now - boundary) <= ALIGNMENT_TOLERANCE_MS) this.options.onTick(boundary);
  }
}
