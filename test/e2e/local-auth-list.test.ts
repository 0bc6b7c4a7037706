// D Local Authorization List end to end: the built-in local CSMS sends SendLocalList and
// GetLocalListVersion over a real WebSocket; the authorization block then decides from the list
// online (C14) and offline (C13), also after a restart on the same database (D01.FR.10).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { AuthorizationData } from '../../src/generated/ocpp201/index.js';
import { rfid, useLocalCsms } from '../support/local-csms-suite.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const local = useLocalCsms();
const { online, authorizeRequests } = local;

const entry = (idToken: string, status: 'Accepted' | 'Blocked' | 'Invalid' = 'Accepted'): AuthorizationData => ({
  idToken: rfid(idToken),
  idTokenInfo: { status },
});

/** Drops the link from the CSMS side; the station stays offline until its fake clock moves. */
async function dropLink(t: TestStation, id: string): Promise<void> {
  local.csms.server.session(id)?.close(1001);
  await waitFor(() => !t.snapshot().connected, 'offline');
}

describe('D01 Send Local Authorization List / D02 Get Local List Version – over the socket', () => {
  it('D01.FR.15, D01.FR.16, D01.FR.17, D02.FR.01/02 – Full then Differential; GetLocalListVersion follows', async () => {
    const id = 'LAL-D01';
    const t = await online(id);
    try {
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 0 });
      const full = await local.csms.call(id, 'SendLocalList', {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [entry('E2E-A'), entry('E2E-B')],
      });
      assert.deepEqual(full, { status: 'Accepted' });
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 1 });
      const diff = await local.csms.call(id, 'SendLocalList', {
        versionNumber: 2,
        updateType: 'Differential',
        localAuthorizationList: [{ idToken: rfid('E2E-A') }, entry('E2E-C', 'Blocked')],
      });
      assert.deepEqual(diff, { status: 'Accepted' });
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 2 });
      const list = t.station.blocks.localAuthList;
      assert.deepEqual(
        [list.lookup(rfid('E2E-A')), list.lookup(rfid('E2E-B'))?.status, list.lookup(rfid('E2E-C'))?.status],
        [undefined, 'Accepted', 'Blocked'],
      );
      assert.equal(t.station.ctx.dm.getInt(DM.LocalAuthListCtrlr.Entries), 2, 'D01.FR.12: Entries is the current count');
    } finally {
      await t.stop();
    }
  });

  it('D01.FR.19 – a Differential update not newer than the list is VersionMismatch; the list stays', async () => {
    const id = 'LAL-D01-MISMATCH';
    const t = await online(id);
    try {
      await local.csms.call(id, 'SendLocalList', { versionNumber: 5, updateType: 'Full', localAuthorizationList: [entry('E2E-A')] });
      const response = await local.csms.call(id, 'SendLocalList', {
        versionNumber: 5,
        updateType: 'Differential',
        localAuthorizationList: [{ idToken: rfid('E2E-A') }],
      });
      assert.equal(response.status, 'VersionMismatch');
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 5 });
      assert.equal(t.station.blocks.localAuthList.lookup(rfid('E2E-A'))?.status, 'Accepted');
    } finally {
      await t.stop();
    }
  });

  it('D01.FR.11 – more entries than ItemsPerMessage is answered with CALLERROR OccurrenceConstraintViolation', async () => {
    const id = 'LAL-D01-ITEMS';
    const t = await online(id);
    try {
      const entries = Array.from({ length: 251 }, (_, i) => entry(`E2E-${i}`)) as [AuthorizationData, ...AuthorizationData[]];
      await assert.rejects(
        local.csms.call(id, 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: entries }),
        { code: 'OccurrenceConstraintViolation' },
      );
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 0 });
    } finally {
      await t.stop();
    }
  });

  it('D02.FR.03 / D01 – with LocalAuthListCtrlr.Enabled false: version 0, SendLocalList Failed', async () => {
    const id = 'LAL-D02-DISABLED';
    const t = await online(id, { [DM.LocalAuthListCtrlr.Enabled]: 'false' });
    try {
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 0 });
      const response = await local.csms.call(id, 'SendLocalList', {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [entry('E2E-A')],
      });
      assert.equal(response.status, 'Failed');
    } finally {
      await t.stop();
    }
  });
});

