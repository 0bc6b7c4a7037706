// Part 6 block C (authorization), the Authorization Cache cases (C10, C11, C12), picked by the
// vendor declaration (C-49 authorization cache, C-30 ISO 14443 cards, no cable lock before
// authorization), in Part 6 order, one station per case: each needs its own cache content.
//
// The station's TxStartPoint is PowerPathClosed and its TxStopPoint EVConnected,Authorized:
// a transaction starts once the cable is in and the token authorized, and ends when the same
// token is presented again. The station has no parking bay sensor, so the ParkingBayOccupied and
// ParkingBayUnoccupied states are empty.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  idTokenCached,
  nextNew,
  present,
  type TokenStatuses,
  tokenOf,
  unplug,
  withStation as withAStation,
} from './support/authorization-cases.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());
const withStation = (id: string, set: string[], body: (cs: Booted, statuses: TokenStatuses) => Promise<void>): Promise<void> =>
  withAStation(csms, id, set, body);

/** AuthCacheCtrlr.Enabled true, AuthCtrlr.LocalPreAuthorize true: the C12 configuration state. */
const CACHE = ['AuthCacheCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=true', 'AuthCacheCtrlr/DisablePostAuthorize=false'];

/** The AuthorizeRequests for `token` the station sent after `since` of them. */
const authorizesSince = (cs: Booted, token: string, since: number): Json[] =>
  cs.link
    .received('Authorize')
    .slice(since)
    .filter((p) => tokenOf(p) === token);

/**
 * Reusable state Authorized for a token the cache holds as Accepted (Part 6: no AuthorizeRequest
 * "when the idToken is cached"), then, the cable being in, step 3: the TransactionEventRequest
 * triggerReason Authorized with that idToken.
 */
async function authorizedFromCache(cs: Booted, token: string, where: string): Promise<Json> {
  const since = cs.link.received('Authorize').length;
  const next = nextNew(cs, 'TransactionEvent', (p) => tokenOf(p) === token);
  await present(cs, token);
  const t = await next;
  assert.equal(t.triggerReason, 'Authorized', `${where}: TransactionEventRequest triggerReason Authorized`);
  assert.equal((t.idToken as Json).type, 'ISO14443', `${where}: TransactionEventRequest idToken.type`);
  assert.equal(t.eventType, 'Started', `${where}: eventType Started (the transaction had not started yet)`);
  assert.deepEqual(authorizesSince(cs, token, since), [], `${where}: no AuthorizeRequest for the cached Accepted idToken`);
  return t;
}

/** A cached token not Accepted is presented: step 1, the station asks the CSMS again (C10.FR.03, C12.FR.05). */
function askedAgain(id: string, title: string, status: string, answer: string): void {
  it(`${id} – ${title}`, () =>
    withStation(`CONF-${id.slice(3, 7).replace('_', '')}`, CACHE, async (cs, statuses) => {
      const token = `${id.slice(3, 7).replace('_', '')}TOKEN`;
      await idTokenCached(cs, statuses, token, status);
      await evConnectedPreSession(cs, 1);
      statuses.authorize.set(token, answer);
      const a = await authorized(cs, token);
      assert.equal(tokenOf(a), token, `step 1: AuthorizeRequest idToken.idToken of the ${status} cached idToken`);
      await quiescent(cs);
      assert.deepEqual(
        cs.link.received('TransactionEvent').filter((p) => tokenOf(p) === token),
        [],
        `after step 2: no transaction for an idToken answered ${answer}`,
      );
      await unplug(cs);
    }));
}

describe('Part 6 C – Authorization through the Authorization Cache', { concurrency: true }, () => {
  it('TC_C_08_CS – Authorization through authorization cache - Accepted', () =>
    withStation('CONF-C08', CACHE, async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C08VALID', 'Accepted');
      await evConnectedPreSession(cs, 1);
      await authorizedFromCache(cs, 'C08VALID', 'step 1 (Authorized) step 3');
      await energyTransferStarted(cs);
    }));

  askedAgain('TC_C_09_CS', 'Authorization through authorization cache - Invalid & Not Accepted', 'Invalid', 'Invalid');
  // Part 6 has the OCTT answer "Restricted", which OCPP 2.0.1 does not have (AuthorizationStatusEnumType);
  // the case is about a token cached as Blocked (its purpose and the blocked_idtoken it presents).
  askedAgain('TC_C_10_CS', 'Authorization through authorization cache - Blocked', 'Blocked', 'Blocked');
  askedAgain('TC_C_11_CS', 'Authorization through authorization cache - Expired', 'Expired', 'Expired');

  it('TC_C_12_CS – Authorization through authorization cache - Invalid & Accepted', () =>
    withStation('CONF-C12', CACHE, async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C12TOKEN', 'Invalid');
      await evConnectedPreSession(cs, 1);
      statuses.authorize.set('C12TOKEN', 'Accepted');
      const a = await authorized(cs, 'C12TOKEN');
      assert.equal(tokenOf(a), 'C12TOKEN', 'step 1: AuthorizeRequest idToken.idToken of the Invalid cached idToken');
      const t = await nextNew(cs, 'TransactionEvent', (p) => tokenOf(p) === 'C12TOKEN');
      assert.equal(t.triggerReason, 'Authorized', 'step 3: TransactionEventRequest triggerReason Authorized');
      await energyTransferStarted(cs);
    }));

  it('TC_C_13_CS – Authorization through authorization cache - Accepted but cable not connected yet.', () =>
    withStation('CONF-C13', CACHE, async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C13VALID', 'Accepted');
      const since = cs.link.received('Authorize').length;
      const events = cs.link.received('TransactionEvent').length;
      await present(cs, 'C13VALID');
      await quiescent(cs);
      assert.deepEqual(authorizesSince(cs, 'C13VALID', since), [], 'manual action: no AuthorizeRequest for the cached Accepted idToken');
      // Step 1 is for a TxStartPoint containing Authorized: with PowerPathClosed nothing starts before the cable is in.
      assert.equal(
        cs.link.received('TransactionEvent').length,
        events,
        'step 1: no TransactionEventRequest (TxStartPoint PowerPathClosed)',
      );
      const plugged = cs.link.received('TransactionEvent').length;
      await energyTransferStarted(cs, { plug: true });
      const started = cs.link.received('TransactionEvent').slice(plugged)[0]!;
      assert.equal(started.eventType, 'Started', 'step 3: the transaction starts when the cable is in');
      assert.equal(tokenOf(started), 'C13VALID', 'step 3: the first TransactionEventRequest carries the cached idToken');
    }));
});

