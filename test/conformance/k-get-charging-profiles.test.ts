// Part 6 block K (smart charging): replacing a profile (K01.FR.05), Get Charging Profile (K09) and
// the TxProfile of a remote start read back (K05), and an external limit reported (K12), in Part 6
// order, on one station.
//
// The memory state of TC_K_29-36_CS: a ChargingStationMaxProfile (<Generated Id1>) on the station
// (evseId 0) and a TxDefaultProfile (<Generated Id2>) on <Configured evseId>, both at <Configured
// stackLevel>. TC_K_33_CS names a <Configured stackLevel2> for the second profile and expects it
// reported for <Configured stackLevel>: the two are read as the same value.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  chargingProfile,
  chargingProfilesReported,
  clearAllProfiles,
  EVSE,
  PHASES,
  profileSet,
  reportedProfiles,
  sameProfile,
} from './support/charging-profiles-get.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, stopAuthorizedRemote } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const STACK_LEVEL = 3;
const ID1 = 2901;
const ID2 = 2902;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-K-GET', set: ['AuthCtrlr/AuthorizeRemoteStart=true'] });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** The memory state of TC_K_29-36_CS; returns the two profiles sent. */
async function maxAndDefault(): Promise<{ max: Json; txDefault: Json }> {
  await clearAllProfiles(cs);
  const max = await profileSet(
    cs,
    0,
    chargingProfile(ID1, { purpose: 'ChargingStationMaxProfile', stackLevel: STACK_LEVEL, periods: [[0, 32]] }),
    'memory state',
  );
  const txDefault = await profileSet(
    cs,
    EVSE,
    chargingProfile(ID2, { purpose: 'TxDefaultProfile', stackLevel: STACK_LEVEL }),
    'memory state',
  );
  return { max, txDefault };
}

/** The report step and the post scenario: the reports hold exactly `expected` (id and EVSE), each as the tool set it. */
function reportsHold(reports: Json[], expected: { evseId: number; profile: Json }[], step = 3): void {
  const got = reportedProfiles(reports);
  assert.deepEqual(
    got.map((p) => [p.evseId, p.profile.id]).sort(),
    expected.map((p) => [p.evseId, p.profile.id]).sort(),
    `step ${step}: ReportChargingProfilesRequest evseId and chargingProfile ids`,
  );
  for (const e of expected) {
    const r = got.find((p) => p.profile.id === e.profile.id)!;
    assert.ok(sameProfile(r.profile, e.profile), `step ${step}: chargingProfile ${e.profile.id} as set (${JSON.stringify(r.profile)})`);
  }
}

