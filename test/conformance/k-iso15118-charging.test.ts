// Part 6 block K, ISO 15118 smart charging (K15 load leveling based on high-level communication,
// K16/K17 renegotiation), with the errata 2025-02/04: the EV is connected before the
// authorization, an ISO 15118-2 EV without a contract plugged in through the control API and
// authorized with a card (State is Authorized (local)). Beyond the tool validations, the EV must
// follow the schedule it chose: the power the station meters settles at its limit.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIGURED, chargingProfile, drawsAtLimit, inSeconds, profileSet, wattsOf } from './support/charging-profiles-set.js';
import { type Booted, authorized, energyTransferStarted, stationOffline, withStation } from './support/states.js';
import { NO_ANSWER, TestCsms } from './support/test-csms.js';
import { after, before } from 'node:test';

type Json = Record<string, unknown>;
const csms = new TestCsms();
const { evseId, maxTimeDeviationS: dev } = CONFIGURED;
/** The id of the TxProfile the tool sets; the same id again replaces it (K01.FR.05). */
const TX_PROFILE_ID = 1553;

before(() => csms.listen());
after(() => csms.close());

/** Reusable State EVConnectedPreSession with an ISO 15118-2 EV that has no contract: StatusNotification Occupied. */
async function isoEvConnected(b: Booted): Promise<void> {
  await b.station.post(`/api/evses/${evseId}/plug`, {
    ev: { protocol: 'ISO15118-2', energyRequestWh: 20_000, departureTime: inSeconds(4 * 3600) },
  });
  const s = await b.link.next('StatusNotification', (p) => p.evseId === evseId && p.connectorStatus === 'Occupied');
  assert.equal(s.connectorStatus, 'Occupied', 'EVConnectedPreSession step 1: StatusNotificationRequest connectorStatus Occupied');
}

/**
 * EVConnectedPreSession, then Authorized (local) by card; Authorized15118 step 3 (errata
 * 2025-04): the TransactionEventRequest Started or Updated with triggerReason Authorized.
 * Returns the transactionId.
 */
async function isoAuthorized(b: Booted, idToken: string): Promise<string> {
  // Every case: the OCTT responds with a NotifyEVChargingScheduleResponse with status Accepted.
  b.link.answers.set('NotifyEVChargingSchedule', () => ({ status: 'Accepted' }));
  await isoEvConnected(b);
  await authorized(b, idToken, evseId);
  const t = await b.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
  assert.match(String(t.eventType), /^(Started|Updated)$/, 'Authorized15118 step 3: TransactionEventRequest eventType Started or Updated');
  return String((t.transactionInfo as Json).transactionId);
}

/** NotifyEVChargingNeedsRequest: the configured EVSE, with AC or DC charging parameters (K15.FR.06). */
async function chargingNeeds(b: Booted, step: string): Promise<Json> {
  const n = await b.link.next('NotifyEVChargingNeeds');
  assert.equal(n.evseId, evseId, `${step}: NotifyEVChargingNeedsRequest evseId`);
  const needs = n.chargingNeeds as Json;
  const dc = String(needs.requestedEnergyTransfer) === 'DC';
  assert.ok(
    dc ? needs.dcChargingParameters : needs.acChargingParameters,
    `${step}: the charging parameters of ${needs.requestedEnergyTransfer}`,
  );
  return n;
}

/** NotifyEVChargingScheduleRequest of the configured EVSE, its periods within `limitA` (K15.FR.09). */
async function evChargingSchedule(b: Booted, limitA: number, step: string): Promise<Json> {
  const s = await b.link.next('NotifyEVChargingSchedule');
  assert.equal(s.evseId, evseId, `${step}: NotifyEVChargingScheduleRequest evseId`);
  const schedule = s.chargingSchedule as Json;
  assert.equal(schedule.chargingRateUnit, CONFIGURED.chargingRateUnit, `${step}: chargingSchedule.chargingRateUnit`);
  const periods = schedule.chargingSchedulePeriod as Json[];
  assert.equal(periods[0]?.startPeriod, 0, `${step}: chargingSchedulePeriod[0].startPeriod 0`);
  const first = Number(periods[0]?.limit);
  assert.ok(first <= limitA, `${step}: the EV's schedule is within ${limitA} A (${first})`);
  return s;
}

function txProfile(transactionId: string, limit: number, duration?: number): Json {
  return chargingProfile({ id: TX_PROFILE_ID, purpose: 'TxProfile', transactionId, limit, ...(duration ? { duration } : {}) });
}

/**
 * Reusable State RenegotiateChargingLimits (errata 2025-02), its charging needs those the EV
 * sends once authorized: Accepted, a TxProfile of 10 A for 300 s, the EV's schedule, Charging.
 */
async function renegotiateChargingLimits(b: Booted, transactionId: string): Promise<void> {
  const where = 'RenegotiateChargingLimits';
  b.link.answers.set('NotifyEVChargingNeeds', () => ({ status: 'Accepted' }));
  await chargingNeeds(b, `${where} step 1`);
  await profileSet(b, evseId, txProfile(transactionId, 10, 300), `${where} step 4`);
  await evChargingSchedule(b, 10, `${where} step 5`);
  await energyTransferStarted(b);
  await drawsAtLimit(b, evseId, wattsOf(10), `${where}, after step 8: the EV follows its schedule`);
}

const SET = ['SampledDataCtrlr/TxUpdatedMeasurands=Power.Active.Import', 'SampledDataCtrlr/TxUpdatedInterval=1'];

