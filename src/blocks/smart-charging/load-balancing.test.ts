// K04: who shares the station maximum and what a suspended EV keeps, from the hardware's inputs
// and the transactions' views (both faked: plain data).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDescription } from '../../description/station-description.js';
import type { TransactionView } from '../transactions/index.js';
import type { ChargingProfileType } from '../../generated/ocpp201/index.js';
import { type EvseFacts, type InstalledProfile, limitAt, reserveW } from './composite-schedule.js';
import { waterFill } from './water-fill.js';
import { type EvseSource, evseFacts, sharersOf } from './load-balancing.js';

function source(
  evses: Record<number, { plugged?: boolean; drawing?: boolean; chargingState?: string }>,
  meter: object = { phases: 3, voltageV: [230, 230, 230] },
): EvseSource {
  const view = (evseId: number): TransactionView | null => {
    const state = evses[evseId]?.chargingState;
    return state === undefined
      ? null
      : ({ evseId, transactionId: `TX${evseId}`, chargingState: state, startedAt: '2026-01-01T00:00:00Z' } as TransactionView);
  };
  const hal = {
    meter: () => meter,
    cable: (evseId: number) => (evses[evseId]?.plugged ? 'plugged' : 'unplugged'),
    evDrawing: (evseId: number) => evses[evseId]?.drawing ?? false,
  };
  return { hal: hal as never, description: defaultDescription(3), transactions: { view } };
}

describe('K04 internal load balancing: the sharers and their facts', () => {
  it('K04 – the EVSEs in use share the maximum: a cable plugged in or a transaction, and the EVSE asked about', () => {
    const s = source({ 2: { plugged: true }, 3: { chargingState: 'Charging', drawing: true } });
    assert.deepEqual(
      sharersOf(1, s).map((f) => f.evseId),
      [1, 2, 3],
    );
    assert.deepEqual(
      sharersOf(2, source({ 2: { plugged: true } })).map((f) => f.evseId),
      [2],
    );
  });

  it('K04.FR.05 – an EV that charged and draws nothing keeps 6 A per phase to resume with; charging or not yet drawn, no such cap', () => {
    const suspended = evseFacts(1, source({ 1: { chargingState: 'SuspendedEV', drawing: false } }));
    assert.equal(suspended.suspended, true);
    assert.equal(reserveW(suspended, undefined), 6 * 230 * 3);
    assert.equal(
      evseFacts(1, source({ 1: { chargingState: 'Charging', drawing: false } })).suspended,
      true,
      'the hardware heard of it before the transaction did',
    );
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'SuspendedEV', drawing: true } })).suspended, undefined, 'resumed');
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'EVConnected' } })).suspended, undefined, 'about to draw its first energy');
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'SuspendedEVSE' } })).suspended, undefined, 'held back by the station');
    assert.deepEqual(evseFacts(1, source({ 1: { plugged: true } })), { evseId: 1, phases: 3 }, 'no transaction: no cap');
  });
});

describe('K04 on a DC EVSE', () => {
  const dcMeter = { phases: 1, dc: true, voltageV: [387.6] };
  it("K01.FR.44 – a DC EVSE's facts carry the EV's measured voltage, whole volts, for A to W", () => {
    assert.deepEqual(evseFacts(1, source({ 1: { plugged: true } }, dcMeter)), { evseId: 1, phases: 1, dc: true, dcVoltageV: 388 });
    assert.deepEqual(evseFacts(1, source({}, { ...dcMeter, voltageV: [0] })), { evseId: 1, phases: 1, dc: true }, 'no EV: no voltage');
  });

  it('K04.FR.05 – a suspended DC EV keeps 5 A at its pack voltage to resume with (1940 W at 388 V), not the 6 A × 230 V of AC', () => {
    const facts = evseFacts(1, source({ 1: { chargingState: 'SuspendedEV', drawing: false } }, dcMeter));
    assert.equal(facts.suspended, true);
    assert.equal(reserveW(facts, undefined), 5 * 388);
  });
});

