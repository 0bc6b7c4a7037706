// D01 SendLocalList and D02 GetLocalListVersion handlers over the real device model and SQLite
// (in memory); the handlers are called directly, as the router would.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { AuthorizationData, IdTokenType, SendLocalListRequest } from '../../generated/ocpp201/index.js';
import { OcppError } from '../../rpc/errors.js';
import { defaultDescription } from '../../description/station-description.js';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { getLocalListVersion } from './get-local-list-version.js';
import { LocalAuthList } from './local-auth-list.js';
import { sendLocalList } from './send-local-list.js';

const rfid = (idToken: string): IdTokenType => ({ idToken, type: 'ISO14443' });
const accepted = (idToken: string): AuthorizationData => ({ idToken: rfid(idToken), idTokenInfo: { status: 'Accepted' } });
const call = { action: 'SendLocalList', messageId: 'm1' };

function harness(overrides: Record<string, string> = {}) {
  const db = new StationScope(openDatabase(':memory:'));
  const dm = DeviceModel.open(db, { description: defaultDescription(1), clock: new FakeClock(), overrides });
  const list = new LocalAuthList(db, dm);
  const send = (request: SendLocalListRequest) => sendLocalList(request, { dm, list }, call);
  return { dm, list, send, version: () => getLocalListVersion(list).versionNumber };
}

const full = (versionNumber: number, ...entries: AuthorizationData[]): SendLocalListRequest =>
  entries.length > 0
    ? { versionNumber, updateType: 'Full', localAuthorizationList: entries as [AuthorizationData, ...AuthorizationData[]] }
    : { versionNumber, updateType: 'Full' };
const diff = (versionNumber: number, ...entries: AuthorizationData[]): SendLocalListRequest =>
  entries.length > 0
    ? { versionNumber, updateType: 'Differential', localAuthorizationList: entries as [AuthorizationData, ...AuthorizationData[]] }
    : { versionNumber, updateType: 'Differential' };

