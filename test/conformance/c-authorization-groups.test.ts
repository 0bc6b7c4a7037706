// Part 6 block C (authorization), charging-station cases on GroupId, Master Pass and the cache
// lifetime, picked by the vendor declaration: C-30 (ISO 14443 cards), C-49 (Authorization
// Cache), C-53 (AuthCacheLifeTime), C-08 (Master Pass without a UI, also decided from the cache:
// TC_C_14_CS). One station per case, since
// each case sets its own configuration and cache. The station's TxStartPoint is PowerPathClosed:
// a transaction starts once a card is accepted with the EV connected.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerTokens, idTokenCached, info, present, until } from './support/authorization.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
const stations: Booted[] = [];

const GROUP = 'C2GROUP';
const MASTER_GROUP = 'C2MASTERGROUP';
const INFOS: Record<string, Json> = {
  C2VALID: info('Accepted', GROUP),
  C2VALID2: info('Accepted', GROUP),
  C2INVALID: info('Invalid', GROUP),
  C2MASTER: info('Accepted', MASTER_GROUP),
};

before(() => csms.listen());
after(async () => {
  await Promise.all(stations.map((s) => s.station.dispose()));
  await csms.close();
});

async function station(id: string, set: string[] = []): Promise<Booted> {
  answerTokens(csms.link(id), INFOS);
  const b = await booted(csms, { id, set: [`AuthCtrlr/MasterPassGroupId=${MASTER_GROUP}`, ...set] });
  stations.push(b);
  return b;
}

const idTokenOf = (p: Json): Json | undefined => p.idToken as Json | undefined;
const txOf = (p: Json): Json => p.transactionInfo as Json;

/** The TransactionEventRequest with triggerReason Authorized for `token`, checked as Part 6 step `step`. */
async function startedBy(cs: Booted, token: string, step: string): Promise<Json> {
  const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
  assert.equal(idTokenOf(t)?.idToken, token, `step ${step}: TransactionEventRequest idToken.idToken`);
  assert.equal(idTokenOf(t)?.type, 'ISO14443', `step ${step}: TransactionEventRequest idToken.type`);
  assert.equal(t.eventType, 'Started', `step ${step}: TransactionEventRequest eventType Started (no transaction before)`);
  return t;
}

/** The TransactionEventRequest with triggerReason StopAuthorized for `token`, checked as Part 6 step `step`. */
async function stopAuthorizedBy(cs: Booted, token: string, step: string): Promise<void> {
  const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'StopAuthorized');
  assert.equal(idTokenOf(t)?.idToken, token, `step ${step}: TransactionEventRequest triggerReason StopAuthorized idToken.idToken`);
  assert.equal(idTokenOf(t)?.type, 'ISO14443', `step ${step}: TransactionEventRequest idToken.type`);
}

/** Nothing of the running transaction after `count` events: not stopped, still charging (post scenario). */
async function notStopped(cs: Booted, transactionId: unknown, count: number, step: string): Promise<void> {
  await quiescent(cs);
  const later = cs.link
    .received('TransactionEvent')
    .slice(count)
    .filter((p) => txOf(p).transactionId === transactionId);
  assert.deepEqual(
    later.map((p) => p.triggerReason),
    [],
    `${step}: no TransactionEventRequest after the invalid card`,
  );
  const e = await until(cs, 'energy transfer', (x) => x.transaction?.chargingState === 'Charging');
  assert.ok(e.meter.powerW > 0, 'post scenario: the energy transfer is not stopped');
}

async function unplug(cs: Booted): Promise<void> {
  await cs.station.post('/api/evses/1/unplug');
  await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
}

