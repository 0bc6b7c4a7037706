import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearedChargingLimit, EXTERNAL_SCHEDULE_ID, ExternalLimits, notifyChargingLimit, significant } from './external-limit.js';

describe('K11/K12 external limits', () => {
  it('K12.FR.01 – a station limit is shared equally; an EVSE limit below its share wins', () => {
    const limits = new ExternalLimits();
    assert.equal(limits.capW(1, 2), null);
    limits.set(0, { limitW: 10_000, source: 'EMS' });
    assert.equal(limits.capW(1, 2), 5000);
    limits.set(2, { limitW: 2000, source: 'SO' });
    assert.equal(limits.capW(2, 2), 2000);
    assert.equal(limits.capW(1, 2), 5000);
    limits.set(0, null);
    assert.equal(limits.capW(1, 2), null, 'K13.FR.01: cleared');
  });

  it('K11.FR.02/04 – LimitChangeSignificance: only a change of more than the percentage counts', () => {
    assert.equal(significant(4000, 4400, 10), false);
    assert.equal(significant(4000, 4401, 10), true);
    assert.equal(significant(4000, 3500, 10), true);
    assert.equal(significant(null, 4000, 10), true, 'a new limit');
    assert.equal(significant(4000, null, 10), true, 'a limit removed');
    assert.equal(significant(0, 1, 10), true);
    assert.equal(significant(null, null, 0), false);
  });

  it('K11.FR.03/05, K12.FR.03/04 – NotifyChargingLimit names the source (never CSO), the EVSE, and the schedule when asked', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    assert.deepEqual(notifyChargingLimit(0, { limitW: 6000, source: 'EMS' }, false, now), {
      chargingLimit: { chargingLimitSource: 'EMS' },
    });
    assert.deepEqual(notifyChargingLimit(2, { limitW: 1500, source: 'SO' }, true, now), {
      chargingLimit: { chargingLimitSource: 'SO', isGridCritical: true },
      evseId: 2,
      chargingSchedule: [
        {
          id: EXTERNAL_SCHEDULE_ID,
          startSchedule: now.toISOString(),
          chargingRateUnit: 'W',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 1500 }],
        },
      ],
    });
  });

  it('K13.FR.02 – ClearedChargingLimit names the source of the cleared limit and its EVSE', () => {
    assert.deepEqual(clearedChargingLimit(1, { limitW: 1, source: 'Other' }), { chargingLimitSource: 'Other', evseId: 1 });
    assert.deepEqual(clearedChargingLimit(0, { limitW: 1, source: 'EMS' }), { chargingLimitSource: 'EMS' });
  });
});
