// C09 and E05 end to end against the built-in local CSMS over a real WebSocket: the flows that
// depend on what the CSMS answers. The CSMS is told per token what to answer (setIdTokenInfo, used
// for both AuthorizeResponse and TransactionEventResponse); the station only sees those answers,
// nothing is called inside it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { IdTokenType, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const group = (idToken: string): IdTokenType => ({ idToken, type: 'Central' });

/** Requests the CSMS recorded from a station, from index `from` on. */
const requests = (id: string, from = 0) => (csms.store.requests(id) ?? []).slice(from);
const txEvents = (id: string, from = 0): TransactionEventRequest[] =>
  requests(id, from)
    .filter((r) => r.action === 'TransactionEvent')
    .map((r) => r.request as TransactionEventRequest);
const authorizeTokens = (id: string, from = 0): string[] =>
  requests(id, from)
    .filter((r) => r.action === 'Authorize')
    .map((r) => (r.request as { idToken: IdTokenType }).idToken.idToken);

const summary = (e: TransactionEventRequest): string =>
  [
    e.eventType,
    e.triggerReason,
    e.transactionInfo.chargingState ?? '-',
    ...(e.transactionInfo.stoppedReason ? [e.transactionInfo.stoppedReason] : []),
  ].join(' ');

/** One transaction: seqNo 0, 1, 2..., Started first, these events in this order. */
function assertSession(list: TransactionEventRequest[], expected: string[]): void {
  assert.deepEqual(list.map(summary), expected);
  assert.equal(new Set(list.map((e) => e.transactionInfo.transactionId)).size, 1, 'one transactionId');
  assert.deepEqual(
    list.map((e) => e.seqNo),
    list.map((_, i) => i),
    'seqNo consecutive from 0',
  );
}

/** The stations of this file by id, for the idle barrier of the helpers below. */
const stations = new Map<string, TestStation>();

async function count(id: string, n: number, what: string, from = 0): Promise<TransactionEventRequest[]> {
  await waitFor(() => txEvents(id, from).length >= n, `${what} (${n} TransactionEvents)`);
  await quiet(stations.get(id)!);
  assert.equal(txEvents(id, from).length, n, `exactly ${n} TransactionEvents after ${what}`);
  return txEvents(id, from);
}

async function online(id: string, overrides: Record<string, string> = {}): Promise<TestStation> {
  const t = makeTestStation({ id, csmsUrl: csms.url, overrides });
  t.station.start();
  stations.set(id, t);
  await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
  await quiet(t);
  return t;
}

