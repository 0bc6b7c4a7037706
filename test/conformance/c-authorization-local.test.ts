// Part 6 block C (authorization), local start cases with a status other than Accepted (C01) and
// the offline start of an unknown idToken (C15, the vendor declaration's C-02), picked by the
// vendor declaration (C-30 ISO 14443 cards, no cable lock before authorization), in Part 6
// order, one station per case.
//
// The station's TxStartPoint is PowerPathClosed and its TxStopPoint EVConnected,Authorized.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextNew, present, type TokenStatuses, tokenOf, unplug, withStation as withAStation } from './support/authorization-cases.js';
import { authorized, type Booted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());
const withStation = (id: string, set: string[], body: (cs: Booted, statuses: TokenStatuses) => Promise<void>): Promise<void> =>
  withAStation(csms, id, set, body);

interface EvseView {
  transaction: { chargingState: string } | null;
}

/** Polls the control API until `ok` holds for the station's state (a manual action's effect, offline). */
async function untilState(cs: Booted, ok: (s: { connected: boolean; evses: EvseView[] }) => boolean, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!ok(await cs.station.get('/api/state'))) {
    if (Date.now() > until) throw new Error(`${cs.link.id}: ${what} not reached in 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Part 6 C – Local start transaction and offline authorization', { concurrency: true }, () => {
  for (const [id, title, token, status] of [
    // Part 6 has the OCTT answer "Locked"; the case is TC_C_06 "AuthorizationBlocked" with a blocked_idtoken.
    ['TC_C_06_CS', 'Local start transaction - AuthorizationBlocked', 'C06BLOCKED', 'Blocked'],
    ['TC_C_07_CS', 'Local start transaction - Authorization Expired', 'C07EXPIRED', 'Expired'],
  ] as const) {
    it(`${id} – ${title}`, () =>
      withStation(`CONF-${token.slice(0, 3)}`, [], async (cs, statuses) => {
        statuses.authorize.set(token, status);
        await evConnectedPreSession(cs, 1);
        const events = cs.link.received('TransactionEvent').length;
        const a = await authorized(cs, token);
        assert.equal(tokenOf(a), token, 'step 1: AuthorizeRequest idToken.idToken');
        assert.equal((a.idToken as Json).type, 'ISO14443', 'step 1: AuthorizeRequest idToken.type');
        await quiescent(cs);
        assert.equal(
          cs.link.received('TransactionEvent').length,
          events,
          `step 2: no TransactionEventRequest after an ${status} AuthorizeResponse`,
        );
        await unplug(cs);
      }));
  }

  it('TC_C_26_CS – Offline Authorization - Unknown Id', () =>
    withStation(
      'CONF-C26',
      [
        'LocalAuthListCtrlr/Enabled=true',
        'AuthCtrlr/LocalPreAuthorize=true',
        'AuthCtrlr/OfflineTxForUnknownIdEnabled=true',
        'AuthCtrlr/LocalAuthorizeOffline=true',
        'TxCtrlr/MaxEnergyOnInvalidId=0',
        'TxCtrlr/StopTxOnInvalidId=false',
        'OCPPCommCtrlr/RetryBackOffWaitMinimum=2',
        'OCPPCommCtrlr/RetryBackOffRandomRange=0',
      ],
      async (cs, statuses) => {
        statuses.transaction.set('C26UNKNOWN', 'Invalid');
        // Reusable state StartOfflineTransaction: offline, an unknown card, the cable in.
        await cs.link.goOffline();
        await untilState(cs, (s) => !s.connected, 'the station offline');
        const sent = cs.link.received('TransactionEvent').length;
        await present(cs, 'C26UNKNOWN');
        await cs.station.post('/api/evses/1/plug');
        await untilState(cs, (s) => s.evses[0]?.transaction?.chargingState === 'Charging', 'charging offline');
        const status = nextNew(cs, 'StatusNotification', (p) => p.evseId === 1);
        const suspended = nextNew(cs, 'TransactionEvent', (p) => (p.transactionInfo as Json).chargingState === 'SuspendedEVSE');
        const reconnectAt = Date.now();
        cs.link.acceptReconnect();
        await cs.link.whenConnected(60_000);

        // Errata 2024-11: the connector's state is reported after the connection is restored.
        assert.equal((await status).connectorStatus, 'Occupied', 'step 1 (errata): StatusNotificationRequest connectorStatus Occupied');
        await suspended;
        const events = cs.link.received('TransactionEvent').slice(sent);
        const queued = events.filter((p) => Date.parse(String(p.timestamp)) < reconnectAt);
        assert.ok(
          queued.some((p) => tokenOf(p) === 'C26UNKNOWN'),
          'step 1: the queued TransactionEventRequests carry the unknown idToken',
        );
        for (const p of queued) assert.equal(p.offline, true, `step 1: queued TransactionEventRequest seqNo ${p.seqNo} offline true`);
        assert.ok(
          events.some((p) => (p.transactionInfo as Json).chargingState === 'SuspendedEVSE'),
          'step 1: a TransactionEventRequest with chargingState SuspendedEVSE (Invalid, StopTxOnInvalidId false, MaxEnergyOnInvalidId 0)',
        );
        assert.ok(
          events.every((p) => p.eventType !== 'Ended'),
          'after step 2: the transaction goes on (StopTxOnInvalidId false)',
        );

        // Step 3 (errata): StopAuthorized with the card that started it, then EVDisconnected.
        const stop = nextNew(cs, 'TransactionEvent', (p) => p.triggerReason === 'StopAuthorized');
        await present(cs, 'C26UNKNOWN');
        const t = await stop;
        assert.equal(t.triggerReason, 'StopAuthorized', 'step 3: TransactionEventRequest triggerReason StopAuthorized');
        await unplug(cs);
      },
    ));
});
