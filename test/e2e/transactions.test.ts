// E01-E14, F01-F03, F06.FR.07 against the local CSMS over a real WebSocket: the station's
// transaction engine on simulated hardware, every TxStartPoint × TxStopPoint, local and remote
// start/stop, invalid ids, EV-side disconnect, offline queueing, two EVSEs at once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { TX_POINTS } from '../../src/blocks/transactions/index.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { assertWellFormed } from '../support/transaction-events.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const events = (id: string): TransactionEventRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'TransactionEvent').map((r) => r.request as TransactionEventRequest);

async function started(id: string, overrides: Record<string, string> = {}, evses = 1): Promise<TestStation> {
  const t = makeTestStation({ id, evses, csmsUrl: csms.url, overrides });
  t.station.start();
  await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
  await quiet(t);
  return t;
}

/** Part 6 EnergyTransferStarted: the station reported Charging (energy flows), in its own event after the start. */
async function energyTransferStarted(id: string): Promise<void> {
  await waitFor(() => events(id).some((e) => e.transactionInfo.chargingState === 'Charging'), 'EnergyTransferStarted');
}

/** Every queued message (TransactionEvent) has had its answer: none is in flight when the fake clock jumps. */
async function answered(t: TestStation): Promise<void> {
  await waitFor(() => t.station.outbox.entries().length === 0, 'queued messages answered');
}

describe('E01/E06 TxStartPoint × TxStopPoint', () => {
  for (const start of TX_POINTS) {
    for (const stop of TX_POINTS) {
      it(`E01.FR.01-06/E06.FR.01-07 – start ${start}, stop ${stop}: plug, card, unplug`, async () => {
        const id = `TX-${start}-${stop}`;
        const t = await started(id, {
          [DM.TxCtrlr.TxStartPoint]: start,
          [DM.TxCtrlr.TxStopPoint]: stop,
        });
        try {
          t.hardware.plug(1);
          await quiet(t);
          t.hardware.presentToken('CARD-1');
          if (start === 'DataSigned') {
            // E01.FR.04: only with a meter that signs (SampledDataCtrlr.SignReadings); the simulated one does not.
            await quiet(t);
            assert.equal(events(id).length, 0);
            return;
          }
          await waitFor(() => events(id).some((e) => e.eventType === 'Started'), 'Started');
          await waitFor(() => events(id).some((e) => e.idToken?.idToken === 'CARD-1'), 'idToken reported');
          t.hardware.unplug(1);
          // DataSigned has no meaning as a stop point (errata 2025-02): nothing ends such a transaction.
          if (stop === 'DataSigned') {
            await quiet(t);
            assert.equal(
              events(id).some((e) => e.eventType === 'Ended'),
              false,
            );
          } else {
            await waitFor(() => events(id).some((e) => e.eventType === 'Ended'), 'Ended');
            const ended = events(id).find((e) => e.eventType === 'Ended')!;
            assert.ok(ended.transactionInfo.stoppedReason, 'E06.FR.08 – stoppedReason');
            assert.equal(t.station.blocks.availability.hasTransaction(1), false);
          }
          assertWellFormed(events(id));
          assert.equal(events(id).filter((e) => e.eventType === 'Started').length, 1);
        } finally {
          await t.stop();
        }
      });
    }
  }
});