describe('C09 Authorization by GroupId – stop by a group member, answers from the CSMS', () => {
  it('C09.FR.03/C09.FR.05 – a different token with the same groupIdToken ends the transaction after an AuthorizeRequest; C09.FR.11 – a member not Accepted and another group do not', async () => {
    const id = 'CSA-C09';
    csms.setIdTokenInfo('CSA-ME', { status: 'Accepted', groupIdToken: group('CSA-FAMILY') });
    csms.setIdTokenInfo('CSA-PARTNER', { status: 'Accepted', groupIdToken: group('CSA-FAMILY') });
    csms.setIdTokenInfo('CSA-BLOCKED', { status: 'Blocked', groupIdToken: group('CSA-FAMILY') });
    const t = await online(id);
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('CSA-ME');
      await count(id, 2, 'Started, then Charging');
      t.hardware.presentToken('CSA-BLOCKED');
      await waitFor(() => authorizeTokens(id).includes('CSA-BLOCKED'), 'Authorize of the blocked member');
      await quiet(t);
      assert.equal(txEvents(id).length, 2, 'C09.FR.11 – a member that is not Accepted does not stop it');
      assert.equal(t.hardware.contactorClosed(1), true);
      t.hardware.presentToken('CSA-PARTNER');
      const list = await count(id, 3, 'partner card');
      assertSession(list, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Ended StopAuthorized EVConnected Local',
      ]);
      assert.equal(list[0]!.idToken?.idToken, 'CSA-ME');
      assert.equal(list[2]!.idToken?.idToken, 'CSA-PARTNER', 'E07.FR.02 – the stopping token');
      assert.deepEqual(
        [...new Set(authorizeTokens(id))],
        ['CSA-ME', 'CSA-BLOCKED', 'CSA-PARTNER'],
        'C09.FR.05 – the unknown members are asked for',
      );
      assert.equal(authorizeTokens(id).filter((token) => token === 'CSA-PARTNER').length, 1, 'the stopping member once');
      await waitFor(() => !t.hardware.contactorClosed(1) && !t.hardware.connectorLocked(1, 1), 'E07.FR.07 – energy off, unlocked');
      // C09.FR.12: the CSMS's TransactionEventResponse carried the group of the stopping token.
      const out = (csms.store.frames(id) ?? []).filter((f) => f.direction === 'out').map((f) => f.text);
      assert.ok(out.some((text) => text.includes('"groupIdToken":{"idToken":"CSA-FAMILY"')));
    } finally {
      for (const token of ['CSA-ME', 'CSA-PARTNER', 'CSA-BLOCKED']) csms.setIdTokenInfo(token, undefined);
      await t.stop();
    }
  });

  it('C09.FR.07(b) – a member already in the Authorization Cache, valid and of the same group, ends the transaction without an AuthorizeRequest', async () => {
    const id = 'CSA-C09-CACHED';
    csms.setIdTokenInfo('CSA-MUM', { status: 'Accepted', groupIdToken: group('CSA-HOME') });
    csms.setIdTokenInfo('CSA-DAD', { status: 'Accepted', groupIdToken: group('CSA-HOME') });
    const t = await online(id);
    try {
      // Dad charged before: his card and group are in the cache (C10.FR.04/05).
      t.hardware.plug(1);
      t.hardware.presentToken('CSA-DAD');
      await count(id, 2, 'first session');
      t.hardware.unplug(1);
      await count(id, 3, 'first session ended');
      const from = requests(id).length;
      t.hardware.plug(1);
      t.hardware.presentToken('CSA-MUM');
      await count(id, 2, 'second session', from);
      t.hardware.presentToken('CSA-DAD');
      const list = await count(id, 3, 'cached member card', from);
      assertSession(list, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Ended StopAuthorized EVConnected Local',
      ]);
      assert.equal(list[2]!.idToken?.idToken, 'CSA-DAD');
      assert.deepEqual(authorizeTokens(id, from), ['CSA-MUM'], 'C09.FR.07 – no AuthorizeRequest for the cached member');
    } finally {
      for (const token of ['CSA-MUM', 'CSA-DAD']) csms.setIdTokenInfo(token, undefined);
      await t.stop();
    }
  });
});

