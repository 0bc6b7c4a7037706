// E01-E10, C09, C15, F01-F03 against an independent CSMS built on another library (ocpp-rpc in
// strict mode, which validates every frame against its own copy of the OCPP 2.0.1 schemas). The
// peer answers Authorize and TransactionEvent per token from a map the test controls; each test
// checks the TransactionEvents the peer received (eventType, triggerReason, chargingState,
// stoppedReason, seqNo from 0 per transaction, one transactionId per session) and that the peer
// had no schema or framing complaint.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { IdTokenInfoType, IdTokenType, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { useStrictCsms, type Seen } from '../support/strict-csms.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

/** The peer's idTokenInfo per idToken (upper case) for Authorize and TransactionEvent; Accepted otherwise. */
const answers = new Map<string, IdTokenInfoType>();

const infoFor = (idToken: IdTokenType): IdTokenInfoType => answers.get(idToken.idToken.toUpperCase()) ?? { status: 'Accepted' };
const group = (idToken: string): IdTokenType => ({ idToken, type: 'Central' });

const peer = useStrictCsms((_identity, { method, params }) => {
  switch (method) {
    case 'BootNotification':
      return { status: 'Accepted', interval: 3600, currentTime: new Date().toISOString() };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
      return { idTokenInfo: infoFor((params as { idToken: IdTokenType }).idToken) };
    case 'TransactionEvent': {
      const { idToken } = params as TransactionEventRequest;
      return idToken ? { idTokenInfo: infoFor(idToken) } : {};
    }
    default:
      return {};
  }
});
const { seen, complaints, clients } = peer;

// --- helpers ---

const received = (id: string): Seen[] => seen.get(id) ?? [];
const txEvents = (id: string): TransactionEventRequest[] =>
  received(id)
    .filter((s) => s.method === 'TransactionEvent')
    .map((s) => s.params as TransactionEventRequest);
const authorizeTokens = (id: string): string[] =>
  received(id)
    .filter((s) => s.method === 'Authorize')
    .map((s) => (s.params as { idToken: IdTokenType }).idToken.idToken);

/** "eventType triggerReason chargingState [stoppedReason]", chargingState "-" when absent. */
const summary = (e: TransactionEventRequest): string =>
  [
    e.eventType,
    e.triggerReason,
    e.transactionInfo.chargingState ?? '-',
    ...(e.transactionInfo.stoppedReason ? [e.transactionInfo.stoppedReason] : []),
  ].join(' ');

/** The events of each transaction, in the order the peer received them. */
function byTransaction(list: TransactionEventRequest[]): Map<string, TransactionEventRequest[]> {
  const out = new Map<string, TransactionEventRequest[]>();
  for (const e of list) out.set(e.transactionInfo.transactionId, [...(out.get(e.transactionInfo.transactionId) ?? []), e]);
  return out;
}

/** E01.FR.07/E01.FR.16/E06: seqNo 0, 1, 2... per transaction; Started first with evse; Ended, if any, last. */
function assertWellFormed(list: TransactionEventRequest[]): void {
  for (const [txId, events] of byTransaction(list)) {
    assert.ok(txId.length > 0 && txId.length <= 36, 'transactionId of at most 36 characters');
    assert.deepEqual(
      events.map((e) => e.seqNo),
      events.map((_, i) => i),
      `seqNo consecutive from 0 in ${txId}`,
    );
    assert.equal(events[0]!.eventType, 'Started', `${txId} starts with Started`);
    assert.ok(events[0]!.evse, 'E01.FR.16 – evse in the Started event');
    for (const e of events.slice(1, -1)) assert.equal(e.eventType, 'Updated', `${txId}: only Updated between Started and Ended`);
    for (const e of events.slice(1)) assert.notEqual(e.eventType, 'Started');
  }
}

/** One session: the peer saw exactly one transaction, with these events. */
function assertSession(id: string, expected: string[]): TransactionEventRequest[] {
  const events = txEvents(id);
  assert.deepEqual(events.map(summary), expected);
  assert.equal(byTransaction(events).size, 1, 'one transactionId for the session');
  assertWellFormed(events);
  return events;
}

function assertNoComplaints(id: string): void {
  assert.deepEqual(complaints.get(id) ?? [], [], 'the strict peer had no complaint');
}

/** The stations of this file by id, for the idle barrier of the helpers below. */
const stations = new Map<string, TestStation>();

/** Waits until the peer got `n` TransactionEvents, then until the station is quiet, so that none follows. */
async function events(id: string, n: number, what: string): Promise<TransactionEventRequest[]> {
  await waitFor(() => txEvents(id).length >= n, `${what} (${n} TransactionEvents)`);
  await quiet(stations.get(id)!);
  assert.equal(txEvents(id).length, n, `exactly ${n} TransactionEvents after ${what}`);
  return txEvents(id);
}

async function online(id: string, overrides: Record<string, string> = {}, evses = 1): Promise<TestStation> {
  const t = makeTestStation({ id, evses, csmsUrl: peer.url, overrides });
  t.station.start();
  stations.set(id, t);
  await waitFor(() => clients.get(id) && t.snapshot().registration === 'Accepted', 'accepted by the peer');
  await waitFor(() => received(id).filter((s) => s.method === 'StatusNotification').length >= evses, 'status notifications');
  await quiet(t);
  return t;
}

interface Scenario {
  /** Device-model overrides of the station. */
  overrides?: Record<string, string>;
  evses?: number;
  /** The peer's idTokenInfo for these idTokens during the test. */
  answers?: Record<string, IdTokenInfoType>;
  /** Further idTokens whose peer answer the test sets, to forget afterwards. */
  forget?: string[];
  /** Brings the station online; `online(id, overrides, evses)` by default. */
  start?: () => Promise<TestStation>;
}

/**
 * One test against the peer: the station is brought online, `body` drives it and checks what the
 * peer saw, then the peer must have had no complaint. Whatever the outcome the station stops and
 * the peer forgets the answers the test gave.
 */
async function scenario(id: string, setup: Scenario, body: (t: TestStation) => Promise<void>): Promise<void> {
  const tokens = [...Object.keys(setup.answers ?? {}), ...(setup.forget ?? [])];
  for (const [token, info] of Object.entries(setup.answers ?? {})) answers.set(token, info);
  let t: TestStation | undefined;
  try {
    t = await (setup.start ? setup.start() : online(id, setup.overrides, setup.evses));
    stations.set(id, t);
    await body(t);
    assertNoComplaints(id);
  } finally {
    for (const token of tokens) answers.delete(token);
    await t?.stop();
  }
}

async function peerCall(id: string, method: string, params: unknown): Promise<{ status?: string }> {
  return (await clients.get(id)!.call(method, params)) as { status?: string };
}

// --- tests ---

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
  const backOff5s = { [DM.OCPPCommCtrlr.RetryBackOffWaitMinimum]: '5', [DM.OCPPCommCtrlr.RetryBackOffRandomRange]: '0' };

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