describe('Part 6 K – Get Charging Profile', () => {
  it('TC_K_04_CS – Replace charging profile - With chargingProfileId', async () => {
    await clearAllProfiles(cs);
    await profileSet(cs, EVSE, chargingProfile(401, { purpose: 'TxDefaultProfile', periods: [[0, 6]] }), 'memory state');
    const replacement = chargingProfile(401, { purpose: 'TxDefaultProfile', periods: [[0, 10]] });
    await profileSet(cs, EVSE, replacement, 'step 2');
    const reports = await chargingProfilesReported(cs, 3, { requestId: 4, chargingProfile: { chargingProfileId: [401] } });
    assert.ok(
      reports.every((r) => r.requestId === 4),
      'step 5: ReportChargingProfilesRequest requestId of the request',
    );
    reportsHold(reports, [{ evseId: EVSE, profile: replacement }], 5);
  });

  it('TC_K_29_CS – Get Charging Profile - EvseId 0', async () => {
    const { max } = await maxAndDefault();
    const reports = await chargingProfilesReported(cs, 1, { requestId: 29, evseId: 0, chargingProfile: {} });
    reportsHold(reports, [{ evseId: 0, profile: max }]);
  });

  it('TC_K_30_CS – Get Charging Profile - EvseId > 0', async () => {
    const { txDefault } = await maxAndDefault();
    const reports = await chargingProfilesReported(cs, 1, { requestId: 30, evseId: EVSE, chargingProfile: {} });
    reportsHold(reports, [{ evseId: EVSE, profile: txDefault }]);
  });

  it('TC_K_31_CS – Get Charging Profile - No EvseId', async () => {
    const { max, txDefault } = await maxAndDefault();
    const reports = await chargingProfilesReported(cs, 1, { requestId: 31, chargingProfile: {} });
    reportsHold(reports, [
      { evseId: 0, profile: max },
      { evseId: EVSE, profile: txDefault },
    ]);
  });

  it('TC_K_32_CS – Get Charging Profile - chargingProfileId', async () => {
    const { max } = await maxAndDefault();
    const reports = await chargingProfilesReported(cs, 1, { requestId: 32, chargingProfile: { chargingProfileId: [ID1] } });
    reportsHold(reports, [{ evseId: 0, profile: max }]);
  });

  it('TC_K_33_CS – Get Charging Profile - EvseId > 0 + stackLevel', async () => {
    const { txDefault } = await maxAndDefault();
    const reports = await chargingProfilesReported(cs, 1, { requestId: 33, evseId: EVSE, chargingProfile: { stackLevel: STACK_LEVEL } });
    reportsHold(reports, [{ evseId: EVSE, profile: txDefault }]);
  });

  it('TC_K_34_CS – Get Charging Profile - EvseId > 0 + chargingLimitSource', async () => {
    await clearAllProfiles(cs);
    const profile = await profileSet(
      cs,
      EVSE,
      chargingProfile(3401, { purpose: 'TxDefaultProfile', stackLevel: STACK_LEVEL + 1 }),
      'memory state',
    );
    const reports = await chargingProfilesReported(cs, 1, {
      requestId: 34,
      evseId: EVSE,
      chargingProfile: { chargingLimitSource: ['CSO'] },
    });
    reportsHold(reports, [{ evseId: EVSE, profile }]);
    await chargingProfilesReported(cs, 5, { requestId: 35, evseId: EVSE, chargingProfile: { chargingLimitSource: ['EMS'] } }, 'NoProfiles');
  });

  it('TC_K_35_CS – Get Charging Profile - EvseId > 0 + chargingProfilePurpose', async () => {
    const { txDefault } = await maxAndDefault();
    // Errata 2025-09 §6.2.70: Charging State EnergyTransferStarted.
    await evConnectedPreSession(cs, EVSE);
    await authorized(cs, 'K35CHARGE');
    const charging = await energyTransferStarted(cs);
    const reports = await chargingProfilesReported(cs, 1, {
      requestId: 36,
      evseId: EVSE,
      chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' },
    });
    reportsHold(reports, [{ evseId: EVSE, profile: txDefault }]);
    await stopAuthorizedRemote(cs, String((charging.transactionInfo as Json).transactionId));
    await cs.station.post(`/api/evses/${EVSE}/unplug`);
    await cs.link.next('StatusNotification', (p) => p.evseId === EVSE && p.connectorStatus === 'Available');
  });

  it('TC_K_36_CS – Get Charging Profile - EvseId > 0 + chargingProfilePurpose + stackLevel', async () => {
    const { txDefault } = await maxAndDefault();
    const reports = await chargingProfilesReported(cs, 1, {
      requestId: 37,
      evseId: EVSE,
      chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: STACK_LEVEL },
    });
    reportsHold(reports, [{ evseId: EVSE, profile: txDefault }]);
  });

  it('TC_K_37_CS – Remote start transaction with charging profile - Success', async () => {
    await clearAllProfiles(cs);
    await evConnectedPreSession(cs, EVSE);
    const idToken = { idToken: 'K37REMOTE', type: 'ISO14443' };
    const profile = {
      id: 3701,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: [{ id: 3701, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6, numberPhases: PHASES }] }],
    };
    const res = (await cs.link.call('RequestStartTransaction', {
      idToken,
      remoteStartId: 37,
      evseId: EVSE,
      chargingProfile: profile,
    })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: RequestStartTransactionResponse status Accepted');
    const a = await cs.link.next('Authorize', (p) => (p.idToken as Json).idToken === idToken.idToken);
    assert.deepEqual(a.idToken, idToken, 'step 3: AuthorizeRequest idToken of the request');
    const started = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'RemoteStart');
    assert.equal((started.transactionInfo as Json).remoteStartId, 37, 'step 5: TransactionEventRequest transactionInfo.remoteStartId');
    const charging = await energyTransferStarted(cs);
    const transactionId = (charging.transactionInfo as Json).transactionId;
    const reports = await chargingProfilesReported(cs, 8, { requestId: 38, chargingProfile: { chargingProfileId: [3701] } });
    const [reported] = reportedProfiles(reports);
    assert.ok(
      reported && sameProfile(reported.profile, profile, ['transactionId']),
      `step 10: ReportChargingProfilesRequest chargingProfile the one of step 1 (${JSON.stringify(reports)})`,
    );
    assert.equal(reported.profile.transactionId, transactionId, "step 10: the TxProfile is the transaction's (K05.FR.03)");
  });

  it('TC_K_52_CS – Set External Charging Limit (not on a transaction) - ChargingStationExternalConstraints in report', async () => {
    await clearAllProfiles(cs);
    // Memory state: an energy manager limits the whole station (no transaction ongoing); the CSMS hears of it (K12.FR.02).
    const limitW = 7000;
    await cs.station.post('/api/external-limit', { limitW, source: 'EMS' });
    const notified = await cs.link.next('NotifyChargingLimit');
    assert.equal((notified.chargingLimit as Json).chargingLimitSource, 'EMS', 'memory state: NotifyChargingLimitRequest source EMS');
    // Step 3: the limit is the energy manager's, not the CSO's (K12.FR.04).
    const request = { requestId: 52, chargingProfile: { chargingProfilePurpose: 'ChargingStationExternalConstraints' } };
    const reports = await chargingProfilesReported(cs, 1, request, 'Accepted', 'EMS');
    const profiles = reportedProfiles(reports);
    assert.ok(profiles.length > 0, 'post scenario: at least one ChargingStationExternalConstraints profile reported');
    for (const { profile } of profiles) {
      assert.equal(
        profile.chargingProfilePurpose,
        'ChargingStationExternalConstraints',
        'step 3: ReportChargingProfilesRequest chargingProfile.chargingProfilePurpose ChargingStationExternalConstraints',
      );
    }
    const station = profiles.find((p) => p.evseId === 0);
    const [schedule] = (station?.profile.chargingSchedule as Json[] | undefined) ?? [];
    const [period] = (schedule?.chargingSchedulePeriod as Json[] | undefined) ?? [];
    assert.equal(
      schedule && period && `${period.limit} ${schedule.chargingRateUnit}`,
      `${limitW} W`,
      'step 3: the station-wide profile holds the external limit',
    );
    // After the case: the energy manager lifts its limit.
    await cs.station.post('/api/external-limit', { limitW: null, source: 'EMS' });
    await cs.link.next('ClearedChargingLimit');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
