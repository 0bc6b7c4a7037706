// The load-test report as data: what `ocpp-station fleet --report FILE.json` writes, and what the
// HTML page and the table on exit are drawn from. The shape is a contract for tools that read
// the file (README, "Fleet report"): fields are only ever added; `format` names the version.
//
//   run        who ran against what: stations, duration, the CSMS URL (no credentials, no query)
//   total      every action together
//   actions    per action, most calls first: count = ok + Σ errors + invalid + timeouts;
//              latencyMs over the answered calls (CALLRESULT or CALLERROR), null when none was
//   timeline   per bucket of bucketS seconds from the start: calls settled, per second, p50/p95;
//              bucketS is 1 s, doubled as often as needed to keep at most 720 buckets

import type { RecordableHistogram } from 'node:perf_hooks';
import type { HeapMode } from '../heap-mode.js';
import { type ActionTally, addTally, type CallStats, emptyTally } from './call-stats.js';

export const REPORT_FORMAT = 'ocpp-station.fleet-report/1';

export interface RunMeta {
  /** ISO 8601 times of the start of the fleet and of the report. */
  startedAt: string;
  endedAt: string;
  durationS: number;
  /** Stations this process ran, and those of the whole fleet (the same unless sharded). */
  stations: number;
  fleetStations: number;
  /** "I/N" when this process ran one shard. */
  shard: string | null;
  csmsUrl: string;
  builtInCsms: boolean;
  sessions: boolean;
  evsesPerStation: number;
  /** `--heap`: V8 tuned for speed or for size. */
  heap: HeapMode;
  /** Why the run ended: duration, SIGINT, SIGTERM or error. */
  stopReason: string;
}

export interface LatencyMs {
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ActionRow {
  action: string;
  count: number;
  ok: number;
  /** CALLERROR code → calls. */
  errors: Record<string, number>;
  invalid: number;
  timeouts: number;
  latencyMs: LatencyMs | null;
}

export interface TimelinePoint {
  /** Seconds from the start to the beginning of the bucket. */
  startS: number;
  completed: number;
  /** Calls settled per second. */
  perS: number;
  ok: number;
  errors: number;
  timeouts: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface FleetReport {
  format: typeof REPORT_FORMAT;
  run: RunMeta;
  total: ActionRow;
  actions: ActionRow[];
  timeline: { bucketS: number; points: TimelinePoint[] };
}

export function fleetReport(stats: CallStats, run: RunMeta): FleetReport {
  const actions = [...stats.actions].map(([action, tally]) => row(action, tally));
  actions.sort((a, b) => b.count - a.count || a.action.localeCompare(b.action));
  return {
    format: REPORT_FORMAT,
    run: { ...run, csmsUrl: publicUrl(run.csmsUrl) },
    total: row('all', totalOf([...stats.actions.values()])),
    actions,
    timeline: timeline(stats),
  };
}

/** The URL without user, password, query or fragment: a report is shared, credentials are not. */
export function publicUrl(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href;
  } catch {
    return '(not a URL)';
  }
}

function row(action: string, tally: ActionTally): ActionRow {
  return {
    action,
    count: tally.count,
    ok: tally.ok,
    errors: Object.fromEntries([...tally.errors].sort(([a], [b]) => a.localeCompare(b))),
    invalid: tally.invalid,
    timeouts: tally.timeouts,
    latencyMs: latencyOf(tally.latencyUs),
  };
}

function totalOf(tallies: ActionTally[]): ActionTally {
  const total = emptyTally();
  for (const tally of tallies) addTally(total, tally);
  return total;
}

function latencyOf(histogram: RecordableHistogram): LatencyMs | null {
  if (histogram.count === 0) return null;
  return {
    min: ms(histogram.min),
    mean: ms(histogram.mean),
    p50: ms(histogram.percentile(50)),
    p95: ms(histogram.percentile(95)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  };
}

function timeline(stats: CallStats): FleetReport['timeline'] {
  const bucketS = stats.bucketMs / 1000;
  // Up to now, so that a quiet end of the run shows as quiet rather than cut off; a last bucket
  // that the run covered less than half of is left out (its rate would be noise), though its
  // calls count in the rows.
  const length = Math.round(stats.elapsedMs() / stats.bucketMs);
  const points: TimelinePoint[] = [];
  for (let i = 0; i < length; i++) {
    const bucket = stats.buckets[i];
    const latency = bucket?.latencyUs;
    points.push({
      startS: round(i * bucketS, 3),
      completed: bucket?.completed ?? 0,
      perS: round((bucket?.completed ?? 0) / bucketS, 3),
      ok: bucket?.ok ?? 0,
      errors: bucket?.errors ?? 0,
      timeouts: bucket?.timeouts ?? 0,
      p50Ms: latency && latency.count > 0 ? ms(latency.percentile(50)) : null,
      p95Ms: latency && latency.count > 0 ? ms(latency.percentile(95)) : null,
    });
  }
  return { bucketS, points };
}

/** µs → ms, to the microsecond. */
const ms = (us: number): number => round(us / 1000, 3);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
