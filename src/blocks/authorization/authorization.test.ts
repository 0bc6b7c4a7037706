// The authorizer over the real device model and SQLite store (in memory); only the link is
// faked: `online` and the CSMS's Authorize answers are set per test.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeClock } from '../../clock/fake-clock.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { IdTokenInfoType, IdTokenType } from '../../generated/ocpp201/index.js';
import { LocalCallError } from '../../rpc/errors.js';
import type { StationEventMap } from '../../kernel/events.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { Authorization } from './authorization.js';
import type { LocalList } from './authorizer.js';

const rfid = (idToken: string): IdTokenType => ({ idToken, type: 'ISO14443' });
const group = (idToken: string): IdTokenType => ({ idToken, type: 'Central' });

interface Harness {
  auth: Authorization;
  dm: DeviceModel;
  clock: FakeClock;
  /** idTokens sent in AuthorizeRequests. */
  asked: string[];
  /** The CSMS's answers by idToken; any other is Accepted. */
  answers: Map<string, IdTokenInfoType>;
  messages: StationEventMap['personalMessage'][];
  setOnline(online: boolean): void;
  /** Makes the next Authorize calls fail as a lost link would. */
  setUnanswered(unanswered: boolean): void;
  set(ref: Parameters<DeviceModel['set']>[0], value: string): void;
}

function harness(options: { localList?: LocalList; maxCacheBytes?: number } = {}): Harness {
  const asked: string[] = [];
  const answers = new Map<string, IdTokenInfoType>();
  const messages: StationEventMap['personalMessage'][] = [];
  let online = true;
  let unanswered = false;
  const { ctx, db, dm, clock, events } = makeBlockContext({
    id: 'CS-AUTH',
    evses: 2,
    online: () => online,
    call: async (action: string, payload: { idToken: IdTokenType }) => {
      assert.equal(action, 'Authorize');
      if (!online || unanswered) throw new LocalCallError('OCPP_ERR_OFFLINE', 'offline');
      asked.push(payload.idToken.idToken);
      return { idTokenInfo: answers.get(payload.idToken.idToken) ?? { status: 'Accepted' } };
    },
  });
  events.on('personalMessage', (m) => messages.push(m));
  const auth = new Authorization(ctx, { db, ...options });
  return {
    auth,
    dm,
    clock,
    asked,
    answers,
    messages,
    setOnline: (value) => (online = value),
    setUnanswered: (value) => (unanswered = value),
    set: (ref, value) => dm.set(ref, value),
  };
}