describe('K04.FR.04 minChargingRate in the sharing', () => {
  const AC_MIN_W = 6 * 230 * 3; // 4140 W: 6 A on three phases

  it('K04.FR.04 – a share below the minimum is 0 and goes to the others: 10 kW among three is 3 × 3333 W < 4140 W, so the last pauses and two get 5 kW', () => {
    const caps = [null, null, null];
    const mins = [AC_MIN_W, AC_MIN_W, AC_MIN_W];
    assert.deepEqual(
      [0, 1, 2].map((i) => waterFill(10_000, caps, i, mins)),
      [5000, 5000, 0],
    );
    assert.deepEqual(
      [0, 1, 2].map((i) => waterFill(10_000, caps, i)),
      [10_000 / 3, 10_000 / 3, 10_000 / 3],
      'without minimums, the plain equal shares',
    );
  });

  it('K04.FR.04 – a share equal to the minimum is kept, and one EVSE alone keeps what there is', () => {
    assert.deepEqual(
      [0, 1].map((i) => waterFill(2 * AC_MIN_W, [null, null], i, [AC_MIN_W, AC_MIN_W])),
      [AC_MIN_W, AC_MIN_W],
    );
    assert.equal(waterFill(3000, [null], 0, [AC_MIN_W]), 3000, 'pausing the only one would help no one');
    assert.deepEqual(
      [0, 1].map((i) => waterFill(3000, [null, null], i, [AC_MIN_W, AC_MIN_W])),
      [3000, 0],
      'both below: the second pauses, the first takes it all',
    );
  });

  it("K04.FR.04 – an own limit below the minimum is the CSMS's choice, not the sharing's: that EVSE keeps it", () => {
    // EVSE 1 capped at 2000 W by its TxProfile, under its 4140 W minimum; EVSE 2 takes the rest.
    assert.deepEqual(
      [0, 1].map((i) => waterFill(8000, [2000, null], i, [AC_MIN_W, AC_MIN_W])),
      [2000, 6000],
    );
  });

  const T0 = Date.parse('2026-01-01T00:00:00Z');
  const max = (watts: number): InstalledProfile => ({
    evseId: 0,
    profile: {
      id: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargingStationMaxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: [
        {
          id: 1,
          startSchedule: new Date(T0).toISOString(),
          chargingRateUnit: 'W',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: watts }],
        },
      ],
    },
  });
  const tx = (evseId: number, minChargingRate: number): InstalledProfile => {
    const profile: ChargingProfileType = {
      id: 10 + evseId,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      transactionId: `TX${evseId}`,
      chargingSchedule: [
        { id: 10 + evseId, chargingRateUnit: 'A', minChargingRate, chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] },
      ],
    };
    return { evseId, profile };
  };
  const evse = (evseId: number): EvseFacts => ({ evseId, phases: 3, transaction: { id: `TX${evseId}`, startedAt: T0 } });

  it('K04.FR.04/K04.FR.05 – a suspended EV is never paused by the minimum (it draws nothing): it keeps its 6 A reserve while there is room, else the fair part', () => {
    const sharers = (suspended: EvseFacts) => [evse(1), suspended];
    const suspended: EvseFacts = { ...evse(2), suspended: true };
    const at = (watts: number, who: EvseFacts) => limitAt([max(watts)], who, sharers(suspended), T0, T0).watts;
    assert.deepEqual([at(11_000, evse(1)), at(11_000, suspended)], [11_000 - AC_MIN_W, AC_MIN_W]);
    assert.deepEqual(
      [at(6000, evse(1)), at(6000, suspended)],
      [3000, 3000],
      'below the reserve: the fair part; no one pauses for a reserve',
    );
    assert.deepEqual(
      [0, 1, 2].map((i) => waterFill(9000, [null, null, AC_MIN_W], i, [AC_MIN_W, AC_MIN_W, null])),
      [4860, 0, AC_MIN_W],
      'two drawing at 3000 W each, under 6 A: the second pauses for the first, the suspended EV keeps its reserve',
    );
  });

  it('K04.FR.04 – the minChargingRate of the schedule (A) counts instead of 6 A: 10 A × 3 phases is 6900 W, more than the 6000 W each of two would get', () => {
    const profiles = [max(12_000), tx(1, 6), tx(2, 10)];
    const sharers = [evse(1), evse(2)];
    const at = (id: number) => limitAt(profiles, evse(id), sharers, T0, T0).watts;
    assert.deepEqual([at(1), at(2)], [12_000, 0], 'EVSE 2 would trickle below its 10 A: it pauses, EVSE 1 takes it all');
    const relaxed = [max(12_000), tx(1, 6), tx(2, 8)];
    assert.deepEqual(
      [1, 2].map((id) => limitAt(relaxed, evse(id), sharers, T0, T0).watts),
      [6000, 6000],
      'with 8 A (5520 W) both are above their minimum',
    );
  });
});
