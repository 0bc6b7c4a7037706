// Part 6 block E (Core, conditional), the EV leaving a transaction: TxStopPoint PowerPathClosed
// (E06 S5, C-10.3 with a configurable TxStopPoint) and the cable disconnected on the EV side
// (E09 deauthorize, E10 suspend; C-06, C-12, an IEC 61851-1 EV, a detachable cable), and TxStopPoint
// EVConnected with an EV that talks ISO 15118 (E06 S2, high-level communication). Each case
// sets its configuration state on the command line of its own station; the cases run concurrently.
//
// The station's cable input is the control pilot: `unplug` is the EV side disconnect (state A).
// A detachable cable gives no input of its own when it leaves the socket, so the manual action
// "disconnect on Charging Station side" has nothing to do, and the connector is Available as soon
// as the EV is gone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, energyTransferStarted, quiescent, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const info = (p: Json): Json => p.transactionInfo as Json;

/** Reusable State EnergyTransferStarted (Authorized, then the cable). Returns the transactionId. */
async function started(cs: Booted, idToken: string, ev?: Json): Promise<string> {
  await authorized(cs, idToken);
  const t = await energyTransferStarted(cs, { plug: true, ...(ev ? { ev } : {}) });
  return String(info(t).transactionId);
}

/**
 * Reusable State EnergyTransferSuspended, once EnergyTransferStarted: the EV suspends; step 1
 * TransactionEventRequest ChargingStateChanged, chargingState SuspendedEV, Updated.
 */
async function energyTransferSuspended(cs: Booted, transactionId: string): Promise<void> {
  await cs.station.post('/api/evses/1/ev', { drawing: false });
  const t = await cs.link.next(
    'TransactionEvent',
    (p) => info(p).transactionId === transactionId && info(p).chargingState === 'SuspendedEV',
  );
  assert.equal(t.triggerReason, 'ChargingStateChanged', 'EnergyTransferSuspended step 1: triggerReason ChargingStateChanged');
  assert.equal(t.eventType, 'Updated', 'EnergyTransferSuspended step 1: eventType Updated');
}

/** The next TransactionEventRequest of the transaction reporting the EV gone (EVCommunicationLost). */
function evLost(cs: Booted, transactionId: string): Promise<Json> {
  return cs.link.next('TransactionEvent', (p) => info(p).transactionId === transactionId && p.triggerReason === 'EVCommunicationLost');
}

/** Step 3 of the E09/E10 cases: the connector is Available again. */
async function connectorAvailable(cs: Booted, step: number): Promise<void> {
  const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
  assert.equal(s.connectorStatus, 'Available', `step ${step}: StatusNotificationRequest connectorStatus Available`);
}

