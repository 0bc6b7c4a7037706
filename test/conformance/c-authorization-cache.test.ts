// Part 6 block C (authorization), charging-station cases "Authorization through authorization
// cache" picked by the vendor declaration: C-30 (ISO 14443 cards), C-49 (Authorization Cache),
// C-03 (MaxEnergyOnInvalidId), C-59 (AuthCacheCtrlr.DisablePostAuthorize). One station per case.
//
// TC_C_15..18: a card cached as Accepted starts a transaction while the station is offline; once
// back online the CSMS answers the queued TransactionEventRequest with Invalid, and StopTxOnInvalidId
// and MaxEnergyOnInvalidId decide what follows (E05, C12.FR.02/04).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerTokens, idTokenCached, info, present, stationOffline, until } from './support/authorization.js';
import { type Booted, booted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
const stations: Booted[] = [];
const CARD = 'C2CACHED';

before(() => csms.listen());
after(async () => {
  await Promise.all(stations.map((s) => s.station.dispose()));
  await csms.close();
});

const txOf = (p: Json): Json => p.transactionInfo as Json;

/**
 * The configuration state of TC_C_15..18: the cache and local pre-authorization on, cached cards
 * accepted offline, a reconnect back-off of 2 s without random part, OfflineThreshold back-off + 60 s.
 */
function offlineCacheConfig(stopTxOnInvalidId: boolean, maxEnergyOnInvalidId: number): string[] {
  return [
    'AuthCacheCtrlr/Enabled=true',
    'AuthCtrlr/LocalPreAuthorize=true',
    'AuthCtrlr/LocalAuthorizeOffline=true',
    'AuthCtrlr/OfflineTxForUnknownIdEnabled=true',
    `TxCtrlr/StopTxOnInvalidId=${stopTxOnInvalidId}`,
    `TxCtrlr/MaxEnergyOnInvalidId=${maxEnergyOnInvalidId}`,
    'OCPPCommCtrlr/OfflineThreshold=62',
    'OCPPCommCtrlr/RetryBackOffWaitMinimum=2',
    'OCPPCommCtrlr/RetryBackOffRandomRange=0',
  ];
}

/**
 * Before: CARD cached as Accepted (Memory State IdTokenCached), then EVConnectedPreSession. From
 * then on the CSMS says Invalid of the card in a TransactionEventResponse. Main steps 1-3: the
 * tool closes the connection and refuses reconnects, the card is presented, the transaction runs
 * offline until the station reports Charging (the tool's wait), the next reconnect is let in and
 * the queue is delivered. Returns the station, the transaction's events so far and its id.
 */
async function cachedCardOffline(id: string, set: string[]): Promise<{ cs: Booted; transactionId: unknown }> {
  const link = csms.link(id);
  answerTokens(link, { [CARD]: info('Accepted') });
  const cs = await booted(csms, { id, set });
  stations.push(cs);
  await idTokenCached(cs, CARD, true);
  answerTokens(link, { [CARD]: info('Invalid') });
  await evConnectedPreSession(cs, 1);
  await link.goOffline();
  await stationOffline(cs);
  await present(cs, CARD);
  await until(cs, 'the offline transaction charging', (e) => e.transaction?.chargingState === 'Charging');
  link.acceptReconnect();
  await link.whenConnected(30_000);
  const authorizedEvent = await link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
  assert.equal((authorizedEvent.idToken as Json | undefined)?.idToken, CARD, 'step 3: TransactionEventRequest idToken.idToken');
  assert.equal((authorizedEvent.idToken as Json | undefined)?.type, 'ISO14443', 'step 3: TransactionEventRequest idToken.type');
  assert.equal(authorizedEvent.offline, true, 'step 3: TransactionEventRequest triggerReason Authorized offline true');
  const transactionId = txOf(authorizedEvent).transactionId;
  const charging = await link.next(
    'TransactionEvent',
    (p) => p.triggerReason === 'ChargingStateChanged' && txOf(p).transactionId === transactionId,
  );
  assert.equal(charging.offline, true, 'step 3: TransactionEventRequest triggerReason ChargingStateChanged offline true');
  return { cs, transactionId };
}

/** The transaction's events received so far. */
function eventsOf(cs: Booted, transactionId: unknown): Json[] {
  return cs.link.received('TransactionEvent').filter((p) => txOf(p).transactionId === transactionId);
}

async function energyStops(cs: Booted): Promise<void> {
  const e = await until(cs, 'the energy flow to stop', (x) => x.meter.powerW === 0);
  assert.equal(e.meter.powerW, 0, 'post scenario: energy flow stops on receiving status Invalid');
}

describe('Part 6 C – Authorization through authorization cache', { concurrency: true }, () => {
  it('TC_C_15_CS – Authorization through authorization cache - StopTxOnInvalidId = false, MaxEnergyOnInvalidId > 0', async () => {
    const { cs, transactionId } = await cachedCardOffline('CONF-C15', offlineCacheConfig(false, 10_000));
    await quiescent(cs);
    const events = eventsOf(cs, transactionId);
    assert.ok(
      events.every((p) => p.triggerReason !== 'Deauthorized'),
      'step 3: no TransactionEventRequest with triggerReason Deauthorized',
    );
    assert.ok(
      events.every((p) => !(p.triggerReason === 'ChargingStateChanged' && txOf(p).chargingState === 'SuspendedEVSE')),
      'step 3: no TransactionEventRequest ChargingStateChanged with chargingState SuspendedEVSE',
    );
    // 10 kWh is far more than this case delivers: the energy goes on, within the limit.
    const e = await until(cs, 'the energy transfer', (x) => x.transaction?.chargingState === 'Charging');
    assert.ok(e.meter.powerW > 0 && e.meter.energyWh < 10_000, 'post scenario: the energy transfer goes on up to MaxEnergyOnInvalidId');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_16_CS – Authorization through authorization cache - StopTxOnInvalidId = true', async () => {
    const { cs, transactionId } = await cachedCardOffline('CONF-C16', offlineCacheConfig(true, 0));
    const d = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Deauthorized' && txOf(p).transactionId === transactionId);
    assert.equal(d.triggerReason, 'Deauthorized', 'step 5: TransactionEventRequest triggerReason Deauthorized');
    await energyStops(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_17_CS – Authorization through authorization cache - StopTxOnInvalidId = false', async () => {
    const { cs, transactionId } = await cachedCardOffline('CONF-C17', offlineCacheConfig(false, 0));
    const s = await cs.link.next(
      'TransactionEvent',
      (p) => txOf(p).transactionId === transactionId && txOf(p).chargingState === 'SuspendedEVSE',
    );
    assert.equal(txOf(s).chargingState, 'SuspendedEVSE', 'step 5: TransactionEventRequest transactionInfo.chargingState SuspendedEVSE');
    await quiescent(cs);
    assert.ok(
      eventsOf(cs, transactionId).every((p) => p.triggerReason !== 'Deauthorized' && p.eventType !== 'Ended'),
      'step 5: the transaction is suspended, not deauthorized (E05.FR.02)',
    );
    await energyStops(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_18_CS – Authorization through authorization cache - StopTxOnInvalidId = true, MaxEnergyOnInvalidId > 0', async () => {
    const { cs, transactionId } = await cachedCardOffline('CONF-C18', offlineCacheConfig(true, 500));
    const d = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Deauthorized' && txOf(p).transactionId === transactionId);
    assert.equal(d.triggerReason, 'Deauthorized', 'step 5: TransactionEventRequest triggerReason Deauthorized');
    assert.equal(d.offline ?? false, false, 'step 5: TransactionEventRequest offline false');
    await energyStops(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_57_CS – Authorization through authorization cache - AuthCacheDisablePostAuthorize', async () => {
    const id = 'CONF-C57';
    answerTokens(csms.link(id), { C2INVALID: info('Invalid') });
    const cs = await booted(csms, {
      id,
      set: ['AuthCacheCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=true', 'AuthCacheCtrlr/DisablePostAuthorize=true'],
    });
    stations.push(cs);
    await idTokenCached(cs, 'C2INVALID', false);
    await evConnectedPreSession(cs, 1);
    const asked = cs.link.received('Authorize').length;
    const events = cs.link.received('TransactionEvent').length;
    await present(cs, 'C2INVALID');
    await quiescent(cs);
    assert.equal(cs.link.received('Authorize').length, asked, 'step 1: no AuthorizeRequest for the cached invalid card');
    assert.equal(cs.link.received('TransactionEvent').length, events, 'step 1: authorization refused, no TransactionEventRequest');
    const e = await until(cs, 'the EVSE', () => true);
    assert.equal(e.transaction, null, 'step 1: authorization refused, no transaction');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
