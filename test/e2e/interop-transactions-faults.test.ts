// E04/E05, E09/E10, C15, E01.FR.14 against the strict ocpp-rpc peer (../support/interop-peer.ts):
// an id the peer does not accept any more, EV-side disconnect, offline start with an unknown id,
// a card before any cable on two EVSEs, two transactions at once.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { fixedBackOff, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';
import {
  answers,
  assertSession,
  assertWellFormed,
  authorizeTokens,
  byTransaction,
  clients,
  events,
  online,
  scenario,
  seen,
  summary,
  txEvents,
} from '../support/interop-peer.js';

describe('Interop E05 – the id is not valid any more: the peer says so in the TransactionEventResponse', () => {
  /**
   * The card is cached Accepted from an earlier session (C10); with LocalPreAuthorize it starts at
   * once, without Authorize; the peer now answers Invalid to the Started event (E05 scenario).
   */
  async function blockedAfterFirstVisit(id: string, overrides: Record<string, string>): Promise<TestStation> {
    const t = await online(id, { [DM.AuthCtrlr.LocalPreAuthorize]: 'true', ...overrides });
    t.hardware.plug(1);
    t.hardware.presentToken(`${id}-CARD`);
    await events(id, 2, 'first visit');
    t.hardware.unplug(1);
    await events(id, 3, 'first visit ended');
    answers.set(`${id}-CARD`, { status: 'Invalid' });
    seen.get(id)!.length = 0; // from here on only the second visit
    t.hardware.plug(1);
    t.hardware.presentToken(`${id}-CARD`);
    return t;
  }

  /** A test of the second visit; afterwards the peer forgets the card's Invalid answer. */
  const invalidOnSecondVisit = (id: string, overrides: Record<string, string>, body: (t: TestStation) => Promise<void>): Promise<void> =>
    scenario(id, { start: () => blockedAfterFirstVisit(id, overrides), forget: [`${id}-CARD`] }, body);

  it('E05.FR.10/E06.FR.04 – StopTxOnInvalidId true, TxStopPoint with Authorized: Ended Deauthorized / DeAuthorized', async () => {
    const id = 'ITX-E05-STOP';
    await invalidOnSecondVisit(
      id,
      { [DM.TxCtrlr.StopTxOnInvalidId]: 'true', [DM.TxCtrlr.TxStopPoint]: 'EVConnected,Authorized' },
      async (t) => {
        await events(id, 3, 'invalid answer');
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Ended Deauthorized EVConnected DeAuthorized',
        ]);
        assert.deepEqual(authorizeTokens(id), [], 'started from the cache (LocalPreAuthorize), no Authorize');
        await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      },
    );
  });

  it('E05.FR.11 – after the DeAuthorized end the cable stays locked until its owner presents the card; another card neither unlocks nor starts', async () => {
    const id = 'ITX-E05-LOCK';
    await invalidOnSecondVisit(
      id,
      { [DM.TxCtrlr.StopTxOnInvalidId]: 'true', [DM.TxCtrlr.TxStopPoint]: 'EVConnected,Authorized' },
      async (t) => {
        await events(id, 3, 'invalid answer');
        await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
        await quiet(t);
        assert.equal(t.hardware.connectorLocked(1, 1), true, 'E05.FR.11 – still locked after the end');
        t.hardware.presentToken('ITX-E05-LOCK-OTHER');
        await quiet(t);
        assert.equal(t.hardware.connectorLocked(1, 1), true, 'another card does not unlock');
        t.hardware.presentToken(`${id}-CARD`);
        await waitFor(() => !t.hardware.connectorLocked(1, 1), 'E05.FR.11 – unlocked for the owner');
        await quiet(t);
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Ended Deauthorized EVConnected DeAuthorized',
        ]);
      },
    );
  });

  it('E05.FR.09 – StopTxOnInvalidId true, TxStopPoint EVConnected only: Updated Deauthorized with chargingState EVConnected; the unplug ends it', async () => {
    const id = 'ITX-E05-EVC';
    await invalidOnSecondVisit(id, { [DM.TxCtrlr.StopTxOnInvalidId]: 'true', [DM.TxCtrlr.TxStopPoint]: 'EVConnected' }, async (t) => {
      await events(id, 4, 'invalid answer');
      await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      t.hardware.unplug(1);
      await events(id, 5, 'unplug');
      // E05.FR.09: EVConnected in the same or the next TransactionEvent; here the next, its own ChargingStateChanged.
      assertSession(id, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated Deauthorized -',
        'Updated ChargingStateChanged EVConnected',
        'Ended EVCommunicationLost Idle DeAuthorized',
      ]);
    });
  });

  it('E05.FR.02 – StopTxOnInvalidId false, no MaxEnergyOnInvalidId: energy stops at once, Updated ChargingStateChanged SuspendedEVSE, the transaction goes on', async () => {
    const id = 'ITX-E05-SUSPEND';
    await invalidOnSecondVisit(id, { [DM.TxCtrlr.StopTxOnInvalidId]: 'false', [DM.TxCtrlr.MaxEnergyOnInvalidId]: '0' }, async (t) => {
      await events(id, 3, 'invalid answer');
      await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      t.hardware.unplug(1);
      await events(id, 4, 'unplug');
      assertSession(id, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated ChargingStateChanged SuspendedEVSE',
        'Ended EVCommunicationLost Idle DeAuthorized',
      ]);
    });
  });

  for (const interval of ['60', '0']) {
    it(`E05.FR.03/E05.FR.02 – StopTxOnInvalidId false, MaxEnergyOnInvalidId 500 Wh, TxUpdatedInterval ${interval}: charging goes on until 500 Wh, then stops with ChargingStateChanged SuspendedEVSE`, async () => {
      const id = `ITX-E05-MAXWH-${interval}`;
      const capWh = 500;
      await invalidOnSecondVisit(
        id,
        {
          [DM.TxCtrlr.StopTxOnInvalidId]: 'false',
          [DM.TxCtrlr.MaxEnergyOnInvalidId]: String(capWh),
          [DM.SampledDataCtrlr.TxUpdatedInterval]: interval,
        },
        async (t) => {
          const startWh = t.hardware.meter(1).energyWh; // the fake clock has not moved since the plug
          await events(id, 2, 'Started, then Charging');
          await waitFor(() => t.hardware.contactorClosed(1), 'charging');
          // The peer's Invalid answer is in once the Started event has left the outbox.
          await waitFor(() => t.station.outbox.entries().length === 0, 'Started answered');
          // Below the cap: charging goes on (E05.FR.03).
          for (let s = 0; s < 100; s++) await t.clock.tick(1_000);
          assert.equal(t.hardware.contactorClosed(1), true, 'E05.FR.03 – still charging below MaxEnergyOnInvalidId');
          assert.ok(t.hardware.meter(1).energyWh - startWh < capWh);
          const oneSecondWh = t.hardware.meter(1).powerW / 3600;
          assert.ok(oneSecondWh > 0, 'power flows');
          // One second at a time until well past the cap (11 kW: 500 Wh in about 170 s).
          let stoppedAtWh: number | undefined;
          for (let s = 0; s < 200 && stoppedAtWh === undefined; s++) {
            await t.clock.tick(1_000);
            await quiet(t);
            if (!t.hardware.contactorClosed(1)) stoppedAtWh = t.hardware.meter(1).energyWh - startWh;
          }
          assert.ok(stoppedAtWh !== undefined, 'E05.FR.02 – energy stopped once MaxEnergyOnInvalidId was reached');
          assert.ok(
            stoppedAtWh <= capWh + oneSecondWh,
            `E05.FR.03 – at most ${capWh} Wh (+ 1 s of power) delivered, got ${stoppedAtWh.toFixed(1)} Wh; events: ${txEvents(id).map(summary).join(' | ')}`,
          );
          await waitFor(() => txEvents(id).some((e) => e.transactionInfo.chargingState === 'SuspendedEVSE'), 'the SuspendedEVSE update');
          const suspended = txEvents(id).find((e) => e.transactionInfo.chargingState === 'SuspendedEVSE')!;
          assert.equal(suspended.eventType, 'Updated');
          assert.equal(suspended.triggerReason, 'ChargingStateChanged', 'E05.FR.02 – triggerReason ChargingStateChanged');
          assertWellFormed(txEvents(id));
        },
      );
    });
  }
});