describe('E02/E03/E07 local start and stop by card', () => {
  it('E02 – cable first, PowerPathClosed: Started on the card with idToken, Charging, meter values; E07 – same card ends it (StopAuthorized, Local)', async () => {
    const t = await started('E02-A');
    try {
      t.hardware.plug(1);
      await quiet(t);
      assert.equal(events('E02-A').length, 0, 'no transaction before authorization');
      t.hardware.presentToken('CARD-A');
      await energyTransferStarted('E02-A');
      const [first, second] = events('E02-A');
      assert.equal(first!.eventType, 'Started');
      assert.equal(first!.triggerReason, 'Authorized');
      assert.equal(first!.idToken?.idToken, 'CARD-A');
      assert.deepEqual(first!.evse, { id: 1, connectorId: 1 });
      assert.equal(first!.transactionInfo.chargingState, 'EVConnected', 'no energy yet when the card is read');
      assert.deepEqual([second!.triggerReason, second!.transactionInfo.chargingState], ['ChargingStateChanged', 'Charging']);
      assert.equal(first!.meterValue?.[0]?.sampledValue[0]?.context, 'Transaction.Begin', 'E02.FR.09');
      await waitFor(() => t.hardware.contactorClosed(1), 'contactor closed');
      assert.equal(t.hardware.connectorLocked(1, 1), true, 'locked before charging');
      assert.equal(t.snapshot().evses[0]!.transaction?.idToken, 'CARD-A');
      // The Started call must be answered first: advancing past MessageTimeout with it in flight
      // would time it out and hold the periodic event behind a 60 s retry.
      await answered(t);
      t.clock.advance(60_000);
      await waitFor(() => events('E02-A').some((e) => e.triggerReason === 'MeterValuePeriodic'), 'E02.FR.10 – periodic update');
      t.hardware.presentToken('CARD-A');
      await waitFor(() => events('E02-A').some((e) => e.eventType === 'Ended'), 'Ended');
      const ended = events('E02-A').at(-1)!;
      assert.equal(ended.triggerReason, 'StopAuthorized');
      assert.equal(ended.transactionInfo.stoppedReason, 'Local');
      assert.equal(ended.idToken?.idToken, 'CARD-A', 'E07.FR.02');
      await waitFor(() => !t.hardware.contactorClosed(1) && !t.hardware.connectorLocked(1, 1), 'E07.FR.07 – unlocked');
      assertWellFormed(events('E02-A'));
    } finally {
      await t.stop();
    }
  });

  it('E07.FR.01 – another card that may not stop leaves the transaction running', async () => {
    const t = await started('E07-B');
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('OWNER');
      await energyTransferStarted('E07-B');
      t.hardware.presentToken('STRANGER');
      await quiet(t);
      assert.equal(
        events('E07-B').some((e) => e.eventType === 'Ended'),
        false,
      );
    } finally {
      await t.stop();
    }
  });

  it('E03 – IdToken first, TxStartPoint Authorized: Started at the card, CablePluggedIn when plugged', async () => {
    const t = await started('E03-A', { [DM.TxCtrlr.TxStartPoint]: 'Authorized', [DM.TxCtrlr.TxStopPoint]: 'Authorized' });
    try {
      t.hardware.presentToken('CARD-3');
      await waitFor(() => events('E03-A').length === 1, 'Started');
      assert.equal(events('E03-A')[0]!.transactionInfo.chargingState, 'Idle');
      t.hardware.plug(1);
      await waitFor(() => events('E03-A').some((e) => e.triggerReason === 'CablePluggedIn'), 'CablePluggedIn');
      assertWellFormed(events('E03-A'));
    } finally {
      await t.stop();
    }
  });

  it('E03.FR.05 – no cable within EVConnectionTimeOut: Ended with EVConnectTimeout / Timeout', async () => {
    const t = await started('E03-B', { [DM.TxCtrlr.TxStartPoint]: 'Authorized', [DM.TxCtrlr.EVConnectionTimeOut]: '30' });
    try {
      t.hardware.presentToken('CARD-T');
      await waitFor(() => events('E03-B').length === 1, 'Started');
      await answered(t); // EVConnectionTimeOut equals MessageTimeout: the Started call must not be in flight
      t.clock.advance(30_000);
      await waitFor(() => events('E03-B').some((e) => e.eventType === 'Ended'), 'Ended');
      const ended = events('E03-B').at(-1)!;
      assert.equal(ended.triggerReason, 'EVConnectTimeout');
      assert.equal(ended.transactionInfo.stoppedReason, 'Timeout');
    } finally {
      await t.stop();
    }
  });
});

