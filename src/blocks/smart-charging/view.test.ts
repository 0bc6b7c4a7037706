import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChargingProfileType } from '../../generated/ocpp201/index.js';
import type { InstalledProfile } from './composite-schedule.js';
import { profilesFor } from './view.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');

function installed(evseId: number, id: number, extra: Partial<ChargingProfileType> = {}): InstalledProfile {
  return {
    evseId,
    profile: {
      id,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: [{ id, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
      ...extra,
    },
  };
}

describe('the charging profiles the dashboard lists for an EVSE', () => {
  it('K01.FR.14/15 – its own and the station’s; not another EVSE’s; the station maximum first, then by stack level', () => {
    const profiles = [
      installed(0, 1),
      installed(2, 2),
      installed(1, 3, { stackLevel: 4 }),
      installed(0, 4, {
        chargingProfilePurpose: 'ChargingStationMaxProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 4,
            startSchedule: new Date(NOW).toISOString(),
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 1 }],
          },
        ],
      }),
    ];
    assert.deepEqual(
      profilesFor(1, profiles, NOW, NOW).map((p) => [p.id, p.evseId, p.purpose, p.stackLevel, p.unit]),
      [
        [4, 0, 'ChargingStationMaxProfile', 0, 'W'],
        [3, 1, 'TxDefaultProfile', 4, 'A'],
        [1, 0, 'TxDefaultProfile', 0, 'A'],
      ],
    );
  });

  it('K01.FR.36/37 – one valid later is listed, one expired is not', () => {
    const hour = 3_600_000;
    const profiles = [
      installed(1, 1, { validTo: new Date(NOW - hour).toISOString() }),
      installed(1, 2, { validFrom: new Date(NOW + hour).toISOString() }),
    ];
    assert.deepEqual(
      profilesFor(1, profiles, NOW, NOW).map((p) => p.id),
      [2],
    );
  });

  it('K01.FR.13 – an Absolute schedule past its duration is not listed', () => {
    const start = new Date(NOW - 7_200_000).toISOString();
    const done = installed(1, 1, {
      chargingProfileKind: 'Absolute',
      chargingSchedule: [
        { id: 1, startSchedule: start, duration: 3600, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 1 }] },
      ],
    });
    assert.deepEqual(profilesFor(1, [done], NOW, NOW), []);
  });
});
