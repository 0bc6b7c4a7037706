import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChargingProfileType, ChargingSchedulePeriodType } from '../../generated/ocpp201/index.js';
import {
  activeAt,
  compositePeriods,
  type EvseFacts,
  fromWatts,
  limitAt,
  phaseUse,
  toWatts,
  type InstalledProfile,
} from './composite-schedule.js';
import { waterFill } from './water-fill.js';

const T0 = Date.parse('2026-01-05T10:00:00Z'); // a Monday
const iso = (ms: number): string => new Date(ms).toISOString();
const S = 1000;
const H = 3600 * S;

function profile(
  extra: Partial<ChargingProfileType> & { periods?: [number, number][]; unit?: 'A' | 'W'; start?: number; duration?: number },
): ChargingProfileType {
  const { periods = [[0, 10]], unit = 'A', start, duration, ...rest } = extra;
  const chargingSchedulePeriod = periods.map(([startPeriod, limit]): ChargingSchedulePeriodType => ({ startPeriod, limit }));
  return {
    id: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: start === undefined ? 'Relative' : 'Absolute',
    chargingSchedule: [
      {
        id: 1,
        chargingRateUnit: unit,
        chargingSchedulePeriod: chargingSchedulePeriod as [ChargingSchedulePeriodType],
        ...(start === undefined ? {} : { startSchedule: iso(start) }),
        ...(duration === undefined ? {} : { duration }),
      },
    ],
    ...rest,
  };
}

describe('K01 the active period of a profile', () => {
  const cases: { name: string; p: ChargingProfileType; t: number; limit?: number; next?: number }[] = [
    {
      name: 'K01.FR.12 – Absolute: the first period from startSchedule',
      p: profile({
        start: T0,
        periods: [
          [0, 6],
          [600, 10],
        ],
      }),
      t: T0 + 60 * S,
      limit: 6,
      next: T0 + 600 * S,
    },
    {
      name: 'K01.FR.12 – Absolute: the next period once it starts',
      p: profile({
        start: T0,
        periods: [
          [0, 6],
          [600, 10],
        ],
      }),
      t: T0 + 700 * S,
      limit: 10,
    },
    { name: 'K01.FR.30 – Absolute: nothing before startSchedule', p: profile({ start: T0 + H }), t: T0, next: T0 + H },
    { name: 'K01.FR.11 – Absolute: nothing past the duration', p: profile({ start: T0, duration: 600 }), t: T0 + 600 * S },
    {
      name: 'K01.FR.12 – the duration ends the last period',
      p: profile({ start: T0, duration: 600 }),
      t: T0,
      limit: 10,
      next: T0 + 600 * S,
    },
    {
      name: 'Recurring Daily: the period of the day, a day later',
      p: profile({
        start: T0,
        periods: [
          [0, 6],
          [3600, 12],
        ],
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
      }),
      t: T0 + 24 * H + 2 * H,
      limit: 12,
      next: T0 + 48 * H,
    },
    {
      name: 'K01.FR.13 – Recurring Daily with a shorter duration: nothing after it, until the next day',
      p: profile({ start: T0, duration: 3600, chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' }),
      t: T0 + 2 * H,
      next: T0 + 24 * H,
    },
    {
      name: 'Recurring Weekly: the same period a week later',
      p: profile({
        start: T0,
        periods: [
          [0, 6],
          [86_400, 16],
        ],
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Weekly',
      }),
      t: T0 + 7 * 24 * H + H,
      limit: 6,
      next: T0 + 8 * 24 * H,
    },
    {
      name: 'K01.FR.41/42 – Relative: from the transaction start',
      p: profile({
        periods: [
          [0, 6],
          [300, 8],
        ],
      }),
      t: T0 + 400 * S,
      limit: 8,
    },
    { name: 'K01.FR.36 – not valid before validFrom', p: profile({ validFrom: iso(T0 + H) }), t: T0, next: T0 + H },
    { name: 'K01.FR.37 – not valid from validTo on', p: profile({ validTo: iso(T0) }), t: T0 },
    { name: 'K01.FR.37 – validTo is the next change', p: profile({ validTo: iso(T0 + H) }), t: T0, limit: 10, next: T0 + H },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = activeAt(c.p, c.t, T0);
      assert.equal('limit' in result ? result.limit : undefined, c.limit);
      assert.equal(result.next, c.next);
    });
  }
});