/**
 * A token the cache holds as Accepted is presented before the cable is in: no AuthorizeRequest,
 * nothing starts (TxStartPoint PowerPathClosed); then EVConnectedPreSession and
 * EnergyTransferStarted, the first TransactionEventRequest carrying that idToken.
 */
async function cachedBeforeCable(cs: Booted, token: string, where: { present: string; started: string }): Promise<void> {
  const since = cs.link.received('Authorize').length;
  const events = cs.link.received('TransactionEvent').length;
  await present(cs, token);
  await quiescent(cs);
  assert.deepEqual(authorizesSince(cs, token, since), [], `${where.present}: no AuthorizeRequest for the cached Accepted idToken`);
  assert.equal(
    cs.link.received('TransactionEvent').length,
    events,
    `${where.present}: nothing starts before the cable is in (TxStartPoint PowerPathClosed)`,
  );
  await energyTransferStarted(cs, { plug: true });
  const started = cs.link.received('TransactionEvent').slice(events)[0]!;
  assert.equal(started.eventType, 'Started', `${where.started}: the transaction starts when the cable is in`);
  assert.equal(tokenOf(started), token, `${where.started}: the first TransactionEventRequest carries the cached idToken`);
}

/** The station's ClearCacheResponse status. */
async function clearCache(cs: Booted): Promise<unknown> {
  return ((await cs.link.call('ClearCache', {})) as Json).status;
}