describe('C13 Offline Authorization through Local Authorization List – over the socket', () => {
  it('C13.FR.02 – offline, a token Accepted on the list is accepted and one Blocked is refused, without any request', async () => {
    const id = 'LAL-C13';
    const t = await online(id);
    try {
      await local.csms.call(id, 'SendLocalList', {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [entry('E2E-GOOD'), entry('E2E-BAD', 'Blocked')],
      });
      await dropLink(t, id);
      const auth = t.station.blocks.authorization;
      const good = await auth.authorize({ idToken: rfid('e2e-good') });
      const bad = await auth.authorize({ idToken: rfid('E2E-BAD') });
      const unknown = await auth.authorize({ idToken: rfid('E2E-UNKNOWN') });
      assert.deepEqual([good.status, good.source], ['Accepted', 'localList']);
      assert.deepEqual([bad.status, bad.source], ['Blocked', 'localList']);
      assert.deepEqual([unknown.status, unknown.source], ['Unknown', 'offlineRules']);
      assert.deepEqual(authorizeRequests(id), []);
    } finally {
      await t.stop();
    }
  });

  it('C13.FR.04 – OfflineTxForUnknownIdEnabled: an unknown token is accepted, a listed token not Accepted is not "unknown"', async () => {
    const id = 'LAL-C13-UNKNOWN';
    const t = await online(id, { [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true' });
    try {
      await local.csms.call(id, 'SendLocalList', {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [entry('E2E-INVALID', 'Invalid')],
      });
      await dropLink(t, id);
      const auth = t.station.blocks.authorization;
      assert.equal((await auth.authorize({ idToken: rfid('E2E-INVALID') })).status, 'Invalid');
      assert.equal((await auth.authorize({ idToken: rfid('E2E-NEW') })).status, 'Accepted');
    } finally {
      await t.stop();
    }
  });

  it('D01.FR.10 – the list survives a restart: same database, never connected, the listed token is accepted', async () => {
    const id = 'LAL-PERSIST';
    const first = await online(id);
    await local.csms.call(id, 'SendLocalList', { versionNumber: 3, updateType: 'Full', localAuthorizationList: [entry('E2E-PERSIST')] });
    await first.stop();
    const again = makeTestStation({ id, csmsUrl: local.csms.url, db: first.db });
    try {
      const result = await again.station.blocks.authorization.authorize({ idToken: rfid('E2E-PERSIST') });
      assert.deepEqual([result.status, result.source], ['Accepted', 'localList']);
      assert.equal(again.station.blocks.localAuthList.version, 3);
      assert.equal(again.station.ctx.dm.getInt(DM.LocalAuthListCtrlr.Entries), 1);
    } finally {
      await again.stop();
    }
    const online2 = await online(id, {}, { db: first.db });
    try {
      assert.deepEqual(await local.csms.call(id, 'GetLocalListVersion', {}), { versionNumber: 3 });
    } finally {
      await online2.stop();
    }
  });
});

describe('C14 Online Authorization through Local Authorization List – over the socket', () => {
  it('C14.FR.02 – with LocalPreAuthorize a token Accepted on the list starts without an AuthorizeRequest', async () => {
    const id = 'LAL-C14';
    const t = await online(id, { [DM.AuthCtrlr.LocalPreAuthorize]: 'true' });
    try {
      await local.csms.call(id, 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('E2E-LISTED')] });
      const result = await t.station.blocks.authorization.authorize({ idToken: rfid('E2E-LISTED') });
      assert.deepEqual([result.status, result.source, result.local], ['Accepted', 'localList', true]);
      assert.deepEqual(authorizeRequests(id), []);
    } finally {
      await t.stop();
    }
  });

  it('C14.FR.03 – a token on the list but not Accepted is asked for; with DisablePostAuthorize it is not', async () => {
    const id = 'LAL-C14-POST';
    const t = await online(id, { [DM.AuthCtrlr.LocalPreAuthorize]: 'true' });
    try {
      await local.csms.call(id, 'SendLocalList', {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [entry('E2E-BLOCKED', 'Blocked')],
      });
      const auth = t.station.blocks.authorization;
      const asked = await auth.authorize({ idToken: rfid('E2E-BLOCKED') });
      assert.deepEqual([asked.status, asked.source], ['Accepted', 'csms']);
      assert.deepEqual(authorizeRequests(id), ['E2E-BLOCKED']);
      assert.equal(
        t.station.blocks.localAuthList.lookup(rfid('E2E-BLOCKED'))?.status,
        'Blocked',
        'D01.FR.09: only SendLocalList changes the list',
      );
      t.station.ctx.dm.set(DM.LocalAuthListCtrlr.DisablePostAuthorize, 'true');
      const kept = await auth.authorize({ idToken: rfid('E2E-BLOCKED') });
      assert.deepEqual([kept.status, kept.source], ['Blocked', 'localList']);
      assert.deepEqual(authorizeRequests(id), ['E2E-BLOCKED']);
    } finally {
      await t.stop();
    }
  });

  it('C14.FR.01 – the list has priority over the Authorization Cache for the same token', async () => {
    const id = 'LAL-C14-PRIORITY';
    const t = await online(id, { [DM.AuthCtrlr.LocalPreAuthorize]: 'true', [DM.LocalAuthListCtrlr.DisablePostAuthorize]: 'true' });
    try {
      const auth = t.station.blocks.authorization;
      await auth.authorize({ idToken: rfid('E2E-BOTH') }); // the CSMS says Accepted: cached
      await local.csms.call(id, 'SendLocalList', {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [entry('E2E-BOTH', 'Blocked')],
      });
      const result = await auth.authorize({ idToken: rfid('E2E-BOTH') });
      assert.deepEqual([result.status, result.source], ['Blocked', 'localList']);
      assert.deepEqual(authorizeRequests(id), ['E2E-BOTH']);
    } finally {
      await t.stop();
    }
  });
});
