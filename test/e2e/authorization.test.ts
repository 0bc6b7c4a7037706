// C Authorization end to end: a real station talking to the built-in local CSMS over a real
// WebSocket. The CSMS is told per token what to answer; the frames it recorded are checked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { IdTokenType } from '../../src/generated/ocpp201/index.js';
import { rfid, useLocalCsms } from '../support/local-csms-suite.js';
import { makeTestStation } from '../support/test-station.js';

const local = useLocalCsms();
const { online, authorizeRequests } = local;

const group = (idToken: string): IdTokenType => ({ idToken, type: 'Central' });

describe('C01 EV Driver Authorization using RFID – over the socket', () => {
  it('C01.FR.02/C01.FR.07 – AuthorizeRequest with the presented token; the CSMS status decides', async () => {
    local.csms.setIdTokenInfo('E2E-BLOCKED', { status: 'Blocked' });
    const t = await online('AUTH-C01');
    try {
      const ok = await t.station.blocks.authorization.authorize({ idToken: rfid('E2E-GOOD') });
      const blocked = await t.station.blocks.authorization.authorize({ idToken: rfid('E2E-BLOCKED') });
      assert.deepEqual([ok.status, ok.local], ['Accepted', false]);
      assert.deepEqual([blocked.status, blocked.local], ['Blocked', false]);
      assert.deepEqual(authorizeRequests('AUTH-C01'), ['E2E-GOOD', 'E2E-BLOCKED']);
      const frames = local.csms.store.frames('AUTH-C01') ?? [];
      assert.ok(
        frames.some(
          (f) =>
            f.direction === 'in' && /^\[2,"[^"]+","Authorize",\{"idToken":\{"idToken":"E2E-GOOD","type":"ISO14443"\}\}\]$/.test(f.text),
        ),
      );
      assert.ok(frames.some((f) => f.direction === 'out' && f.text.includes('"idTokenInfo":{"status":"Blocked"}')));
    } finally {
      local.csms.setIdTokenInfo('E2E-BLOCKED', undefined);
      await t.stop();
    }
  });

  it('C01.FR.21 – a token the CSMS allows only on EVSE 1 is NotAllowedTypeEVSE on EVSE 2', async () => {
    local.csms.setIdTokenInfo('E2E-EVSE1', { status: 'Accepted', evseId: [1] });
    const t = await online('AUTH-C01-EVSE', {}, { evses: 2 });
    try {
      const auth = t.station.blocks.authorization;
      assert.equal((await auth.authorize({ idToken: rfid('E2E-EVSE1'), evseId: 2 })).status, 'NotAllowedTypeEVSE');
      assert.equal((await auth.authorize({ idToken: rfid('E2E-EVSE1'), evseId: 1 })).status, 'Accepted');
    } finally {
      local.csms.setIdTokenInfo('E2E-EVSE1', undefined);
      await t.stop();
    }
  });

  it('I01/C01.FR.08 – a personalMessage in the AuthorizeResponse becomes a personalMessage station event', async () => {
    const personalMessage = { format: 'UTF8', content: 'Welcome back' } as const;
    local.csms.setIdTokenInfo('E2E-MSG', { status: 'Accepted', personalMessage });
    const t = await online('AUTH-MSG');
    try {
      const seen: unknown[] = [];
      t.station.ctx.events.on('personalMessage', (m) => seen.push(m.message));
      await t.station.blocks.authorization.authorize({ idToken: rfid('E2E-MSG') });
      assert.deepEqual(seen, [personalMessage]);
    } finally {
      local.csms.setIdTokenInfo('E2E-MSG', undefined);
      await t.stop();
    }
  });
});

