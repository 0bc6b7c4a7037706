// The Local Authorization List store over the real device model and SQLite (in memory).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { defaultDescription } from '../../description/station-description.js';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { LocalAuthList } from './local-auth-list.js';

const rfid = (idToken: string): IdTokenType => ({ idToken, type: 'ISO14443' });

function listHarness(db: StationScope = new StationScope(openDatabase(':memory:'))): {
  list: LocalAuthList;
  dm: DeviceModel;
  db: StationScope;
} {
  const dm = DeviceModel.open(db, { description: defaultDescription(1), clock: new FakeClock() });
  return { list: new LocalAuthList(db, dm), dm, db };
}

describe('D01 Local Authorization List store', () => {
  it('D02.FR.02 – version 0 and no entries before any list was sent', () => {
    const { list } = listHarness();
    assert.deepEqual([list.version, list.size, list.bytes], [0, 0, 0]);
    assert.equal(list.lookup(rfid('A')), undefined);
  });

  it('D01.FR.15 – replace installs exactly the given entries and the version', () => {
    const { list } = listHarness();
    list.replace(1, [
      { idToken: rfid('A'), idTokenInfo: { status: 'Accepted' } },
      { idToken: rfid('B'), idTokenInfo: { status: 'Blocked' } },
    ]);
    list.replace(2, [{ idToken: rfid('C'), idTokenInfo: { status: 'Accepted' } }]);
    assert.equal(list.version, 2);
    assert.equal(list.lookup(rfid('A')), undefined);
    assert.deepEqual(list.lookup(rfid('C')), { status: 'Accepted' });
    assert.equal(list.size, 1);
  });

  it('C01.FR.25 – lookup compares idToken case-insensitively and type exactly', () => {
    const { list } = listHarness();
    list.replace(1, [{ idToken: rfid('AbC'), idTokenInfo: { status: 'Accepted' } }]);
    assert.deepEqual(list.lookup(rfid('abc')), { status: 'Accepted' });
    assert.equal(list.lookup({ idToken: 'AbC', type: 'KeyCode' }), undefined);
  });

  it('D01.FR.16/D01.FR.17 – update adds, updates, and removes entries without idTokenInfo', () => {
    const { list } = listHarness();
    list.replace(1, [
      { idToken: rfid('A'), idTokenInfo: { status: 'Accepted' } },
      { idToken: rfid('B'), idTokenInfo: { status: 'Accepted' } },
    ]);
    list.update(2, [
      { idToken: rfid('A'), idTokenInfo: { status: 'Blocked' } },
      { idToken: rfid('B') },
      { idToken: rfid('C'), idTokenInfo: { status: 'Accepted' } },
    ]);
    assert.equal(list.version, 2);
    assert.deepEqual(list.lookup(rfid('A')), { status: 'Blocked' });
    assert.equal(list.lookup(rfid('B')), undefined);
    assert.deepEqual(list.lookup(rfid('C')), { status: 'Accepted' });
  });

  it('D01.FR.12 – Entries and Storage report the list size in the device model', () => {
    const { list, dm } = listHarness();
    list.replace(1, [
      { idToken: rfid('A'), idTokenInfo: { status: 'Accepted' } },
      { idToken: rfid('B'), idTokenInfo: { status: 'Accepted' } },
    ]);
    assert.equal(dm.getInt(DM.LocalAuthListCtrlr.Entries), 2);
    assert.equal(dm.getInt(DM.LocalAuthListCtrlr.Storage), list.bytes);
    assert.ok(list.bytes > 0);
    list.replace(2, []);
    assert.deepEqual([dm.getInt(DM.LocalAuthListCtrlr.Entries), dm.getInt(DM.LocalAuthListCtrlr.Storage)], [0, 0]);
  });

  it('Entries maxLimit – an update beyond it is refused whole: list and version stay as they were', () => {
    const { list } = listHarness();
    list.replace(1, [{ idToken: rfid('KEEP'), idTokenInfo: { status: 'Accepted' } }]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ idToken: rfid(`T${i}`), idTokenInfo: { status: 'Accepted' as const } }));
    assert.equal(list.replace(2, many), 'TooManyEntries');
    assert.equal(list.update(2, many), 'TooManyEntries');
    assert.deepEqual([list.version, list.size], [1, 1]);
    assert.deepEqual(list.lookup(rfid('KEEP')), { status: 'Accepted' });
  });

  it('LocalAuthListCtrlr.Enabled false – lookup finds nothing; the entries stay stored', () => {
    const { list, dm } = listHarness();
    list.replace(1, [{ idToken: rfid('A'), idTokenInfo: { status: 'Accepted' } }]);
    dm.set(DM.LocalAuthListCtrlr.Enabled, 'false');
    assert.equal(list.lookup(rfid('A')), undefined);
    dm.set(DM.LocalAuthListCtrlr.Enabled, 'true');
    assert.deepEqual(list.lookup(rfid('A')), { status: 'Accepted' });
  });

  it('C14.FR.03 – disablePostAuthorize follows LocalAuthListCtrlr.DisablePostAuthorize', () => {
    const { list, dm } = listHarness();
    assert.equal(list.disablePostAuthorize(), false);
    dm.set(DM.LocalAuthListCtrlr.DisablePostAuthorize, 'true');
    assert.equal(list.disablePostAuthorize(), true);
  });

  it('D01.FR.10 – a new list object on the same database has the same entries and version', () => {
    const { list, db } = listHarness();
    list.replace(7, [{ idToken: rfid('A'), idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'G', type: 'Central' } } }]);
    const again = listHarness(db).list;
    assert.equal(again.version, 7);
    assert.deepEqual(again.lookup(rfid('A')), { status: 'Accepted', groupIdToken: { idToken: 'G', type: 'Central' } });
  });
});
