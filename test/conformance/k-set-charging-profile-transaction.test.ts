// Part 6 block K, SetChargingProfile (K01) while a transaction is ongoing on the configured EVSE
// (Reusable State EnergyTransferStarted, set up once), in Part 6 order on one station. Beyond the
// tool validations, an accepted profile must be applied: the limit the station gives the EVSE, the
// power the simulated EV then draws (it would take the EVSE's full rating, 3 × 16 A), and the power
// the station reports in its next meter value; a rejected one must leave the EV at full power.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CONFIGURED,
  chargingProfile,
  drawsAtLimit,
  inSeconds,
  limitApplied,
  limitMultiplier,
  profileSet,
  reportedProfiles,
  sameProfile,
  sampled,
  setChargingProfile,
  wattsOf,
} from './support/charging-profiles-set.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
let transactionId: string;
const { evseId, chargingRateUnit, maxTimeDeviationS: dev } = CONFIGURED;
const SIX_A_W = wattsOf(6);
/** The EVSE's rating: what the EV draws without a limit. */
const FULL_W = wattsOf(16);

before(async () => {
  await csms.listen();
  cs = await booted(csms, {
    id: 'CONF-KSET-TX',
    set: [
      'SmartChargingCtrlr/LimitChangeSignificance=1.0', // TC_K_28_CS configuration state
      'SampledDataCtrlr/TxUpdatedMeasurands=Power.Active.Import',
      'SampledDataCtrlr/TxUpdatedInterval=1',
    ],
  });
  await evConnectedPreSession(cs, evseId);
  await authorized(cs, 'KSETTX', evseId);
  const started = await energyTransferStarted(cs);
  transactionId = String((started.transactionInfo as Json).transactionId);
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** The limit is applied: the EVSE's limit, the EV's power, and the next meter value of the transaction. */
async function applied(watts: number, what: string): Promise<void> {
  await limitApplied(cs, evseId, watts, what);
  await drawsAtLimit(cs, evseId, watts, what);
  cs.link.forget();
  const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'MeterValuePeriodic');
  const power = sampled(t, 'Power.Active.Import');
  assert.ok(
    power !== undefined && Math.abs(power - watts) <= 1,
    `${what}: the next meter value has Power.Active.Import ${watts} W (${power})`,
  );
}

/** A rejected profile changes nothing: no limit, the EV at full power. */
async function notApplied(what: string): Promise<void> {
  await limitApplied(cs, evseId, null, what);
  await drawsAtLimit(cs, evseId, FULL_W, what);
}

describe('Part 6 K – SetChargingProfile with a transaction ongoing', () => {
  it('TC_K_11_CS – Set Charging Profile - Unable to set TxProfile on all EVSE at once', async () => {
    // The ongoing transaction's id, so that only evseId 0 is wrong (K01.FR.16).
    const res = await setChargingProfile(cs, 0, chargingProfile({ id: 211, purpose: 'TxProfile', kind: 'Relative', transactionId }));
    assert.equal(res.status, 'Rejected', 'step 2: SetChargingProfileResponse status Rejected');
    await notApplied('after step 2, K01.FR.16: the rejected TxProfile is not in force');
  });

  it('TC_K_16_CS – Set Charging Profile - Unknown transactionId', async () => {
    const res = await setChargingProfile(
      cs,
      evseId,
      chargingProfile({ id: 216, purpose: 'TxProfile', kind: 'Relative', transactionId: 'UNKNOWN-TRANSACTION-ID' }),
    );
    assert.equal(res.status, 'Rejected', 'step 2: SetChargingProfileResponse status Rejected');
    await notApplied('after step 2, K01.FR.33: the rejected TxProfile is not in force');
  });

  it('TC_K_28_CS – Set Charging Profile - TxDefaultProfile with transaction ongoing', async () => {
    // Step 1 as errata 2025-04 has it: duration 400 + deviation, valid until 401 s + deviation.
    const sent = chargingProfile({
      id: 228,
      purpose: 'TxDefaultProfile',
      kind: 'Absolute',
      duration: 400 + dev,
      validFrom: inSeconds(-dev),
      validTo: inSeconds(dev + 401),
      startSchedule: inSeconds(-dev),
    });
    await profileSet(cs, evseId, sent, 'step 2');
    const res = await cs.link.call<Json>('GetCompositeSchedule', { evseId, duration: 300, chargingRateUnit });
    assert.equal(res.status, 'Accepted', 'step 4: GetCompositeScheduleResponse status Accepted');
    const schedule = res.schedule as Json;
    assert.equal(schedule.evseId, evseId, 'step 4: schedule.evseId');
    assert.equal(schedule.duration, 300, 'step 4: schedule.duration 300');
    assert.equal(schedule.chargingRateUnit, chargingRateUnit, 'step 4: schedule.chargingRateUnit');
    const periods = (schedule.chargingSchedulePeriod as Json[]).map((p) => [p.startPeriod, p.limit]);
    assert.deepEqual(periods, [[0, 6 * limitMultiplier()]], 'step 4: one period, startPeriod 0, limit 6 (× multiplier)');
    await applied(SIX_A_W, 'after step 4, K01.FR.32: the transaction continues with the new TxDefaultProfile');
    const cleared = await cs.link.call<Json>('ClearChargingProfile', { chargingProfileId: 228 });
    assert.equal(cleared.status, 'Accepted', 'after the case: ClearChargingProfileResponse status Accepted');
    await notApplied('after the case: the profile cleared');
  });

  it('TC_K_60_CS – Set Charging Profile - TxProfile with ongoing transaction on the specified EVSE', async () => {
    const sent = chargingProfile({ id: 260, purpose: 'TxProfile', kind: 'Relative', transactionId });
    await profileSet(cs, evseId, sent, 'step 2');
    await applied(SIX_A_W, 'after step 2, K01.FR.04: the TxProfile is applied to the transaction');
    const reports = await reportedProfiles(cs, 60, { chargingProfileId: [260] }, { get: 'step 4', report: 'step 5' });
    const profiles = reports.flatMap((r) => r.chargingProfile as Json[]);
    assert.equal(profiles.length, 1, 'step 5: ReportChargingProfilesRequest with the profile');
    sameProfile(profiles[0], sent, 'step 5');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
