// K08 composite schedule against the simplest correct one (test/support/composite-reference.ts):
// for random sets of installed profiles (every purpose and kind, stack levels, validity windows,
// durations, A and W, numberPhases and phaseToUse, EVSEs wired for 1 to 3 phases) the periods the
// station reports, read second by second, are the reference's limits and phases; so no period is
// above any active limit, stack levels are honoured and the fewest phases asked for are used.
// Recurring profiles start days or weeks before the schedule, so that the runs cross their day
// and week boundaries.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  periodsPerSecond,
  phasesPerSecond,
  referencePhaseSeconds,
  referenceSeconds,
  type ReferenceEvse,
} from '../../../test/support/composite-reference.js';
import type { ChargingProfileType, ChargingSchedulePeriodType } from '../../generated/ocpp201/index.js';
import { compositePeriods, type InstalledProfile } from './composite-schedule.js';

const FROM = Date.parse('2026-03-29T00:30:00Z'); // the night the EU's clocks go forward: UTC does not
const DAY_S = 86_400;
const iso = (offsetS: number): string => new Date(FROM + offsetS * 1000).toISOString();

const periodsArb = (unit: 'A' | 'W'): fc.Arbitrary<ChargingSchedulePeriodType[]> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 3 * 3600 }), { minLength: 1, maxLength: 4 })
    .chain((starts) =>
      fc.tuple(
        ...[...starts]
          .sort((a, b) => a - b)
          .map((startPeriod, i) =>
            fc.record(
              {
                startPeriod: fc.constant(i === 0 && startPeriod % 2 === 0 ? 0 : startPeriod),
                limit: unit === 'A' ? fc.integer({ min: 0, max: 32 }) : fc.integer({ min: 0, max: 22_000 }),
                numberPhases: fc.integer({ min: 1, max: 3 }),
                phaseToUse: fc.integer({ min: 1, max: 3 }),
              },
              { requiredKeys: ['startPeriod', 'limit'] },
            ),
          ),
      ),
    )
    .map((periods) =>
      periods
        .filter((p, i) => i === 0 || p.startPeriod > periods[i - 1]!.startPeriod)
        // K01.FR.48: phaseToUse only with one phase
        .map(({ phaseToUse, ...p }) => (p.numberPhases === 1 && phaseToUse !== undefined ? { ...p, phaseToUse } : p)),
    );

const profileArb: fc.Arbitrary<InstalledProfile> = fc
  .record({
    id: fc.integer({ min: 1, max: 1000 }),
    purpose: fc.constantFrom('ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile'),
    evseId: fc.constantFrom(0, 1),
    kind: fc.constantFrom('Absolute', 'Recurring', 'Relative'),
    recurrency: fc.constantFrom('Daily', 'Weekly'),
    stackLevel: fc.integer({ min: 0, max: 3 }),
    unit: fc.constantFrom('A', 'W'),
    startOffsetS: fc.integer({ min: -9 * DAY_S, max: 6 * 3600 }),
    duration: fc.option(fc.integer({ min: 60, max: 2 * DAY_S }), { nil: undefined }),
    validFromS: fc.option(fc.integer({ min: -3600, max: 6 * 3600 }), { nil: undefined }),
    validForS: fc.option(fc.integer({ min: 60, max: DAY_S }), { nil: undefined }),
    transactionId: fc.constantFrom('T1', 'T2'),
  })
  .chain((r) => periodsArb(r.unit).map((periods) => ({ r, periods })))
  .map(({ r, periods }) => {
    const evseId = r.purpose === 'ChargingStationMaxProfile' ? 0 : r.purpose === 'TxProfile' ? 1 : r.evseId;
    const profile: ChargingProfileType = {
      id: r.id,
      stackLevel: r.stackLevel,
      chargingProfilePurpose: r.purpose,
      chargingProfileKind: r.kind,
      ...(r.kind === 'Recurring' ? { recurrencyKind: r.recurrency } : {}),
      ...(r.purpose === 'TxProfile' ? { transactionId: r.transactionId } : {}),
      ...(r.validFromS === undefined ? {} : { validFrom: iso(r.validFromS) }),
      ...(r.validFromS === undefined || r.validForS === undefined ? {} : { validTo: iso(r.validFromS + r.validForS) }),
      chargingSchedule: [
        {
          id: r.id,
          chargingRateUnit: r.unit,
          chargingSchedulePeriod: periods as [ChargingSchedulePeriodType],
          ...(r.kind === 'Relative' ? {} : { startSchedule: iso(r.startOffsetS) }),
          ...(r.duration === undefined ? {} : { duration: r.duration }),
        },
      ],
    };
    return { evseId, profile };
  });

const evseArb: fc.Arbitrary<ReferenceEvse> = fc.record(
  {
    evseId: fc.constant(1),
    phases: fc.constantFrom(1, 2, 3),
    transaction: fc.record({ id: fc.constant('T1'), startedAt: fc.integer({ min: 0, max: 7200 }).map((s) => FROM - s * 1000) }),
  },
  { requiredKeys: ['evseId', 'phases'] },
);

describe('K08 composite schedule, property-based against the reference', () => {
  it('K08.FR.02/K01.FR.17/K01.FR.43 – every second of the reported schedule is the reference limit and phases (no period above an active limit, highest stackLevel wins, the fewest phases any period asks for)', () => {
    fc.assert(
      fc.property(
        fc.array(profileArb, { minLength: 1, maxLength: 6 }),
        evseArb,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 60, max: 4 * 3600 }),
        (profiles, evse, evseCount, durationS) => {
          const periods = compositePeriods(profiles, evse, evseCount, FROM, durationS);
          for (let i = 1; i < periods.length; i++) {
            assert.ok(periods[i]!.startPeriod > periods[i - 1]!.startPeriod, 'startPeriods increase');
            const [a, b] = [periods[i - 1]!, periods[i]!];
            assert.ok(a.watts !== b.watts || JSON.stringify(a.phases) !== JSON.stringify(b.phases), 'one period per change');
          }
          assert.deepEqual(periodsPerSecond(periods, durationS), referenceSeconds(profiles, evse, evseCount, FROM, durationS));
          assert.deepEqual(phasesPerSecond(periods, durationS), referencePhaseSeconds(profiles, evse, evseCount, FROM, durationS));
        },
      ),
      { numRuns: 150 },
    );
  });
});