describe('E09/E10 EV-side disconnect', () => {
  it('E09.FR.01 – StopTxOnEVSideDisconnect true: unplug ends with EVCommunicationLost / EVDisconnected', async () => {
    const t = await started('E09-A');
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-9');
      await energyTransferStarted('E09-A');
      t.hardware.unplug(1);
      await waitFor(() => events('E09-A').some((e) => e.eventType === 'Ended'), 'Ended');
      const ended = events('E09-A').at(-1)!;
      assert.equal(ended.triggerReason, 'EVCommunicationLost');
      assert.equal(ended.transactionInfo.stoppedReason, 'EVDisconnected');
    } finally {
      await t.stop();
    }
  });

  it('E09.FR.02/03 – UnlockOnEVSideDisconnect false: after the EV side disconnect the cable stays locked until its owner presents the card', async () => {
    const t = await started('E09-LOCK', { [DM.OCPPCommCtrlr.UnlockOnEVSideDisconnect]: 'false' });
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-9L');
      await energyTransferStarted('E09-LOCK');
      t.hardware.unplug(1);
      await waitFor(() => events('E09-LOCK').some((e) => e.eventType === 'Ended'), 'Ended');
      await quiet(t);
      assert.equal(t.hardware.connectorLocked(1, 1), true, 'E09.FR.03 – still locked with the EV gone');
      t.hardware.presentToken('CARD-9L-OTHER');
      await quiet(t);
      assert.equal(t.hardware.connectorLocked(1, 1), true, 'another card does not unlock');
      assert.equal(t.snapshot().evses[0]!.transaction, null, 'nor does it start anything');
      t.hardware.presentToken('CARD-9L');
      await waitFor(() => !t.hardware.connectorLocked(1, 1), 'E09.FR.03 – unlocked for the owner');
      assert.equal(events('E09-LOCK').filter((e) => e.eventType === 'Started').length, 1, 'releasing the cable starts nothing');
    } finally {
      await t.stop();
    }
  });

  it('E09.FR.02 – UnlockOnEVSideDisconnect true: the EV side disconnect unlocks the cable', async () => {
    const t = await started('E09-UNLOCK', { [DM.OCPPCommCtrlr.UnlockOnEVSideDisconnect]: 'true' });
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-9U');
      await energyTransferStarted('E09-UNLOCK');
      assert.equal(t.hardware.connectorLocked(1, 1), true, 'locked while charging');
      t.hardware.unplug(1);
      await waitFor(() => !t.hardware.connectorLocked(1, 1), 'E09.FR.02 – unlocked');
    } finally {
      await t.stop();
    }
  });

  it('E10 – StopTxOnEVSideDisconnect false, TxStopPoint Authorized: unplug suspends, plug again resumes', async () => {
    const t = await started('E10-A', { [DM.TxCtrlr.StopTxOnEVSideDisconnect]: 'false', [DM.TxCtrlr.TxStopPoint]: 'Authorized' });
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-10');
      await energyTransferStarted('E10-A');
      t.hardware.unplug(1);
      await waitFor(() => events('E10-A').some((e) => e.triggerReason === 'EVCommunicationLost'), 'EVCommunicationLost');
      assert.equal(events('E10-A').at(-1)!.eventType, 'Updated');
      assert.equal(t.hardware.connectorLocked(1, 1), true, 'E10.FR.01 – stays locked');
      t.hardware.plug(1);
      await waitFor(() => events('E10-A').at(-1)!.transactionInfo.chargingState === 'Charging', 'charging again');
      assert.deepEqual(
        events('E10-A')
          .slice(-2)
          .map((e) => `${e.triggerReason} ${e.transactionInfo.chargingState}`),
        ['CablePluggedIn EVConnected', 'ChargingStateChanged Charging'],
      );
      assertWellFormed(events('E10-A'));
    } finally {
      await t.stop();
    }
  });
});