describe('Interop E09/E10 – EV side disconnect', () => {
  it('E09.FR.01 – StopTxOnEVSideDisconnect true, TxStopPoint Authorized: the unplug deauthorizes and ends it (EVCommunicationLost, EVDisconnected)', async () => {
    const id = 'ITX-E09';
    await scenario(
      id,
      { overrides: { [DM.TxCtrlr.StopTxOnEVSideDisconnect]: 'true', [DM.TxCtrlr.TxStopPoint]: 'Authorized' } },
      async (t) => {
        t.hardware.plug(1);
        t.hardware.presentToken('CARD-E09');
        await events(id, 2, 'card');
        t.hardware.unplug(1);
        await events(id, 3, 'unplug');
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Ended EVCommunicationLost Idle EVDisconnected',
        ]);
      },
    );
  });

  it('E10 – StopTxOnEVSideDisconnect false, TxStopPoint Authorized: the unplug only suspends; plugged again it charges in the same transaction', async () => {
    const id = 'ITX-E10';
    await scenario(
      id,
      { overrides: { [DM.TxCtrlr.StopTxOnEVSideDisconnect]: 'false', [DM.TxCtrlr.TxStopPoint]: 'Authorized' } },
      async (t) => {
        t.hardware.plug(1);
        t.hardware.presentToken('CARD-E10');
        await events(id, 2, 'card');
        t.hardware.unplug(1);
        await events(id, 3, 'unplug');
        t.hardware.plug(1);
        await events(id, 5, 'plug again');
        t.hardware.presentToken('CARD-E10');
        await events(id, 6, 'card again');
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Updated EVCommunicationLost Idle',
          'Updated CablePluggedIn EVConnected',
          'Updated ChargingStateChanged Charging',
          'Ended StopAuthorized EVConnected Local',
        ]);
      },
    );
  });
});

