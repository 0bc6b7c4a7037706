// Part 6 block F, UnlockConnector (F05) and TriggerMessage for MeterValues and TransactionEvent
// (F06), in Part 6 order, on one station with one EVSE of one connector (the vendor declaration:
// a connector lock, HFS-1). "All EVSE" is that EVSE.
//
// TC_F_27_CS runs since the station does not support a combined charging station certificate
// (ISO-3, AQ-11 in the 2025-09 errata, not declared).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, stopAuthorizedRemote } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const EVSES = [1];

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-F-UT' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const txId = (t: Json): string => String((t.transactionInfo as Json).transactionId);
const firstContext = (meterValue: unknown): unknown => ((meterValue as Json[])[0]?.sampledValue as Json[] | undefined)?.[0]?.context;

/** Reusable State EnergyTransferStarted by a card, cable first. Returns the transactionId. */
async function charging(idToken: string): Promise<string> {
  await evConnectedPreSession(cs, 1);
  await authorized(cs, idToken);
  return txId(await energyTransferStarted(cs));
}

/** Steps 1-2: TriggerMessage, Accepted. What the station sent before is dropped: step 3 is what follows. */
async function trigger(requestedMessage: string, evse?: Json): Promise<void> {
  cs.link.forget();
  const res = (await cs.link.call('TriggerMessage', evse ? { requestedMessage, evse } : { requestedMessage })) as Json;
  assert.equal(res.status, 'Accepted', 'step 2: TriggerMessageResponse status Accepted');
}

/** Step 3 of TC_F_13/14: the triggered TransactionEventRequest of the ongoing transaction. */
function assertTriggeredTransactionEvent(t: Json, transactionId: string): void {
  assert.equal(t.triggerReason, 'Trigger', 'step 3: TransactionEventRequest triggerReason Trigger');
  assert.equal(txId(t), transactionId, 'step 3: the ongoing transaction');
  assert.equal((t.transactionInfo as Json).chargingState, 'Charging', 'step 3: transactionInfo.chargingState Charging');
  assert.ok(Array.isArray(t.meterValue) && t.meterValue.length > 0, 'step 3: meterValue present');
  assert.equal(firstContext(t.meterValue), 'Trigger', 'step 3: meterValue[0].sampledValue[0].context Trigger');
}

describe('Part 6 F – Unlock connector and trigger message', () => {
  it('TC_F_05_CS – Remote unlock Connector - With ongoing transaction', async () => {
    const transactionId = await charging('F05TOKEN');
    const res = (await cs.link.call('UnlockConnector', { evseId: 1, connectorId: 1 })) as Json;
    assert.equal(res.status, 'OngoingAuthorizedTransaction', 'step 2: UnlockConnectorResponse status OngoingAuthorizedTransaction');
    assert.ok(
      !cs.link.received('TransactionEvent').some((p) => txId(p) === transactionId && p.eventType === 'Ended'),
      'step 2: the transaction goes on',
    );
    // After the case: the transaction is stopped and the cable taken out, for the cases without one.
    await stopAuthorizedRemote(cs, transactionId);
    await cs.station.post('/api/evses/1/unplug');
    await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
    assert.ok(
      cs.link.received('TransactionEvent').some((p) => txId(p) === transactionId && p.eventType === 'Ended'),
      'after the case: the transaction has ended',
    );
  });

  it('TC_F_06_CS – Remote unlock Connector - Without ongoing transaction - Accepted', async () => {
    // A cable in the socket and no transaction: the one the driver cannot take out (F05).
    await evConnectedPreSession(cs, 1);
    const events = cs.link.received('TransactionEvent').length;
    const res = (await cs.link.call('UnlockConnector', { evseId: 1, connectorId: 1 })) as Json;
    assert.equal(res.status, 'Unlocked', 'step 2: UnlockConnectorResponse status Unlocked');
    assert.equal(cs.link.received('TransactionEvent').length, events, 'step 2: no transaction began or ended');
    // After the case: the cable is taken out, for the cases without one.
    await cs.station.post('/api/evses/1/unplug');
    await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
  });

  it('TC_F_07_CS – Remote unlock Connector - Without ongoing transaction - No cable connected', async () => {
    const res = (await cs.link.call('UnlockConnector', { evseId: 1, connectorId: 1 })) as Json;
    assert.equal(res.status, 'Unlocked', 'step 2: UnlockConnectorResponse status Unlocked');
  });

  it('TC_F_10_CS – Remote unlock Connector - Without ongoing transaction - UnknownConnector', async () => {
    const res = (await cs.link.call('UnlockConnector', { evseId: 1, connectorId: 999 })) as Json;
    assert.equal(res.status, 'UnknownConnector', 'step 2: UnlockConnectorResponse status UnknownConnector');
  });

  it('TC_F_11_CS – Trigger message - MeterValues - Specific EVSE', async () => {
    await trigger('MeterValues', { id: 1 });
    const m = await cs.link.next('MeterValues');
    assert.equal(m.evseId, 1, 'step 3: MeterValuesRequest evseId 1');
    assert.equal(firstContext(m.meterValue), 'Trigger', 'step 3: meterValue[0].sampledValue[0].context Trigger');
  });

  it('TC_F_12_CS – Trigger message - MeterValues - All EVSE', async () => {
    await trigger('MeterValues');
    for (const evseId of EVSES) {
      const m = await cs.link.next('MeterValues', (p) => p.evseId === evseId);
      assert.equal(firstContext(m.meterValue), 'Trigger', `step 3: EVSE ${evseId} meterValue[0].sampledValue[0].context Trigger`);
    }
  });

  let transactionId = '';
  it('TC_F_13_CS – Trigger message - TransactionEvent - Specific EVSE', async () => {
    transactionId = await charging('F13TOKEN');
    await trigger('TransactionEvent', { id: 1 });
    const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Trigger');
    const evse = t.evse as Json | undefined;
    assert.ok(evse === undefined || evse.id === 1, 'step 3: TransactionEventRequest evse.id omitted or 1');
    assertTriggeredTransactionEvent(t, transactionId);
  });

  it('TC_F_14_CS – Trigger message - TransactionEvent - All EVSE', async () => {
    await trigger('TransactionEvent');
    for (const evseId of EVSES) {
      const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Trigger');
      assert.equal((t.evse as Json | undefined)?.id, evseId, `step 3: TransactionEventRequest evse.id ${evseId}`);
      assertTriggeredTransactionEvent(t, transactionId);
    }
  });

  it('TC_F_27_CS – Trigger message - NotImplemented', async () => {
    const res = (await cs.link.call('TriggerMessage', { requestedMessage: 'SignCombinedCertificate' })) as Json;
    assert.equal(res.status, 'NotImplemented', 'step 2: TriggerMessageResponse status NotImplemented');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