describe('Part 6 K – ISO 15118 smart charging', () => {
  it('TC_K_53_CS – Charging with load leveling based on High Level Communication - Success', async () => {
    await withStation(csms, 'CONF-K53', SET, async (cs) => {
      const transactionId = await isoAuthorized(cs, 'K53TOKEN');
      cs.link.answers.set('NotifyEVChargingNeeds', () => ({ status: 'Accepted' }));
      await chargingNeeds(cs, 'step 2');
      await profileSet(cs, evseId, txProfile(transactionId, 6), 'step 5');
      const s = await evChargingSchedule(cs, 6, 'step 6');
      assert.equal((s.chargingSchedule as Json).id, TX_PROFILE_ID, 'step 6, K15.FR.21: the EV chose the schedule of step 4');
      await energyTransferStarted(cs); // step 8: ChargingStateChanged, Charging
      await drawsAtLimit(cs, evseId, wattsOf(6), 'after step 8: the EV follows its schedule');
    });
  });

  it('TC_K_54_CS – Charging with load leveling based on High Level Communication - No SASchedule (rejected)', async () => {
    await withStation(csms, 'CONF-K54', SET, async (cs) => {
      await isoAuthorized(cs, 'K54TOKEN');
      cs.link.answers.set('NotifyEVChargingNeeds', () => ({ status: 'Rejected' }));
      await chargingNeeds(cs, 'step 2');
      // K17.FR.04: the EV is offered what the station has: no profile, the EVSE's rating (16 A).
      await evChargingSchedule(cs, 16, 'step 3');
      await energyTransferStarted(cs); // step 5: ChargingStateChanged, Charging
    });
  });

  it('TC_K_56_CS – Charging with load leveling based on High Level Communication - Offline', async () => {
    const set = [...SET, 'OCPPCommCtrlr/RetryBackOffWaitMinimum=2', 'OCPPCommCtrlr/RetryBackOffRandomRange=0'];
    await withStation(csms, 'CONF-K56', set, async (cs) => {
      // Memory state: a TxDefaultProfile of 6 A for 400 s.
      const now = Date.now();
      const txDefault = chargingProfile({
        id: 1556,
        purpose: 'TxDefaultProfile',
        validFrom: inSeconds(-dev, now),
        validTo: inSeconds(dev + 401, now),
        startSchedule: inSeconds(-dev, now),
        duration: 400,
        limit: 6,
      });
      await profileSet(cs, evseId, txDefault, 'memory state');
      await isoAuthorized(cs, 'K56TOKEN');
      // Step 1: the link goes down as the EV's charging needs come (they stay unanswered), and
      // stays down: the station must go on offline (K15.FR.15).
      cs.link.answers.set('NotifyEVChargingNeeds', () => NO_ANSWER);
      await chargingNeeds(cs, 'before step 1');
      await cs.link.goOffline();
      await stationOffline(cs);
      cs.link.forget();
      // Step 2: the reconnection is accepted after a refused attempt (the case's 90 s, shortened).
      await cs.link.nextRefused();
      cs.link.acceptReconnect();
      await cs.link.whenConnected(60_000);
      await evChargingSchedule(cs, 8, 'step 3'); // K15.FR.15: within the TxDefaultProfile
      const t = await energyTransferStarted(cs); // step 5
      assert.equal(t.offline, true, 'step 5: TransactionEventRequest offline true');
      await drawsAtLimit(cs, evseId, wattsOf(6), 'after step 6: the EV follows the TxDefaultProfile');
    });
  });

  it('TC_K_57_CS – Renegotiating a Charging Schedule - Initiated by EV', async () => {
    await withStation(csms, 'CONF-K57', SET, async (cs) => {
      const transactionId = await isoAuthorized(cs, 'K57TOKEN');
      await renegotiateChargingLimits(cs, transactionId);
      cs.link.forget();
      // Manual action: the driver wants more energy; the EV renegotiates (K17.FR.01).
      await cs.station.post(`/api/evses/${evseId}/ev`, { energyRequestWh: 40_000 });
      const n = await chargingNeeds(cs, 'step 1');
      assert.equal(((n.chargingNeeds as Json).acChargingParameters as Json).energyAmount, 40_000, 'step 1: the new charging needs');
      await profileSet(cs, evseId, txProfile(transactionId, 15), 'step 4');
      await evChargingSchedule(cs, 15, 'step 5');
      const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'ChargingRateChanged');
      assert.equal(t.triggerReason, 'ChargingRateChanged', 'step 7: TransactionEventRequest triggerReason ChargingRateChanged');
      await drawsAtLimit(cs, evseId, wattsOf(15), 'after step 8: the EV follows its new schedule');
    });
  });

  it('TC_K_58_CS – Renegotiating a Charging Schedule - Initiated by CSMS', async () => {
    await withStation(csms, 'CONF-K58', SET, async (cs) => {
      const transactionId = await isoAuthorized(cs, 'K58TOKEN');
      await renegotiateChargingLimits(cs, transactionId);
      cs.link.forget();
      await profileSet(cs, evseId, txProfile(transactionId, 8), 'step 2');
      await evChargingSchedule(cs, 8, 'step 3');
      const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'ChargingRateChanged');
      assert.equal(t.triggerReason, 'ChargingRateChanged', 'step 5: TransactionEventRequest triggerReason ChargingRateChanged');
      await drawsAtLimit(cs, evseId, wattsOf(8), 'after step 6: the EV follows its new schedule');
      // K16.FR.09: the CSMS started this renegotiation; the EV's needs are not sent again.
      assert.equal(cs.link.received('NotifyEVChargingNeeds').length, 1, 'K16.FR.09: no NotifyEVChargingNeedsRequest');
    });
  });
});