describe('C01 EV Driver Authorization using RFID', () => {
  it('C01.FR.02 – a token in neither list nor cache is sent in an AuthorizeRequest; the answer decides', async () => {
    const h = harness();
    h.answers.set('BAD', { status: 'Blocked' });
    const ok = await h.auth.authorize({ idToken: rfid('GOOD') });
    const bad = await h.auth.authorize({ idToken: rfid('BAD') });
    assert.deepEqual(h.asked, ['GOOD', 'BAD']);
    assert.deepEqual([ok.status, ok.local, ok.source], ['Accepted', false, 'csms']);
    assert.deepEqual([bad.status, bad.info.status, bad.local], ['Blocked', 'Blocked', false]);
  });

  it('C01.FR.21 – a token allowed only on other EVSEs is NotAllowedTypeEVSE on this one; C01.FR.20 – Accepted on its own', async () => {
    const h = harness();
    h.answers.set('EVSE1', { status: 'Accepted', evseId: [1] });
    const other = await h.auth.authorize({ idToken: rfid('EVSE1'), evseId: 2 });
    assert.equal(other.status, 'NotAllowedTypeEVSE');
    assert.equal(other.info.status, 'Accepted');
    assert.deepEqual(other.info.evseId, [1]);
    assert.equal((await h.auth.authorize({ idToken: rfid('EVSE1'), evseId: 1 })).status, 'Accepted');
    // Not yet bound to an EVSE: valid; the caller checks info.evseId when it picks one.
    assert.equal((await h.auth.authorize({ idToken: rfid('EVSE1') })).status, 'Accepted');
  });

  it('C01.FR.08 / I01 – a personalMessage is passed on to the display as a station event', async () => {
    const h = harness();
    const message = { format: 'UTF8', content: 'Hello Ada, 0.30/kWh', language: 'en' } as const;
    h.answers.set('ADA', { status: 'Accepted', language1: 'nl', personalMessage: message });
    await h.auth.authorize({ idToken: rfid('ADA'), evseId: 1 });
    assert.deepEqual(h.messages, [{ idToken: rfid('ADA'), message, language1: 'nl', evseId: 1 }]);
  });

  it('C01.FR.01 precondition – AuthCtrlr.Enabled false: every token Accepted, nothing asked', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.Enabled, 'false');
    h.answers.set('BAD', { status: 'Blocked' });
    const result = await h.auth.authorize({ idToken: rfid('BAD') });
    assert.deepEqual([result.status, result.local, result.source], ['Accepted', true, 'notRequired']);
    assert.deepEqual(h.asked, []);
  });

  it('C02 start button / C03.FR.01, C05.FR.01 Central – Accepted without AuthorizeRequest, and C02.FR.03, C05.FR.02 never cached', async () => {
    const h = harness();
    for (const idToken of [
      { idToken: '', type: 'NoAuthorization' },
      { idToken: 'app-7', type: 'Central' },
    ] as const) {
      const result = await h.auth.authorize({ idToken });
      assert.deepEqual([result.status, result.source], ['Accepted', 'notRequired']);
      h.auth.learn(idToken, { status: 'Accepted' });
    }
    assert.deepEqual(h.asked, []);
    assert.equal(h.auth.cache.size, 0);
  });
});

describe('C10 Store Authorization Data in the Authorization Cache', () => {
  it('C10.FR.04 – every AuthorizeResponse updates the cache, whatever the status (C10.FR.01)', async () => {
    const h = harness();
    h.answers.set('B', { status: 'Blocked' });
    await h.auth.authorize({ idToken: rfid('A') });
    await h.auth.authorize({ idToken: rfid('B') });
    assert.equal(h.auth.cache.get(rfid('A'))?.status, 'Accepted');
    assert.equal(h.auth.cache.get(rfid('B'))?.status, 'Blocked');
  });

  it('C10.FR.05, C12.FR.06 – learn() (TransactionEventResponse idTokenInfo) updates the cache', () => {
    const h = harness();
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    h.auth.learn(rfid('A'), { status: 'Invalid' });
    assert.equal(h.auth.cache.get(rfid('A'))?.status, 'Invalid');
  });

  it('C10.FR.09 – no personalMessage (tariff text) is cached, but it is still shown', () => {
    const h = harness();
    const personalMessage = { format: 'ASCII', content: '0.25/kWh' } as const;
    h.auth.learn(rfid('A'), { status: 'Accepted', personalMessage });
    assert.deepEqual(h.auth.cache.get(rfid('A')), { status: 'Accepted' });
    assert.equal(h.messages.length, 1);
  });

  it('C10.FR.11 – AuthCacheCtrlr.Enabled false: nothing is stored or used, and what is there stays', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'true');
    await h.auth.authorize({ idToken: rfid('A') });
    h.set(DM.AuthCacheCtrlr.Enabled, 'false');
    await h.auth.authorize({ idToken: rfid('A') });
    await h.auth.authorize({ idToken: rfid('B') });
    assert.deepEqual(h.asked, ['A', 'A', 'B'], 'the cached A was not used');
    assert.equal(h.auth.cache.size, 1, 'B not stored, A kept');
  });

  it('C10.FR.03, C12.FR.05 – online, a token cached with a status other than Accepted is asked for again', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'true');
    h.auth.learn(rfid('A'), { status: 'Blocked' });
    const result = await h.auth.authorize({ idToken: rfid('A') });
    assert.deepEqual(h.asked, ['A']);
    assert.equal(result.status, 'Accepted');
    assert.equal(h.auth.cache.get(rfid('A'))?.status, 'Accepted');
  });

  it('AuthCacheCtrlr.DisablePostAuthorize – a token cached not Accepted keeps that status without a request', async () => {
    const h = harness();
    h.set(DM.AuthCacheCtrlr.DisablePostAuthorize, 'true');
    h.auth.learn(rfid('A'), { status: 'Blocked' });
    const result = await h.auth.authorize({ idToken: rfid('A') });
    assert.deepEqual(h.asked, []);
    assert.deepEqual([result.status, result.local, result.source], ['Blocked', true, 'cache']);
  });

  it('C10.FR.10 – an entry older than AuthCacheCtrlr.LifeTime is not used (fake clock)', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'true');
    h.set(DM.AuthCacheCtrlr.LifeTime, '60');
    await h.auth.authorize({ idToken: rfid('A') });
    h.clock.advance(60_000);
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).source, 'cache');
    h.clock.advance(1_000);
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).source, 'csms');
    assert.deepEqual(h.asked, ['A', 'A']);
  });

  it('AuthCacheCtrlr.Storage – its Actual value is the bytes in use', async () => {
    const h = harness();
    await h.auth.authorize({ idToken: rfid('A') });
    assert.equal(h.dm.getInt(DM.AuthCacheCtrlr.Storage), h.auth.cache.bytes);
    assert.ok(h.auth.cache.bytes > 0);
  });

  it('C10.FR.07 – a full cache still takes new entries (Storage maxLimit)', async () => {
    const h = harness({ maxCacheBytes: 400 });
    for (let i = 0; i < 20; i++) h.auth.learn(rfid(`T${i}`), { status: 'Accepted' });
    assert.ok(h.auth.cache.bytes <= 400);
    assert.ok(h.auth.cache.size >= 2);
    assert.equal(h.auth.cache.get(rfid('T19'))?.status, 'Accepted');
    assert.equal(h.auth.cache.get(rfid('T0')), undefined);
  });
});

