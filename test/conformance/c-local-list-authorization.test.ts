// Part 6 block C (authorization), online authorization through the Local Authorization List (C14)
// and by GroupId with the list (C09), picked by the vendor declaration (C-30 ISO 14443 cards,
// LA-3 LocalAuthListCtrlr.DisablePostAuthorize), in Part 6 order, on one station. Each case sends
// its own list (Memory State IdTokenLocalAuthList) and ends with the cable out.
//
// The station's TxStartPoint is PowerPathClosed and its TxStopPoint EVConnected,Authorized: a
// transaction starts once a card is accepted with the cable in, and a StopAuthorized ends it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answerTokens, info, present, until } from './support/authorization.js';
import { entry, idTokenLocalAuthList } from './support/local-list.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const GROUP = 'L4GROUP';
/** What the CSMS says of each card (AuthorizeResponse, TransactionEventResponse). */
const CSMS_SAYS: Record<string, Json> = {
  L28INVALID: info('Invalid'),
  L29BLOCKED: info('Blocked'),
  L30EXPIRED: info('Expired'),
  L31INVALID: info('Accepted'), // invalid in the list, valid for the CSMS
  L58INVALID: info('Invalid'),
  L40VALID: info('Accepted', GROUP),
  L40VALID2: info('Accepted', GROUP),
  L43VALID: info('Accepted', GROUP),
  L43INVALID: info('Invalid', GROUP),
};