describe('C10/C12 Authorization Cache – over the socket', () => {
  it('C10.FR.04, C12.FR.02 – the answer is cached; with LocalPreAuthorize the token is then accepted without a request', async () => {
    const t = await online('AUTH-C12', { [DM.AuthCtrlr.LocalPreAuthorize]: 'true' });
    try {
      const auth = t.station.blocks.authorization;
      await auth.authorize({ idToken: rfid('E2E-CACHED') });
      const second = await auth.authorize({ idToken: rfid('e2e-cached') });
      assert.deepEqual([second.status, second.source], ['Accepted', 'cache']);
      assert.deepEqual(authorizeRequests('AUTH-C12'), ['E2E-CACHED']);
    } finally {
      await t.stop();
    }
  });

  it('C10.FR.10 – after AuthCacheCtrlr.LifeTime (fake clock) the token is asked for again', async () => {
    const t = await online('AUTH-C10-LIFE', { [DM.AuthCtrlr.LocalPreAuthorize]: 'true', [DM.AuthCacheCtrlr.LifeTime]: '60' });
    try {
      const auth = t.station.blocks.authorization;
      await auth.authorize({ idToken: rfid('E2E-LIFE') });
      t.clock.advance(60_000);
      await auth.authorize({ idToken: rfid('E2E-LIFE') });
      assert.deepEqual(authorizeRequests('AUTH-C10-LIFE'), ['E2E-LIFE']);
      t.clock.advance(1_000);
      const third = await auth.authorize({ idToken: rfid('E2E-LIFE') });
      assert.equal(third.source, 'csms');
      assert.deepEqual(authorizeRequests('AUTH-C10-LIFE'), ['E2E-LIFE', 'E2E-LIFE']);
    } finally {
      await t.stop();
    }
  });

  it('C10.FR.02 – the cache survives a restart: the restarted station, offline, accepts the cached token', async () => {
    const first = await online('AUTH-C10-PERSIST');
    await first.station.blocks.authorization.authorize({ idToken: rfid('E2E-PERSIST') });
    await first.stop();
    // Same database, never connected: only the cache can say yes.
    const again = makeTestStation({ id: 'AUTH-C10-PERSIST', csmsUrl: local.csms.url, db: first.db });
    try {
      const result = await again.station.blocks.authorization.authorize({ idToken: rfid('E2E-PERSIST') });
      assert.deepEqual([result.status, result.source], ['Accepted', 'cache']);
    } finally {
      await again.stop();
    }
  });
});

describe('C11 Clear Authorization Data in Authorization Cache – over the socket', () => {
  it('C11.FR.03 – ClearCache empties the cache and is Accepted; C11.FR.04 – Rejected when the cache is disabled', async () => {
    const t = await online('AUTH-C11');
    try {
      const auth = t.station.blocks.authorization;
      await auth.authorize({ idToken: rfid('E2E-CLEAR') });
      assert.equal(auth.cache.size, 1);
      assert.deepEqual(await local.csms.call('AUTH-C11', 'ClearCache', {}), { status: 'Accepted' });
      assert.equal(auth.cache.size, 0);
      t.station.ctx.dm.set(DM.AuthCacheCtrlr.Enabled, 'false');
      const rejected = await local.csms.call('AUTH-C11', 'ClearCache', {});
      assert.equal(rejected.status, 'Rejected');
    } finally {
      await t.stop();
    }
  });
});