describe('Part 6 E06/E09/E10 – PowerPathClosed and the EV side disconnect', { concurrency: true }, () => {
  it('TC_E_35_CS – Stop transaction options - PowerPathClosed - Remote stop', () =>
    withStation(csms, 'CONF-E35', ['TxCtrlr/TxStopPoint=PowerPathClosed'], async (cs) => {
      const transactionId = await started(cs, 'E35TOKEN');
      const res = await cs.link.call('RequestStopTransaction', { transactionId });
      assert.equal(res.status, 'Accepted', 'step 2: RequestStopTransactionResponse status Accepted');
      const ended = await cs.link.next('TransactionEvent', (p) => info(p).transactionId === transactionId && p.eventType === 'Ended');
      // Errata 2024-09: RemoteStop in one of the events, stoppedReason and Ended in the last.
      const events = cs.link.received('TransactionEvent').filter((p) => info(p).transactionId === transactionId);
      assert.ok(
        events.some((p) => p.triggerReason === 'RemoteStop'),
        'step 3 (errata 2024-09): triggerReason RemoteStop in one of the TransactionEventRequests',
      );
      assert.equal(events.at(-1), ended, 'step 3: the Ended event is the last of the transaction');
      assert.equal(info(ended).stoppedReason, 'Remote', 'step 3 (errata 2024-09): the last has stoppedReason Remote');
      assert.equal(ended.eventType, 'Ended', 'step 3: the last has eventType Ended');
    }));

  it('TC_E_37_CS – Stop transaction options - PowerPathClosed - EV side disconnect', () =>
    withStation(csms, 'CONF-E37', ['TxCtrlr/TxStopPoint=PowerPathClosed', 'TxCtrlr/StopTxOnEVSideDisconnect=false'], async (cs) => {
      const transactionId = await started(cs, 'E37TOKEN');
      await energyTransferSuspended(cs, transactionId);
      await cs.station.post('/api/evses/1/unplug');
      const t = await evLost(cs, transactionId);
      assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 1: TransactionEventRequest triggerReason EVCommunicationLost');
      assert.equal(info(t).chargingState, 'Idle', 'step 1: transactionInfo.chargingState Idle');
      assert.match(String(info(t).stoppedReason), /^(EVDisconnected|StoppedByEV)$/, 'step 1: stoppedReason EVDisconnected or StoppedByEV');
      assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended');
    }));

  it('TC_E_54_CS – Stop transaction options - EVDisconnected - EV side (not able to charge IEC 61851-1 EV)', () =>
    withStation(csms, 'CONF-E54', ['TxCtrlr/TxStopPoint=EVConnected', 'TxCtrlr/StopTxOnEVSideDisconnect=false'], async (cs) => {
      // The station supports high-level communication: the EV is an ISO 15118 one, authorized by card before it plugs in.
      const transactionId = await started(cs, 'E54TOKEN', { protocol: 'ISO15118-2' });
      await energyTransferSuspended(cs, transactionId);
      await cs.station.post('/api/evses/1/unplug');
      const t = await evLost(cs, transactionId);
      assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 1: TransactionEventRequest triggerReason EVCommunicationLost');
      assert.equal(info(t).chargingState, 'Idle', 'step 1: transactionInfo.chargingState Idle');
      assert.match(String(info(t).stoppedReason), /^(EVDisconnected|StoppedByEV)$/, 'step 1: stoppedReason StoppedByEV or EVDisconnected');
      assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended');
    }));

  it('TC_E_24_CS – Disconnect cable on EV-side - Deauthorize transaction - UnlockEVSideDisconnect is true', () =>
    withStation(csms, 'CONF-E24', ['TxCtrlr/StopTxOnEVSideDisconnect=true', 'OCPPCommCtrlr/UnlockOnEVSideDisconnect=true'], async (cs) => {
      const transactionId = await started(cs, 'E24TOKEN');
      await energyTransferSuspended(cs, transactionId);
      await cs.station.post('/api/evses/1/unplug');
      const t = await evLost(cs, transactionId);
      assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 1: TransactionEventRequest triggerReason EVCommunicationLost');
      assert.equal(info(t).chargingState, 'Idle', 'step 1: transactionInfo.chargingState Idle');
      await connectorAvailable(cs, 3);
    }));

  it('TC_E_25_CS – Disconnect cable on EV-side - Deauthorize transaction - UnlockOnEVSideDisconnect is false', () =>
    withStation(csms, 'CONF-E25', ['TxCtrlr/StopTxOnEVSideDisconnect=true', 'OCPPCommCtrlr/UnlockOnEVSideDisconnect=false'], async (cs) => {
      const transactionId = await started(cs, 'E25TOKEN');
      await energyTransferSuspended(cs, transactionId);
      await cs.station.post('/api/evses/1/unplug');
      const t = await evLost(cs, transactionId);
      assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 1: TransactionEventRequest triggerReason EVCommunicationLost');
      assert.equal(info(t).chargingState, 'Idle', 'step 1: transactionInfo.chargingState Idle');
      // A detachable cable: the driver presents the token that started the transaction (the
      // cable at the station side is unlocked for its owner), then takes the cable.
      await cs.station.post('/api/idtoken', { idToken: 'E25TOKEN', type: 'ISO14443', evseId: 1 });
      await connectorAvailable(cs, 3);
    }));

  it('TC_E_26_CS – Disconnect cable on EV-side - Suspend transaction', () =>
    withStation(
      csms,
      'CONF-E26',
      ['TxCtrlr/TxStopPoint=Authorized', 'TxCtrlr/StopTxOnEVSideDisconnect=false', 'OCPPCommCtrlr/UnlockOnEVSideDisconnect=false'],
      async (cs) => {
        const transactionId = await started(cs, 'E26TOKEN');
        await energyTransferSuspended(cs, transactionId);
        await cs.station.post('/api/evses/1/unplug');
        const t = await evLost(cs, transactionId);
        assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 1: TransactionEventRequest triggerReason EVCommunicationLost');
        assert.equal(info(t).chargingState, 'Idle', 'step 1: transactionInfo.chargingState Idle');
        assert.equal(t.eventType, 'Updated', 'step 1: eventType Updated (the transaction is suspended, not ended)');
        // Step 3 is for a permanently attached cable only; this one is detachable.
        await cs.station.post('/api/evses/1/plug', {});
        const plugged = await cs.link.next(
          'TransactionEvent',
          (p) => info(p).transactionId === transactionId && p.triggerReason === 'CablePluggedIn',
        );
        assert.equal(info(plugged).chargingState, 'EVConnected', 'step 5: transactionInfo.chargingState EVConnected');
        assert.equal(plugged.eventType, 'Updated', 'step 5: eventType Updated');
        // The EV plugged in again is the one that suspended in Before: it asks for energy again.
        await cs.station.post('/api/evses/1/ev', { drawing: true });
        const charging = await cs.link.next(
          'TransactionEvent',
          (p) => info(p).transactionId === transactionId && info(p).chargingState === 'Charging',
        );
        assert.equal(charging.triggerReason, 'ChargingStateChanged', 'step 7: triggerReason ChargingStateChanged');
        assert.equal(charging.eventType, 'Updated', 'step 7: eventType Updated');
        await quiescent(cs);
        assert.ok(
          cs.link.received('TransactionEvent').every((p) => info(p).transactionId !== transactionId || p.eventType !== 'Ended'),
          'steps 1-7: the transaction goes on (no Ended)',
        );
      },
    ));
});
