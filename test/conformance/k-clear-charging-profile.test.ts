// Part 6 block K (smart charging), Clear Charging Profile (K10), in Part 6 order, on one station.
// TC_K_24_CS (HFS-8 > 1) does not apply: the declared station has one EVSE.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertPeriods,
  chargingProfile,
  chargingProfilesReported,
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
let charging = false;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-K-CLEAR', set: ['SmartChargingCtrlr/LimitChangeSignificance=1.0'] });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** Charging State EnergyTransferStarted (kept for the rest of the session). */
async function energyTransfer(): Promise<void> {
  if (charging) return;
  await evConnectedPreSession(cs, EVSE);
  await authorized(cs, 'K10CHARGE');
  await energyTransferStarted(cs);
  charging = true;
}

describe('Part 6 K – Clear Charging Profile', () => {
  it('TC_K_05_CS – Clear Charging Profile - With chargingProfileId', async () => {
    await clearAllProfiles(cs);
    await profileSet(cs, EVSE, chargingProfile(501, { purpose: 'TxDefaultProfile' }), 'memory state');
    const res = (await cs.link.call('ClearChargingProfile', { chargingProfileId: 501 })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: ClearChargingProfileResponse status Accepted');
    await chargingProfilesReported(cs, 3, { requestId: 5, chargingProfile: { chargingProfileId: [501] } }, 'NoProfiles');
  });

  it('TC_K_06_CS – Clear Charging Profile - With stackLevel/purpose combination for one profile', async () => {
    await clearAllProfiles(cs);
    await energyTransfer();
    await profileSet(cs, EVSE, chargingProfile(601, { purpose: 'TxDefaultProfile', stackLevel: 2 }), 'memory state');
    const criteria = { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 };
    const res = (await cs.link.call('ClearChargingProfile', { chargingProfileCriteria: criteria })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: ClearChargingProfileResponse status Accepted');
    await chargingProfilesReported(cs, 3, { requestId: 6, chargingProfile: criteria }, 'NoProfiles');
  });

  it('TC_K_07_CS – Clear Charging Profile - With unknown stackLevel/purpose combination', async () => {
    await clearAllProfiles(cs);
    await profileSet(cs, EVSE, chargingProfile(701, { purpose: 'TxDefaultProfile', stackLevel: 1 }), 'memory state');
    const res = (await cs.link.call('ClearChargingProfile', {
      chargingProfileCriteria: { chargingProfilePurpose: 'ChargingStationMaxProfile', stackLevel: 0 },
    })) as Json;
    assert.equal(res.status, 'Unknown', 'step 2: ClearChargingProfileResponse status Unknown');
  });

  it('TC_K_08_CS – Clear Charging Profile - Without previous charging profile', async () => {
    await clearAllProfiles(cs);
    const res = (await cs.link.call('ClearChargingProfile', { chargingProfileId: 801 })) as Json;
    assert.equal(res.status, 'Unknown', 'step 2: ClearChargingProfileResponse status Unknown');
  });

  it('TC_K_09_CS – Clear Charging Profile - Clearing a TxDefaultProfile - With ongoing transaction', async () => {
    await clearAllProfiles(cs);
    await energyTransfer();
    const profile = chargingProfile(901, { purpose: 'TxDefaultProfile', duration: 400 + MAX_DEVIATION_S, periods: [[0, 6]] });
    await profileSet(cs, EVSE, profile, 'memory state');
    const first = await compositeSchedule(cs, EVSE, 300);
    assert.equal(first.status, 'Accepted', 'step 2: GetCompositeScheduleResponse status Accepted');
    const schedule = first.schedule as Json;
    assert.equal(schedule.evseId, EVSE, 'step 2: evseId <Configured evseId>');
    assert.equal(schedule.duration, 300, 'step 2: duration 300');
    assert.equal(schedule.chargingRateUnit, UNIT, 'step 2: chargingRateUnit <Configured chargingRateUnit>');
    assertPeriods(schedule, [[0, 6]], 'step 2');
    const res = (await cs.link.call('ClearChargingProfile', {
      chargingProfileCriteria: { chargingProfilePurpose: 'TxDefaultProfile' },
    })) as Json;
    assert.equal(res.status, 'Accepted', 'step 4: ClearChargingProfileResponse status Accepted');
    const second = await compositeSchedule(cs, EVSE, 300);
    assert.equal(second.status, 'Accepted', 'step 5: GetCompositeScheduleResponse status Accepted');
    const cleared = second.schedule as Json;
    assert.equal(cleared.duration, 300, 'step 5: duration 300');
    assert.equal(cleared.chargingRateUnit, UNIT, 'step 5: chargingRateUnit <Configured chargingRateUnit>');
    const [period] = cleared.chargingSchedulePeriod as Json[];
    assert.equal(period?.startPeriod, 0, 'step 5: startPeriod 0');
    assert.notEqual(period?.limit, 6, 'step 5: the limit is the local limit of the station, not 6');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
