// Part 6 block E (transactions), local start and stop (E02, E03, E07) picked by the vendor
// declaration (RFID ISO14443, C-30). The cases set no TxStartPoint/TxStopPoint; each station here
// is given the station's own defaults (TxStartPoint PowerPathClosed, TxStopPoint
// EVConnected,Authorized) on its command line, so that the optional steps expected below do not
// change with a default. TC_E_05_CS needs a transaction to time out (its step 1): TxStartPoint
// Authorized. The cases run concurrently, one station each.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, energyTransferStarted, evConnectedPreSession, quiescent, withStation } from './support/states.js';
import { stopAuthorizedLocal, txOf } from './support/stop-authorized.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const DEFAULT_POINTS = ['TxCtrlr/TxStartPoint=PowerPathClosed', 'TxCtrlr/TxStopPoint=EVConnected,Authorized'];

/** General tool validations (§2.1) of the first TransactionEventRequest after plug-in and idToken. */
function firstEvent(t: Json, idToken: string, where: string): void {
  assert.equal(t.eventType, 'Started', `${where}: the first TransactionEventRequest of a transaction is Started`);
  assert.equal((t.evse as Json | undefined)?.id, 1, `${where}: evse.id (first event after connecting)`);
  assert.equal((t.evse as Json | undefined)?.connectorId, 1, `${where}: evse.connectorId (first event after connecting)`);
  assert.equal((t.idToken as Json | undefined)?.idToken, idToken, `${where}: idToken.idToken (first event after presenting it)`);
  assert.equal((t.idToken as Json | undefined)?.type, 'ISO14443', `${where}: idToken.type`);
}

describe('Part 6 E – Local start and stop', { concurrency: true }, () => {
  it('TC_E_03_CS – Local start transaction - Cable plugin first - Success', () =>
    withStation(csms, 'CONF-E03', DEFAULT_POINTS, async (cs) => {
      await evConnectedPreSession(cs, 1);
      await authorized(cs, 'E03TOKEN');
      // Authorized step 3: TxStartPoint PowerPathClosed with the cable in: the transaction starts here.
      const t = await cs.link.next('TransactionEvent');
      assert.equal(t.triggerReason, 'Authorized', 'step 1 (Authorized step 3): triggerReason Authorized');
      firstEvent(t, 'E03TOKEN', 'step 1 (Authorized step 3)');
      const c = await energyTransferStarted(cs);
      assert.equal(txOf(c), txOf(t), 'step 2: EnergyTransferStarted in the same transaction');
    }));

  it('TC_E_04_CS – Local start transaction - Authorization first - Success', () =>
    withStation(csms, 'CONF-E04', DEFAULT_POINTS, async (cs) => {
      await authorized(cs, 'E04TOKEN');
      const c = await energyTransferStarted(cs, { plug: true });
      const [t] = cs.link.received('TransactionEvent');
      firstEvent(t!, 'E04TOKEN', 'step 2 (EnergyTransferStarted step 3)');
      assert.equal(txOf(c), txOf(t!), 'step 2: charging in the transaction started at plug-in');
    }));

  it('TC_E_05_CS – Local start transaction - Authorization first - Cable plugin timeout', () =>
    withStation(
      csms,
      'CONF-E05',
      [
        'TxCtrlr/TxStartPoint=Authorized',
        'TxCtrlr/TxStopPoint=EVConnected,Authorized',
        'TxCtrlr/EVConnectionTimeOut=4',
        'AuthCacheCtrlr/Enabled=false',
        'AuthCtrlr/LocalPreAuthorize=false',
      ],
      async (cs) => {
        await authorized(cs, 'E05TOKEN');
        const started = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
        const t = await cs.link.next('TransactionEvent', (p) => txOf(p) === txOf(started) && p.eventType === 'Ended');
        assert.equal(t.triggerReason, 'EVConnectTimeout', 'step 1: TransactionEventRequest triggerReason EVConnectTimeout');
        assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended (TxStopPoint contains Authorized)');
        assert.equal((t.transactionInfo as Json).stoppedReason, 'Timeout', 'step 1: transactionInfo.stoppedReason Timeout');
        // Step 3: the EVSE is ready for another session; no cache, so the token is authorized again.
        const a = await authorized(cs, 'E05TOKEN');
        assert.equal((a.idToken as Json).idToken, 'E05TOKEN', 'step 3 (Authorized step 1): AuthorizeRequest idToken.idToken');
        const again = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
        assert.notEqual(txOf(again), txOf(started), 'step 3 (Authorized step 3): a new transaction');
        assert.equal(again.triggerReason, 'Authorized', 'step 3 (Authorized step 3): triggerReason Authorized');
        assert.equal((again.idToken as Json | undefined)?.idToken, 'E05TOKEN', 'step 3 (Authorized step 3): idToken.idToken');
        const c = await energyTransferStarted(cs, { plug: true });
        assert.equal(txOf(c), txOf(again), 'step 4: EnergyTransferStarted in the new transaction');
      },
    ));

  it('TC_E_06_CS – Local Stop Transaction - Accepted', () =>
    withStation(csms, 'CONF-E06', DEFAULT_POINTS, async (cs) => {
      await authorized(cs, 'E06TOKEN');
      const transactionId = txOf(await energyTransferStarted(cs, { plug: true }));
      await stopAuthorizedLocal(cs, 'E06TOKEN', transactionId, { ends: true, where: 'step 1' });
      // Step 2, EVConnectedPostSession: nothing more, the transaction has ended (TxStopPoint Authorized).
      // Step 3, EVDisconnected.
      await cs.station.post('/api/evses/1/unplug', {});
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
      assert.equal(s.connectorId, 1, 'step 3 (EVDisconnected step 1): StatusNotificationRequest connectorId');
      assert.equal(s.connectorStatus, 'Available', 'step 3 (EVDisconnected step 1): connectorStatus Available');
      // EVDisconnected step 3 and ParkingBayUnoccupied step 1 are not executed: the transaction has ended.
      await quiescent(cs);
      const events = cs.link.received('TransactionEvent');
      const ended = events.findIndex((p) => txOf(p) === transactionId && p.eventType === 'Ended');
      assert.ok(
        events.slice(ended + 1).every((p) => txOf(p) !== transactionId),
        'steps 3-4: no TransactionEventRequest for the transaction after its Ended',
      );
    }));
});
