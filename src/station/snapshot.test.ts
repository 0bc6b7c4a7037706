import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTestStation } from '../../test/support/test-station.js';

describe('GET /api/state compositeSchedule', () => {
  it('K08, K11.FR.01 – per EVSE the periods applied now and ahead (24 h): profile and external limit combined', async () => {
    const t = makeTestStation({ id: 'SNAPSHOT-COMPOSITE', csmsUrl: 'ws://127.0.0.1:1/ocpp', evses: 2 });
    try {
      const now = t.station.now().getTime();
      const at = (s: number) => new Date(now + s * 1000).toISOString();
      assert.deepEqual(t.snapshot().evses[0]!.compositeSchedule, [{ start: at(0), startPeriod: 0, limitW: null }], 'no limit');
      const decision = t.station.blocks.smartCharging.set(1, {
        id: 7,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 7,
            startSchedule: at(0),
            duration: 7200,
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 6000 },
              { startPeriod: 3600, limit: 2000 },
            ],
          },
        ],
      });
      assert.equal(decision.status, 'Accepted');
      t.hardware.setExternalLimit(1, 4000, 'EMS');
      assert.deepEqual(t.snapshot().evses[0]!.compositeSchedule, [
        { start: at(0), startPeriod: 0, limitW: 4000 },
        { start: at(3600), startPeriod: 3600, limitW: 2000 },
        { start: at(7200), startPeriod: 7200, limitW: 4000 },
      ]);
      assert.deepEqual(t.snapshot().evses[1]!.compositeSchedule, [{ start: at(0), startPeriod: 0, limitW: null }], 'EVSE 2 unaffected');
    } finally {
      await t.stop();
    }
  });
});