describe('E05 id not accepted in the TransactionEventResponse', () => {
  const invalid = { idTokenInfo: { status: 'Invalid' as const } };
  const entryOf = (t: TestStation, request: TransactionEventRequest) => ({
    seq: 0,
    messageId: 'x',
    action: 'TransactionEvent',
    payload: request,
    kind: 'transaction' as const,
    droppable: false,
    attempts: 0,
    createdAt: t.station.now().toISOString(),
  });

  it('E05.FR.10/E06.FR.04 – StopTxOnInvalidId true, TxStopPoint Authorized: Ended Deauthorized / DeAuthorized', async () => {
    const t = await started('E05-A');
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('BLOCKED');
      await energyTransferStarted('E05-A');
      t.station.blocks.transactions.delivered(entryOf(t, events('E05-A')[0]!), invalid);
      await waitFor(() => events('E05-A').some((e) => e.eventType === 'Ended'), 'Ended');
      const ended = events('E05-A').at(-1)!;
      assert.equal(ended.triggerReason, 'Deauthorized');
      assert.equal(ended.transactionInfo.stoppedReason, 'DeAuthorized');
    } finally {
      await t.stop();
    }
  });

  it('E05.FR.02 – StopTxOnInvalidId false: energy stops, SuspendedEVSE, the transaction goes on', async () => {
    const t = await started('E05-B', { [DM.TxCtrlr.StopTxOnInvalidId]: 'false' });
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('BLOCKED');
      await energyTransferStarted('E05-B');
      t.station.blocks.transactions.delivered(entryOf(t, events('E05-B')[0]!), invalid);
      await waitFor(() => events('E05-B').some((e) => e.transactionInfo.chargingState === 'SuspendedEVSE'), 'SuspendedEVSE');
      assert.equal(events('E05-B').at(-1)!.triggerReason, 'ChargingStateChanged');
      await waitFor(() => !t.hardware.contactorClosed(1), 'contactor open');
      assert.equal(
        events('E05-B').some((e) => e.eventType === 'Ended'),
        false,
      );
    } finally {
      await t.stop();
    }
  });

  it('E09.FR.01 + StopTxOnInvalidId true, TxStopPoint EVConnected only: Updated Deauthorized, EVConnected (E05.FR.09)', async () => {
    const t = await started('E05-C', { [DM.TxCtrlr.TxStopPoint]: 'EVConnected' });
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('BLOCKED');
      await energyTransferStarted('E05-C');
      t.station.blocks.transactions.delivered(entryOf(t, events('E05-C')[0]!), invalid);
      await waitFor(() => events('E05-C').at(-1)!.transactionInfo.chargingState === 'EVConnected', 'EVConnected');
      // E05.FR.09: EVConnected in the same or the next TransactionEvent; the change has its own event.
      assert.deepEqual(
        events('E05-C')
          .slice(-2)
          .map((e) => `${e.eventType} ${e.triggerReason} ${e.transactionInfo.chargingState ?? '-'}`),
        ['Updated Deauthorized -', 'Updated ChargingStateChanged EVConnected'],
      );
    } finally {
      await t.stop();
    }
  });
});