describe('K01.FR.49-51 A and W', () => {
  const cases: [string, Parameters<typeof toWatts>[0], number, number][] = [
    ['A per phase × 230 V × 3 phases by default', { limit: 6, unit: 'A', numberPhases: undefined }, 3, 4140],
    ['A × 230 V × numberPhases', { limit: 10, unit: 'A', numberPhases: 1 }, 3, 2300],
    ['never more phases than the EVSE has (K01.FR.45)', { limit: 10, unit: 'A', numberPhases: 3 }, 1, 2300],
    ['W as given', { limit: 5000, unit: 'W', numberPhases: undefined }, 3, 5000],
  ];
  for (const [name, period, phases, watts] of cases) it(name, () => assert.equal(toWatts(period, phases), watts));
  it("K01.FR.44 – on a DC EVSE with an EV, A is the DC current × the EV's measured voltage; 400 V only without one", () => {
    assert.equal(toWatts({ limit: 50, unit: 'A', numberPhases: 3 }, 1, true, 380), 19_000);
    assert.equal(toWatts({ limit: 50, unit: 'A', numberPhases: undefined }, 1, true, 0), 20_000, 'no voltage on the output');
    assert.equal(fromWatts(19_000, 'A', 1, true, 380), 50);
  });

  it('K01.FR.46/47 – the phases to use: the fewest any period in force asks for, phaseToUse with one, nothing on DC', () => {
    const p = (numberPhases: number | undefined, phaseToUse?: number) => ({
      limit: 16,
      unit: 'A' as const,
      numberPhases,
      phaseToUse,
      next: undefined,
    });
    assert.deepEqual(phaseUse({ evseId: 1, phases: 3 }, [undefined, undefined]), { numberPhases: 3 }, 'K01.FR.49: 3 unless given');
    assert.deepEqual(phaseUse({ evseId: 1, phases: 3 }, [p(1, 2), p(undefined)]), { numberPhases: 1, phaseToUse: 2 });
    assert.deepEqual(
      phaseUse({ evseId: 1, phases: 3 }, [p(3), p(1)]),
      { numberPhases: 1 },
      'the station maximum on one phase, the EVSE picks',
    );
    assert.deepEqual(phaseUse({ evseId: 1, phases: 1 }, [p(3)]), { numberPhases: 1 }, 'never more than wired');
    assert.deepEqual(phaseUse({ evseId: 1, phases: 2 }, [p(1, 3)]), { numberPhases: 1 }, 'a phase not wired is not used');
    assert.equal(phaseUse({ evseId: 1, phases: 1, dc: true }, [p(1, 2)]), undefined, 'K01.FR.44');
  });

  it('K01.FR.44 – on a DC EVSE without a measured voltage, A is the DC current × 400 V nominal, numberPhases ignored', () => {
    assert.equal(toWatts({ limit: 50, unit: 'A', numberPhases: 3 }, 1, true), 20_000);
    assert.equal(toWatts({ limit: 50, unit: 'A', numberPhases: undefined }, 1, true), 20_000);
    assert.equal(toWatts({ limit: 20_000, unit: 'W', numberPhases: undefined }, 1, true), 20_000);
    assert.equal(fromWatts(20_000, 'A', 1, true), 50);
  });
});

