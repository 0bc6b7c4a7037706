// Part 6 block E, E14 GetTransactionStatus (Core). The "with message in queue" cases keep
// TransactionEvents queued the way Part 6 does: the connection is closed and reconnects are
// refused for a while during a transaction with periodic meter values; the tool asks the moment
// the connection is back, and answers the queued TransactionEvents only after the station's
// GetTransactionStatusResponse (step 6 follows step 4).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  authorized,
  type Booted,
  energyTransferStarted,
  OFFLINE_QUEUEING,
  offlinePeriod,
  quiescent,
  stopAuthorizedRemote,
  withStation,
} from './support/states.js';
import { DEFAULT_ANSWERS, TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const txOf = (p: Json): unknown => (p.transactionInfo as Json | undefined)?.transactionId;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** Reusable State EnergyTransferStarted (Authorized by a card, then the cable); returns the transactionId. */
async function transactionStarted(cs: Booted, idToken: string): Promise<string> {
  await authorized(cs, idToken);
  const t = await energyTransferStarted(cs, { plug: true });
  return String((t.transactionInfo as Json).transactionId);
}

/**
 * Main steps 1-6 of a "with message in queue" case: the offline period (with the manual actions
 * `whileOffline`), then at the reconnect
 * GetTransactionStatus (`transactionId` or none) before any queued TransactionEvent is answered.
 * Returns the response and the first TransactionEventRequest sent after the reconnect.
 */
async function askWhileQueued(
  cs: Booted,
  transactionId: string | undefined,
  whileOffline?: () => Promise<void>,
): Promise<{ status: Json; first: Json }> {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  const before = cs.link.received('TransactionEvent').length;
  // Set while the station is offline: what it sent before is answered as usual.
  await offlinePeriod(cs, {
    ...(whileOffline ? { whileOffline } : {}),
    beforeReconnect: async () => {
      cs.link.answers.set('TransactionEvent', async (p) => {
        await released;
        return DEFAULT_ANSWERS.TransactionEvent!(p);
      });
    },
  });
  let status: Json;
  try {
    status = await cs.link.call('GetTransactionStatus', transactionId === undefined ? {} : { transactionId });
  } finally {
    release();
  }
  const first = await cs.link.next('TransactionEvent', () => cs.link.received('TransactionEvent').length > before);
  return { status, first };
}

/** Step 5 validations of the "with message in queue" cases. */
function assertQueuedMeterValues(t: Json): void {
  assert.equal(t.eventType, 'Updated', 'step 5: TransactionEventRequest eventType Updated');
  assert.ok(Array.isArray(t.meterValue) && t.meterValue.length > 0, 'step 5: TransactionEventRequest meterValue present');
  assert.equal(t.offline, true, 'step 5: TransactionEventRequest offline true');
}

describe('Part 6 E14 – Check transaction status', { concurrency: true }, () => {
  it('TC_E_28_CS – Check Transaction status - TransactionId unknown', () =>
    withStation(csms, 'CONF-E28', [], async (cs) => {
      const res = await cs.link.call('GetTransactionStatus', { transactionId: randomUUID() });
      assert.equal(res.ongoingIndicator, false, 'step 2: GetTransactionStatusResponse ongoingIndicator false');
      assert.equal(res.messagesInQueue, false, 'step 2: GetTransactionStatusResponse messagesInQueue false');
    }));

  it('TC_E_29_CS – Check Transaction status - Transaction with id ongoing - with message in queue', () =>
    withStation(csms, 'CONF-E29', OFFLINE_QUEUEING, async (cs) => {
      const transactionId = await transactionStarted(cs, 'E29TOKEN');
      const { status, first } = await askWhileQueued(cs, transactionId);
      assert.equal(status.ongoingIndicator, true, 'step 4: GetTransactionStatusResponse ongoingIndicator true');
      assert.equal(status.messagesInQueue, true, 'step 4: GetTransactionStatusResponse messagesInQueue true');
      assert.equal((first.transactionInfo as Json).transactionId, transactionId, 'step 5: TransactionEventRequest of that transaction');
      assertQueuedMeterValues(first);
    }));

  it('TC_E_30_CS – Check Transaction status - Transaction with id ongoing - without message in queue', () =>
    withStation(csms, 'CONF-E30', [], async (cs) => {
      const transactionId = await transactionStarted(cs, 'E30TOKEN');
      // Every TransactionEvent so far answered and taken off the queue.
      await quiescent(cs);
      const res = await cs.link.call('GetTransactionStatus', { transactionId });
      assert.equal(res.ongoingIndicator, true, 'step 2: GetTransactionStatusResponse ongoingIndicator true');
      assert.equal(res.messagesInQueue, false, 'step 2: GetTransactionStatusResponse messagesInQueue false');
    }));

  it('TC_E_31_CS – Check Transaction status - Transaction with id ended - with message in queue', () =>
    withStation(csms, 'CONF-E31', OFFLINE_QUEUEING, async (cs) => {
      const transactionId = await transactionStarted(cs, 'E31TOKEN');
      // Scenario local: offline, the driver presents the same card (TxStopPoint Authorized ends the
      // transaction there) and unplugs; ParkingBayUnoccupied has no step then.
      const { status, first } = await askWhileQueued(cs, transactionId, async () => {
        await cs.station.post('/api/idtoken', { idToken: 'E31TOKEN', type: 'ISO14443', evseId: 1 });
        await cs.station.post('/api/evses/1/unplug');
      });
      assert.equal(status.ongoingIndicator, false, 'step 2: GetTransactionStatusResponse ongoingIndicator false');
      assert.equal(status.messagesInQueue, true, 'step 2: GetTransactionStatusResponse messagesInQueue true');
      assert.equal(txOf(first), transactionId, 'step 3: TransactionEventRequest of that transaction');
      const ended =
        first.eventType === 'Ended'
          ? first
          : await cs.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.eventType === 'Ended');
      assert.equal(ended.triggerReason, 'StopAuthorized', 'step 3, StopAuthorized step 1: triggerReason StopAuthorized');
      const idToken = ended.idToken as Json | undefined;
      assert.ok(
        idToken === undefined || (idToken.idToken === 'E31TOKEN' && idToken.type === 'ISO14443'),
        'step 3, StopAuthorized step 1: idToken omitted or the one that started the transaction',
      );
      assert.equal((ended.transactionInfo as Json).stoppedReason, 'Local', 'step 3, StopAuthorized step 3: stoppedReason Local');
      assert.equal(ended.offline, true, 'step 3: the Ended event was queued offline (offline true)');
    }));

  it('TC_E_32_CS – Check Transaction status - Transaction with id ended - without message in queue', () =>
    withStation(csms, 'CONF-E32', [], async (cs) => {
      const transactionId = await transactionStarted(cs, 'E32TOKEN');
      // StopAuthorized (remote); TxStopPoint Authorized ends the transaction there.
      const stop = await stopAuthorizedRemote(cs, transactionId);
      assert.equal(stop.eventType, 'Ended', 'Before, StopAuthorized: the transaction ends (TxStopPoint Authorized)');
      // EVDisconnected; ParkingBayUnoccupied has no step once the transaction has ended.
      await cs.station.post('/api/evses/1/unplug');
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
      assert.equal(s.connectorStatus, 'Available', 'Before, EVDisconnected step 1: StatusNotificationRequest Available');
      await quiescent(cs);
      const res = await cs.link.call('GetTransactionStatus', { transactionId });
      assert.equal(res.ongoingIndicator, false, 'step 2: GetTransactionStatusResponse ongoingIndicator false');
      assert.equal(res.messagesInQueue, false, 'step 2: GetTransactionStatusResponse messagesInQueue false');
    }));

  it('TC_E_33_CS – Check Transaction status - Without transactionId - with message in queue', () =>
    withStation(csms, 'CONF-E33', OFFLINE_QUEUEING, async (cs) => {
      await transactionStarted(cs, 'E33TOKEN');
      const { status, first } = await askWhileQueued(cs, undefined);
      assert.equal(status.ongoingIndicator, undefined, 'step 4: GetTransactionStatusResponse ongoingIndicator omitted');
      assert.equal(status.messagesInQueue, true, 'step 4: GetTransactionStatusResponse messagesInQueue true');
      assertQueuedMeterValues(first);
    }));

  it('TC_E_34_CS – Check Transaction status - Without transactionId - without message in queue', () =>
    withStation(csms, 'CONF-E34', [], async (cs) => {
      const res = await cs.link.call('GetTransactionStatus', {});
      assert.equal(res.ongoingIndicator, undefined, 'step 2: GetTransactionStatusResponse ongoingIndicator omitted');
      assert.equal(res.messagesInQueue, false, 'step 2: GetTransactionStatusResponse messagesInQueue false');
    }));
});
