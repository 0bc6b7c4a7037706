// Part 6 block E (Core, conditional), authorization decided at the station: E03 with
// DisableRemoteAuthorization (C-58), and transactions started or stopped while offline (E08, E12;
// local authorization by RFID with a Local Authorization List and an Authorization Cache). Each
// case sets its configuration state on the command line of its own station; the cases run
// concurrently.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorized,
  type Booted,
  energyTransferStarted,
  evConnectedPreSession,
  OFFLINE_QUEUEING,
  offlinePeriod,
  quiescent,
  stationOffline,
  withStation,
} from './support/states.js';
import { idTokenCached as cachedToken } from './support/authorization.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const info = (p: Json): Json => p.transactionInfo as Json;
const card = (idToken: string): Json => ({ idToken, type: 'ISO14443' });

/** Memory State IdTokenLocalAuthList: a Full SendLocalList with these entries, Accepted. */
async function idTokenLocalAuthList(cs: Booted, entries: { idToken: string; groupIdToken?: string }[]): Promise<void> {
  const localAuthorizationList = entries.map((e) => ({
    idToken: card(e.idToken),
    idTokenInfo: { status: 'Accepted', ...(e.groupIdToken ? { groupIdToken: card(e.groupIdToken) } : {}) },
  }));
  const res = await cs.link.call('SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList });
  assert.equal(res.status, 'Accepted', 'IdTokenLocalAuthList: SendLocalListResponse status Accepted');
}

/** Memory State IdTokenCached (support/authorization.ts); what the tool has not taken of its session is dropped. */
async function idTokenCached(cs: Booted, idToken: string): Promise<void> {
  await cachedToken(cs, idToken, true);
  await quiescent(cs);
  cs.link.forget();
}

/**
 * The TransactionEventRequests of `transactionId` made while offline, once back online: those
 * after the last one received before the close, up to the Ended one (the station sends them in order).
 */
async function queuedUntilEnded(cs: Booted, transactionId: unknown, lastOnline: number): Promise<Json[]> {
  await cs.link.next('TransactionEvent', (p) => info(p).transactionId === transactionId && p.eventType === 'Ended', 30_000);
  return cs.link.received('TransactionEvent').filter((p) => info(p).transactionId === transactionId && Number(p.seqNo) > lastOnline);
}

const lastSeqNo = (cs: Booted, transactionId: unknown): number =>
  Math.max(
    -1,
    ...cs.link
      .received('TransactionEvent')
      .filter((p) => info(p).transactionId === transactionId)
      .map((p) => Number(p.seqNo)),
  );

describe('Part 6 E03/E08/E12 – Local authorization and transactions while offline', { concurrency: true }, () => {
  it('TC_E_52_CS – Local start transaction - Authorization first - DisableRemoteAuthorization', () =>
    withStation(csms, 'CONF-E52', ['AuthCtrlr/Enabled=true', 'AuthCtrlr/DisableRemoteAuthorization=true'], async (cs) => {
      // Memory state: a new station, its Authorization Cache and Local Authorization List empty.
      await cs.station.post('/api/idtoken', { idToken: 'E52UNKNOWN', type: 'ISO14443', evseId: 1 });
      await evConnectedPreSession(cs, 1);
      await quiescent(cs);
      assert.deepEqual(cs.link.received('Authorize'), [], 'step 1 (errata 2025-04): no AuthorizeRequest');
      assert.ok(
        cs.link.received('TransactionEvent').every((p) => info(p).chargingState !== 'Charging' && p.triggerReason !== 'Authorized'),
        'step 3 (errata 2025-04): the authorization is refused, the station does not start charging',
      );
      const state = await cs.station.get<{ evses: { transaction: { chargingState: string } | null }[] }>('/api/state');
      assert.notEqual(state.evses[0]!.transaction?.chargingState, 'Charging', 'step 3: not charging');
    }));

  it('TC_E_43_CS – Offline Behaviour - Transaction during offline period', () =>
    withStation(csms, 'CONF-E43', [...OFFLINE_QUEUEING, 'AuthCtrlr/OfflineTxForUnknownIdEnabled=true'], async (cs) => {
      // Before (errata 2024-06): Memory State TransactionEventsInQueueEnded, the token in the
      // Authorization Cache and in the Local Authorization List.
      await idTokenCached(cs, 'E43TOKEN');
      await idTokenLocalAuthList(cs, [{ idToken: 'E43TOKEN' }]);
      await cs.link.goOffline();
      await stationOffline(cs);
      await cs.station.post('/api/evses/1/plug', {});
      await cs.station.post('/api/idtoken', { idToken: 'E43TOKEN', type: 'ISO14443', evseId: 1 });
      const running = async (): Promise<{ id: string } | null> =>
        (await cs.station.get<{ evses: { transaction: { id: string } | null }[] }>('/api/state')).evses[0]!.transaction;
      for (const until = Date.now() + 10_000; !(await running()); ) {
        if (Date.now() > until) throw new Error('TransactionEventsInQueueEnded: no transaction started offline');
        await new Promise((r) => setTimeout(r, 50));
      }
      const transactionId = (await running())!.id;
      await cs.station.post('/api/idtoken', { idToken: 'E43TOKEN', type: 'ISO14443', evseId: 1 });
      await cs.station.post('/api/evses/1/unplug');
      await cs.link.nextRefused();
      cs.link.acceptReconnect();
      await cs.link.whenConnected(60_000);

      const events = await queuedUntilEnded(cs, transactionId, -1);
      assert.ok(events.length > 0, 'step 1: the queued TransactionEventRequests are sent');
      for (const e of events) assert.equal(e.offline, true, `step 1: TransactionEventRequest seqNo ${e.seqNo} offline true`);
      assert.ok(
        events.some((e) => e.eventType === 'Started'),
        'step 1: one of the TransactionEventRequests eventType Started',
      );
      assert.ok(
        events.some((e) => e.eventType === 'Ended'),
        'step 1: one of the TransactionEventRequests eventType Ended',
      );
    }));

  it('TC_E_44_CS – Offline Behaviour - Stop transaction during offline period', () =>
    withStation(csms, 'CONF-E44', OFFLINE_QUEUEING, async (cs) => {
      await authorized(cs, 'E44TOKEN');
      const t = await energyTransferStarted(cs, { plug: true });
      const transactionId = info(t).transactionId;
      let lastOnline = -1;
      await offlinePeriod(cs, {
        whileOffline: async () => {
          lastOnline = lastSeqNo(cs, transactionId);
          await cs.station.post('/api/idtoken', { idToken: 'E44TOKEN', type: 'ISO14443', evseId: 1 });
          await cs.station.post('/api/evses/1/unplug');
        },
      });
      const events = await queuedUntilEnded(cs, transactionId, lastOnline);
      for (const e of events) assert.equal(e.offline, true, `step 3: TransactionEventRequest seqNo ${e.seqNo} offline true`);
      assert.ok(
        events.some((e) => e.eventType === 'Ended'),
        'step 3: one of the TransactionEventRequests eventType Ended',
      );
    }));

  it('TC_E_45_CS – Offline Behaviour - Stop transaction during offline period - Same GroupId', () =>
    withStation(csms, 'CONF-E45', OFFLINE_QUEUEING, async (cs) => {
      // Both tokens are of <Configured GroupIdToken>: the CSMS answers so (Authorize and TransactionEvent).
      const accepted = { idTokenInfo: { status: 'Accepted', groupIdToken: card('E45GROUP') } };
      cs.link.answers.set('Authorize', () => accepted);
      cs.link.answers.set('TransactionEvent', (p) => (p.idToken ? accepted : {}));
      // Memory states: the second token, with the group, in the Authorization Cache and the Local Authorization List.
      await idTokenCached(cs, 'E45TOKEN2');
      await idTokenLocalAuthList(cs, [{ idToken: 'E45TOKEN2', groupIdToken: 'E45GROUP' }]);
      await authorized(cs, 'E45TOKEN1');
      const t = await energyTransferStarted(cs, { plug: true });
      const transactionId = info(t).transactionId;
      let lastOnline = -1;
      await offlinePeriod(cs, {
        whileOffline: async () => {
          lastOnline = lastSeqNo(cs, transactionId);
          await cs.station.post('/api/idtoken', { idToken: 'E45TOKEN2', type: 'ISO14443', evseId: 1 });
          await cs.station.post('/api/evses/1/unplug');
        },
      });
      const events = await queuedUntilEnded(cs, transactionId, lastOnline);
      for (const e of events) assert.equal(e.offline, true, `step 3: TransactionEventRequest seqNo ${e.seqNo} offline true`);
      const ended = events.find((e) => e.eventType === 'Ended');
      assert.ok(ended, 'step 3: one of the TransactionEventRequests eventType Ended');
      const stop = events.find((e) => e.triggerReason === 'StopAuthorized');
      assert.equal((stop?.idToken as Json | undefined)?.idToken, 'E45TOKEN2', 'step 3: stopped by the token of the same group');
    }));
});