describe('D01 Send Local Authorization List', () => {
  it('D01.FR.15 – Full replaces the list and sets the version', () => {
    const h = harness();
    assert.deepEqual(h.send(full(1, accepted('A'), accepted('B'))), { status: 'Accepted' });
    assert.deepEqual(h.send(full(3, accepted('C'))), { status: 'Accepted' });
    assert.deepEqual([h.version(), h.list.size], [3, 1]);
    assert.equal(h.list.lookup(rfid('A')), undefined);
  });

  it('D01.FR.04 – Full without localAuthorizationList empties the list; the version is still set', () => {
    const h = harness();
    h.send(full(1, accepted('A')));
    assert.deepEqual(h.send(full(2)), { status: 'Accepted' });
    assert.deepEqual([h.version(), h.list.size], [2, 0]);
  });

  it('D01.FR.16/D01.FR.17 – Differential adds and updates entries with idTokenInfo, removes those without', () => {
    const h = harness();
    h.send(full(1, accepted('A'), accepted('B')));
    const response = h.send(diff(2, { idToken: rfid('A'), idTokenInfo: { status: 'Blocked' } }, { idToken: rfid('B') }, accepted('C')));
    assert.deepEqual(response, { status: 'Accepted' });
    assert.equal(h.version(), 2);
    assert.equal(h.list.lookup(rfid('A'))?.status, 'Blocked');
    assert.equal(h.list.lookup(rfid('B')), undefined);
    assert.equal(h.list.lookup(rfid('C'))?.status, 'Accepted');
  });

  it('D01.FR.05 – Differential without entries leaves the list as it is but sets the version', () => {
    const h = harness();
    h.send(full(1, accepted('A')));
    assert.deepEqual(h.send(diff(5)), { status: 'Accepted' });
    assert.deepEqual([h.version(), h.list.size], [5, 1]);
  });

  it("D01.FR.19 – Differential with a version not above the list's is VersionMismatch and changes nothing", () => {
    const h = harness();
    h.send(full(4, accepted('A')));
    for (const v of [4, 3]) {
      const response = h.send(diff(v, { idToken: rfid('A') }));
      assert.equal(response.status, 'VersionMismatch');
    }
    assert.deepEqual([h.version(), h.list.size], [4, 1]);
  });

  it('D01.FR.19 – Full is not bound by the current version', () => {
    const h = harness();
    h.send(full(4, accepted('A')));
    assert.deepEqual(h.send(full(2, accepted('B'))), { status: 'Accepted' });
    assert.equal(h.version(), 2);
  });

  it('D01.FR.18 – versionNumber 0 or below is Failed', () => {
    const h = harness();
    const response = h.send(full(0, accepted('A')));
    assert.deepEqual([response.status, response.statusInfo?.reasonCode], ['Failed', 'ValuePositiveOnly']);
    assert.equal(h.send(diff(-1)).status, 'Failed');
    assert.deepEqual([h.version(), h.list.size], [0, 0]);
  });

  it('D01.FR.06 – an idToken listed twice (case-insensitively) is Failed; the list stays as it was', () => {
    const h = harness();
    h.send(full(1, accepted('A')));
    const response = h.send(full(2, accepted('X'), { idToken: rfid('x'), idTokenInfo: { status: 'Blocked' } }));
    assert.deepEqual([response.status, response.statusInfo?.reasonCode], ['Failed', 'InvalidValue']);
    assert.equal(h.send(diff(2, accepted('X'), { idToken: rfid('X') })).status, 'Failed');
    assert.deepEqual([h.version(), h.list.size], [1, 1]);
  });

  it('D01 Full – an entry without idTokenInfo is Failed', () => {
    const h = harness();
    const response = h.send(full(1, accepted('A'), { idToken: rfid('B') }));
    assert.deepEqual([response.status, response.statusInfo?.reasonCode], ['Failed', 'MissingParam']);
    assert.equal(h.version(), 0);
  });

  it('D01 prerequisite – with LocalAuthListCtrlr.Enabled false SendLocalList is Failed and changes nothing', () => {
    const h = harness();
    h.send(full(1, accepted('A')));
    h.dm.set(DM.LocalAuthListCtrlr.Enabled, 'false');
    const response = h.send(full(2, accepted('B')));
    assert.deepEqual([response.status, response.statusInfo?.reasonCode], ['Failed', 'NotEnabled']);
    h.dm.set(DM.LocalAuthListCtrlr.Enabled, 'true');
    assert.deepEqual([h.version(), h.list.lookup(rfid('A'))?.status], [1, 'Accepted']);
  });

  it('D01.FR.11 – more entries than ItemsPerMessage: CALLERROR OccurrenceConstraintViolation', () => {
    const h = harness();
    const entries = Array.from({ length: 251 }, (_, i) => accepted(`T${i}`));
    assert.throws(
      () => h.send(full(1, ...entries)),
      (e: unknown) => e instanceof OcppError && e.code === 'OccurrenceConstraintViolation',
    );
    assert.equal(h.version(), 0);
  });

  it('D01.FR.11 – more bytes than BytesPerMessage: CALLERROR FormatViolation', () => {
    const h = harness();
    const big = (i: number): AuthorizationData => ({
      idToken: { idToken: `T${i}`.padEnd(36, 'x'), type: 'ISO14443' },
      idTokenInfo: { status: 'Accepted', personalMessage: { format: 'ASCII', content: 'y'.repeat(400) } },
    });
    const entries = Array.from({ length: 200 }, (_, i) => big(i));
    assert.throws(
      () => h.send(full(1, ...entries)),
      (e: unknown) => e instanceof OcppError && e.code === 'FormatViolation',
    );
  });

  it('LocalAuthListCtrlr.Entries maxLimit – a list beyond it is Failed (TooManyElements) and the list stays', () => {
    const h = harness();
    h.send(full(1, accepted('KEEP')));
    const batch = (i: number, n: number) => Array.from({ length: n }, (_, j) => accepted(`T${i}-${j}`));
    for (let i = 0; i < 3; i++) assert.equal(h.send(diff(2 + i, ...batch(i, 250))).status, 'Accepted');
    assert.equal(h.send(diff(5, ...batch(3, 249))).status, 'Accepted');
    assert.equal(h.list.size, 1000);
    const response = h.send(diff(9, accepted('ONE-TOO-MANY')));
    assert.deepEqual([response.status, response.statusInfo?.reasonCode], ['Failed', 'TooManyElements']);
    assert.deepEqual([h.version(), h.list.size], [5, 1000]);
    assert.equal(h.dm.getInt(DM.LocalAuthListCtrlr.Entries), 1000);
  });
});

describe('D02 Get Local List Version', () => {
  it('D02.FR.02 – 0 before the CSMS sent any list', () => {
    assert.deepEqual(getLocalListVersion(harness().list), { versionNumber: 0 });
  });

  it('D02.FR.01 – the version of the list; an emptied list keeps its version (> 0)', () => {
    const h = harness();
    h.send(full(6, accepted('A')));
    assert.equal(h.version(), 6);
    h.send(full(7));
    assert.equal(h.version(), 7);
  });

  it('D02.FR.03 – 0 while LocalAuthListCtrlr.Enabled is false', () => {
    const h = harness();
    h.send(full(6, accepted('A')));
    h.dm.set(DM.LocalAuthListCtrlr.Enabled, 'false');
    assert.deepEqual(getLocalListVersion(h.list), { versionNumber: 0 });
  });
});
