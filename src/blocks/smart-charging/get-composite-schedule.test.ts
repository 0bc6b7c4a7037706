// K08 GetCompositeSchedule: the composite periods in the unit asked for, each with the phases in
// use (K01.FR.43/46), the EVSE rating on those phases when nothing limits, and the station total
// in A as the current of its busiest phase (station-total.ts). The meters are plain data.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeterReading } from '../../hal/hardware.js';
import type { CompositePeriod } from './composite-schedule.js';
import { getCompositeSchedule } from './get-composite-schedule.js';
import { stationTotal } from './station-total.js';

const NOW = new Date('2026-01-05T10:00:00Z');
const ac = { phases: 3, voltageV: [230, 230, 230] } as unknown as MeterReading;

function schedule(periods: (CompositePeriod & { lineA?: number | null })[], unit: 'A' | 'W', evseId = 1) {
  const response = getCompositeSchedule(
    { evseId, duration: 300, chargingRateUnit: unit },
    { now: () => NOW, hal: { meter: () => ac } as never },
    { evseIds: () => [1, 2], rateUnits: () => ['A', 'W'], composite: () => periods },
  );
  assert.equal(response.status, 'Accepted');
  return response.schedule!.chargingSchedulePeriod;
}

describe('K08 GetCompositeSchedule with the phases in use', () => {
  const switched: CompositePeriod[] = [
    { startPeriod: 0, watts: 3680, phases: { numberPhases: 1, phaseToUse: 2 } },
    { startPeriod: 60, watts: 11_040, phases: { numberPhases: 3 } },
  ];

  it('K08.FR.02/K01.FR.46 – each period carries numberPhases, and phaseToUse with one phase: 16 A on L2, then 16 A on three', () => {
    assert.deepEqual(schedule(switched, 'A'), [
      { startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 },
      { startPeriod: 60, limit: 16, numberPhases: 3 },
    ]);
    assert.deepEqual(schedule(switched, 'W'), [
      { startPeriod: 0, limit: 3680, numberPhases: 1, phaseToUse: 2 },
      { startPeriod: 60, limit: 11_040, numberPhases: 3 },
    ]);
  });

  it('K01.FR.43 – without a limit the EVSE rating is on the phases in use: 16 A on one phase is 3680 W, not 11 kW', () => {
    assert.deepEqual(schedule([{ startPeriod: 0, watts: null, phases: { numberPhases: 1 } }], 'W'), [
      { startPeriod: 0, limit: 3680, numberPhases: 1 },
    ]);
    assert.deepEqual(schedule([{ startPeriod: 0, watts: null, phases: { numberPhases: 1 } }], 'A'), [
      { startPeriod: 0, limit: 16, numberPhases: 1 },
    ]);
  });

  it('K08.FR.03 – the station total in A is the current of its busiest phase: 16 A on L2 alone plus 10 A on three is 26 A', () => {
    const other: CompositePeriod[] = [{ startPeriod: 0, watts: 6900, phases: { numberPhases: 3 } }];
    const total = stationTotal([
      { dc: false, periods: switched },
      { dc: false, periods: other },
    ]);
    assert.deepEqual(total, [
      { startPeriod: 0, watts: 3680 + 6900, lineA: 26, phases: { numberPhases: 3 } },
      { startPeriod: 60, watts: 11_040 + 6900, lineA: 26, phases: { numberPhases: 3 } },
    ]);
    assert.deepEqual(schedule(total, 'A', 0), [{ startPeriod: 0, limit: 26, numberPhases: 3 }], 'the same 26 A: one period');
    assert.deepEqual(
      stationTotal([
        { dc: false, periods: switched },
        { dc: false, periods: [{ startPeriod: 0, watts: null, phases: { numberPhases: 3 } }] },
      ]).map((p) => [p.watts, p.lineA]),
      [[null, null]],
      'an EVSE without a limit: the total has none',
    );
  });
});
