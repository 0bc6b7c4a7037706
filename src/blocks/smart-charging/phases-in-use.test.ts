// K01.FR.43/46/50, K04, K08 with phases: limits converted on the phases an EVSE uses, the sharing
// of the station maximum counted per phase, the reserve of a suspended EV on its phases, the
// phases each composite period reports, and a DC limit in A that follows the pack voltage.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChargingProfileType, ChargingSchedulePeriodType } from '../../generated/ocpp201/index.js';
import { compositePeriods, type EvseFacts, type InstalledProfile, limitAt } from './composite-schedule.js';

const T0 = Date.parse('2026-01-05T10:00:00Z');
const S = 1000;

function installed(
  evseId: number,
  purpose: ChargingProfileType['chargingProfilePurpose'],
  unit: 'A' | 'W',
  periods: ChargingSchedulePeriodType[],
  transactionId?: string,
): InstalledProfile {
  const id = evseId * 10 + periods.length + (purpose === 'TxProfile' ? 1 : 0);
  return {
    evseId,
    profile: {
      id,
      stackLevel: 0,
      chargingProfilePurpose: purpose,
      chargingProfileKind: 'Absolute',
      ...(transactionId ? { transactionId } : {}),
      chargingSchedule: [
        {
          id,
          startSchedule: new Date(T0).toISOString(),
          chargingRateUnit: unit,
          chargingSchedulePeriod: periods as [ChargingSchedulePeriodType],
        },
      ],
    },
  };
}

const evse = (evseId: number, extra: Partial<EvseFacts> = {}): EvseFacts => ({
  evseId,
  phases: 3,
  transaction: { id: `TX${evseId}`, startedAt: T0 },
  ...extra,
});
const max = (unit: 'A' | 'W', limit: number, numberPhases?: number) =>
  installed(0, 'ChargingStationMaxProfile', unit, [{ startPeriod: 0, limit, ...(numberPhases ? { numberPhases } : {}) }]);
const tx = (evseId: number, limit: number, numberPhases?: number, phaseToUse?: number) =>
  installed(
    evseId,
    'TxProfile',
    'A',
    [{ startPeriod: 0, limit, ...(numberPhases ? { numberPhases } : {}), ...(phaseToUse ? { phaseToUse } : {}) }],
    `TX${evseId}`,
  );
const at = (profiles: InstalledProfile[], who: EvseFacts, sharing: number | EvseFacts[] = 1) => limitAt(profiles, who, sharing, T0 + S, T0);

describe('K01.FR.43/50 the station maximum on the phases in use', () => {
  it('K01.FR.43 – a station maximum of 16 A on an EVSE a TxProfile puts on one phase is 3680 W, not 11 kW', () => {
    const limit = at([max('A', 16), tx(1, 32, 1)], evse(1));
    assert.equal(limit.watts, 3680);
    assert.deepEqual(limit.phases, { numberPhases: 1 });
  });

  it('K01.FR.43 – a station maximum on one phase puts a 16 A TxProfile on one phase too: 3680 W', () => {
    assert.equal(at([max('A', 32, 1), tx(1, 16)], evse(1)).watts, 3680);
  });

  it('K01.FR.43 – on an EVSE wired for one phase, 16 A of the station maximum is 3680 W', () => {
    assert.equal(at([max('A', 16)], evse(1, { phases: 1 })).watts, 3680);
  });

  it('K01.FR.50 – a station maximum in W is a current per phase by its numberPhases: 11040 W on 3 phases is 16 A, 3680 W on the one in use', () => {
    assert.equal(at([max('W', 11_040), tx(1, 32, 1)], evse(1)).watts, 3680);
    assert.equal(at([max('W', 7360, 1), tx(1, 32, 1)], evse(1)).watts, 7360, 'a maximum given on one phase stays whole');
  });

  it('K04 – sharing a 16 A maximum between an EVSE on one phase and one on three: 8 A each, so L1 carries 16 A, not 26.7 A', () => {
    const sharers = [evse(1), evse(2)];
    const profiles = [max('A', 16), tx(1, 16, 1)];
    assert.equal(at(profiles, evse(1), sharers).watts, 8 * 230);
    assert.equal(at(profiles, evse(2), sharers).watts, 8 * 230 * 3);
  });
});

describe('K04.FR.05 the reserve of a suspended EV on its phases', () => {
  it('K04.FR.05 – a suspended EV that was switched to one phase keeps 6 A on that phase (1380 W, not 4140 W); the other gets the rest of each phase', () => {
    const suspended = evse(2, { suspended: true });
    const sharers = [evse(1), suspended];
    const profiles = [max('W', 11_040), tx(2, 16, 1)];
    assert.equal(at(profiles, suspended, sharers).watts, 6 * 230);
    // 16 A per phase: 6 A of L1 kept for the suspended EV, 10 A on each phase for the one charging.
    assert.equal(at(profiles, evse(1), sharers).watts, 10 * 230 * 3);
  });

  it('K04.FR.05 – on three phases it keeps 6 A on each: 4140 W', () => {
    const suspended = evse(2, { suspended: true });
    assert.equal(at([max('W', 11_040)], suspended, [evse(1), suspended]).watts, 6 * 230 * 3);
  });
});

describe('K08 the phases of each composite period', () => {
  it('K08.FR.02/K01.FR.46 – a period on one phase (phaseToUse 2) and the next on three are two periods, each with its phases, even at the same A', () => {
    const profiles = [
      installed(
        1,
        'TxProfile',
        'A',
        [
          { startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 },
          { startPeriod: 60, limit: 16, numberPhases: 3 },
        ],
        'TX1',
      ),
    ];
    assert.deepEqual(compositePeriods(profiles, evse(1), 1, T0, 300), [
      { startPeriod: 0, watts: 3680, phases: { numberPhases: 1, phaseToUse: 2 } },
      { startPeriod: 60, watts: 11_040, phases: { numberPhases: 3 } },
    ]);
  });

  it('K01.FR.44 – a DC EVSE has no phases in its periods', () => {
    const dc = evse(1, { phases: 1, dc: true, dcVoltageV: 380 });
    assert.deepEqual(compositePeriods([tx(1, 50)], dc, 1, T0, 60), [{ startPeriod: 0, watts: 19_000 }]);
  });
});

describe('K01.FR.44 a DC limit in A follows the pack voltage', () => {
  it('K01.FR.44 – a limit in A on DC is A × the measured voltage and says it follows it; one in W does not', () => {
    const dc = (dcVoltageV: number) => evse(1, { phases: 1, dc: true, dcVoltageV });
    assert.deepEqual(at([tx(1, 50)], dc(380)), { watts: 19_000, next: undefined, followsVoltage: true });
    assert.equal(at([tx(1, 50)], dc(400)).watts, 20_000, 'the voltage rose: the power with it');
    const inW = installed(1, 'TxProfile', 'W', [{ startPeriod: 0, limit: 20_000 }], 'TX1');
    assert.deepEqual(at([inW], dc(380)), { watts: 20_000, next: undefined });
    assert.equal(at([max('A', 100)], dc(380)).followsVoltage, true, 'a station maximum in A too');
    assert.equal(at([inW], evse(1, { phases: 1, dc: true, dcVoltageV: 380, suspended: true }), [dc(380)]).followsVoltage, undefined);
  });
});
