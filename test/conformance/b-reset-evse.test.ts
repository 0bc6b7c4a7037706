// Part 6 block B, Reset of one EVSE (B11/B12 with evseId; the station declares C-13): each case
// on its own station, concurrently. An EVSE reset leaves the rest of the station running
// (B11.FR.08), so after each case the station has not rebooted.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorized,
  type Booted,
  booted,
  energyTransferStarted,
  evConnectedPreSession,
  quiescent,
  stopAuthorizedRemote,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** The configured EVSE of these cases. */
const EVSE_ID = 1;

async function charging(cs: Booted, id: string): Promise<string> {
  await evConnectedPreSession(cs, EVSE_ID);
  await authorized(cs, `${id}-TOKEN`, EVSE_ID);
  const t = await energyTransferStarted(cs, { evseId: EVSE_ID });
  return String((t.transactionInfo as Json).transactionId);
}

async function withStation(id: string, test: (cs: Booted) => Promise<void>): Promise<void> {
  const cs = await booted(csms, { id });
  try {
    await test(cs);
    // The reset was one of the EVSE, not of the station (B11.FR.08).
    await quiescent(cs);
    assert.equal(cs.link.received('BootNotification').length, 1, 'the station itself did not reboot');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  } finally {
    await cs.station.dispose();
  }
}

describe('Part 6 B – Reset EVSE', { concurrency: true }, () => {
  it('TC_B_25_CS – Reset EVSE - Without ongoing transaction', () =>
    withStation('CONF-B25', async (cs) => {
      const res = (await cs.link.call('Reset', { type: 'OnIdle', evseId: EVSE_ID })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: ResetResponse status Accepted');
    }));

  it('TC_B_26_CS – Reset EVSE - With Ongoing Transaction - OnIdle', () =>
    withStation('CONF-B26', async (cs) => {
      const transactionId = await charging(cs, 'CONF-B26');
      const res = (await cs.link.call('Reset', { type: 'OnIdle', evseId: EVSE_ID })) as Json;
      assert.equal(res.status, 'Scheduled', 'step 2: ResetResponse status Scheduled');
      // Step 3: StopAuthorized (Main B, RequestStopTransaction).
      const stop = await stopAuthorizedRemote(cs, transactionId);
      if (stop.eventType !== 'Ended') {
        // Step 4: EVConnectedPostSession, where the stop did not end the transaction.
        const t = await cs.link.next(
          'TransactionEvent',
          (p) => (p.transactionInfo as Json).transactionId === transactionId && Number(p.seqNo) > Number(stop.seqNo),
        );
        assert.equal(t.triggerReason, 'ChargingStateChanged', 'step 4 (EVConnectedPostSession step 1): triggerReason ChargingStateChanged');
        assert.equal(
          (t.transactionInfo as Json).chargingState,
          'EVConnected',
          'step 4 (EVConnectedPostSession step 1): chargingState EVConnected',
        );
      }
      // Step 5: EVDisconnected.
      await cs.station.post(`/api/evses/${EVSE_ID}/unplug`);
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === EVSE_ID && p.connectorStatus === 'Available');
      assert.equal(s.connectorId, 1, 'step 5 (EVDisconnected step 1): StatusNotificationRequest connectorId the configured one');
      if (stop.eventType !== 'Ended') {
        const t = await cs.link.next(
          'TransactionEvent',
          (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
        );
        assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 5 (EVDisconnected step 3): triggerReason EVCommunicationLost');
        assert.equal((t.transactionInfo as Json).chargingState, 'Idle', 'step 5 (EVDisconnected step 3): chargingState Idle');
      }
      // Step 6, ParkingBayUnoccupied: nothing to do, the station has no parking bay sensor (not C-09.6).
    }));

  it('TC_B_27_CS – Reset EVSE - With Ongoing Transaction - Immediate', () =>
    withStation('CONF-B27', async (cs) => {
      const transactionId = await charging(cs, 'CONF-B27');
      const res = (await cs.link.call('Reset', { type: 'Immediate', evseId: EVSE_ID })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: ResetResponse status Accepted');
      const t = await cs.link.next(
        'TransactionEvent',
        (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
      );
      assert.equal(t.triggerReason, 'ResetCommand', 'step 3: TransactionEventRequest triggerReason ResetCommand');
      assert.equal((t.transactionInfo as Json).chargingState, 'EVConnected', 'step 3: transactionInfo.chargingState EVConnected');
      assert.equal((t.transactionInfo as Json).stoppedReason, 'ImmediateReset', 'step 3: transactionInfo.stoppedReason ImmediateReset');
    }));
});
