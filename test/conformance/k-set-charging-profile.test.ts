// Part 6 block K, SetChargingProfile (K01) on an idle station: the profiles it takes and reports
// back, and those it rejects, in Part 6 order on one station. Beyond the tool validations each
// accepted case checks that the limit is applied (the limit the station gives the EVSE); each case
// clears what it set, so that the next starts from no profiles. TC_K_15_CS runs on a station of
// its own, started with smart charging disabled.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { powerCycled } from './support/availability.js';
import {
  CONFIGURED,
  chargingProfile,
  limitApplied,
  profileSet,
  reportedProfiles,
  sameProfile,
  setChargingProfile,
  wattsOf,
} from './support/charging-profiles-set.js';
import { type Booted, booted, connectorsAvailable, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const { evseId, duration } = CONFIGURED;
/** 6 A per phase (or 6 × 230 × phases W) on the configured phases. */
const SIX_A_W = wattsOf(6);

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-KSET' });
});
after(async () => {
  await cs?.station.dispose();
  if (cs) rmSync(cs.station.dataDir, { recursive: true, force: true }); // TC_K_13 restarts it on the same directory
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

/** Steps 3-6 and the post scenario of the cases that read a profile back by its id. */
async function reportedAsSent(requestId: number, sent: Json, evse: number, steps: [string, string] = ['step 4', 'step 5']): Promise<void> {
  const reports = await reportedProfiles(cs, requestId, { chargingProfileId: [sent.id] }, { get: steps[0], report: steps[1] });
  assert.equal(reports.length, 1, `${steps[1]}: one ReportChargingProfilesRequest`);
  const [report] = reports;
  assert.equal(report!.evseId, evse, `${steps[1]}: ReportChargingProfilesRequest evseId ${evse}`);
  assert.equal(report!.tbc ?? false, false, `${steps[1]}: tbc false`);
  const profiles = report!.chargingProfile as Json[];
  assert.equal(profiles.length, 1, `${steps[1]}: one chargingProfile`);
  sameProfile(profiles[0], sent, 'post scenario');
}

describe('Part 6 K – SetChargingProfile', () => {
  it('TC_K_01_CS – Set Charging Profile - TxDefaultProfile - Specific EVSE', async () => {
    const sent = chargingProfile({ id: 101, purpose: 'TxDefaultProfile', duration });
    await profileSet(cs, evseId, sent, 'step 2');
    await limitApplied(cs, evseId, SIX_A_W, 'after step 2, K01.FR.07/15: the profile is in force'); // 6 A on 3 phases
    await reportedAsSent(1, sent, evseId);
  });

  it('TC_K_02_CS – Set Charging Profile - TxProfile without ongoing transaction on the specified EVSE', async () => {
    const res = await setChargingProfile(
      cs,
      evseId,
      chargingProfile({ id: 102, purpose: 'TxProfile', kind: 'Relative', transactionId: 'UNKNOWN-TRANSACTION-ID' }),
    );
    assert.equal(res.status, 'Rejected', 'step 2: SetChargingProfileResponse status Rejected');
    await limitApplied(cs, evseId, null, 'after step 2, K01.FR.09: the rejected profile is not in force');
  });

  it('TC_K_03_CS – Set Charging Profile - ChargingStationMaxProfile', async () => {
    const sent = chargingProfile({ id: 103, purpose: 'ChargingStationMaxProfile', kind: 'Absolute', duration });
    await profileSet(cs, 0, sent, 'step 2');
    // The station's maximum, shared by its EVSEs: with one EVSE all of it.
    await limitApplied(cs, evseId, SIX_A_W / CONFIGURED.evseCount, 'after step 2, K01.FR.07: the maximum is in force');
    await reportedAsSent(3, sent, 0);
  });

  it('TC_K_10_CS – Set Charging Profile - TxDefaultProfile - All EVSE', async () => {
    const sent = chargingProfile({ id: 110, purpose: 'TxDefaultProfile', duration });
    await profileSet(cs, 0, sent, 'step 2');
    await limitApplied(cs, evseId, SIX_A_W, 'after step 2, K01.FR.14: the profile of EVSE 0 is in force on every EVSE');
    await reportedAsSent(10, sent, 0);
  });

  it('TC_K_13_CS – Set Charging Profile - Persistent over reboot', async () => {
    const sent = chargingProfile({ id: 113, purpose: 'TxDefaultProfile', duration });
    await profileSet(cs, evseId, sent, 'step 2');
    // Step 3, Reusable State Booted by power cycle: the same station (same data directory) starts again.
    cs = await powerCycled(cs, csms, CONFIGURED.evseCount);
    await connectorsAvailable(cs.link, CONFIGURED.evseCount, 'step 3: Booted');
    await limitApplied(cs, evseId, SIX_A_W, 'after step 3, K01.FR.27: after the reboot the profile is in force');
    await reportedAsSent(13, sent, evseId, ['step 5', 'step 6']);
  });

  it('TC_K_14_CS – Set Charging Profile - Unexisting EVSEid', async () => {
    const res = await setChargingProfile(cs, CONFIGURED.evseCount + 1, chargingProfile({ id: 114, purpose: 'TxDefaultProfile', duration }));
    assert.equal(res.status, 'Rejected', 'step 2: SetChargingProfileResponse status Rejected');
    const get = await cs.link.call<Json>('GetChargingProfiles', { requestId: 14, chargingProfile: { chargingProfileId: [114] } });
    assert.equal(get.status, 'NoProfiles', 'after step 2, K01.FR.28: the rejected profile is not installed');
  });

  it('TC_K_15_CS – Set Charging Profile - Not Supported', async () => {
    // Prerequisite "does not support smart charging": a station of its own, started with smart
    // charging disabled (SmartChargingCtrlr.Enabled false).
    await withStation(csms, 'CONF-K15', ['SmartChargingCtrlr/Enabled=false'], async (b) => {
      const error = await setChargingProfile(b, evseId, chargingProfile({ id: 115, purpose: 'TxDefaultProfile', duration })).then(
        (res) => ({ rpcErrorCode: `none: answered ${JSON.stringify(res)}` }),
        (e: unknown) => e as { rpcErrorCode?: string },
      );
      assert.equal(error.rpcErrorCode, 'NotSupported', 'step 2: CALLERROR NotSupported');
      await limitApplied(b, evseId, null, 'after step 2: no limit on the EVSE');
    });
  });

  it('TC_K_19_CS – Set Charging Profile - ChargingProfileKind is Recurring', async () => {
    // K01.FR.40: a Recurring profile has a startSchedule; this one began a cycle ago, so one is running.
    const startSchedule = new Date(Date.now() - 86_400_000).toISOString();
    const sent = chargingProfile({
      id: 119,
      purpose: 'TxDefaultProfile',
      kind: 'Recurring',
      recurrencyKind: CONFIGURED.recurrencyKind,
      startSchedule,
    });
    await profileSet(cs, evseId, sent, 'step 2');
    await limitApplied(cs, evseId, SIX_A_W, 'after step 2, K01.FR.07: the recurring schedule is in force');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
