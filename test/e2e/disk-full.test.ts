// A full disk: every write of the station's SQLite file (a real file) fails with the error SQLite
// gives on a full file system (SqliteError SQLITE_FULL), injected into its write statements. The
// station must not crash, must keep what it committed, must say so (MemoryExhaustion), and must
// catch up once there is room again.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { COMMIT_RETRY_MS } from '../../src/blocks/transactions/commit-failures.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { makeTestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
let dir: string;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  dir = mkdtempSync(join(tmpdir(), 'ocpp-disk-full-'));
});
after(async () => {
  await csms.close();
  rmSync(dir, { recursive: true, force: true });
});

const requests = (id: string) => csms.store.requests(id) ?? [];
const txEvents = (id: string): TransactionEventRequest[] =>
  requests(id)
    .filter((r) => r.action === 'TransactionEvent')
    .map((r) => r.request as TransactionEventRequest);

/** The disk of `db`: while `full`, every INSERT, UPDATE or DELETE fails as on a full file system. */
function diskOf(db: Database): { full: boolean } {
  const disk = { full: false };
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (!/^\s*(INSERT|UPDATE|DELETE|REPLACE)/i.test(sql)) return statement;
    const run = statement.run.bind(statement);
    statement.run = ((...args: unknown[]) => {
      if (disk.full) throw new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL');
      return run(...(args as []));
    }) as typeof statement.run;
    return statement;
  }) as typeof db.prepare;
  return disk;
}

describe('A full disk', () => {
  it('a transaction step that cannot be committed: no crash, nothing half done, MemoryExhaustion, the step caught up once there is room', async () => {
    const id = 'DISK-FULL';
    const db = openDatabase(join(dir, 'station.db'));
    const disk = diskOf(db);
    const t = makeTestStation({ id, csmsUrl: csms.url, db, overrides: { [DM.SampledDataCtrlr.TxUpdatedInterval]: '60' } });
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-FULL');
      await waitFor(() => txEvents(id).some((e) => e.transactionInfo.chargingState === 'Charging'), 'charging');
      await quiet(t);
      const before = txEvents(id).length;

      disk.full = true;
      // The periodic update is due: its step runs from a timer, where a throw would end the process.
      assert.doesNotThrow(() => t.clock.advance(60_000), 'the periodic step is handled, not thrown');
      t.hardware.unplug(1);
      await waitFor(
        () =>
          requests(id).some((r) => r.action === 'SecurityEventNotification' && (r.request as { type: string }).type === 'MemoryExhaustion'),
        'MemoryExhaustion sent',
      );
      await quiet(t);
      assert.equal(txEvents(id).length, before, 'nothing of the step went out');
      assert.ok(t.station.blocks.transactions.view(1), 'the transaction as committed last: still ongoing');

      disk.full = false;
      t.clock.advance(COMMIT_RETRY_MS);
      await waitFor(() => txEvents(id).some((e) => e.eventType === 'Ended'), 'Ended once there is room');
      const ended = txEvents(id).at(-1)!;
      assert.deepEqual(
        [ended.triggerReason, ended.transactionInfo.chargingState, ended.transactionInfo.stoppedReason],
        ['EVCommunicationLost', 'Idle', 'EVDisconnected'],
      );
      assert.equal(t.station.blocks.transactions.view(1), null);
    } finally {
      await t.stop();
      db.close();
    }
  });
});
