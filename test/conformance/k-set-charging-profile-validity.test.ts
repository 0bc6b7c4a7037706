// Part 6 block K, SetChargingProfile (K01) with a profile that holds from or until a time to come
// (validFrom, validTo, startSchedule), in Part 6 order on one idle station. Part 6 checks it with
// the composite schedule, which shows the change ahead; beyond that each case checks the limit the
// station gives the EVSE now (none before the profile's time, its limit while it holds). Each case
// clears what it set.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CONFIGURED,
  chargingProfile,
  inSeconds,
  limitApplied,
  limitMultiplier,
  profileSet,
  wattsOf,
} from './support/charging-profiles-set.js';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const { evseId, evseCount, chargingRateUnit, maxTimeDeviationS: dev } = CONFIGURED;
const SIX = 6 * limitMultiplier();

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-KSET-VALID' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/**
 * After each case: every profile cleared (Unknown when the case left none), and no limit left on
 * the EVSE, so that the next case starts from none whatever the outcome of this one.
 */
afterEach(async () => {
  const res = await cs.link.call<Json>('ClearChargingProfile', {});
  assert.match(String(res.status), /^(Accepted|Unknown)$/, 'after the case: ClearChargingProfileResponse status');
  await limitApplied(cs, evseId, null, 'after the case');
});

/**
 * Steps 3-4: GetCompositeScheduleRequest for `evse` over `duration` s in the configured unit;
 * status Accepted, the schedule's evseId, duration and unit. Returns its periods and x, the time
 * (s) from `sentAt`, when the tool sent the SetChargingProfileRequest, to scheduleStart.
 */
async function composite(evse: number, duration: number, sentAt: number): Promise<{ periods: Json[]; x: number }> {
  const res = await cs.link.call<Json>('GetCompositeSchedule', { evseId: evse, duration, chargingRateUnit });
  assert.equal(res.status, 'Accepted', `step 4 (evse ${evse}): GetCompositeScheduleResponse status Accepted`);
  const schedule = res.schedule as Json;
  assert.equal(schedule.evseId, evse, `step 4 (evse ${evse}): schedule.evseId`);
  assert.equal(schedule.duration, duration, `step 4 (evse ${evse}): schedule.duration ${duration}`);
  assert.equal(schedule.chargingRateUnit, chargingRateUnit, `step 4 (evse ${evse}): schedule.chargingRateUnit`);
  return { periods: schedule.chargingSchedulePeriod as Json[], x: (Date.parse(String(schedule.scheduleStart)) - sentAt) / 1000 };
}

/** Step 4: the periods are, in order, at the given startPeriods (± the clocks' deviation) with the given limits (undefined: not validated). */
function periodsAre(periods: Json[], expected: [number, number | undefined][], what: string): void {
  assert.equal(periods.length, expected.length, `${what}: ${expected.length} periods (${JSON.stringify(periods)})`);
  expected.forEach(([start, limit], i) => {
    const p = periods[i]!;
    assert.ok(Math.abs(Number(p.startPeriod) - start) <= dev, `${what}: period ${i} startPeriod ${start} (${String(p.startPeriod)})`);
    if (limit !== undefined) assert.equal(p.limit, limit, `${what}: period ${i} limit ${limit}`);
  });
}

describe('Part 6 K – SetChargingProfile, validity in time', () => {
  it('TC_K_21_CS – Set Charging Profile - ValidFrom', async () => {
    const sentAt = Date.now();
    const sent = chargingProfile({ id: 321, purpose: 'TxDefaultProfile', kind: 'Relative', validFrom: inSeconds(300, sentAt) });
    await profileSet(cs, evseId, sent, 'step 2');
    const { periods, x } = await composite(evseId, 400, sentAt);
    assert.equal(periods[0]?.startPeriod, 0, 'step 4: chargingSchedulePeriod[0].startPeriod 0');
    periodsAre(
      periods,
      [
        [0, undefined],
        [300 - x, SIX],
      ],
      'step 4',
    );
    await limitApplied(cs, evseId, null, 'after step 4, K01.FR.36: before validFrom the profile is not in force');
  });

  it('TC_K_22_CS – Set Charging Profile - ValidTo', async () => {
    const sentAt = Date.now();
    const sent = chargingProfile({
      id: 322,
      purpose: 'TxDefaultProfile',
      kind: 'Absolute',
      validFrom: inSeconds(-dev, sentAt),
      validTo: inSeconds(300, sentAt),
      startSchedule: inSeconds(0, sentAt),
    });
    await profileSet(cs, 0, sent, 'step 2');
    // Steps 3 and 4 for i = 0 .. number of EVSEs; EVSE 0 sums its EVSEs' limits.
    for (let i = 0; i <= evseCount; i++) {
      const { periods, x } = await composite(i, 400, sentAt);
      const limit = i === 0 ? SIX * evseCount : SIX;
      assert.equal(periods[0]?.startPeriod, 0, `step 4 (evse ${i}): chargingSchedulePeriod[0].startPeriod 0`);
      periodsAre(
        periods,
        [
          [0, limit],
          [300 - x, undefined],
        ],
        `step 4 (evse ${i})`,
      );
    }
    await limitApplied(cs, evseId, wattsOf(6), 'after step 4, K01.FR.37: until validTo the profile is in force');
  });

  it('TC_K_23_CS – Set Charging Profile - StartSchedule', async () => {
    // Step 1 as errata 2025-04 has it: startSchedule 60 s ahead, valid from 50 s ahead (less the deviation).
    const sentAt = Date.now();
    const sent = chargingProfile({
      id: 323,
      purpose: 'TxDefaultProfile',
      kind: 'Absolute',
      validFrom: inSeconds(50 - dev, sentAt),
      validTo: inSeconds(400 + dev, sentAt),
      startSchedule: inSeconds(60, sentAt),
    });
    await profileSet(cs, evseId, sent, 'step 2');
    const { periods, x } = await composite(evseId, 300, sentAt);
    assert.equal(periods[0]?.startPeriod, 0, 'step 4: chargingSchedulePeriod[0].startPeriod 0');
    periodsAre(
      periods,
      [
        [0, undefined],
        [60 - x, SIX],
      ],
      'step 4',
    );
    await limitApplied(cs, evseId, null, 'after step 4, K01.FR.30: before startSchedule the schedule is not in force');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