describe('K08.FR.04 stacking and the composite limit', () => {
  const evse = { evseId: 1, phases: 3, transaction: { id: 'TX1', startedAt: T0 } };
  const on = (evseId: number, p: ChargingProfileType): InstalledProfile => ({ evseId, profile: p });
  const max = (id: number, limitW: number, stackLevel = 0) =>
    on(
      0,
      profile({ id, stackLevel, chargingProfilePurpose: 'ChargingStationMaxProfile', start: T0 - H, unit: 'W', periods: [[0, limitW]] }),
    );
  const def = (id: number, evseId: number, a: number, stackLevel = 0) => on(evseId, profile({ id, stackLevel, periods: [[0, a]] }));
  const tx = (id: number, a: number, transactionId = 'TX1') =>
    on(1, profile({ id, chargingProfilePurpose: 'TxProfile', transactionId, periods: [[0, a]] }));
  const cases: [string, InstalledProfile[], number, number | null][] = [
    ['no profile: no limit', [], 1, null],
    ['K01.FR.15 – TxDefaultProfile of the EVSE', [def(1, 1, 6)], 1, 4140],
    ['K01.FR.14 – TxDefaultProfile of EVSE 0 applies to every EVSE', [def(1, 0, 6)], 1, 4140],
    ['K01.FR.17 – the higher stackLevel wins', [def(1, 1, 6, 0), def(2, 1, 10, 1)], 1, 6900],
    ['K01.FR.04 – the TxProfile overrides the TxDefaultProfile', [def(1, 1, 6), tx(2, 10)], 1, 6900],
    ['a TxProfile of another transaction does not apply', [def(1, 1, 6), tx(2, 10, 'TX2')], 1, 4140],
    ['K08.FR.04 – the ChargingStationMaxProfile caps', [def(1, 1, 16), max(2, 3000)], 1, 3000],
    ['K08.FR.04 – the lower of the two wins', [def(1, 1, 6), max(2, 10_000)], 1, 4140],
    ['the station maximum is shared by the EVSEs', [max(2, 6000)], 2, 3000],
  ];
  for (const [name, profiles, evseCount, watts] of cases) {
    it(name, () => assert.equal(limitAt(profiles, evse, evseCount, T0 + 10 * S, T0).watts, watts));
  }

  it('K04 – the EVSEs in use share the maximum; what the own profile of one leaves goes to the others', () => {
    const other = { evseId: 2, phases: 3, transaction: { id: 'TX2', startedAt: T0 } };
    const at = (profiles: InstalledProfile[]) => limitAt(profiles, evse, [evse, other], T0 + 10 * S, T0).watts;
    assert.equal(at([max(1, 11_000)]), 5500, 'equal halves');
    const capped = on(2, profile({ id: 3, chargingProfilePurpose: 'TxProfile', transactionId: 'TX2', unit: 'W', periods: [[0, 3000]] }));
    assert.equal(at([max(1, 11_000), capped]), 8000, 'EVSE 2 takes 3 kW of its TxProfile, EVSE 1 the rest');
    assert.equal(limitAt([max(1, 11_000), capped], other, [evse, other], T0 + 10 * S, T0).watts, 3000);
    assert.equal(at([max(1, 11_000), def(2, 1, 6)]), 4140, 'its own TxDefaultProfile still caps EVSE 1');
    assert.equal(limitAt([max(1, 11_000)], evse, [evse], T0 + 10 * S, T0).watts, 11_000, 'alone: all of it');
  });

  it('K04.FR.05 – a suspended EV keeps what it needs to resume; the rest of its share goes to the others, within the maximum', () => {
    const other = { evseId: 2, phases: 3, transaction: { id: 'TX2', startedAt: T0 }, suspended: true };
    const all = [evse, other];
    const at = (profiles: InstalledProfile[], who: EvseFacts) => limitAt(profiles, who, all, T0 + 10 * S, T0).watts;
    assert.equal(at([max(1, 11_000)], other), 4140, 'the suspended EVSE: its reserve');
    assert.equal(at([max(1, 11_000)], evse), 11_000 - 4140, 'the other: the rest');
    assert.equal(at([max(1, 6000)], other), 3000, 'a reserve above the fair part: the fair part');
    assert.equal(at([max(1, 11_000), def(2, 2, 4)], other), 2760, 'its own TxDefaultProfile below the reserve still caps it');
    assert.equal(at([], other), null, 'no maximum: nothing shared, nothing held back');
  });

  it('K04.FR.05 – water-filling never gives out more than the maximum, and no one more than its cap or the fair part', () => {
    const caps: (number | null)[][] = [[null, null, null], [1000, null, null], [1000, 2000, 9000], [5000, 5000], [0, null], [12_000]];
    for (const c of caps) {
      const shares = c.map((_, i) => waterFill(11_000, c, i));
      const total = shares.reduce((a, b) => a + b, 0);
      assert.ok(total <= 11_000 + 1e-9, `${c}: ${shares}`);
      for (const [i, share] of shares.entries()) assert.ok(share <= (c[i] ?? Number.POSITIVE_INFINITY), `${c}: ${shares}`);
      if (c.some((x) => x === null)) assert.ok(Math.abs(total - 11_000) < 1e-9, `an uncapped EVSE takes what is left: ${c}: ${shares}`);
    }
    assert.deepEqual(
      [0, 1, 2].map((i) => waterFill(11_000, [1000, 2000, 9000], i)),
      [1000, 2000, 8000],
    );
  });

  it('K08.FR.06 – without a transaction the TxDefaultProfile applies; a Relative one starts now', () => {
    const periods = compositePeriods(
      [def(1, 1, 6)].map((p) => ({
        ...p,
        profile: {
          ...p.profile,
          chargingSchedule: profile({
            periods: [
              [0, 6],
              [60, 10],
            ],
          }).chargingSchedule,
        },
      })),
      { evseId: 1, phases: 3 },
      1,
      T0,
      300,
    );
    assert.deepEqual(periods, [
      { startPeriod: 0, watts: 4140, phases: { numberPhases: 3 } },
      { startPeriod: 60, watts: 6900, phases: { numberPhases: 3 } },
    ]);
  });

  it('K08.FR.02 – one period per change within the duration, the lowest limit in each', () => {
    const stepped = on(
      0,
      profile({
        id: 5,
        chargingProfilePurpose: 'ChargingStationMaxProfile',
        start: T0,
        unit: 'W',
        periods: [
          [0, 11_000],
          [120, 2000],
          [240, 11_000],
        ],
      }),
    );
    const periods = compositePeriods([def(1, 1, 6), stepped], evse, 1, T0, 200);
    assert.deepEqual(periods, [
      { startPeriod: 0, watts: 4140, phases: { numberPhases: 3 } },
      { startPeriod: 120, watts: 2000, phases: { numberPhases: 3 } },
    ]);
  });

  it('K08.FR.02 – a change less than a second after the start is no period of its own: startPeriods increase', () => {
    // The profile starts 300 ms after the schedule's start: the first whole second already has its limit.
    const soon = on(1, profile({ id: 6, start: T0 + 300, periods: [[0, 6]], duration: 400 }));
    const periods = compositePeriods([soon], evse, 1, T0, 300);
    assert.deepEqual(periods, [{ startPeriod: 0, watts: 4140, phases: { numberPhases: 3 } }]);
  });
});
