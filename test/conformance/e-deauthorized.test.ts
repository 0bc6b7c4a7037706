// Part 6 block E (transactions), stop transaction options - Deauthorized (E06 S3) picked by the
// vendor declaration: an idToken the CSMS calls Invalid after an offline start (C-01, C-10.2), and
// the EV lost with StopTxOnEVSideDisconnect true (C-06.2, AQ-9). One station per case, concurrently.
//
// The station's hardware knows one cable state per connector (the control pilot): unplugging is
// the EV side disconnect. With its detachable cable (HFS-1) TC_E_17_CS then asks for the idToken and
// the disconnect at the Charging Station side; that second disconnect is the same unplug, so the
// connector reports Available once the EV is gone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, energyTransferStarted, withStation } from './support/states.js';
import { txOf } from './support/stop-authorized.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** Polls the control API until `ok` holds for its state: what the station shows while the tool cannot see it. */
async function until(b: Booted, what: string, ok: (state: Json) => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok(await b.station.get<Json>('/api/state'))) {
    if (Date.now() > end) throw new Error(`${b.link.id}: ${what} not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const evse1 = (state: Json): Json => (state.evses as Json[])[0]!;

describe('Part 6 E – Stop transaction options - Deauthorized', { concurrency: true }, () => {
  it('TC_E_16_CS – Stop transaction options - Deauthorized - Invalid idToken', () =>
    withStation(
      csms,
      'CONF-E16',
      [
        'TxCtrlr/TxStopPoint=Authorized',
        'AuthCtrlr/LocalAuthorizeOffline=true',
        'AuthCtrlr/OfflineTxForUnknownIdEnabled=true',
        'TxCtrlr/StopTxOnInvalidId=true',
        'OCPPCommCtrlr/RetryBackOffWaitMinimum=2',
        'OCPPCommCtrlr/RetryBackOffRandomRange=0',
      ],
      async (cs) => {
        // Memory state IdTokenLocalAuthList. (IdTokenCached would run a whole session first; the
        // list entry already lets the station authorize the token offline.)
        const list = await cs.link.call('SendLocalList', {
          versionNumber: 1,
          updateType: 'Full',
          localAuthorizationList: [{ idToken: { idToken: 'E16TOKEN', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }],
        });
        assert.equal(list.status, 'Accepted', 'IdTokenLocalAuthList step 2: SendLocalListResponse status Accepted');
        // Step 2: the tool answers the TransactionEventRequest with the idToken with Invalid.
        cs.link.answers.set('TransactionEvent', (p) => (p.idToken ? { idTokenInfo: { status: 'Invalid' } } : {}));
        // Reusable state StartOfflineTransaction.
        await cs.link.goOffline();
        await until(cs, 'the station offline', (s) => s.connected === false);
        await cs.station.post('/api/idtoken', { idToken: 'E16TOKEN', type: 'ISO14443', evseId: 1 });
        await cs.station.post('/api/evses/1/plug', {});
        await until(cs, 'a transaction on EVSE 1', (s) => evse1(s).transaction !== null);
        cs.link.acceptReconnect();
        await cs.link.whenConnected(60_000);
        const started = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
        assert.equal(started.offline, true, 'step 1: TransactionEventRequest offline true');
        assert.equal((started.idToken as Json | undefined)?.idToken, 'E16TOKEN', 'step 1: the queued Started carries the idToken');
        const t = await cs.link.next('TransactionEvent', (p) => txOf(p) === txOf(started) && p.eventType === 'Ended');
        assert.equal(t.eventType, 'Ended', 'step 3: TransactionEventRequest eventType Ended');
        assert.equal(t.triggerReason, 'Deauthorized', 'step 3: triggerReason Deauthorized');
        assert.equal((t.transactionInfo as Json).stoppedReason, 'DeAuthorized', 'step 3: transactionInfo.stoppedReason DeAuthorized');
      },
    ));

  it('TC_E_17_CS – Stop transaction options - Deauthorized - EV side disconnect', () =>
    withStation(
      csms,
      'CONF-E17',
      ['TxCtrlr/TxStopPoint=Authorized', 'TxCtrlr/StopTxOnEVSideDisconnect=true', 'OCPPCommCtrlr/UnlockOnEVSideDisconnect=false'],
      async (cs) => {
        // The case names no before state; the EV is charging when it is disconnected.
        await authorized(cs, 'E17TOKEN');
        const transactionId = txOf(await energyTransferStarted(cs, { plug: true }));
        await cs.station.post('/api/evses/1/unplug', {});
        const t = await cs.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.triggerReason !== 'MeterValuePeriodic');
        assert.equal(t.triggerReason, 'EVCommunicationLost', 'step 1: TransactionEventRequest triggerReason EVCommunicationLost');
        assert.equal((t.transactionInfo as Json).chargingState, 'Idle', 'step 1: transactionInfo.chargingState Idle');
        assert.equal((t.transactionInfo as Json).stoppedReason, 'EVDisconnected', 'step 1: transactionInfo.stoppedReason EVDisconnected');
        assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended');
        // Detachable cable, UnlockOnEVSideDisconnect false: the driver presents the idToken, then
        // takes the cable out at the station (the same unplug here).
        await cs.station.post('/api/idtoken', { idToken: 'E17TOKEN', type: 'ISO14443', evseId: 1 });
        const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
        assert.equal(s.connectorStatus, 'Available', 'step 3: StatusNotificationRequest connectorStatus Available');
      },
    ));
});