describe('C11 Clear Authorization Data in Authorization Cache', () => {
  it('C11.FR.01/03 – clears the cache and answers Accepted', () => {
    const h = harness();
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    assert.deepEqual(h.auth.clearCache(), { status: 'Accepted' });
    assert.equal(h.auth.cache.size, 0);
  });

  it('C11.FR.04 – Rejected while AuthCacheCtrlr.Enabled is false', () => {
    const h = harness();
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    h.set(DM.AuthCacheCtrlr.Enabled, 'false');
    assert.equal(h.auth.clearCache().status, 'Rejected');
    assert.equal(h.auth.cache.size, 1);
  });
});

describe('C12 Start Transaction - Cached Id', () => {
  it('C12.FR.02 – LocalPreAuthorize: a token cached Accepted is accepted at once, without an AuthorizeRequest', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'true');
    h.auth.learn(rfid('A'), { status: 'Accepted', groupIdToken: group('G') });
    const result = await h.auth.authorize({ idToken: rfid('a') });
    assert.deepEqual(h.asked, []);
    assert.deepEqual([result.status, result.local, result.source], ['Accepted', true, 'cache']);
    assert.deepEqual(result.info.groupIdToken, group('G'));
  });

  it('TC_C_36 – LocalPreAuthorize false: a cached Accepted token is still asked for', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'false');
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    h.answers.set('A', { status: 'Invalid' });
    const result = await h.auth.authorize({ idToken: rfid('A') });
    assert.deepEqual(h.asked, ['A']);
    assert.equal(result.status, 'Invalid');
  });

  it('AuthCtrlr.DisableRemoteAuthorization – only cache and list decide; an unknown token is Unknown', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.DisableRemoteAuthorization, 'true');
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).status, 'Accepted');
    const unknown = await h.auth.authorize({ idToken: rfid('B') });
    assert.deepEqual([unknown.status, unknown.source], ['Unknown', 'remoteDisabled']);
    assert.deepEqual(h.asked, []);
  });
});

