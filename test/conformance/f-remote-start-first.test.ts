// Part 6 TC_F_02_CS and TC_F_03_CS: remote start before the cable is plugged in, with
// AuthCtrlr.AuthorizeRemoteStart true and false. Each case on its own station, given its
// configuration state on the command line.
//
// This station starts its transactions at TxStartPoint PowerPathClosed: the request authorizes
// (or not) and nothing more is sent until the cable is plugged in; the transaction then starts,
// its first TransactionEventRequest with triggerReason RemoteStart and the remoteStartId
// (Part 6 §2.2, overruling the step validations of EnergyTransferStarted).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Booted, booted, energyTransferStarted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const CONFIGURATION = ['AuthCtrlr/Enabled=true', 'AuthCtrlr/DisableRemoteAuthorization=false'];

/** Authorized (remote) Main B steps 1-2 without a cable: RequestStartTransaction for EVSE 1, Accepted. */
async function remoteStart(cs: Booted, idToken: string, remoteStartId: number): Promise<void> {
  const res = (await cs.link.call('RequestStartTransaction', { idToken: { idToken, type: 'ISO14443' }, remoteStartId, evseId: 1 })) as Json;
  assert.equal(res.status, 'Accepted', 'step 1 Authorized (remote) step 2: RequestStartTransactionResponse status Accepted');
}

/**
 * Step 2, EnergyTransferStarted part 1 and 2: the cable is plugged in; StatusNotification
 * Occupied, the transaction's first event (RemoteStart, remoteStartId, the idToken), then Charging.
 */
async function pluggedAndCharging(cs: Booted, idToken: string, remoteStartId: number): Promise<void> {
  await cs.station.post('/api/evses/1/plug', {});
  const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Occupied');
  assert.equal(s.connectorStatus, 'Occupied', 'step 2 EnergyTransferStarted step 1: StatusNotificationRequest connectorStatus Occupied');
  const first = await cs.link.next('TransactionEvent');
  assert.equal(
    first.triggerReason,
    'RemoteStart',
    'step 1 Authorized (remote) step 7: the first TransactionEventRequest triggerReason RemoteStart',
  );
  assert.equal(first.eventType, 'Started', 'step 1 Authorized (remote) step 7: eventType Started');
  const info = first.transactionInfo as Json;
  assert.equal(info.remoteStartId, remoteStartId, 'step 1 Authorized (remote) step 7: transactionInfo.remoteStartId');
  assert.deepEqual(first.idToken, { idToken, type: 'ISO14443' }, 'step 1 Authorized (remote) step 7: idToken of the request');
  const charging = await energyTransferStarted(cs);
  assert.equal((charging.transactionInfo as Json).transactionId, info.transactionId, 'step 2: Charging in the same transaction');
}

describe('Part 6 F – Remote start first', { concurrency: true }, () => {
  it('TC_F_02_CS – Remote start transaction - Remote start first - AuthorizeRemoteStart is true', async () => {
    const cs = await booted(csms, { id: 'CONF-F02', set: [...CONFIGURATION, 'AuthCtrlr/AuthorizeRemoteStart=true'] });
    try {
      await remoteStart(cs, 'F02TOKEN', 2);
      // F01.FR.01: authorized like a local action; the token is in no list or cache, so it is asked for.
      const a = await cs.link.next('Authorize');
      assert.deepEqual(
        a.idToken,
        { idToken: 'F02TOKEN', type: 'ISO14443' },
        'step 1 Authorized (remote) step 3: AuthorizeRequest idToken of the request',
      );
      await pluggedAndCharging(cs, 'F02TOKEN', 2);
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_F_03_CS – Remote start transaction - Remote start first - AuthorizeRemoteStart is false', async () => {
    const cs = await booted(csms, { id: 'CONF-F03', set: [...CONFIGURATION, 'AuthCtrlr/AuthorizeRemoteStart=false'] });
    try {
      await remoteStart(cs, 'F03TOKEN', 3);
      await pluggedAndCharging(cs, 'F03TOKEN', 3);
      // F01.FR.02: energy transfer without checking authorization; the CSMS checks the token in the TransactionEventRequest.
      assert.equal(cs.link.received('Authorize').length, 0, 'step 1 Authorized (remote) step 3: no AuthorizeRequest');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
