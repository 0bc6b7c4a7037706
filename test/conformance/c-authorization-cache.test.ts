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
} from './support/authorization.js';
import { authorized, type Booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
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