describe('C13/C14 hook – Local Authorization List before the cache', () => {
  it('C13.FR.01, C14.FR.01 – a list entry has priority over the cache entry of the same token', async () => {
    const list: LocalList = { lookup: (t) => (t.idToken === 'A' ? { status: 'Blocked' } : undefined), disablePostAuthorize: () => true };
    const h = harness({ localList: list });
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'true');
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    const result = await h.auth.authorize({ idToken: rfid('A') });
    assert.deepEqual([result.status, result.source], ['Blocked', 'localList']);
    assert.deepEqual(h.asked, []);
    h.setOnline(false);
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).status, 'Blocked');
  });
});

describe('C15 Offline Authorization (and LocalAuthorizeOffline)', () => {
  it('C12/C13 offline – LocalAuthorizeOffline: a cached Accepted token is accepted locally', async () => {
    const h = harness();
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    h.setOnline(false);
    const result = await h.auth.authorize({ idToken: rfid('A') });
    assert.deepEqual([result.status, result.local, result.source], ['Accepted', true, 'cache']);
    assert.equal(result.unknownOffline, undefined);
  });

  it('LocalAuthorizeOffline false – a cached token counts as unknown offline', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.LocalAuthorizeOffline, 'false');
    h.auth.learn(rfid('A'), { status: 'Accepted' });
    h.setOnline(false);
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).status, 'Unknown');
    h.set(DM.AuthCtrlr.OfflineTxForUnknownIdEnabled, 'true');
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).unknownOffline, true);
  });

  it('C13.FR.06 – offline, a token known as not Accepted stays refused, even with OfflineTxForUnknownIdEnabled', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.OfflineTxForUnknownIdEnabled, 'true');
    h.auth.learn(rfid('A'), { status: 'Blocked' });
    h.setOnline(false);
    assert.equal((await h.auth.authorize({ idToken: rfid('A') })).status, 'Blocked');
  });

  it('C15.FR.08 – an unknown token is accepted offline when OfflineTxForUnknownIdEnabled, flagged, and C15.FR.01 not cached', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.OfflineTxForUnknownIdEnabled, 'true');
    h.setOnline(false);
    const result = await h.auth.authorize({ idToken: rfid('NEW') });
    assert.deepEqual([result.status, result.local, result.source, result.unknownOffline], ['Accepted', true, 'offlineRules', true]);
    assert.equal(h.auth.cache.size, 0);
  });

  it('C15 scenario step 5 – an unknown token is refused offline when OfflineTxForUnknownIdEnabled is false', async () => {
    const h = harness();
    h.setOnline(false);
    const result = await h.auth.authorize({ idToken: rfid('NEW') });
    assert.deepEqual([result.status, result.local], ['Unknown', true]);
    assert.deepEqual(h.asked, []);
  });

  it('no answer to the AuthorizeRequest (lost link, timeout) – decided by the offline rules', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.OfflineTxForUnknownIdEnabled, 'true');
    h.setUnanswered(true);
    const result = await h.auth.authorize({ idToken: rfid('NEW') });
    assert.deepEqual([result.status, result.unknownOffline], ['Accepted', true]);
  });
});