describe('Interop E04/C15 – offline start with an unknown id', () => {
  /** The first reconnect attempt comes exactly 5 s (fake clock) after the link dropped. */
  const backOff5s = fixedBackOff(5);

  async function reconnectAfterBackOff(t: TestStation): Promise<void> {
    t.clock.advance(5_000);
    await waitFor(() => t.snapshot().connected && t.snapshot().registration === 'Accepted', 'reconnected after the back-off');
  }

  it('C15.FR.08/E04.FR.03/C15.FR.02 – OfflineTxForUnknownIdEnabled: started offline, queued, replayed in order after the reconnect with offline true only on events created offline', async () => {
    const id = 'ITX-OFFLINE';
    // TxUpdatedInterval 0: nothing but the test moves the transaction (and the clock only reconnects).
    await scenario(
      id,
      { overrides: { [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true', [DM.SampledDataCtrlr.TxUpdatedInterval]: '0', ...backOff5s } },
      async (t) => {
        await clients.get(id)!.close({ code: 1001, reason: 'test drops the link' });
        await waitFor(() => !t.snapshot().connected, 'offline');
        t.hardware.plug(1);
        t.hardware.presentToken('UNKNOWN-OFFLINE');
        await waitFor(
          () => t.station.outbox.entries().filter((e) => e.action === 'TransactionEvent').length === 2,
          'Started, Charging queued',
        );
        t.hardware.setEv(1, { drawing: false });
        await waitFor(() => t.station.outbox.entries().filter((e) => e.action === 'TransactionEvent').length === 3, 'Updated queued');
        assert.equal(txEvents(id).length, 0, 'nothing reached the peer while offline');
        await reconnectAfterBackOff(t);
        await events(id, 3, 'replay after the reconnect');
        t.hardware.setEv(1, { drawing: true });
        await events(id, 4, 'EV draws again');
        t.hardware.unplug(1);
        const list = await events(id, 5, 'unplug');
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Updated ChargingStateChanged SuspendedEV',
          'Updated ChargingStateChanged Charging',
          'Ended EVCommunicationLost Idle EVDisconnected',
        ]);
        assert.deepEqual(
          list.map((e) => e.offline === true),
          [true, true, true, false, false],
          'E04.FR.03 – offline true only on the events created offline',
        );
        assert.equal(list[0]!.idToken?.idToken, 'UNKNOWN-OFFLINE');
        assert.deepEqual(authorizeTokens(id), [], 'C15: no Authorize for the offline token');
      },
    );
  });

  it('C15.FR.04 – the token accepted offline is Invalid for the peer after the reconnect: with StopTxOnInvalidId the transaction ends (Deauthorized, DeAuthorized)', async () => {
    const id = 'ITX-OFFLINE-INVALID';
    await scenario(
      id,
      {
        overrides: { [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true', [DM.SampledDataCtrlr.TxUpdatedInterval]: '0', ...backOff5s },
        answers: { 'UNKNOWN-BAD': { status: 'Invalid' } },
      },
      async (t) => {
        await clients.get(id)!.close({ code: 1001, reason: 'test drops the link' });
        await waitFor(() => !t.snapshot().connected, 'offline');
        t.hardware.plug(1);
        t.hardware.presentToken('UNKNOWN-BAD');
        await waitFor(
          () => t.station.outbox.entries().filter((e) => e.action === 'TransactionEvent').length === 2,
          'Started, Charging queued',
        );
        await reconnectAfterBackOff(t);
        const list = await events(id, 3, 'replay and the end');
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Ended Deauthorized EVConnected DeAuthorized',
        ]);
        assert.deepEqual(
          list.map((e) => e.offline === true),
          [true, true, false],
        );
        await waitFor(() => !t.hardware.contactorClosed(1), 'energy stopped');
      },
    );
  });
});

describe('Interop E03 – card first on a station with two EVSEs', () => {
  it('E03 – a card presented before any cable (two EVSEs) starts the transaction on the EVSE plugged next', async () => {
    const id = 'ITX-E03-TWO';
    await scenario(id, { evses: 2 }, async (t) => {
      t.hardware.presentToken('CARD-E03');
      await waitFor(() => authorizeTokens(id).length === 1, 'Authorize');
      await quiet(t);
      assert.equal(txEvents(id).length, 0);
      t.hardware.plug(2);
      const [started] = await events(id, 2, 'plug');
      assert.deepEqual(started!.evse, { id: 2, connectorId: 1 });
      assert.equal(started!.idToken?.idToken, 'CARD-E03');
      assertSession(id, ['Started Authorized EVConnected', 'Updated ChargingStateChanged Charging']);
    });
  });

  it('E03.FR.05/EVConnectionTimeOut – a card presented before any cable (two EVSEs) is cancelled after EVConnectionTimeOut', async () => {
    const id = 'ITX-E03-TIMEOUT';
    await scenario(id, { overrides: { [DM.TxCtrlr.EVConnectionTimeOut]: '30' }, evses: 2 }, async (t) => {
      t.hardware.presentToken('CARD-LATE');
      await waitFor(() => authorizeTokens(id).length === 1, 'Authorize');
      t.clock.advance(31_000);
      await quiet(t);
      t.hardware.plug(1);
      await quiet(t);
      assert.deepEqual(txEvents(id).map(summary), [], 'no transaction for a card presented more than EVConnectionTimeOut ago');
    });
  });
});

describe('Interop E01.FR.14 – two EVSEs at once', () => {
  it('E01.FR.14/E01.FR.07 – two cards on two EVSEs: two transactions, interleaved at the peer, each with its own seqNo from 0', async () => {
    const id = 'ITX-TWO';
    await scenario(id, { evses: 2 }, async (t) => {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-ONE', 'ISO14443', 1);
      await events(id, 2, 'first card');
      t.hardware.plug(2);
      t.hardware.presentToken('CARD-TWO', 'ISO14443', 2);
      await events(id, 4, 'second card');
      t.clock.advance(60_000);
      await events(id, 6, 'periodic updates of both');
      t.hardware.unplug(1);
      await events(id, 7, 'first unplug');
      t.hardware.presentToken('CARD-TWO', 'ISO14443', 2);
      await events(id, 8, 'second card again');
      const list = txEvents(id);
      const perTx = byTransaction(list);
      assert.equal(perTx.size, 2);
      assertWellFormed(list);
      const [one, two] = [...perTx.values()];
      assert.deepEqual(one!.map(summary), [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated MeterValuePeriodic -',
        'Ended EVCommunicationLost Idle EVDisconnected',
      ]);
      assert.deepEqual(two!.map(summary), [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated MeterValuePeriodic -',
        'Ended StopAuthorized EVConnected Local',
      ]);
      assert.deepEqual([one![0]!.evse?.id, two![0]!.evse?.id], [1, 2]);
      assert.deepEqual([one![0]!.idToken?.idToken, two![0]!.idToken?.idToken], ['CARD-ONE', 'CARD-TWO']);
      // Interleaved: the peer saw 1, 1, 2, 2, then 1, 2 (periodic), 1, 2 (the ends).
      const ids = [...perTx.keys()];
      assert.deepEqual(
        list.map((e) => ids.indexOf(e.transactionInfo.transactionId) + 1),
        [1, 1, 2, 2, 1, 2, 1, 2],
      );
    });
  });
});
