// Part 6 block E (transactions), charging-station cases picked by the vendor declaration
// (configurable TxStartPoint/TxStopPoint, C-51/C-52). Each case sets its configuration state on
// the command line of its own station; the cases run concurrently.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, authorizedRemote, energyTransferStarted, evConnectedPreSession, quiescent, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 E – Transactions', { concurrency: true }, () => {
  it('TC_E_09_CS – Start transaction options - EVConnected', () =>
    withStation(csms, 'CONF-E09', ['TxCtrlr/TxStartPoint=EVConnected'], async (cs) => {
      await evConnectedPreSession(cs, 1);
      const t = await cs.link.next('TransactionEvent');
      assert.equal(t.eventType, 'Started', 'step 3: TransactionEventRequest eventType Started');
      assert.match(
        String(t.triggerReason),
        /^(CablePluggedIn|ChargingStateChanged)$/,
        'step 3: triggerReason CablePluggedIn or ChargingStateChanged',
      );
      assert.ok(t.evse, 'step 3: evse provided');
      assert.ok((t.evse as Json).connectorId, 'step 3: evse.connectorId provided');
      assert.equal((t.transactionInfo as Json).chargingState, 'EVConnected', 'step 3: transactionInfo.chargingState EVConnected');
    }));

  it('TC_E_10_CS – Start transaction options - Authorized - Local', () =>
    withStation(csms, 'CONF-E10', ['TxCtrlr/TxStartPoint=Authorized'], async (cs) => {
      const a = await authorized(cs, 'E10TOKEN');
      assert.equal((a.idToken as Json).idToken, 'E10TOKEN', 'step 1: AuthorizeRequest idToken.idToken');
      const t = await cs.link.next('TransactionEvent');
      assert.equal(t.eventType, 'Started', 'step 3: TransactionEventRequest eventType Started');
      assert.equal(t.triggerReason, 'Authorized', 'step 3: triggerReason Authorized');
      assert.equal((t.idToken as Json | undefined)?.idToken, 'E10TOKEN', 'step 3: idToken.idToken');
      assert.equal((t.idToken as Json | undefined)?.type, 'ISO14443', 'step 3: idToken.type');
    }));

  it('TC_E_13_CS – Start transaction options - Authorized - Remote', () =>
    withStation(csms, 'CONF-E13', ['TxCtrlr/TxStartPoint=Authorized'], async (cs) => {
      const t = await authorizedRemote(cs, 'E13TOKEN', 13);
      assert.equal(t.eventType, 'Started', 'step 3: TransactionEventRequest eventType Started');
      assert.equal(t.triggerReason, 'RemoteStart', 'step 3: triggerReason RemoteStart');
    }));

  it('TC_E_15_CS – Stop transaction options - StopAuthorized - Local', () =>
    withStation(csms, 'CONF-E15', ['TxCtrlr/TxStopPoint=Authorized'], async (cs) => {
      await evConnectedPreSession(cs, 1);
      await authorized(cs, 'E15TOKEN');
      const started = await energyTransferStarted(cs);
      const transactionId = (started.transactionInfo as Json).transactionId;
      await cs.station.post('/api/idtoken', { idToken: 'E15TOKEN', type: 'ISO14443', evseId: 1 });
      const t = await cs.link.next(
        'TransactionEvent',
        (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
      );
      assert.equal(t.triggerReason, 'StopAuthorized', 'step 1: TransactionEventRequest triggerReason StopAuthorized');
      assert.equal((t.transactionInfo as Json).stoppedReason, 'Local', 'step 1: transactionInfo.stoppedReason Local');
      assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended');
    }));

  it('TC_E_39_CS – Stop transaction options - Deauthorized - timeout', () =>
    withStation(
      csms,
      'CONF-E39',
      ['TxCtrlr/TxStartPoint=Authorized', 'TxCtrlr/TxStopPoint=Authorized', 'TxCtrlr/EVConnectionTimeOut=2'],
      async (cs) => {
        await authorized(cs, 'E39TOKEN');
        const started = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
        const transactionId = (started.transactionInfo as Json).transactionId;
        const t = await cs.link.next(
          'TransactionEvent',
          (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
        );
        assert.equal(t.triggerReason, 'EVConnectTimeout', 'step 1: TransactionEventRequest triggerReason EVConnectTimeout');
        assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended (TxStartPoint is not ParkingBayOccupancy)');
        assert.equal((t.transactionInfo as Json).stoppedReason, 'Timeout', 'step 1: transactionInfo.stoppedReason Timeout');
        await cs.station.post('/api/evses/1/plug', {});
        const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Occupied');
        assert.equal(s.connectorStatus, 'Occupied', 'step 3 (errata 2025-09): StatusNotificationRequest Occupied');
        await quiescent(cs);
        assert.ok(
          cs.link.received('TransactionEvent').every((p) => (p.transactionInfo as Json).chargingState !== 'Charging'),
          'step 3: the EV is not charged after the authorization timed out',
        );
      },
    ));
});
