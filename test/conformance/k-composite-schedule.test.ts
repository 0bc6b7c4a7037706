// Part 6 block K (smart charging), Get Composite Schedule (K08), in Part 6 order, on one station,
// with the errata 2025-09 (§6.2.69 limit multiplier, §6.2.71-75 scheduleStart and startPeriods).
// TC_K_42_CS (NOT (SC-2.1 and SC-2.2)) does not apply: the station declares both A and W.
//
// x of the validations is the time from the profiles' startSchedule to the scheduleStart of the
// response; the expected startPeriods are computed from the response's scheduleStart.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertPeriods,
  chargingProfile,
  clearAllProfiles,
  compositeSchedule,
  EVSE,
  MAX_DEVIATION_S,
  profileSet,
  UNIT,
} from './support/charging-profiles-get.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const DEV_MS = MAX_DEVIATION_S * 1000;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-K-COMPOSITE' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** Step 2: status Accepted, the schedule's evseId, duration, unit and scheduleStart (± max time deviation of the request). */
function acceptedSchedule(res: Json, evseId: number, duration: number, sentAt: number): Json {
  assert.equal(res.status, 'Accepted', 'step 2: GetCompositeScheduleResponse status Accepted');
  const schedule = res.schedule as Json;
  assert.equal(schedule.evseId, evseId, `step 2: evseId ${evseId}`);
  assert.equal(schedule.duration, duration, `step 2: duration ${duration}`);
  assert.equal(schedule.chargingRateUnit, UNIT, 'step 2: chargingRateUnit <Configured chargingRateUnit>');
  const start = Date.parse(String(schedule.scheduleStart));
  assert.ok(
    Math.abs(start - sentAt) <= DEV_MS,
    `step 2: scheduleStart ${schedule.scheduleStart} the time of the request ± max time deviation`,
  );
  return schedule;
}

/** validFrom/validTo of the memory states: now - max time deviation, now + max time deviation + 401 s. */
const validity = (now: number): Json => ({
  validFrom: new Date(now - DEV_MS).toISOString(),
  validTo: new Date(now + DEV_MS + 401_000).toISOString(),
});

describe('Part 6 K – Get Composite Schedule', () => {
  it('TC_K_39_CS – Get Composite Schedule - No ChargingProfile installed on Charging Station', async () => {
    await clearAllProfiles(cs);
    const sentAt = Date.now();
    const schedule = acceptedSchedule(await compositeSchedule(cs, 0, 300), 0, 300, sentAt);
    assert.equal((schedule.chargingSchedulePeriod as Json[])[0]?.startPeriod, 0, 'step 2: startPeriod 0');
  });

  it('TC_K_40_CS – Get Composite Schedule - Stacking ChargingProfiles', async () => {
    await clearAllProfiles(cs);
    const now = Date.now();
    const start = now - DEV_MS; // <startScheduleTime>
    const base = { purpose: 'TxDefaultProfile', start } as const;
    const p1 = chargingProfile(4001, {
      ...base,
      stackLevel: 0,
      duration: 400 + MAX_DEVIATION_S,
      periods: [
        [0, 6],
        [100, 8],
        [200, 10],
      ],
    });
    const p2 = chargingProfile(4002, {
      ...base,
      stackLevel: 1,
      duration: 150 + MAX_DEVIATION_S,
      periods: [
        [0, 7],
        [100, 9],
      ],
    });
    await profileSet(cs, EVSE, { ...p1, ...validity(now) }, 'memory state');
    await profileSet(cs, EVSE, { ...p2, ...validity(now) }, 'memory state');
    const sentAt = Date.now();
    const schedule = acceptedSchedule(await compositeSchedule(cs, EVSE, 350), EVSE, 350, sentAt);
    const x = (Date.parse(String(schedule.scheduleStart)) - start) / 1000;
    assertPeriods(
      schedule,
      [
        [0, 7],
        [100 - x, 9],
        [150 - x + MAX_DEVIATION_S, 8],
        [200 - x, 10],
      ],
      'step 2',
    );
  });

  it('TC_K_41_CS – Get Composite Schedule - Combining chargingProfilePurposes', async () => {
    await clearAllProfiles(cs);
    // Errata 2025-09 §6.2.75: Reusable State EnergyTransferStarted (a TxProfile needs the transaction).
    await evConnectedPreSession(cs, EVSE);
    await authorized(cs, 'K41CHARGE');
    const charging = await energyTransferStarted(cs);
    const transactionId = String((charging.transactionInfo as Json).transactionId);
    const now = Date.now();
    const start = now - DEV_MS;
    const periods = (starts: number[], limits: number[]): [number, number][] => starts.map((s, i) => [s, limits[i]!]);
    const max = chargingProfile(4101, { purpose: 'ChargingStationMaxProfile', start, duration: 86_400, periods: [[0, 10]] });
    const txDefault = chargingProfile(4102, {
      purpose: 'TxDefaultProfile',
      start,
      duration: 300,
      periods: periods([0, 60, 120, 180, 260], [6, 10, 8, 15, 8]),
    });
    const tx = chargingProfile(4103, {
      purpose: 'TxProfile',
      start,
      duration: 260,
      transactionId,
      periods: periods([0, 50, 140, 200, 240], [8, 11, 16, 6, 12]),
    });
    await profileSet(cs, 0, max, 'memory state');
    await profileSet(cs, EVSE, { ...txDefault, ...validity(now) }, 'memory state');
    await profileSet(cs, EVSE, { ...tx, ...validity(now) }, 'memory state');
    const sentAt = Date.now();
    const schedule = acceptedSchedule(await compositeSchedule(cs, EVSE, 400), EVSE, 400, sentAt);
    const x = (Date.parse(String(schedule.scheduleStart)) - start) / 1000;
    assertPeriods(
      schedule,
      [
        [0, 8],
        [50 - x, 10],
        [200 - x, 6],
        [240 - x, 10],
        [260 - x, 8],
        [300 - x, 10],
      ],
      'step 2',
    );
  });

  it('TC_K_47_CS – Get Composite Schedule - Unknown EVSEId', async () => {
    const res = await compositeSchedule(cs, 2, 300);
    assert.equal(res.status, 'Rejected', 'step 2: GetCompositeScheduleResponse status Rejected');
    assert.equal(res.schedule, undefined, 'step 2: schedule omitted');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