describe('C15 Offline authorization – station not connected', () => {
  it('C15.FR.08 – OfflineTxForUnknownIdEnabled: an unknown token is accepted, flagged, and nothing is sent', async () => {
    const t = makeTestStation({
      id: 'AUTH-C15-ON',
      csmsUrl: local.csms.url,
      overrides: { [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true' },
    });
    try {
      const result = await t.station.blocks.authorization.authorize({ idToken: rfid('E2E-UNKNOWN') });
      assert.deepEqual([result.status, result.local, result.unknownOffline], ['Accepted', true, true]);
      assert.equal(t.station.blocks.authorization.cache.size, 0, 'C15.FR.01: not cached');
      assert.equal(local.csms.store.requests('AUTH-C15-ON'), undefined);
    } finally {
      await t.stop();
    }
  });

  it('C15 – without OfflineTxForUnknownIdEnabled an unknown token is refused offline', async () => {
    const t = makeTestStation({ id: 'AUTH-C15-OFF', csmsUrl: local.csms.url });
    try {
      const result = await t.station.blocks.authorization.authorize({ idToken: rfid('E2E-UNKNOWN') });
      assert.deepEqual([result.status, result.local, result.unknownOffline], ['Unknown', true, undefined]);
    } finally {
      await t.stop();
    }
  });
});

describe('C09 Authorization by GroupId / C16 Master Pass – over the socket', () => {
  it('C09.FR.05/C09.FR.03 – a different token of the same group may stop; another group may not', async () => {
    local.csms.setIdTokenInfo('E2E-ME', { status: 'Accepted', groupIdToken: group('E2E-FAMILY') });
    local.csms.setIdTokenInfo('E2E-PARTNER', { status: 'Accepted', groupIdToken: group('E2E-FAMILY') });
    local.csms.setIdTokenInfo('E2E-STRANGER', { status: 'Accepted', groupIdToken: group('E2E-OTHER') });
    const t = await online('AUTH-C09');
    try {
      const auth = t.station.blocks.authorization;
      const started = await auth.authorize({ idToken: rfid('E2E-ME') });
      const tx = { idToken: rfid('E2E-ME'), groupIdToken: started.info.groupIdToken! };
      assert.equal(await auth.stopRight(tx, rfid('E2E-PARTNER')), 'group');
      assert.equal(await auth.stopRight(tx, rfid('E2E-STRANGER')), undefined);
      assert.equal(await auth.stopRight(tx, rfid('e2e-me')), 'owner');
      assert.deepEqual(authorizeRequests('AUTH-C09'), ['E2E-ME', 'E2E-PARTNER', 'E2E-STRANGER']);
    } finally {
      for (const token of ['E2E-ME', 'E2E-PARTNER', 'E2E-STRANGER']) local.csms.setIdTokenInfo(token, undefined);
      await t.stop();
    }
  });

  it('C16.FR.03 – a Master Pass token (groupId = MasterPassGroupId) may not start but may stop any transaction', async () => {
    local.csms.setIdTokenInfo('E2E-COP', { status: 'Accepted', groupIdToken: group('E2E-POLICE') });
    const t = await online('AUTH-C16', { [DM.AuthCtrlr.MasterPassGroupId]: 'E2E-POLICE' });
    try {
      const auth = t.station.blocks.authorization;
      const result = await auth.authorize({ idToken: rfid('E2E-COP') });
      assert.deepEqual([result.status, result.masterPass], ['Invalid', true]);
      assert.equal(await auth.stopRight({ idToken: rfid('SOMEONE') }, rfid('E2E-COP')), 'masterPass');
    } finally {
      local.csms.setIdTokenInfo('E2E-COP', undefined);
      await t.stop();
    }
  });
});

describe('local CSMS – idTokens answers through POST /api/config', () => {
  it('sets and removes the answer for a token at run time', async () => {
    const t = await online('AUTH-HTTP');
    const post = (body: unknown) =>
      fetch(new URL('api/config', local.csms.httpUrl), { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    try {
      const auth = t.station.blocks.authorization;
      const set = await post({ idTokens: { 'E2E-HTTP': { status: 'Expired' } } });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.idTokens['E2E-HTTP'], { status: 'Expired' });
      assert.equal((await auth.authorize({ idToken: rfid('e2e-http') })).status, 'Expired');
      assert.equal((await post({ idTokens: { 'E2E-HTTP': { status: 'Sometimes' } } })).status, 400);
      await post({ idTokens: { 'E2E-HTTP': null } });
      assert.equal((await auth.authorize({ idToken: rfid('E2E-HTTP') })).status, 'Accepted');
    } finally {
      await t.stop();
    }
  });
});
