// GetCompositeSchedule's maths (K08) for 20 stacked profiles over 24 h: the station's composite
// schedule (it walks from one boundary of a profile to the next) against the simplest correct
// one (test/support/composite-reference.ts: every second read from scratch), on the same
// profiles, in the same run. Both answers are compared before anything is timed.
// `npm run bench:composite`. Knobs (environment): BENCH_PROFILES (20), BENCH_CALLS (200).

import assert from 'node:assert/strict';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { compositePeriods, type CompositePeriod, type InstalledProfile } from '../src/blocks/smart-charging/composite-schedule.js';
import type { ChargingProfileType, ChargingSchedulePeriodType } from '../src/generated/ocpp201/index.js';
import { periodsPerSecond, referenceSeconds } from '../test/support/composite-reference.js';
import { fmt, pad } from './table.js';

const PROFILES = Number(process.env.BENCH_PROFILES ?? 20);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const DURATION_S = 86_400;
const FROM = Date.parse('2026-12-02T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A mix a CSMS would install: a station maximum, daily and weekly tariffs, TxDefault and TxProfiles at stack levels 0..n. */
function profiles(n: number): InstalledProfile[] {
  const out: InstalledProfile[] = [];
  for (let i = 0; i < n; i++) {
    const purpose = i === 0 ? 'ChargingStationMaxProfile' : i % 3 === 0 ? 'TxProfile' : 'TxDefaultProfile';
    const kind = i % 4 === 1 ? 'Recurring' : i % 4 === 2 ? 'Relative' : 'Absolute';
    const periods: ChargingSchedulePeriodType[] = Array.from({ length: 12 }, (_, k) => ({
      startPeriod: k * 3600 + i * 60,
      limit: 6 + ((i * 7 + k * 5) % 26),
    }));
    periods[0]!.startPeriod = 0;
    const profile: ChargingProfileType = {
      id: i + 1,
      stackLevel: i,
      chargingProfilePurpose: purpose,
      chargingProfileKind: kind,
      ...(kind === 'Recurring' ? { recurrencyKind: i % 8 === 1 ? 'Weekly' : 'Daily' } : {}),
      ...(purpose === 'TxProfile' ? { transactionId: 'TX1' } : {}),
      validFrom: iso(FROM - 86_400_000 + i * 600_000),
      chargingSchedule: [
        {
          id: i + 1,
          chargingRateUnit: 'A',
          chargingSchedulePeriod: periods as [ChargingSchedulePeriodType],
          ...(kind === 'Relative' ? {} : { startSchedule: iso(FROM - 3 * 86_400_000 + i * 1_800_000) }),
          duration: 14 * 3600 + i * 900,
        },
      ],
    };
    out.push({ evseId: purpose === 'ChargingStationMaxProfile' ? 0 : 1, profile });
  }
  return out;
}

const evse = { evseId: 1, phases: 3, transaction: { id: 'TX1', startedAt: FROM - 600_000 } };
const installed = profiles(PROFILES);

function time(calls: number, run: () => unknown): number {
  for (let i = 0; i < Math.min(20, calls); i++) run(); // warm-up
  const start = performance.now();
  for (let i = 0; i < calls; i++) run();
  return (performance.now() - start) / calls;
}

const station = (): CompositePeriod[] => compositePeriods(installed, evse, 1, FROM, DURATION_S);
const reference = (): (number | null)[] => referenceSeconds(installed, evse, 1, FROM, DURATION_S);

const periods = station();
assert.deepEqual(periodsPerSecond(periods, DURATION_S), reference(), 'the station and the reference agree on every second');
const stationMs = time(CALLS, station);
const referenceMs = time(Math.max(3, Math.round(CALLS / 100)), reference);

console.log(`GetCompositeSchedule maths, ${PROFILES} stacked profiles, ${DURATION_S / 3600} h, ${periods.length} periods`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}\n`);
console.log(`${pad('implementation', 44)}${pad('ms per call', 14, true)}${pad('ratio', 10, true)}`);
console.log(`${pad('station (boundary walk)', 44)}${pad(fmt(stationMs, 3), 14, true)}${pad('1.0', 10, true)}`);
console.log(
  `${pad('simplest correct (every second from scratch)', 44)}${pad(fmt(referenceMs, 1), 14, true)}${pad(`${fmt(referenceMs / stationMs, 0)}×`, 10, true)}`,
);
console.log(`\ntarget: ≤ 1 ms per call: ${stationMs <= 1 ? 'met' : 'NOT met'}`);