describe('Part 6 C – Authorization Cache: storing and clearing', { concurrency: true }, () => {
  it('TC_C_32_CS – Store Authorization Data in the Authorization Cache - Persistent over reboot', () =>
    withStation('CONF-C32', CACHE, async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C32VALID', 'Accepted');
      // Step 1: Booted by power cycle (a power cut), on the same durable state.
      await cs.station.kill();
      const again = await booted(csms, { id: 'CONF-C32', set: CACHE, dataDir: cs.station.dataDir });
      try {
        await cachedBeforeCable(again, 'C32VALID', { present: 'step 1 then Authorized after the reboot', started: 'steps 4-5' });
      } finally {
        await again.station.dispose();
      }
    }));

  it('TC_C_33_CS – Store Authorization Data in the Authorization Cache - Update on AuthorizationResponse', () =>
    withStation('CONF-C33', [...CACHE, 'LocalAuthListCtrlr/Enabled=true'], async (cs, statuses) => {
      await evConnectedPreSession(cs, 1);
      const a = await authorized(cs, 'C33VALID');
      assert.equal(tokenOf(a), 'C33VALID', 'step 1: AuthorizeRequest idToken.idToken');
      const t = await nextNew(cs, 'TransactionEvent', (p) => tokenOf(p) === 'C33VALID');
      assert.equal(t.triggerReason, 'Authorized', 'step 3: TransactionEventRequest triggerReason Authorized');
      assert.equal(t.eventType, 'Started', 'step 3: eventType Started (the transaction had not started yet)');
      await energyTransferStarted(cs); // step 5
      // Steps 6-7: EVConnectedPostSession (StopAuthorized with the same card) and EVDisconnected.
      const transactionId = (t.transactionInfo as Json).transactionId;
      await present(cs, 'C33VALID');
      await cs.link.next('TransactionEvent', (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended');
      await unplug(cs);
      await evConnectedPreSession(cs, 1); // step 10
      statuses.transaction.set('C33VALID', 'Invalid');
      // Step 12: the AuthorizeResponse of step 2 is in the cache; the token starts without a new AuthorizeRequest.
      await authorizedFromCache(cs, 'C33VALID', 'step 12');
      await quiescent(cs);
    }));

  it('TC_C_34_CS – Store Authorization Data in the Authorization Cache - Update on TransactionResponse', () =>
    withStation(
      'CONF-C34',
      [...CACHE, 'LocalAuthListCtrlr/Enabled=true', 'TxCtrlr/StopTxOnInvalidId=true', 'TxCtrlr/MaxEnergyOnInvalidId=0'],
      async (cs, statuses) => {
        await idTokenCached(cs, statuses, 'C34VALID', 'Accepted');
        statuses.transaction.set('C34VALID', 'Invalid');
        // Step 1: Authorized with the cached idToken, then EVConnectedPreSession up to the first TransactionEventRequest.
        const since = cs.link.received('Authorize').length;
        const first = nextNew(cs, 'TransactionEvent', (p) => tokenOf(p) === 'C34VALID');
        await present(cs, 'C34VALID');
        await evConnectedPreSession(cs, 1);
        const t = await first;
        assert.deepEqual(authorizesSince(cs, 'C34VALID', since), [], 'step 1: no AuthorizeRequest for the cached Accepted idToken');
        assert.equal((t.idToken as Json).type, 'ISO14443', 'step 2 (Deauthorized step 1): TransactionEventRequest idToken.type');
        // Step 2: Deauthorized step 3, the CSMS having answered Invalid.
        const transactionId = (t.transactionInfo as Json).transactionId;
        const d = await cs.link.next(
          'TransactionEvent',
          (p) => (p.transactionInfo as Json).transactionId === transactionId && p.triggerReason === 'Deauthorized',
        );
        const info = d.transactionInfo as Json;
        assert.match(
          String(info.chargingState),
          /^(EVConnected|SuspendedEVSE)$/,
          'Deauthorized step 3: chargingState EVConnected or SuspendedEVSE',
        );
        assert.equal(d.eventType, 'Ended', 'Deauthorized step 3: eventType Ended (TxStopPoint contains Authorized)');
        assert.equal(info.stoppedReason, 'DeAuthorized', 'Deauthorized step 3: stoppedReason DeAuthorized');
        await unplug(cs); // step 3
        // Step 6: the TransactionEventResponse's Invalid replaced the cached Accepted: the station asks again.
        statuses.authorize.set('C34VALID', 'Invalid');
        const a = await authorized(cs, 'C34VALID');
        assert.equal(tokenOf(a), 'C34VALID', 'step 6 (Authorized step 1): AuthorizeRequest idToken.idToken');
      },
    ));

  it('TC_C_36_CS – Store Authorization Data in the Authorization Cache - AuthCacheCtrl.LocalPreAuthorization = false', () =>
    withStation('CONF-C36', ['AuthCacheCtrlr/Enabled=true', 'AuthCtrlr/LocalPreAuthorize=false'], async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C36VALID', 'Accepted');
      statuses.authorize.set('C36VALID', 'Invalid');
      const a = await authorized(cs, 'C36VALID');
      assert.equal(tokenOf(a), 'C36VALID', 'step 1: AuthorizeRequest for the cached idToken (LocalPreAuthorize false)');
      await quiescent(cs);
    }));

  // The configuration state names only AuthCacheEnabled; LocalPreAuthorize is true so that a token
  // still in the cache would start without an AuthorizeRequest, and step 5 shows the cache empty.
  it('TC_C_37_CS – Clear Authorization Data in Authorization Cache - Accepted', () =>
    withStation('CONF-C37', CACHE, async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C37VALID', 'Accepted');
      assert.equal(await clearCache(cs), 'Accepted', 'step 2: ClearCacheResponse status Accepted');
      await evConnectedPreSession(cs, 1); // step 4
      const a = await authorized(cs, 'C37VALID');
      assert.equal(tokenOf(a), 'C37VALID', 'step 5: AuthorizeRequest for the idToken that was cached');
      const t = await nextNew(cs, 'TransactionEvent', (p) => tokenOf(p) === 'C37VALID');
      assert.equal(t.triggerReason, 'Authorized', 'step 7: TransactionEventRequest triggerReason Authorized');
      await energyTransferStarted(cs); // step 9
    }));

  // The token is cached while the cache is enabled; then the configuration state turns it off,
  // so that there is something the station must refuse to clear.
  it('TC_C_38_CS – Clear Authorization Data in Authorization Cache - Rejected', () =>
    withStation('CONF-C38', ['AuthCacheCtrlr/Enabled=true'], async (cs, statuses) => {
      await idTokenCached(cs, statuses, 'C38VALID', 'Accepted');
      const set = (await cs.link.call('SetVariables', {
        setVariableData: [{ component: { name: 'AuthCacheCtrlr' }, variable: { name: 'Enabled' }, attributeValue: 'false' }],
      })) as { setVariableResult: Json[] };
      assert.equal(set.setVariableResult[0]!.attributeStatus, 'Accepted', 'configuration state: AuthCacheCtrlr.Enabled false');
      assert.equal(await clearCache(cs), 'Rejected', 'step 2: ClearCacheResponse status Rejected');
    }));
});
