// Part 6 block N (diagnostics), the customer information cases (N09 get, N10 clear), in Part 6
// order; each case on its own station, concurrently. What this station keeps about a customer is
// the Authorization Cache entry and the Local Authorization List entry of an idToken.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, energyTransferStarted, evConnectedPreSession, quiescent, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** Configuration state of TC_N_27/30: local list, local pre-authorization and the cache on. */
const LOCAL_AUTHORIZATION = ['LocalAuthListCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=true', 'AuthCacheCtrlr/Enabled=true'];
/** "no data found" in the station's words (N09.FR.06, N10.FR.04). */
const NO_DATA = /no .*data|not found/i;

const token = (idToken: string): Json => ({ idToken, type: 'ISO14443' });

/**
 * Before of TC_N_27/30. Memory State IdTokenCached: Authorized (the CSMS accepts, the station
 * caches), EVConnectedPreSession, ParkingBayUnoccupied (the EV unplugged ends the session).
 * Memory State IdTokenLocalAuthList: SendLocalList Full with the token, step 2 Accepted. Charging
 * state Authorized (local): the card again, now in the list; then ParkingBayUnoccupied (no EV came).
 */
async function customerDataKept(cs: Booted, idToken: string): Promise<void> {
  await authorized(cs, idToken);
  await evConnectedPreSession(cs);
  const started = await energyTransferStarted(cs);
  const transactionId = (started.transactionInfo as Json).transactionId;
  await cs.station.post('/api/evses/1/unplug');
  await cs.link.next('TransactionEvent', (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended');
  const list = (await cs.link.call('SendLocalList', {
    versionNumber: 1,
    updateType: 'Full',
    localAuthorizationList: [{ idToken: token(idToken), idTokenInfo: { status: 'Accepted' } }],
  })) as Json;
  assert.equal(list.status, 'Accepted', 'IdTokenLocalAuthList step 2: SendLocalListResponse status Accepted');
  await cs.station.post('/api/idtoken', { ...token(idToken), evseId: 1 });
  await quiescent(cs);
}

/** CustomerInformation for the token; its response status. */
async function customerInformation(cs: Booted, requestId: number, idToken: string, report: boolean, clear: boolean): Promise<string> {
  const res = (await cs.link.call('CustomerInformation', { requestId, report, clear, idToken: token(idToken) })) as Json;
  return String(res.status);
}

/** Every NotifyCustomerInformationRequest of `requestId` until one without tbc (Part 6: steps 3/4 repeated while tbc). */
async function reportParts(cs: Booted, requestId: number, step: number): Promise<Json[]> {
  const parts: Json[] = [];
  for (let seqNo = 0; ; seqNo++) {
    const n = await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === requestId);
    assert.equal(n.seqNo, seqNo, `step ${step}: NotifyCustomerInformationRequest seqNo ${seqNo}`);
    parts.push(n);
    if (n.tbc !== true) return parts;
  }
}

describe('Part 6 N – Customer information', { concurrency: true }, () => {
  it('TC_N_27_CS – Get Customer Information - Accepted + data', () =>
    withStation(csms, 'CONF-N27', LOCAL_AUTHORIZATION, async (cs) => {
      await customerDataKept(cs, 'N27TOKEN');
      assert.equal(
        await customerInformation(cs, 27, 'N27TOKEN', true, false),
        'Accepted',
        'step 2: CustomerInformationResponse status Accepted',
      );
      const parts = await reportParts(cs, 27, 3);
      assert.ok(typeof parts[0]!.data === 'string' && parts[0]!.data !== '', 'step 3: NotifyCustomerInformationRequest data not empty');
      assert.doesNotMatch(String(parts[0]!.data), NO_DATA, 'step 3: the data found is reported');
      await quiescent(cs);
      assert.equal(
        cs.link.received('NotifyCustomerInformation').filter((p) => p.requestId === 27).length,
        parts.length,
        'post scenario: all report parts have been received (the last without tbc)',
      );
    }));

  it('TC_N_28_CS – Get Customer Information - Accepted + no data', () =>
    withStation(csms, 'CONF-N28', [], async (cs) => {
      // Memory State: the CSMS has the station clear the customer information of the token.
      assert.equal(await customerInformation(cs, 280, 'N28TOKEN', false, true), 'Accepted', 'memory state: the clear is Accepted');
      await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === 280);
      assert.equal(
        await customerInformation(cs, 28, 'N28TOKEN', true, false),
        'Accepted',
        'step 2: CustomerInformationResponse status Accepted',
      );
      const n = await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === 28);
      assert.notEqual(n.tbc, true, 'step 3: NotifyCustomerInformationRequest tbc not true');
      assert.match(String(n.data), NO_DATA, 'post scenario: a message is sent indicating that no data is found');
    }));

  it('TC_N_30_CS – Clear Customer Information - Clear and report + data', () =>
    withStation(csms, 'CONF-N30', LOCAL_AUTHORIZATION, async (cs) => {
      await customerDataKept(cs, 'N30TOKEN');
      assert.equal(
        await customerInformation(cs, 30, 'N30TOKEN', true, true),
        'Accepted',
        'step 2: CustomerInformationResponse status Accepted',
      );
      const parts = await reportParts(cs, 30, 3);
      assert.ok(typeof parts[0]!.data === 'string' && parts[0]!.data !== '', 'step 3: NotifyCustomerInformationRequest data not empty');
      assert.doesNotMatch(String(parts[0]!.data), NO_DATA, 'step 3: the data found is reported');
      const reported = parts.map((p) => p.data).join(' ');
      assert.match(reported, /cache/i, 'step 3: the Authorization Cache entry (Memory State IdTokenCached) is reported');
      const status = await customerInformation(cs, 301, 'N30TOKEN', true, false);
      if (status === 'Accepted') {
        const again = await reportParts(cs, 301, 7);
        assert.notEqual(again.at(-1)!.tbc, true, 'step 8: NotifyCustomerInformationRequest tbc not true');
        // N10: all but the Local Authorization List is cleared; the list entry is what is left.
        assert.doesNotMatch(String(again.map((p) => p.data).join(' ')), /cache/i, 'step 7: the cache entry is cleared');
      }
      await quiescent(cs);
      assert.equal(
        cs.link.received('NotifyCustomerInformation').filter((p) => p.requestId === 30).length,
        parts.length,
        'post scenario: all report parts have been received (the last without tbc)',
      );
    }));

  it('TC_N_31_CS – Clear Customer Information - Clear and report + no data', () =>
    withStation(csms, 'CONF-N31', [], async (cs) => {
      assert.equal(
        await customerInformation(cs, 31, 'N31TOKEN', true, true),
        'Accepted',
        'step 2: CustomerInformationResponse status Accepted',
      );
      const n = await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === 31);
      assert.match(String(n.data), NO_DATA, 'post scenario: a message is sent indicating that no data is found');
    }));
});