describe('F01-F03 remote start and stop', () => {
  it('F02 – remote start first (AuthorizeRemoteStart false): RemoteStart with remoteStartId, then F03 remote stop ends with Remote', async () => {
    const t = await started('F02-A', { [DM.AuthCtrlr.AuthorizeRemoteStart]: 'false' });
    try {
      const response = await csms.call('F02-A', 'RequestStartTransaction', {
        idToken: { idToken: 'APP-1', type: 'Central' },
        remoteStartId: 42,
        evseId: 1,
      });
      assert.equal(response.status, 'Accepted');
      await quiet(t);
      assert.equal(events('F02-A').length, 0, 'PowerPathClosed: no transaction before the cable');
      t.hardware.plug(1);
      await energyTransferStarted('F02-A');
      const first = events('F02-A')[0]!;
      assert.equal(first.triggerReason, 'RemoteStart', 'F02.FR.21');
      assert.equal(first.transactionInfo.remoteStartId, 42, 'F02.FR.01');
      assert.equal(first.idToken?.idToken, 'APP-1');
      const txId = first.transactionInfo.transactionId;
      assert.equal((await csms.call('F02-A', 'RequestStopTransaction', { transactionId: 'nope' })).status, 'Rejected', 'F03.FR.08');
      assert.equal((await csms.call('F02-A', 'RequestStopTransaction', { transactionId: txId })).status, 'Accepted', 'F03.FR.07');
      await waitFor(() => events('F02-A').some((e) => e.eventType === 'Ended'), 'Ended');
      const ended = events('F02-A').at(-1)!;
      assert.equal(ended.triggerReason, 'RemoteStop');
      assert.equal(ended.transactionInfo.stoppedReason, 'Remote', 'F03.FR.03');
      assert.equal(ended.idToken, undefined);
    } finally {
      await t.stop();
    }
  });

  it('F01 – cable first, AuthorizeRemoteStart true: authorized via the Authorizer, Started with RemoteStart; F01.FR.24 – a second start is Rejected', async () => {
    const t = await started('F01-A');
    try {
      t.hardware.plug(1);
      await quiet(t);
      assert.equal(
        (await csms.call('F01-A', 'RequestStartTransaction', { idToken: { idToken: 'APP-2', type: 'ISO14443' }, remoteStartId: 7 })).status,
        'Accepted',
      );
      await energyTransferStarted('F01-A');
      assert.equal(events('F01-A')[0]!.triggerReason, 'RemoteStart');
      assert.ok(
        (csms.store.requests('F01-A') ?? []).some((r) => r.action === 'Authorize'),
        'F01.FR.01 – Authorize first',
      );
      const again = await csms.call('F01-A', 'RequestStartTransaction', {
        idToken: { idToken: 'APP-3', type: 'Central' },
        remoteStartId: 8,
        evseId: 1,
      });
      assert.equal(again.status, 'Rejected');
    } finally {
      await t.stop();
    }
  });

  it('F01.FR.23 – an Unavailable EVSE is Rejected', async () => {
    const t = await started('F01-B');
    try {
      await csms.call('F01-B', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
      const response = await csms.call('F01-B', 'RequestStartTransaction', {
        idToken: { idToken: 'APP', type: 'Central' },
        remoteStartId: 1,
        evseId: 1,
      });
      assert.equal(response.status, 'Rejected');
    } finally {
      await t.stop();
    }
  });
});

describe('E14 GetTransactionStatus, F06.FR.07 TriggerMessage TransactionEvent', () => {
  it('E14.FR.01-08 and F06.FR.07', async () => {
    const t = await started('E14-A');
    try {
      assert.deepEqual(await csms.call('E14-A', 'GetTransactionStatus', { transactionId: 'unknown' }), {
        ongoingIndicator: false,
        messagesInQueue: false,
      });
      assert.deepEqual(await csms.call('E14-A', 'GetTransactionStatus', {}), { messagesInQueue: false });
      assert.equal((await csms.call('E14-A', 'TriggerMessage', { requestedMessage: 'TransactionEvent' })).status, 'Rejected');
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-14');
      await energyTransferStarted('E14-A');
      // The CSMS records a request before its answer reaches the station, which only then empties its queue.
      await waitFor(() => t.station.outbox.size === 0, 'Started answered');
      const txId = events('E14-A')[0]!.transactionInfo.transactionId;
      assert.deepEqual(await csms.call('E14-A', 'GetTransactionStatus', { transactionId: txId }), {
        ongoingIndicator: true,
        messagesInQueue: false,
      });
      assert.equal(
        (await csms.call('E14-A', 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } })).status,
        'Accepted',
      );
      await waitFor(() => events('E14-A').some((e) => e.triggerReason === 'Trigger'), 'Trigger event');
      const triggered = events('E14-A').at(-1)!;
      assert.ok(triggered.transactionInfo.chargingState, 'F06.FR.07 – chargingState');
      assert.ok(triggered.meterValue?.length, 'F06.FR.07 – meterValue');
      t.hardware.presentToken('CARD-14');
      await waitFor(() => events('E14-A').some((e) => e.eventType === 'Ended'), 'Ended');
      await waitFor(() => t.station.outbox.size === 0, 'Ended answered');
      assert.deepEqual(await csms.call('E14-A', 'GetTransactionStatus', { transactionId: txId }), {
        ongoingIndicator: false,
        messagesInQueue: false,
      });
    } finally {
      await t.stop();
    }
  });
});

