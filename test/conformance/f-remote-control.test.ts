// Part 6 block F (remote control), charging-station cases, in Part 6 order, on one station.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorizedRemote,
  type Booted,
  booted,
  energyTransferStarted,
  evConnectedPreSession,
  stopAuthorizedRemote,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
let transactionId = '';

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-F' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const txId = (t: Json): string => String((t.transactionInfo as Json).transactionId);

describe('Part 6 F – Remote control', () => {
  it('TC_F_01_CS – Remote start transaction - Cable plugin first', async () => {
    await evConnectedPreSession(cs, 1);
    const t = await authorizedRemote(cs, 'F01TOKEN', 101);
    transactionId = txId(t);
    const charging = await energyTransferStarted(cs);
    assert.equal(txId(charging), transactionId, 'step 2: EnergyTransferStarted in the same transaction');
  });

  it('TC_F_09_CS – Remote stop transaction - Rejected', async () => {
    const res = (await cs.link.call('RequestStopTransaction', { transactionId: 'F09-not-a-transaction' })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: RequestStopTransactionResponse status Rejected');
  });

  it('TC_F_08_CS – Remote stop transaction - Success', async () => {
    await stopAuthorizedRemote(cs, transactionId);
    // After the case: the driver unplugs; the transaction has ended (at the stop or at TxStopPoint EVConnected).
    await cs.station.post('/api/evses/1/unplug');
    await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
    assert.ok(
      cs.link.received('TransactionEvent').some((p) => txId(p) === transactionId && p.eventType === 'Ended'),
      'after StopAuthorized and unplugging: TransactionEventRequest Ended',
    );
  });

  it('TC_F_20_CS – Trigger message - Heartbeat', async () => {
    const res = (await cs.link.call('TriggerMessage', { requestedMessage: 'Heartbeat' })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: TriggerMessageResponse status Accepted');
    await cs.link.next('Heartbeat');
  });

  it('TC_F_23_CS – Trigger message - StatusNotification - Specific EVSE - Available', async () => {
    const res = (await cs.link.call('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: TriggerMessageResponse status Accepted');
    const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
    assert.equal(s.connectorStatus, 'Available', 'step 3: StatusNotificationRequest connectorStatus Available');
  });

  it('TC_F_24_CS – Trigger message - StatusNotification - Specific EVSE - Occupied', async () => {
    await evConnectedPreSession(cs, 1);
    const res = (await cs.link.call('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: TriggerMessageResponse status Accepted');
    const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
    assert.equal(s.connectorStatus, 'Occupied', 'step 3: StatusNotificationRequest connectorStatus Occupied');
    await cs.station.post('/api/evses/1/unplug');
    await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
  });

  it('TC_F_26_CS – Trigger message - BootNotification - Rejected', async () => {
    const res = (await cs.link.call('TriggerMessage', { requestedMessage: 'BootNotification' })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: TriggerMessageResponse status Rejected');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
