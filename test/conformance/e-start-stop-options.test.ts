// Part 6 block E (transactions), start and stop transaction options picked by the vendor
// declaration (configurable TxStartPoint/TxStopPoint, C-51/C-52; C-09.4/C-09.5; C-10.3/C-10.4;
// C-10.1 with a detachable cable, HFS-1). Each case sets its configuration state on the command
// line of its own station; the cases run concurrently.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorized,
  type Booted,
  energyTransferStarted,
  evConnectedPreSession,
  stopAuthorizedRemote,
  withStation,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';
import { stopAuthorizedLocal, txOf } from './support/stop-authorized.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** Before state EnergyTransferStarted from nothing: Authorized (local), then part 1 (the cable) and part 2. */
async function charging(cs: Booted, idToken: string): Promise<string> {
  await authorized(cs, idToken);
  const t = await energyTransferStarted(cs, { plug: true });
  return txOf(t);
}

describe('Part 6 E – Start and stop transaction options', { concurrency: true }, () => {
  it('TC_E_01_CS – Start transaction options - PowerPathClosed', () =>
    withStation(csms, 'CONF-E01', ['TxCtrlr/TxStartPoint=PowerPathClosed'], async (cs) => {
      await authorized(cs, 'E01TOKEN');
      // Main step 1 (errata 2025-02): EVConnectedPreSession; its step 3 starts the transaction.
      await evConnectedPreSession(cs, 1);
      const t = await cs.link.next('TransactionEvent');
      assert.equal(t.eventType, 'Started', 'step 1 (EVConnectedPreSession step 3): eventType Started (PowerPathClosed, State Authorized)');
      assert.match(
        String(t.triggerReason),
        /^(CablePluggedIn|ChargingStateChanged|RemoteStart)$/,
        'step 1 (EVConnectedPreSession step 3): triggerReason CablePluggedIn, ChargingStateChanged or RemoteStart',
      );
      assert.match(
        String((t.transactionInfo as Json).chargingState),
        /^(EVConnected|SuspendedEVSE|Charging)$/,
        'step 1 (EVConnectedPreSession step 3): chargingState EVConnected, SuspendedEVSE or Charging',
      );
      assert.equal((t.evse as Json | undefined)?.id, 1, 'step 1 (EVConnectedPreSession step 3): evse.id');
      assert.equal((t.evse as Json | undefined)?.connectorId, 1, 'step 1 (EVConnectedPreSession step 3): evse.connectorId');
      assert.equal((t.idToken as Json | undefined)?.idToken, 'E01TOKEN', 'general: the first event after the idToken carries it');
      // Main step 2 (errata 2025-02): EnergyTransferStarted part 2, step 9.
      const c = await energyTransferStarted(cs);
      assert.equal(txOf(c), txOf(t), 'step 2: EnergyTransferStarted in the same transaction');
    }));

  it('TC_E_02_CS – Start transaction options - EnergyTransfer', () =>
    withStation(csms, 'CONF-E02', ['TxCtrlr/TxStartPoint=EnergyTransfer'], async (cs) => {
      await authorized(cs, 'E02TOKEN');
      await cs.station.post('/api/evses/1/plug', {});
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Occupied');
      assert.equal(s.connectorStatus, 'Occupied', 'step 1: StatusNotificationRequest connectorStatus Occupied');
      const t = await cs.link.next('TransactionEvent');
      assert.equal(t.eventType, 'Started', 'step 3: TransactionEventRequest eventType Started');
      assert.match(
        String(t.triggerReason),
        /^(ChargingStateChanged|Authorized)$/,
        'step 3: triggerReason ChargingStateChanged or Authorized',
      );
      assert.equal((t.idToken as Json | undefined)?.idToken, 'E02TOKEN', 'step 3: idToken.idToken');
      assert.equal((t.idToken as Json | undefined)?.type, 'ISO14443', 'step 3: idToken.type');
      assert.ok(t.evse, 'step 3: evse provided');
      assert.ok((t.evse as Json).connectorId, 'step 3: evse.connectorId provided');
      assert.equal((t.transactionInfo as Json).chargingState, 'Charging', 'step 3: transactionInfo.chargingState Charging');
    }));

  it('TC_E_07_CS – Stop transaction options - PowerPathClosed - Local stop', () =>
    withStation(csms, 'CONF-E07', ['TxCtrlr/TxStopPoint=PowerPathClosed'], async (cs) => {
      const transactionId = await charging(cs, 'E07TOKEN');
      await stopAuthorizedLocal(cs, 'E07TOKEN', transactionId, { ends: true, where: 'step 1 (StopAuthorized)' });
    }));

  it('TC_E_08_CS – Stop transaction options - EnergyTransfer stopped - StopAuthorized', () =>
    withStation(csms, 'CONF-E08', ['TxCtrlr/TxStopPoint=EnergyTransfer'], async (cs) => {
      const transactionId = await charging(cs, 'E08TOKEN');
      await stopAuthorizedLocal(cs, 'E08TOKEN', transactionId, { ends: true, where: 'step 1 (StopAuthorized)' });
    }));

  it('TC_E_22_CS – Stop transaction options - EnergyTransfer stopped - SuspendedEV', () =>
    withStation(csms, 'CONF-E22', ['TxCtrlr/TxStopPoint=EnergyTransfer'], async (cs) => {
      const transactionId = await charging(cs, 'E22TOKEN');
      await cs.station.post('/api/evses/1/ev', { drawing: false });
      const t = await cs.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.triggerReason !== 'MeterValuePeriodic');
      assert.equal(t.triggerReason, 'ChargingStateChanged', 'step 1: TransactionEventRequest triggerReason ChargingStateChanged');
      const state = (t.transactionInfo as Json).chargingState;
      assert.match(String(state), /^(EVConnected|SuspendedEV)$/, 'step 1: chargingState EVConnected or SuspendedEV');
      if (state === 'EVConnected') assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended (chargingState EVConnected)');
      else {
        assert.equal((t.transactionInfo as Json).stoppedReason, 'StoppedByEV', 'step 1: stoppedReason StoppedByEV (SuspendedEV)');
        assert.equal(t.eventType, 'Updated', 'step 1: eventType Updated (chargingState SuspendedEV)');
      }
    }));

  it('TC_E_14_CS – Stop transaction options - EVDisconnected - Charging Station side', () =>
    withStation(csms, 'CONF-E14', ['TxCtrlr/TxStopPoint=EVConnected'], async (cs) => {
      // Before: EVConnectedPostSession (StopAuthorized local; TxStopPoint EVConnected: both events Updated).
      const transactionId = await charging(cs, 'E14TOKEN');
      await stopAuthorizedLocal(cs, 'E14TOKEN', transactionId, { ends: false, where: 'EVConnectedPostSession' });
      // The cable is detachable (HFS-1): taking it out is the disconnect at the Charging Station side.
      await cs.station.post('/api/evses/1/unplug', {});
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
      assert.equal(s.connectorStatus, 'Available', 'step 1: StatusNotificationRequest connectorStatus Available');
      const t = await cs.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.triggerReason !== 'MeterValuePeriodic');
      assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 3: TransactionEventRequest triggerReason EVCommunicationLost');
      assert.equal((t.transactionInfo as Json).chargingState, 'Idle', 'step 3: transactionInfo.chargingState Idle');
      const reason = (t.transactionInfo as Json).stoppedReason;
      assert.ok(
        reason === undefined || reason === 'Local' || reason === 'EVDisconnected',
        `step 3 (errata 2025-06): stoppedReason Local, EVDisconnected or omitted (local stop), got ${String(reason)}`,
      );
      assert.equal(t.eventType, 'Ended', 'step 3: eventType Ended');
    }));

  it('TC_E_21_CS – Stop transaction options - StopAuthorized - Remote', () =>
    withStation(csms, 'CONF-E21', ['TxCtrlr/TxStopPoint=Authorized'], async (cs) => {
      const transactionId = await charging(cs, 'E21TOKEN');
      const t = await stopAuthorizedRemote(cs, transactionId);
      assert.equal(t.triggerReason, 'RemoteStop', 'step 3: TransactionEventRequest triggerReason RemoteStop');
      assert.equal((t.transactionInfo as Json).stoppedReason, 'Remote', 'step 3: transactionInfo.stoppedReason Remote');
      assert.equal(t.eventType, 'Ended', 'step 3: eventType Ended');
    }));
});