describe('C16 Stop Transaction with a Master Pass', () => {
  it('C16.FR.03, C12.FR.09 – a Master Pass token may not start: status Invalid, flagged masterPass', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.MasterPassGroupId, 'POLICE');
    h.answers.set('COP', { status: 'Accepted', groupIdToken: group('police') });
    const result = await h.auth.authorize({ idToken: rfid('COP') });
    assert.deepEqual([result.status, result.info.status, result.masterPass], ['Invalid', 'Accepted', true]);
  });

  it('C16.FR.04 – from the cache too (LocalPreAuthorize), and C16 – it may stop any transaction', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.MasterPassGroupId, 'POLICE');
    h.set(DM.AuthCtrlr.LocalPreAuthorize, 'true');
    h.auth.learn(rfid('COP'), { status: 'Accepted', groupIdToken: group('POLICE') });
    assert.equal((await h.auth.authorize({ idToken: rfid('COP') })).masterPass, true);
    assert.equal((await h.auth.stopRight({ idToken: rfid('DRIVER'), groupIdToken: group('FAMILY') }, rfid('COP'))) !== undefined, true);
    assert.deepEqual(h.asked, []);
  });

  it('C16.FR.07 – its right to stop is masterPass, before a group it may share', async () => {
    const h = harness();
    h.set(DM.AuthCtrlr.MasterPassGroupId, 'POLICE');
    h.answers.set('COP', { status: 'Accepted', groupIdToken: group('POLICE') });
    h.answers.set('PARTNER', { status: 'Accepted', groupIdToken: group('FAMILY') });
    assert.equal(await h.auth.stopRight({ idToken: rfid('DRIVER'), groupIdToken: group('POLICE') }, rfid('COP')), 'masterPass');
    assert.equal(await h.auth.stopRight({ idToken: rfid('DRIVER'), groupIdToken: group('FAMILY') }, rfid('PARTNER')), 'group');
    assert.equal(await h.auth.stopRight({ idToken: rfid('DRIVER') }, rfid('driver')), 'owner');
  });

  it('no MasterPassGroupId set – the group is an ordinary group', async () => {
    const h = harness();
    h.answers.set('COP', { status: 'Accepted', groupIdToken: group('POLICE') });
    const result = await h.auth.authorize({ idToken: rfid('COP') });
    assert.deepEqual([result.status, result.masterPass], ['Accepted', undefined]);
  });
});

describe('C09 Authorization by GroupId – stopRight', () => {
  it('C01.FR.03 (a), C09.FR.07 (a) – the token that started it (case-insensitive), without a request, even offline', async () => {
    const h = harness();
    h.setOnline(false);
    assert.equal((await h.auth.stopRight({ idToken: rfid('abc') }, rfid('ABC'))) !== undefined, true);
    assert.equal((await h.auth.stopRight({ idToken: rfid('abc') }, { idToken: 'abc', type: 'ISO15693' })) !== undefined, false);
  });

  it('C01.FR.03 (b), C09.FR.07 (b) – a valid cached token of the same group, without a request', async () => {
    const h = harness();
    h.auth.learn(rfid('PARTNER'), { status: 'Accepted', groupIdToken: group('FAMILY') });
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME'), groupIdToken: group('FAMILY') }, rfid('PARTNER'))) !== undefined, true);
    assert.deepEqual(h.asked, []);
  });

  it("C09.FR.05, C09.FR.03 – an uncached token is asked for; the answer's group decides", async () => {
    const h = harness();
    h.answers.set('PARTNER', { status: 'Accepted', groupIdToken: group('FAMILY') });
    h.answers.set('STRANGER', { status: 'Accepted', groupIdToken: group('OTHERS') });
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME'), groupIdToken: group('FAMILY') }, rfid('PARTNER'))) !== undefined, true);
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME'), groupIdToken: group('FAMILY') }, rfid('STRANGER'))) !== undefined, false);
    assert.deepEqual(h.asked, ['PARTNER', 'STRANGER']);
    assert.equal(h.auth.cache.get(rfid('PARTNER'))?.status, 'Accepted', 'C10.FR.04: the answer was cached');
  });

  it('C09.FR.11 – a token of the same group that is not Accepted may not stop it', async () => {
    const h = harness();
    h.answers.set('PARTNER', { status: 'Blocked', groupIdToken: group('FAMILY') });
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME'), groupIdToken: group('FAMILY') }, rfid('PARTNER'))) !== undefined, false);
  });

  it("the starting token's group is taken from the cache when the caller does not know it", async () => {
    const h = harness();
    h.auth.learn(rfid('ME'), { status: 'Accepted', groupIdToken: group('FAMILY') });
    h.auth.learn(rfid('PARTNER'), { status: 'Accepted', groupIdToken: group('FAMILY') });
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME') }, rfid('PARTNER'))) !== undefined, true);
  });

  it('offline – an unknown other token may not stop it; no group at all – only the same token may', async () => {
    const h = harness();
    h.setOnline(false);
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME'), groupIdToken: group('FAMILY') }, rfid('PARTNER'))) !== undefined, false);
    h.setOnline(true);
    assert.equal((await h.auth.stopRight({ idToken: rfid('ME') }, rfid('PARTNER'))) !== undefined, false);
  });
});
