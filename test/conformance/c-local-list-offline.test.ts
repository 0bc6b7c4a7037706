// Part 6 block C (authorization), offline authorization through the Local Authorization List
// (C13), picked by the vendor declaration (C-30 ISO 14443 cards), in Part 6 order, one station per
// case (each goes offline).
//
// The station's TxStartPoint is PowerPathClosed and its TxStopPoint EVConnected,Authorized; it has
// no parking bay sensor, so "Drive EV into / out of parking bay" changes nothing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { idTokenCached, present, stationOffline, until } from './support/authorization.js';
import { entry, idTokenLocalAuthList } from './support/local-list.js';
import { type Booted, evConnectedPreSession, quiescent, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** The configuration state the C13 cases share; OfflineTxForUnknownIdEnabled is added per case. */
const OFFLINE = [
  'LocalAuthListCtrlr/Enabled=true',
  'AuthCtrlr/LocalPreAuthorize=true',
  'AuthCtrlr/LocalAuthorizeOffline=true',
  'OCPPCommCtrlr/OfflineThreshold=62',
  'OCPPCommCtrlr/RetryBackOffWaitMinimum=2',
  'OCPPCommCtrlr/RetryBackOffRandomRange=0',
];

const tokenOf = (p: Json): unknown => (p.idToken as Json | undefined)?.idToken;

/** The tool closes the connection and refuses reconnects; resolves once the station knows it is offline. */
async function goOffline(cs: Booted): Promise<void> {
  await cs.link.goOffline();
  await stationOffline(cs);
}

/** The tool accepts the next reconnection attempt; resolves with the time it did, once connected. */
async function reconnect(cs: Booted): Promise<number> {
  const at = Date.now();
  cs.link.acceptReconnect();
  await cs.link.whenConnected(60_000);
  return at;
}

async function unplug(cs: Booted): Promise<void> {
  await cs.station.post('/api/evses/1/unplug');
  await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
}

describe('Part 6 C – Offline authorization through the Local Authorization List', { concurrency: true }, () => {
  it('TC_C_21_CS – Offline authorization through local authorization list - Accepted', () =>
    withStation(csms, 'CONF-C21', [...OFFLINE, 'AuthCtrlr/OfflineTxForUnknownIdEnabled=false'], async (cs) => {
      await idTokenLocalAuthList(cs, [entry('L21VALID')]);
      const sent = cs.link.received('TransactionEvent').length;
      // Reusable State StartOfflineTransaction: offline, the card, the cable in; then the reconnect.
      await goOffline(cs);
      await present(cs, 'L21VALID');
      await cs.station.post('/api/evses/1/plug');
      await until(cs, 'charging offline', (e) => e.transaction?.chargingState === 'Charging');
      const reconnectAt = await reconnect(cs);
      const charging = await cs.link.next('TransactionEvent', (p) => (p.transactionInfo as Json).chargingState === 'Charging');
      const transactionId = (charging.transactionInfo as Json).transactionId;

      // Main: the same card stops the transaction (StopAuthorized), the cable goes out.
      await present(cs, 'L21VALID');
      const stop = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'StopAuthorized');
      assert.equal(
        (stop.transactionInfo as Json).transactionId,
        transactionId,
        'step 1: a TransactionEventRequest triggerReason StopAuthorized',
      );
      await unplug(cs);
      const events = cs.link.received('TransactionEvent').slice(sent);
      const queued = events.slice(0, events.indexOf(stop)).filter((p) => Date.parse(String(p.timestamp)) < reconnectAt);
      assert.ok(
        queued.some((p) => tokenOf(p) === 'L21VALID'),
        'step 1: the queued TransactionEventRequests carry the card (authorized offline by the list, C13.FR.02)',
      );
      for (const p of queued)
        assert.equal(p.offline, true, `step 1: TransactionEventRequest seqNo ${p.seqNo} before the StopAuthorized offline true`);
    }));

  for (const [id, title, token, status] of [
    ['TC_C_22_CS', 'Invalid', 'L22INVALID', 'Invalid'],
    ['TC_C_23_CS', 'Restricted', 'L23BLOCKED', 'Blocked'],
    ['TC_C_24_CS', 'Expired', 'L24EXPIRED', 'Expired'],
  ] as const) {
    it(`${id} – Offline authorization through local authorization list - ${title}`, () =>
      withStation(csms, `CONF-${id.slice(3, 7)}`, [...OFFLINE, 'AuthCtrlr/OfflineTxForUnknownIdEnabled=false'], async (cs) => {
        await idTokenLocalAuthList(cs, [entry(token, status)]);
        const sent = cs.link.received('TransactionEvent').length;
        await goOffline(cs); // step 1
        await present(cs, token); // step 3
        await reconnect(cs); // step 4
        await quiescent(cs);
        // Step 5: the queue holds a TransactionEventRequest only for TxStartPoint ParkingBayOccupancy.
        assert.deepEqual(cs.link.received('TransactionEvent').slice(sent), [], 'step 5: no TransactionEventRequest queued');
        // The card was refused offline (C13.FR.02): the cable plugged in now starts nothing.
        await evConnectedPreSession(cs, 1);
        await quiescent(cs);
        assert.deepEqual(
          cs.link.received('TransactionEvent').slice(sent),
          [],
          `step 5: no transaction for the card ${status} in the list, presented offline`,
        );
        await unplug(cs);
      }));
  }

  it('TC_C_25_CS – Offline authorization through local authorization list - Local Authorization List > Authorization Cache', () =>
    withStation(
      csms,
      'CONF-C25',
      [...OFFLINE, 'AuthCacheCtrlr/Enabled=true', 'AuthCtrlr/OfflineTxForUnknownIdEnabled=true', 'TxCtrlr/StopTxOnInvalidId=false'],
      async (cs) => {
        await idTokenCached(cs, 'L25VALID', true); // Memory State IdTokenCached, Accepted
        await idTokenLocalAuthList(cs, [entry('L25VALID', 'Invalid')]); // the same card, set as Invalid
        await evConnectedPreSession(cs, 1);
        const sent = cs.link.received('TransactionEvent').length;
        await goOffline(cs); // step 1
        await present(cs, 'L25VALID');
        await reconnect(cs); // step 2
        await quiescent(cs);
        // Step 3: the list's Invalid goes before the cache's Accepted (C13.FR.01, C14.FR.01).
        assert.deepEqual(cs.link.received('TransactionEvent').slice(sent), [], 'step 3: the station does NOT start a transaction');
        const e = await until(cs, 'the EVSE', () => true);
        assert.equal(e.transaction, null, 'step 3: no transaction on EVSE 1');
        await unplug(cs);
      },
    ));
});