describe('E04/E08/E11/E12 offline', () => {
  it('E04.FR.01-03, E12 – events created offline are queued with offline true and replayed in order after reconnect; E14.FR.04 while queued', async () => {
    const t = await started('E04-A', { [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true' });
    try {
      csms.server.session('E04-A')?.close(1001);
      await waitFor(() => !t.snapshot().connected, 'offline');
      t.hardware.plug(1);
      t.hardware.presentToken('UNKNOWN-OFFLINE');
      await waitFor(() => t.station.blocks.transactions.view(1) !== null, 'offline start (C15)');
      t.clock.advance(60_000);
      await quiet(t);
      t.hardware.unplug(1);
      await quiet(t);
      const queued = t.station.outbox.entries().filter((e) => e.action === 'TransactionEvent');
      assert.ok(queued.length >= 3, 'Started, periodic, Ended queued');
      const txId = (queued[0]!.payload as TransactionEventRequest).transactionInfo.transactionId;
      assert.equal(t.station.blocks.transactions.status(txId).queued, true, 'E14.FR.04');
      t.clock.advance(t.clock.nextDelay()!);
      await waitFor(() => events('E04-A').some((e) => e.eventType === 'Ended'), 'replayed after reconnect');
      const replayed = events('E04-A');
      assert.deepEqual(
        replayed.map((e) => e.seqNo),
        replayed.map((_, i) => i),
        'in order',
      );
      assert.ok(
        replayed.every((e) => e.offline === true),
        'E04.FR.03 – offline flag',
      );
      assert.equal(replayed[0]!.idToken?.idToken, 'UNKNOWN-OFFLINE');
      assertWellFormed(replayed);
    } finally {
      await t.stop();
    }
  });
});

describe('Several EVSEs, availability', () => {
  it('E01.FR.14 – two EVSEs charge at once, each with its own transaction and seqNo', async () => {
    const t = await started('EV2-A', {}, 2);
    try {
      t.hardware.plug(1);
      t.hardware.plug(2);
      t.hardware.presentToken('CARD-1', 'ISO14443', 1);
      t.hardware.presentToken('CARD-2', 'ISO14443', 2);
      await waitFor(() => events('EV2-A').filter((e) => e.eventType === 'Started').length === 2, 'two Started');
      const ids = new Set(events('EV2-A').map((e) => e.transactionInfo.transactionId));
      assert.equal(ids.size, 2);
      t.hardware.unplug(1);
      t.hardware.unplug(2);
      await waitFor(() => events('EV2-A').filter((e) => e.eventType === 'Ended').length === 2, 'two Ended');
      assertWellFormed(events('EV2-A'));
    } finally {
      await t.stop();
    }
  });

  it('G03.FR.05 – ChangeAvailability Inoperative during a transaction is Scheduled; the connector becomes Unavailable when it ends', async () => {
    const t = await started('G03-TX');
    try {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-G');
      await energyTransferStarted('G03-TX');
      const response = await csms.call('G03-TX', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
      assert.equal(response.status, 'Scheduled');
      await quiet(t);
      assert.equal(t.hardware.contactorClosed(1), true, 'the transaction goes on');
      t.hardware.presentToken('CARD-G');
      await waitFor(() => events('G03-TX').some((e) => e.eventType === 'Ended'), 'Ended');
      await waitFor(() => t.station.blocks.availability.status(1, 1) === 'Unavailable', 'Unavailable');
    } finally {
      await t.stop();
    }
  });

  it('G05 – a lock that fails: no charging and a NotifyEvent; ConnectorPlugRetentionLock.Problem until the cable leaves', async () => {
    const t = await started('G05-A');
    const problem = { component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' } };
    try {
      assert.equal(t.station.ctx.dm.get(problem), 'false');
      t.hardware.plug(1);
      t.hardware.failNextLock(1);
      t.hardware.presentToken('CARD-L');
      await waitFor(() => (csms.store.requests('G05-A') ?? []).some((r) => r.action === 'NotifyEvent'), 'NotifyEvent');
      await quiet(t);
      assert.equal(t.hardware.contactorClosed(1), false);
      assert.equal(t.station.ctx.dm.get(problem), 'true', 'Problem: Locking Failed');
      t.hardware.unplug(1);
      await waitFor(() => t.station.ctx.dm.get(problem) === 'false', 'Problem cleared once the lock is no longer wanted');
    } finally {
      await t.stop();
    }
  });
});