describe('Part 6 C – Authorization by GroupId, Master Pass, cache lifetime', { concurrency: true }, () => {
  it('TC_C_39_CS – Authorization by GroupId - Success', async () => {
    const cs = await station('CONF-C39');
    await evConnectedPreSession(cs, 1);
    const a = await authorized(cs, 'C2VALID');
    assert.equal((a.idToken as Json).idToken, 'C2VALID', 'step 1: AuthorizeRequest idToken.idToken');
    await startedBy(cs, 'C2VALID', '3');
    await energyTransferStarted(cs);
    const a2 = await authorized(cs, 'C2VALID2');
    assert.equal((a2.idToken as Json).idToken, 'C2VALID2', 'step 6: AuthorizeRequest idToken.idToken of the other card');
    await stopAuthorizedBy(cs, 'C2VALID2', '8');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_41_CS – Authorization by GroupId - Success with Authorization Cache', async () => {
    const cs = await station('CONF-C41', ['AuthCacheCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=true']);
    await idTokenCached(cs, 'C2VALID', true);
    await idTokenCached(cs, 'C2VALID2', true);
    const asked = cs.link.received('Authorize').length;
    await evConnectedPreSession(cs, 1);
    await present(cs, 'C2VALID');
    await startedBy(cs, 'C2VALID', '1');
    await energyTransferStarted(cs);
    await present(cs, 'C2VALID2');
    await stopAuthorizedBy(cs, 'C2VALID2', '4');
    assert.equal(cs.link.received('Authorize').length, asked, 'step 4: both cards decided from the cache (C09.FR.07), no AuthorizeRequest');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_42_CS – Authorization by GroupId - Not stopped by GroupId', async () => {
    const cs = await station('CONF-C42');
    await evConnectedPreSession(cs, 1);
    await authorized(cs, 'C2VALID');
    const started = await startedBy(cs, 'C2VALID', '3');
    await energyTransferStarted(cs);
    const count = cs.link.received('TransactionEvent').length;
    const a = await authorized(cs, 'C2INVALID');
    assert.equal((a.idToken as Json).idToken, 'C2INVALID', 'step 6: AuthorizeRequest idToken.idToken of the invalid card');
    await notStopped(cs, txOf(started).transactionId, count, 'step 7');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_44_CS – Authorization by GroupId - Invalid status with Authorization Cache', async () => {
    const cs = await station('CONF-C44', [
      'AuthCacheCtrlr/Enabled=true',
      'AuthCtrlr/LocalPreAuthorize=true',
      'AuthCacheCtrlr/DisablePostAuthorize=false',
    ]);
    await idTokenCached(cs, 'C2VALID', true);
    await idTokenCached(cs, 'C2INVALID', false);
    await evConnectedPreSession(cs, 1);
    await present(cs, 'C2VALID');
    const started = await startedBy(cs, 'C2VALID', '1');
    await energyTransferStarted(cs);
    const count = cs.link.received('TransactionEvent').length;
    await present(cs, 'C2INVALID');
    const a = await cs.link.next('Authorize');
    assert.equal((a.idToken as Json).idToken, 'C2INVALID', 'step 4: AuthorizeRequest idToken.idToken of the cached invalid card');
    assert.equal((a.idToken as Json).type, 'ISO14443', 'step 4: AuthorizeRequest idToken.type');
    await notStopped(cs, txOf(started).transactionId, count, 'step 5');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_45_CS – Authorization by GroupId - Master pass - Not able to start transaction + groupId', async () => {
    const cs = await station('CONF-C45');
    const a = await authorized(cs, 'C2MASTER');
    assert.equal((a.idToken as Json).idToken, 'C2MASTER', 'step 1: AuthorizeRequest idToken.idToken of the master pass');
    await evConnectedPreSession(cs, 1);
    await quiescent(cs);
    assert.deepEqual(
      cs.link.received('TransactionEvent').filter((p) => txOf(p).chargingState === 'Charging'),
      [],
      'step 4: no TransactionEventRequest with chargingState Charging (C16.FR.03)',
    );
    const e = await until(cs, 'the EVSE', () => true);
    assert.equal(e.meter.powerW, 0, 'step 4: no energy transfer');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_46_CS – Store Authorization Data in the Authorization Cache - AuthCacheLifeTime', async () => {
    // <Configured TransactionDuration> of 3 s as the cache lifetime.
    const cs = await station('CONF-C46', ['AuthCacheCtrlr/LifeTime=3', 'AuthCtrlr/LocalPreAuthorize=true']);
    await idTokenCached(cs, 'C2VALID', true);
    await evConnectedPreSession(cs, 1);
    // Step 1 is a wait on the clock: the entry must outlive AuthCacheLifeTime (C10.FR.08).
    await new Promise((r) => setTimeout(r, 4_000));
    const a = await authorized(cs, 'C2VALID');
    assert.equal((a.idToken as Json).idToken, 'C2VALID', 'step 2: Authorized step 1 AuthorizeRequest, the cache entry has expired');
    await startedBy(cs, 'C2VALID', '2 (Authorized step 3)');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_49_CS – Stop Transaction with a Master Pass - Without UI', async () => {
    const cs = await station('CONF-C49');
    await evConnectedPreSession(cs, 1);
    await authorized(cs, 'C2VALID');
    const started = await startedBy(cs, 'C2VALID', 'EnergyTransferStarted');
    await energyTransferStarted(cs);
    const transactionId = txOf(started).transactionId;
    const a = await authorized(cs, 'C2MASTER');
    assert.equal((a.idToken as Json).idToken, 'C2MASTER', 'step 1: AuthorizeRequest idToken.idToken of the master pass');
    const ended = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Ended' && txOf(p).transactionId === transactionId);
    assert.equal(txOf(ended).stoppedReason, 'MasterPass', 'step 3: TransactionEventRequest Ended transactionInfo.stoppedReason MasterPass');
    const since = cs.link.received('TransactionEvent').indexOf(started) + 1;
    for (const p of cs.link.received('TransactionEvent').slice(since)) {
      const t = idTokenOf(p);
      assert.ok(t === undefined || (t.idToken === 'C2MASTER' && t.type === 'ISO14443'), 'step 3: idToken omitted or the master pass');
    }
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_C_14_CS – Authorization through authorization cache - GroupID equal to MasterPassGroupId', async () => {
    const cs = await station('CONF-C14', ['AuthCacheCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=true']);
    // Memory State IdTokenCached for the master pass: its step 2, Authorized. A master pass may not
    // start a transaction (C12.FR.09), so its steps 3 onwards are not executed.
    await authorized(cs, 'C2MASTER');
    await evConnectedPreSession(cs, 1);
    await authorized(cs, 'C2VALID');
    const started = await startedBy(cs, 'C2VALID', 'EnergyTransferStarted');
    await energyTransferStarted(cs);
    const transactionId = txOf(started).transactionId;
    const asked = cs.link.received('Authorize').length;
    await present(cs, 'C2MASTER');
    const t = await cs.link.next(
      'TransactionEvent',
      (p) => txOf(p).transactionId === transactionId && p.triggerReason === 'StopAuthorized',
    );
    assert.equal(idTokenOf(t)?.idToken, 'C2MASTER', 'step 2: TransactionEventRequest triggerReason StopAuthorized idToken.idToken');
    assert.equal(idTokenOf(t)?.type, 'ISO14443', 'step 2: TransactionEventRequest idToken.type');
    // TxStopPoint contains Authorized: the StopAuthorized event ends it, so steps 3-5 are not executed.
    assert.equal(t.eventType, 'Ended', 'step 2: eventType Ended (TxStopPoint contains Authorized)');
    assert.equal(txOf(t).stoppedReason, 'MasterPass', 'step 2: eventType Ended, transactionInfo.stoppedReason MasterPass');
    assert.equal(cs.link.received('Authorize').length, asked, 'the master pass decided from the cache (C16.FR.04), no AuthorizeRequest');
    await unplug(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