before(async () => {
  await csms.listen();
  answerTokens(csms.link('CONF-CL'), CSMS_SAYS);
  cs = await booted(csms, {
    id: 'CONF-CL',
    set: ['LocalAuthListCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=true', 'LocalAuthListCtrlr/DisablePostAuthorize=false'],
  });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const tokenOf = (p: Json): unknown => (p.idToken as Json | undefined)?.idToken;
const txOf = (p: Json): Json => p.transactionInfo as Json;

/** Station calls of `action` from index `since` on that carry `token`. */
const sentFor = (action: string, since: number, token: string): Json[] =>
  cs.link
    .received(action)
    .slice(since)
    .filter((p) => tokenOf(p) === token);

async function setVariable(component: string, variable: string, value: string): Promise<void> {
  const res = await cs.link.call('SetVariables', {
    setVariableData: [{ component: { name: component }, variable: { name: variable }, attributeValue: value }],
  });
  const [result] = res.setVariableResult as Json[];
  assert.equal(result?.attributeStatus, 'Accepted', `configuration state: ${component}.${variable} ${value} Accepted`);
}

/** The transaction started by `token` ends with the same card (StopAuthorized), the cable goes out. */
async function stopAndUnplug(token: string, transactionId: unknown): Promise<void> {
  await present(cs, token);
  await cs.link.next('TransactionEvent', (p) => txOf(p).transactionId === transactionId && p.eventType === 'Ended');
  await unplug();
}

async function unplug(): Promise<void> {
  await cs.station.post('/api/evses/1/unplug');
  await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
}

/** Energy flows on EVSE 1 (post scenario "Energy is transferred"). */
async function energyTransferred(): Promise<void> {
  const e = await until(cs, 'energy transfer', (x) => x.transaction?.chargingState === 'Charging' && x.meter.powerW > 0);
  assert.ok(e.meter.powerW > 0, 'post scenario: energy is transferred');
}

/** A refused card with the cable in: nothing of a transaction follows (no TransactionEventRequest). */
async function noTransaction(events: number, step: string): Promise<void> {
  await quiescent(cs);
  assert.deepEqual(cs.link.received('TransactionEvent').slice(events), [], `${step}: no TransactionEventRequest, the card is refused`);
}

describe('Part 6 C – Online authorization through the Local Authorization List', () => {
  it('TC_C_27_CS – Online authorization through local authorization list - Accepted', async () => {
    await idTokenLocalAuthList(cs, [entry('L27VALID')]);
    const asked = cs.link.received('Authorize').length;
    const events = cs.link.received('TransactionEvent').length;
    await present(cs, 'L27VALID');
    await evConnectedPreSession(cs, 1);
    const charging = await energyTransferStarted(cs);
    assert.deepEqual(
      sentFor('Authorize', asked, 'L27VALID'),
      [],
      'step 1: no AuthorizeRequest for a card Accepted in the list (C14.FR.02)',
    );
    const withToken = sentFor('TransactionEvent', events, 'L27VALID');
    assert.ok(withToken.length > 0, 'step 1: a TransactionEventRequest with idToken.idToken of the card');
    assert.equal((withToken[0]!.idToken as Json).type, 'ISO14443', 'step 1: TransactionEventRequest idToken.type');
    await energyTransferred();
    await stopAndUnplug('L27VALID', txOf(charging).transactionId);
  });

  it('TC_C_28_CS – Online authorization through local authorization list - Invalid & Not Accepted', async () => {
    await idTokenLocalAuthList(cs, [entry('L28INVALID', 'Invalid')]);
    await present(cs, 'L28INVALID');
    const a = await cs.link.next('Authorize', (p) => tokenOf(p) === 'L28INVALID');
    assert.equal((a.idToken as Json).type, 'ISO14443', 'step 1: AuthorizeRequest idToken.type');
    await quiescent(cs);
  });

  for (const [id, title, token, status] of [
    ['TC_C_29_CS', 'Restricted', 'L29BLOCKED', 'Blocked'],
    ['TC_C_30_CS', 'Expired', 'L30EXPIRED', 'Expired'],
  ] as const) {
    it(`${id} – Online authorization through local authorization list - ${title}`, async () => {
      await idTokenLocalAuthList(cs, [entry(token, status)]);
      await evConnectedPreSession(cs, 1);
      const events = cs.link.received('TransactionEvent').length;
      await present(cs, token);
      const a = await cs.link.next('Authorize', (p) => tokenOf(p) === token);
      assert.equal((a.idToken as Json).type, 'ISO14443', 'step 1: AuthorizeRequest idToken.type');
      await noTransaction(events, `step 2 (AuthorizeResponse ${status})`);
      await unplug();
    });
  }

  it('TC_C_31_CS – Online authorization through local authorization list - Invalid & Accepted', async () => {
    await idTokenLocalAuthList(cs, [entry('L31INVALID', 'Invalid')]);
    const a = await authorized(cs, 'L31INVALID');
    assert.equal(tokenOf(a), 'L31INVALID', 'step 1: Authorized step 1 AuthorizeRequest for the card Invalid in the list (C14.FR.03)');
    await evConnectedPreSession(cs, 1);
    const charging = await energyTransferStarted(cs);
    await energyTransferred();
    await stopAndUnplug('L31INVALID', txOf(charging).transactionId);
  });

  it('TC_C_58_CS – Online authorization through local authorization list - LocalAuthListDisablePostAuthorize', async () => {
    await setVariable('LocalAuthListCtrlr', 'DisablePostAuthorize', 'true');
    try {
      await idTokenLocalAuthList(cs, [entry('L58INVALID', 'Invalid')]);
      const asked = cs.link.received('Authorize').length;
      const events = cs.link.received('TransactionEvent').length;
      await present(cs, 'L58INVALID');
      await quiescent(cs);
      assert.deepEqual(sentFor('Authorize', asked, 'L58INVALID'), [], 'step 1: no AuthorizeRequest for the card Invalid in the list');
      // "and authorization is refused": the cable plugged in after the card starts nothing.
      await evConnectedPreSession(cs, 1);
      await noTransaction(events, 'step 1');
      await unplug();
    } finally {
      await setVariable('LocalAuthListCtrlr', 'DisablePostAuthorize', 'false');
    }
  });

  it('TC_C_40_CS – Authorization by GroupId - Success with Local Authorization List', async () => {
    await idTokenLocalAuthList(cs, [entry('L40VALID', 'Accepted', GROUP), entry('L40VALID2', 'Accepted', GROUP)]);
    const asked = cs.link.received('Authorize').length;
    await evConnectedPreSession(cs, 1);
    await present(cs, 'L40VALID');
    const started = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
    assert.equal(tokenOf(started), 'L40VALID', 'step 1: TransactionEventRequest triggerReason Authorized idToken.idToken');
    assert.equal((started.idToken as Json).type, 'ISO14443', 'step 1: TransactionEventRequest idToken.type');
    assert.equal(started.eventType, 'Started', 'step 1: TransactionEventRequest eventType Started (no transaction before)');
    await energyTransferStarted(cs);
    await present(cs, 'L40VALID2');
    const stop = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'StopAuthorized');
    assert.equal(txOf(stop).transactionId, txOf(started).transactionId, 'step 4: StopAuthorized for the transaction of step 1');
    assert.equal(
      tokenOf(stop),
      'L40VALID2',
      'step 4: TransactionEventRequest triggerReason StopAuthorized idToken.idToken of the card presented',
    );
    assert.equal((stop.idToken as Json).type, 'ISO14443', 'step 4: TransactionEventRequest idToken.type');
    assert.equal(cs.link.received('Authorize').length, asked, 'step 4: both cards decided from the list (C09.FR.07), no AuthorizeRequest');
    await unplug();
  });

  it('TC_C_43_CS – Authorization by GroupId - Invalid status with Local Authorization List', async () => {
    await idTokenLocalAuthList(cs, [entry('L43VALID', 'Accepted', GROUP), entry('L43INVALID', 'Invalid', GROUP)]);
    await evConnectedPreSession(cs, 1);
    await present(cs, 'L43VALID');
    const started = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
    assert.equal(tokenOf(started), 'L43VALID', 'step 1: TransactionEventRequest triggerReason Authorized idToken.idToken');
    assert.equal(started.eventType, 'Started', 'step 1: TransactionEventRequest eventType Started (no transaction before)');
    await energyTransferStarted(cs);
    const events = cs.link.received('TransactionEvent').length;
    await present(cs, 'L43INVALID');
    const a = await cs.link.next('Authorize', (p) => tokenOf(p) === 'L43INVALID');
    assert.equal((a.idToken as Json).type, 'ISO14443', 'step 4: AuthorizeRequest idToken.type of the card Invalid in the list');
    await quiescent(cs);
    const transactionId = txOf(started).transactionId;
    assert.deepEqual(
      cs.link
        .received('TransactionEvent')
        .slice(events)
        .filter((p) => txOf(p).transactionId === transactionId && p.triggerReason !== 'MeterValuePeriodic'),
      [],
      'step 5: no TransactionEventRequest after the AuthorizeResponse Invalid, the transaction goes on',
    );
    await energyTransferred();
    await stopAndUnplug('L43VALID', transactionId);
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
