// The fleet-wide tally behind the load-test report: every station's own CALLs as they settle
// (rpc/call-observer.ts), per action (count, outcomes, an HDR histogram of the CSMS's response
// time) and over time (calls settled per bucket, with a coarse histogram each for its p50/p95).
//
// Histograms are node:perf_hooks' RecordableHistogram (HdrHistogram underneath), in whole
// microseconds from 1 µs to 1 h: a value outside is clamped. Per action 3 significant figures
// (±0.1 %); per time bucket 1 (±6 %), which keeps a long run's timeline at a few MB.
// Only answered calls (a CALLRESULT or a CALLERROR) have a response time; a timeout has none.

import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import type { CallObserver, SettledCall } from '../../rpc/call-observer.js';

const LOWEST_US = 1;
const HIGHEST_US = 3_600_000_000;
/** The timeline's buckets double in width whenever there would be more than this. */
const MAX_BUCKETS = 720;

export interface ActionTally {
  /** Every settled call: ok + the CALLERRORs + invalid + timeouts. */
  count: number;
  ok: number;
  /** CALLERRORs by their error code. */
  errors: Map<string, number>;
  /** CALLRESULTs that failed the response schema. */
  invalid: number;
  timeouts: number;
  /** Response time of the answered calls, µs. */
  latencyUs: RecordableHistogram;
}

export interface TimelineBucket {
  completed: number;
  ok: number;
  errors: number;
  timeouts: number;
  latencyUs: RecordableHistogram | undefined;
}

export interface CallStatsSnapshot {
  startedAt: number;
  bucketMs: number;
  actions: [string, ActionTally][];
  buckets: (TimelineBucket | undefined)[];
}

/** Epoch milliseconds with sub-millisecond resolution, on the same scale in every thread. */
const epochNow = (): number => performance.timeOrigin + performance.now();

export class CallStats implements CallObserver {
  readonly actions = new Map<string, ActionTally>();
  /** Index i covers [i × bucketMs, (i + 1) × bucketMs) after `startedAt`; undefined: nothing settled then. */
  readonly buckets: (TimelineBucket | undefined)[] = [];
  readonly startedAt: number;
  private width: number;

  /** `clock`: milliseconds, steady over the run; `bucketMs`: the timeline's first bucket width. */
  constructor(
    private readonly clock: () => number = epochNow,
    bucketMs = 1000,
  ) {
    this.startedAt = clock();
    this.width = bucketMs;
  }

  get bucketMs(): number {
    return this.width;
  }

  now(): number {
    return this.clock();
  }

  /** Milliseconds since the tally began. */
  elapsedMs(): number {
    return this.clock() - this.startedAt;
  }

  settled({ action, ms, outcome }: SettledCall): void {
    const tally = this.tallyOf(action);
    const bucket = this.bucketAt(this.elapsedMs());
    tally.count++;
    bucket.completed++;
    if (outcome === 'timeout') {
      tally.timeouts++;
      bucket.timeouts++;
      return;
    }
    if (outcome === 'ok') {
      tally.ok++;
      bucket.ok++;
    } else if (outcome === 'invalid') {
      tally.invalid++;
      bucket.errors++;
    } else {
      tally.errors.set(outcome, (tally.errors.get(outcome) ?? 0) + 1);
      bucket.errors++;
    }
    const us = toMicros(ms);
    tally.latencyUs.record(us);
    bucket.latencyUs ??= createHistogram({ lowest: LOWEST_US, highest: HIGHEST_US, figures: 1 });
    bucket.latencyUs.record(us);
  }

  /**
   * What this tally holds, as a value that survives postMessage (histograms are cloned): a worker
   * thread sends it, the main thread absorbs it into the fleet's tally.
   */
  snapshot(): CallStatsSnapshot {
    return { startedAt: this.startedAt, bucketMs: this.width, actions: [...this.actions], buckets: [...this.buckets] };
  }

  /**
   * Adds another tally (another thread's snapshot) to this one. Its clock must be on the same scale
   * (epoch milliseconds, as the default clock is); its buckets land in the nearest of this one's.
   */
  absorb(other: CallStatsSnapshot): void {
    for (const [action, theirs] of other.actions) {
      addTally(this.tallyOf(action), theirs);
    }
    while (this.width < other.bucketMs) this.coarsen();
    other.buckets.forEach((bucket, i) => {
      if (!bucket) return;
      const middle = other.startedAt - this.startedAt + (i + 0.5) * other.bucketMs;
      const mine = this.bucketAt(Math.max(0, middle));
      mine.completed += bucket.completed;
      mine.ok += bucket.ok;
      mine.errors += bucket.errors;
      mine.timeouts += bucket.timeouts;
      if (bucket.latencyUs) {
        mine.latencyUs ??= createHistogram({ lowest: LOWEST_US, highest: HIGHEST_US, figures: 1 });
        mine.latencyUs.add(bucket.latencyUs);
      }
    });
  }

  private tallyOf(action: string): ActionTally {
    let tally = this.actions.get(action);
    if (!tally) {
      tally = emptyTally();
      this.actions.set(action, tally);
    }
    return tally;
  }

  private bucketAt(elapsedMs: number): TimelineBucket {
    let index = Math.max(0, Math.floor(elapsedMs / this.width));
    while (index >= MAX_BUCKETS) {
      this.coarsen();
      index = Math.floor(elapsedMs / this.width);
    }
    let bucket = this.buckets[index];
    if (!bucket) {
      bucket = { completed: 0, ok: 0, errors: 0, timeouts: 0, latencyUs: undefined };
      this.buckets[index] = bucket;
    }
    return bucket;
  }

  /** Twice as wide buckets: each pair becomes one (histograms add up exactly). */
  private coarsen(): void {
    const merged: (TimelineBucket | undefined)[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) merged.push(mergeBuckets(this.buckets[i], this.buckets[i + 1]));
    this.buckets.splice(0, this.buckets.length, ...merged);
    this.width *= 2;
  }
}

/** A tally of no calls. */
export function emptyTally(): ActionTally {
  return {
    count: 0,
    ok: 0,
    errors: new Map(),
    invalid: 0,
    timeouts: 0,
    latencyUs: createHistogram({ lowest: LOWEST_US, highest: HIGHEST_US, figures: 3 }),
  };
}

/** Adds `from`'s calls to `into`. */
export function addTally(into: ActionTally, from: ActionTally): void {
  into.count += from.count;
  into.ok += from.ok;
  into.invalid += from.invalid;
  into.timeouts += from.timeouts;
  for (const [code, n] of from.errors) into.errors.set(code, (into.errors.get(code) ?? 0) + n);
  into.latencyUs.add(from.latencyUs);
}

function mergeBuckets(a: TimelineBucket | undefined, b: TimelineBucket | undefined): TimelineBucket | undefined {
  if (!a || !b) return a ?? b;
  if (a.latencyUs && b.latencyUs) a.latencyUs.add(b.latencyUs);
  return {
    completed: a.completed + b.completed,
    ok: a.ok + b.ok,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    latencyUs: a.latencyUs ?? b.latencyUs,
  };
}

function toMicros(ms: number): number {
  const us = Math.round(ms * 1000);
  return Number.isFinite(us) ? Math.min(HIGHEST_US, Math.max(LOWEST_US, us)) : HIGHEST_US;
}