describe('E05 Start Transaction – Id not Accepted: the CSMS says so in the TransactionEventResponse', () => {
  /**
   * E05 scenario: the card is valid in the Authorization Cache (an earlier session) but no longer
   * at the CSMS. With LocalPreAuthorize the station starts at once from the cache, and learns the
   * new status from the TransactionEventResponse to the Started event. Returns the index of the
   * first request of the second session.
   */
  async function blockedSinceLastVisit(
    id: string,
    card: string,
    overrides: Record<string, string>,
  ): Promise<{ t: TestStation; from: number }> {
    const t = await online(id, { [DM.AuthCtrlr.LocalPreAuthorize]: 'true', ...overrides });
    t.hardware.plug(1);
    t.hardware.presentToken(card);
    await count(id, 2, 'first visit');
    t.hardware.unplug(1);
    await count(id, 3, 'first visit ended');
    csms.setIdTokenInfo(card, { status: 'Invalid' });
    const from = requests(id).length;
    t.hardware.plug(1);
    t.hardware.presentToken(card);
    return { t, from };
  }

  it('E05.FR.10/E06.FR.04 – StopTxOnInvalidId true, TxStopPoint EVConnected,Authorized: Ended with triggerReason Deauthorized, stoppedReason DeAuthorized', async () => {
    const id = 'CSA-E05-10';
    const { t, from } = await blockedSinceLastVisit(id, 'CSA-E05-A', { [DM.TxCtrlr.StopTxOnInvalidId]: 'true' });
    try {
      const list = await count(id, 3, 'Invalid in the TransactionEventResponse', from);
      assertSession(list, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Ended Deauthorized EVConnected DeAuthorized',
      ]);
      assert.equal(list[0]!.idToken?.idToken, 'CSA-E05-A');
      assert.deepEqual(authorizeTokens(id, from), [], 'started from the cache, no AuthorizeRequest');
      assert.ok((csms.store.frames(id) ?? []).some((f) => f.direction === 'out' && f.text.includes('"idTokenInfo":{"status":"Invalid"}')));
      await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      // C10.FR.05: the cache learnt the new status; the card is refused (asked again, Invalid) next time.
      t.hardware.unplug(1);
      await quiet(t);
      t.hardware.plug(1);
      t.hardware.presentToken('CSA-E05-A');
      await waitFor(() => authorizeTokens(id, from).length === 1, 'AuthorizeRequest for the cached Invalid card');
      await quiet(t);
      assert.equal(txEvents(id, from).length, 3, 'E02.FR.20 – no new transaction for the Invalid card');
    } finally {
      csms.setIdTokenInfo('CSA-E05-A', undefined);
      await t.stop();
    }
  });

  it('E05.FR.09 – StopTxOnInvalidId true, TxStopPoint EVConnected only: Updated with triggerReason Deauthorized and chargingState EVConnected, energy off', async () => {
    const id = 'CSA-E05-09';
    const { t, from } = await blockedSinceLastVisit(id, 'CSA-E05-B', {
      [DM.TxCtrlr.StopTxOnInvalidId]: 'true',
      [DM.TxCtrlr.TxStopPoint]: 'EVConnected',
    });
    try {
      await count(id, 4, 'Invalid in the TransactionEventResponse', from);
      await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      t.hardware.unplug(1);
      const list = await count(id, 5, 'unplug', from);
      assertSession(list, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated Deauthorized -',
        'Updated ChargingStateChanged EVConnected',
        'Ended EVCommunicationLost Idle DeAuthorized',
      ]);
    } finally {
      csms.setIdTokenInfo('CSA-E05-B', undefined);
      await t.stop();
    }
  });

  it('E05.FR.02 – StopTxOnInvalidId false, MaxEnergyOnInvalidId 0: energy stops at once, Updated ChargingStateChanged SuspendedEVSE, the transaction goes on', async () => {
    const id = 'CSA-E05-02';
    const { t, from } = await blockedSinceLastVisit(id, 'CSA-E05-C', {
      [DM.TxCtrlr.StopTxOnInvalidId]: 'false',
      [DM.TxCtrlr.MaxEnergyOnInvalidId]: '0',
    });
    try {
      await count(id, 3, 'Invalid in the TransactionEventResponse', from);
      await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      assert.equal(t.hardware.connectorLocked(1, 1), true, 'still authorized: the cable stays locked');
      t.clock.advance(60_000);
      const list = await count(id, 4, 'periodic update', from);
      assertSession(list, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated ChargingStateChanged SuspendedEVSE',
        'Updated MeterValuePeriodic -',
      ]);
      assert.equal(t.hardware.contactorClosed(1), false, 'no energy while suspended');
    } finally {
      csms.setIdTokenInfo('CSA-E05-C', undefined);
      await t.stop();
    }
  });

  it('E05.FR.03 – StopTxOnInvalidId false, MaxEnergyOnInvalidId 500 Wh not reached: charging goes on', async () => {
    const id = 'CSA-E05-03';
    const { t, from } = await blockedSinceLastVisit(id, 'CSA-E05-D', {
      [DM.TxCtrlr.StopTxOnInvalidId]: 'false',
      [DM.TxCtrlr.MaxEnergyOnInvalidId]: '500',
    });
    try {
      await count(id, 2, 'Started, then Charging', from);
      await waitFor(
        () => (csms.store.frames(id) ?? []).some((f) => f.direction === 'out' && f.text.includes('"idTokenInfo":{"status":"Invalid"}')),
        'Invalid answer sent',
      );
      await quiet(t);
      for (let s = 0; s < 60; s++) await t.clock.tick(1_000); // about 170 Wh at 11 kW
      await count(id, 3, 'periodic update', from);
      assertSession(txEvents(id, from), [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated MeterValuePeriodic -',
      ]);
      assert.equal(t.hardware.contactorClosed(1), true, 'E05.FR.03 – energy allowed below MaxEnergyOnInvalidId');
    } finally {
      csms.setIdTokenInfo('CSA-E05-D', undefined);
      await t.stop();
    }
  });
});
