// E01-E03, E06/E07, C09, F01-F03 against an independent CSMS built on another library (the strict
// ocpp-rpc peer of ../support/interop-peer.ts): every TxStartPoint × TxStopPoint, local and remote
// start and stop, stop by a group member; each test checks the TransactionEvents the peer received
// and that the peer had no schema or framing complaint.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';
import { assertSession, authorizeTokens, events, group, peerCall, received, scenario, summary, txEvents } from '../support/interop-peer.js';

describe('Interop E01/E06 – TxStartPoint × TxStopPoint against the strict peer', () => {
  it('E01.FR.02/E06.FR.02 – start EVConnected, stop EVConnected: Started at the cable, Authorized by card, Ended at unplug', async () => {
    const id = 'ITX-EVC-EVC';
    await scenario(id, { overrides: { [DM.TxCtrlr.TxStartPoint]: 'EVConnected', [DM.TxCtrlr.TxStopPoint]: 'EVConnected' } }, async (t) => {
      t.hardware.plug(1);
      await events(id, 1, 'plug');
      t.hardware.presentToken('CARD-EVC');
      await events(id, 3, 'card');
      t.hardware.unplug(1);
      const list = await events(id, 4, 'unplug');
      assertSession(id, [
        'Started CablePluggedIn EVConnected',
        'Updated Authorized -',
        // Part 6 EnergyTransferStarted: Charging in its own event, once energy flows.
        'Updated ChargingStateChanged Charging',
        'Ended EVCommunicationLost Idle EVDisconnected',
      ]);
      assert.equal(list[0]!.idToken, undefined, 'no idToken before authorization');
      assert.equal(list[1]!.idToken?.idToken, 'CARD-EVC', 'E03.FR.01 – idToken in the first event after authorization');
      assert.deepEqual(authorizeTokens(id), ['CARD-EVC']);
    });
  });

  it('E01.FR.03/E06.FR.03 – start Authorized, stop Authorized: Started at the card, cable later, same card ends it (Local)', async () => {
    const id = 'ITX-AUTH-AUTH';
    await scenario(id, { overrides: { [DM.TxCtrlr.TxStartPoint]: 'Authorized', [DM.TxCtrlr.TxStopPoint]: 'Authorized' } }, async (t) => {
      t.hardware.presentToken('CARD-AA');
      await events(id, 1, 'card');
      t.hardware.plug(1);
      await events(id, 3, 'plug');
      t.hardware.presentToken('CARD-AA');
      await events(id, 4, 'card again');
      t.hardware.unplug(1);
      const list = await events(id, 4, 'unplug after the end');
      // Part 6 EnergyTransferStarted part 1: CablePluggedIn with EVConnected, then ChargingStateChanged Charging.
      assertSession(id, [
        'Started Authorized Idle',
        'Updated CablePluggedIn EVConnected',
        'Updated ChargingStateChanged Charging',
        'Ended StopAuthorized EVConnected Local',
      ]);
      assert.equal(list[0]!.idToken?.idToken, 'CARD-AA');
      assert.equal(list[3]!.idToken?.idToken, 'CARD-AA', 'E07.FR.02 – the stopping idToken in the Ended event');
    });
  });

  it('E01.FR.05/E06.FR.01 – start PowerPathClosed, stop EVConnected+Authorized: Started at the card, Ended at unplug', async () => {
    const id = 'ITX-PPC-EVCAUTH';
    await scenario(
      id,
      { overrides: { [DM.TxCtrlr.TxStartPoint]: 'PowerPathClosed', [DM.TxCtrlr.TxStopPoint]: 'EVConnected,Authorized' } },
      async (t) => {
        t.hardware.plug(1);
        await quiet(t);
        assert.equal(txEvents(id).length, 0, 'no transaction with the cable alone');
        t.hardware.presentToken('CARD-PPC');
        const [started] = await events(id, 2, 'card');
        assert.equal(started!.idToken?.idToken, 'CARD-PPC');
        assert.deepEqual(started!.evse, { id: 1, connectorId: 1 });
        assert.equal(started!.meterValue?.[0]?.sampledValue[0]?.context, 'Transaction.Begin');
        await waitFor(() => t.hardware.contactorClosed(1), 'contactor closed');
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

  it('E01.FR.06/E06.FR.06 – start EnergyTransfer, stop EnergyTransfer: Started when the EV draws, Ended when it stops (StoppedByEV)', async () => {
    const id = 'ITX-ET-ET';
    await scenario(
      id,
      { overrides: { [DM.TxCtrlr.TxStartPoint]: 'EnergyTransfer', [DM.TxCtrlr.TxStopPoint]: 'EnergyTransfer' } },
      async (t) => {
        t.hardware.plug(1, 1, { drawing: false });
        t.hardware.presentToken('CARD-ET');
        await waitFor(() => authorizeTokens(id).length === 1, 'Authorize');
        await quiet(t);
        assert.equal(txEvents(id).length, 0, 'no transaction before energy flows');
        t.hardware.setEv(1, { drawing: true });
        const [started] = await events(id, 1, 'EV draws');
        assert.equal(started!.idToken?.idToken, 'CARD-ET');
        t.hardware.setEv(1, { drawing: false });
        await events(id, 2, 'EV stops drawing');
        t.hardware.unplug(1);
        await events(id, 2, 'unplug after the end');
        // Part 6 EnergyTransferSuspended: Ended with EVConnected (the transaction is over) and StoppedByEV.
        assertSession(id, ['Started ChargingStateChanged Charging', 'Ended ChargingStateChanged EVConnected StoppedByEV']);
      },
    );
  });

  it('E01.FR.01/E06.FR.02 – start ParkingBayOccupancy, stop EVConnected: Started when the EV arrives, Ended when it leaves', async () => {
    const id = 'ITX-PBO-EVC';
    await scenario(
      id,
      { overrides: { [DM.TxCtrlr.TxStartPoint]: 'ParkingBayOccupancy', [DM.TxCtrlr.TxStopPoint]: 'EVConnected' } },
      async (t) => {
        // No bay detector on the simulated wallbox: the EV is in the bay while its cable is plugged.
        t.hardware.plug(1);
        await events(id, 1, 'EV arrives');
        t.hardware.presentToken('CARD-PBO');
        await events(id, 3, 'card');
        t.hardware.unplug(1);
        await events(id, 4, 'EV leaves');
        assertSession(id, [
          'Started CablePluggedIn EVConnected',
          'Updated Authorized -',
          'Updated ChargingStateChanged Charging',
          'Ended EVCommunicationLost Idle EVDisconnected',
        ]);
      },
    );
  });

  it('E01.FR.02+03/E06.FR.03 – start Authorized,EVConnected, stop Authorized: Started at the cable, the card ends it and the cable stays', async () => {
    const id = 'ITX-AUTHEVC-AUTH';
    await scenario(
      id,
      { overrides: { [DM.TxCtrlr.TxStartPoint]: 'Authorized,EVConnected', [DM.TxCtrlr.TxStopPoint]: 'Authorized' } },
      async (t) => {
        t.hardware.plug(1);
        await events(id, 1, 'plug');
        t.hardware.presentToken('CARD-AE');
        await events(id, 3, 'card');
        t.hardware.presentToken('CARD-AE');
        await events(id, 4, 'same card');
        await waitFor(() => !t.hardware.contactorClosed(1), 'contactor open');
        t.hardware.unplug(1);
        await events(id, 4, 'unplug after the end');
        assertSession(id, [
          'Started CablePluggedIn EVConnected',
          'Updated Authorized -',
          'Updated ChargingStateChanged Charging',
          'Ended StopAuthorized EVConnected Local',
        ]);
      },
    );
  });
});

describe('Interop E02/E07 – local start and stop by card', () => {
  it('E02/E07.FR.02 – cable, card: Started with the card, periodic update, the same card ends it (StopAuthorized, Local)', async () => {
    const id = 'ITX-E02';
    await scenario(id, {}, async (t) => {
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-E02');
      await events(id, 2, 'card');
      await waitFor(() => t.hardware.contactorClosed(1), 'contactor closed');
      t.clock.advance(60_000);
      await events(id, 3, 'TxUpdatedInterval');
      t.hardware.presentToken('CARD-E02');
      const list = await events(id, 4, 'same card');
      await waitFor(() => !t.hardware.contactorClosed(1) && !t.hardware.connectorLocked(1, 1), 'E07.FR.07 – contactor open, unlocked');
      t.hardware.unplug(1);
      await events(id, 4, 'unplug after the end');
      assertSession(id, [
        'Started Authorized EVConnected',
        'Updated ChargingStateChanged Charging',
        'Updated MeterValuePeriodic -',
        'Ended StopAuthorized EVConnected Local',
      ]);
      assert.equal(list[0]!.idToken?.idToken, 'CARD-E02');
      assert.deepEqual(
        list.slice(1, 3).map((e) => e.idToken),
        [undefined, undefined],
        'E03.FR.01 – the idToken only once',
      );
      assert.equal(list[2]!.meterValue?.[0]?.sampledValue[0]?.context, 'Sample.Periodic');
      assert.equal(list[3]!.idToken?.idToken, 'CARD-E02', 'E07.FR.02');
      assert.ok(
        list[3]!.meterValue?.some((m) => m.sampledValue.some((s) => s.context === 'Transaction.End')),
        'E06.FR.11 – Transaction.End',
      );
      assert.deepEqual(authorizeTokens(id), ['CARD-E02'], 'C01.FR.03 – the same card stops without a new Authorize');
    });
  });
});

describe('Interop F01-F03 – remote start and stop from the strict peer', () => {
  it('F01.FR.01/F01.FR.19/F01.FR.25 – cable first, AuthorizeRemoteStart true: Authorize, Started RemoteStart with remoteStartId; F03.FR.03 – RequestStopTransaction ends it (Remote)', async () => {
    const id = 'ITX-F01';
    await scenario(id, { overrides: { [DM.AuthCtrlr.AuthorizeRemoteStart]: 'true' } }, async (t) => {
      t.hardware.plug(1);
      await quiet(t);
      const start = await peerCall(id, 'RequestStartTransaction', {
        idToken: { idToken: 'APP-F01', type: 'ISO14443' },
        remoteStartId: 101,
      });
      assert.equal(start.status, 'Accepted');
      const [started] = await events(id, 2, 'remote start');
      assert.deepEqual(authorizeTokens(id), ['APP-F01'], 'F01.FR.01 – Authorize first');
      const methods = received(id).map((s) => s.method);
      assert.ok(methods.indexOf('Authorize') < methods.indexOf('TransactionEvent'), 'Authorize before the transaction');
      assert.equal(started!.transactionInfo.remoteStartId, 101);
      assert.equal(started!.idToken?.idToken, 'APP-F01');
      const stop = await peerCall(id, 'RequestStopTransaction', { transactionId: started!.transactionInfo.transactionId });
      assert.equal(stop.status, 'Accepted', 'F03.FR.07');
      const list = await events(id, 3, 'remote stop');
      assertSession(id, [
        'Started RemoteStart EVConnected',
        'Updated ChargingStateChanged Charging',
        'Ended RemoteStop EVConnected Remote',
      ]);
      assert.equal(list[2]!.idToken, undefined);
    });
  });

  it('F02.FR.10/F02.FR.21 – remote start first, AuthorizeRemoteStart false: no Authorize, Started RemoteStart at the cable; F03.FR.08 – unknown transaction Rejected, F03 stop (Remote)', async () => {
    const id = 'ITX-F02';
    await scenario(id, { overrides: { [DM.AuthCtrlr.AuthorizeRemoteStart]: 'false' } }, async (t) => {
      const start = await peerCall(id, 'RequestStartTransaction', {
        idToken: { idToken: 'APP-F02', type: 'ISO14443' },
        remoteStartId: 202,
        evseId: 1,
      });
      assert.equal(start.status, 'Accepted');
      await quiet(t);
      assert.equal(txEvents(id).length, 0, 'TxStartPoint PowerPathClosed: nothing before the cable');
      t.hardware.plug(1);
      const [started] = await events(id, 2, 'plug');
      assert.equal(started!.transactionInfo.remoteStartId, 202, 'F02.FR.01');
      assert.equal(started!.idToken?.idToken, 'APP-F02');
      assert.deepEqual(authorizeTokens(id), [], 'F02.FR.10 – no Authorize');
      assert.equal((await peerCall(id, 'RequestStopTransaction', { transactionId: 'not-a-transaction' })).status, 'Rejected');
      assert.equal(
        (await peerCall(id, 'RequestStopTransaction', { transactionId: started!.transactionInfo.transactionId })).status,
        'Accepted',
      );
      await events(id, 3, 'remote stop');
      assertSession(id, [
        'Started RemoteStart EVConnected',
        'Updated ChargingStateChanged Charging',
        'Ended RemoteStop EVConnected Remote',
      ]);
    });
  });
});

describe('Interop C09 – stop by a member of the same group', () => {
  it('C09.FR.03/C09.FR.05 – a different token of the same groupIdToken ends the transaction; C09.FR.11 – one of the group not Accepted does not', async () => {
    const id = 'ITX-C09';
    await scenario(
      id,
      {
        answers: {
          'ITX-ME': { status: 'Accepted', groupIdToken: group('ITX-FAMILY') },
          'ITX-PARTNER': { status: 'Accepted', groupIdToken: group('ITX-FAMILY') },
          'ITX-BLOCKED-KID': { status: 'Blocked', groupIdToken: group('ITX-FAMILY') },
        },
      },
      async (t) => {
        t.hardware.plug(1);
        t.hardware.presentToken('ITX-ME');
        await events(id, 2, 'card');
        t.hardware.presentToken('ITX-BLOCKED-KID');
        await waitFor(() => authorizeTokens(id).includes('ITX-BLOCKED-KID'), 'Authorize of the blocked member');
        await quiet(t);
        assert.equal(txEvents(id).length, 2, 'C09.FR.11 – not stopped');
        t.hardware.presentToken('ITX-PARTNER');
        const list = await events(id, 3, 'partner card');
        assertSession(id, [
          'Started Authorized EVConnected',
          'Updated ChargingStateChanged Charging',
          'Ended StopAuthorized EVConnected Local',
        ]);
        assert.equal(list[0]!.idToken?.idToken, 'ITX-ME');
        assert.equal(list[2]!.idToken?.idToken, 'ITX-PARTNER', 'E07.FR.02 – the token that stopped it');
        assert.equal(
          authorizeTokens(id).filter((tok) => tok === 'ITX-PARTNER').length,
          1,
          'C09.FR.05 – the unknown member is asked for once',
        );
        await waitFor(() => !t.hardware.contactorClosed(1), 'contactor open');
      },
    );
  });
});

describe('Interop E07 – a card that may not stop the transaction', () => {
  it('E07.FR.01/C09.FR.03 – a valid card of another group presented during a transaction neither stops it nor starts the next session', async () => {
    const id = 'ITX-E07-STRANGER';
    await scenario(
      id,
      {
        answers: {
          'ITX-OWNER': { status: 'Accepted', groupIdToken: group('ITX-G1') },
          'ITX-STRANGER': { status: 'Accepted', groupIdToken: group('ITX-G2') },
        },
      },
      async (t) => {
        t.hardware.plug(1);
        t.hardware.presentToken('ITX-OWNER');
        await events(id, 2, 'owner card');
        t.hardware.presentToken('ITX-STRANGER');
        await waitFor(() => authorizeTokens(id).includes('ITX-STRANGER'), 'Authorize of the stranger');
        await quiet(t);
        assert.equal(txEvents(id).length, 2, 'E07.FR.01 – not stopped by another group');
        t.hardware.presentToken('ITX-OWNER');
        await events(id, 3, 'owner ends it');
        t.hardware.unplug(1);
        t.clock.advance(3_600_000);
        t.hardware.plug(1); // the next EV, an hour later
        await quiet(t);
        assert.deepEqual(
          txEvents(id).map(summary),
          ['Started Authorized EVConnected', 'Updated ChargingStateChanged Charging', 'Ended StopAuthorized EVConnected Local'],
          'no session for the stranger',
        );
      },
    );
  });
});
