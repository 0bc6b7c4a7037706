// The dashboard's smart-charging data, against the local CSMS over a real WebSocket: the profiles
// the CSMS set and the external limits of the hardware show in GET /api/state per EVSE, each
// profile with its purpose and stack level, the station's own ones on every EVSE they reach.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { ChargingProfilePurposeEnumType, ChargingProfileType } from '../../src/generated/ocpp201/index.js';
import { withControlledStation } from '../support/control-station.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

/** Relative, but a ChargingStationMaxProfile is Absolute from now (K01.FR.38). */
function profile(id: number, purpose: ChargingProfilePurposeEnumType, stackLevel: number, limitW: number, now: Date): ChargingProfileType {
  const absolute = purpose === 'ChargingStationMaxProfile';
  return {
    id,
    stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: absolute ? 'Absolute' : 'Relative',
    chargingSchedule: [
      {
        id,
        ...(absolute ? { startSchedule: now.toISOString() } : {}),
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: limitW }],
      },
    ],
  };
}

describe('Dashboard: charging profiles and external limits in GET /api/state (K01/K11/K12)', () => {
  it('K01.FR.14/15, K11.FR.01 – per EVSE the profiles that apply (its own and the station’s) and its external limit; the station-wide limit under smartCharging', async () => {
    const id = 'DASH-K';
    await withControlledStation(
      csms.url,
      id,
      async ({ t, state }) => {
        const before = await state();
        assert.deepEqual(
          before.evses.map((e) => [e.chargingProfiles, e.externalLimitW]),
          [
            [[], null],
            [[], null],
          ],
          'step 1: no profile and no external limit at first',
        );
        assert.deepEqual(before.smartCharging, { stationExternalLimitW: null }, 'step 1: no station-wide limit');

        const now = t.runtime.station.now();
        for (const [evseId, chargingProfile] of [
          [0, profile(10, 'TxDefaultProfile', 0, 9000, now)],
          [0, profile(20, 'ChargingStationMaxProfile', 0, 20_000, now)],
          [1, profile(11, 'TxDefaultProfile', 2, 5000, now)],
        ] as const) {
          const response = await csms.call(id, 'SetChargingProfile', { evseId, chargingProfile });
          assert.equal(response.status, 'Accepted', `step 2: SetChargingProfile ${chargingProfile.id}: ${JSON.stringify(response)}`);
        }
        t.hardware.setExternalLimit(2, 3000, 'EMS');
        t.hardware.setExternalLimit(0, 16_000, 'SO');

        const after = await state();
        const [evse1, evse2] = after.evses;
        assert.deepEqual(
          evse1!.chargingProfiles,
          [
            { id: 20, evseId: 0, purpose: 'ChargingStationMaxProfile', stackLevel: 0, kind: 'Absolute', unit: 'W' },
            { id: 11, evseId: 1, purpose: 'TxDefaultProfile', stackLevel: 2, kind: 'Relative', unit: 'W' },
            { id: 10, evseId: 0, purpose: 'TxDefaultProfile', stackLevel: 0, kind: 'Relative', unit: 'W' },
          ],
          'step 3: EVSE 1 lists the station maximum, its own default and the station default, the winner first',
        );
        assert.deepEqual(
          evse2!.chargingProfiles.map((p) => [p.id, p.evseId, p.purpose, p.stackLevel]),
          [
            [20, 0, 'ChargingStationMaxProfile', 0],
            [10, 0, 'TxDefaultProfile', 0],
          ],
          'step 3: EVSE 2 lists only the station’s profiles',
        );
        assert.equal(evse1!.externalLimitW, null, 'step 4: EVSE 1 has no external limit of its own');
        assert.equal(evse2!.externalLimitW, 3000, 'step 4: EVSE 2 shows its external limit');
        assert.deepEqual(after.smartCharging, { stationExternalLimitW: 16_000 }, 'step 4: the station-wide limit');
        assert.equal(evse2!.limitW, 3000, 'step 4: the external limit caps EVSE 2');

        const cleared = await csms.call(id, 'ClearChargingProfile', { chargingProfileId: 11 });
        assert.equal(cleared.status, 'Accepted');
        t.hardware.setExternalLimit(2, null, 'EMS');
        const last = await state();
        assert.deepEqual(
          last.evses[0]!.chargingProfiles.map((p) => p.id),
          [20, 10],
          'step 5: a cleared profile is gone',
        );
        assert.equal(last.evses[1]!.externalLimitW, null, 'step 5: a cleared external limit is gone');
      },
      { evses: 2 },
    );
  });
});
