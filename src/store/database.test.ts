import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointAndTruncate, DatabaseFileError, migrate, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ocpp-store-'));
}

const insertRow = `INSERT INTO station_state (key, value) VALUES (?, ?)`;

describe('openDatabase', () => {
  it('a file that is not a database: the error names the file', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'station.db');
      writeFileSync(file, 'this is not a SQLite database, but it is long enough to have a header of sorts....');
      assert.throws(
        () => openDatabase(file),
        (error: Error) =>
          error instanceof DatabaseFileError && error.message.startsWith(`${file}: `) && /not a database/.test(error.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates an empty database to the latest version', () => {
    const db = openDatabase(':memory:');
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    assert.ok(tables.includes('variable_values') && tables.includes('outbox'));
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
    db.close();
  });

  it('012 keys every table by station: a database of one station keeps its rows as the station, and only the values not from seeds', () => {
    const db = openDatabase(':memory:');
    db.pragma('user_version = 0');
    for (const table of [
      'variable_values',
      'station_state',
      'outbox',
      'auth_cache',
      'tx_evse',
      'tx_history',
      'local_auth_list',
      'local_auth_list_version',
      'reservations',
      'display_messages',
      'charging_profiles',
      'certificates',
      'monitors',
    ])
      db.exec(`DROP TABLE ${table}`);
    migrate(db, MIGRATIONS.slice(0, 11));
    const variable = db.prepare(`INSERT INTO variables (component, variable, data_type) VALUES (?, ?, 'integer') RETURNING id`);
    const attribute = db.prepare(
      `INSERT INTO variable_attributes (variable_id, type, value, mutability, persistent, source) VALUES (?, 'Actual', ?, 'ReadWrite', ?, ?)`,
    );
    const set = (name: string, value: string, persistent: number, source: string) =>
      attribute.run((variable.get('OCPPCommCtrlr', name) as { id: number }).id, value, persistent, source);
    set('HeartbeatInterval', '60', 1, 'csms');
    set('MessageTimeout', '30', 1, 'seed');
    set('OfflineThreshold', '5', 0, 'local');
    db.prepare(`INSERT INTO station_state (key, value) VALUES ('bootReason', '"PowerUp"')`).run();
    db.prepare(
      `INSERT INTO charging_profiles (id, evse_id, purpose, stack_level, profile, set_at) VALUES (7, 1, 'TxDefaultProfile', 0, '{}', 0)`,
    ).run();
    migrate(db, MIGRATIONS);
    assert.deepEqual(db.prepare('SELECT station, variable, value, source FROM variable_values').all(), [
      { station: '', variable: 'HeartbeatInterval', value: '60', source: 'csms' },
    ]);
    assert.deepEqual(db.prepare('SELECT station, key FROM station_state').all(), [{ station: '', key: 'bootReason' }]);
    db.prepare(
      `INSERT INTO charging_profiles (station, id, evse_id, purpose, stack_level, profile, set_at) VALUES ('B', 7, 1, 'TxDefaultProfile', 0, '{}', 0)`,
    ).run();
    assert.equal(db.prepare('SELECT count(*) FROM charging_profiles WHERE id = 7').pluck().get(), 2, 'the same profile id at two stations');
    db.close();
  });

  it('connections opening one new file at once (worker threads of a fleet) each find it migrated once, none fails', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'fleet.db');
      const moduleUrl = new URL('./database.js', import.meta.url).href;
      const script = `const { openDatabase, schemaVersion } = await import(${JSON.stringify(moduleUrl)});
        const db = openDatabase(${JSON.stringify(file)}); process.stdout.write(String(schemaVersion(db))); db.close();`;
      const children = Array.from({ length: 4 }, () =>
        spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      const results = await Promise.all(
        children.map(
          (child) =>
            new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
              let out = '';
              let err = '';
              child.stdout.on('data', (chunk: Buffer) => (out += chunk));
              child.stderr.on('data', (chunk: Buffer) => (err += chunk));
              child.on('exit', (code) => resolve({ code, out, err }));
            }),
        ),
      );
      for (const r of results) {
        assert.equal(r.code, 0, r.err);
        assert.equal(r.out, String(MIGRATIONS.length));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('numbers migrations 1..n, one per file', () => {
    MIGRATIONS.forEach((m, i) => {
      assert.equal(m.version, i + 1);
      assert.match(m.name, new RegExp(`^${String(i + 1).padStart(3, '0')}-`));
    });
  });

  it('applies only the migrations a database lacks, and refuses a newer schema', () => {
    const db = openDatabase(':memory:');
    migrate(db, MIGRATIONS); // already at the latest: nothing to do, no error
    const next = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'next', sql: 'CREATE TABLE later (x INTEGER);' }];
    migrate(db, next);
    assert.equal(schemaVersion(db), next.length);
    assert.throws(() => migrate(db, MIGRATIONS), /newer than this software/);
    db.close();
  });

  it('keeps the database and its WAL readable by the owner only (it holds the Basic auth password)', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'station.db');
      const db = openDatabase(file);
      db.prepare(insertRow).run('SecurityCtrlr', 'BasicAuthPassword');
      for (const f of [file, `${file}-wal`]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('N10.FR.03/FR.06 – a deleted row leaves no bytes in the file, nor, after checkpointAndTruncate, in the WAL', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'station.db');
      const db = openDatabase(file);
      const marker = 'CUSTOMER-7Q4Z-MARKER';
      db.prepare(insertRow).run('Erased', marker);
      checkpointAndTruncate(db); // the row is in the database file itself
      const holds = (f: string) => existsSync(f) && readFileSync(f).includes(Buffer.from(marker));
      assert.ok(holds(file), 'the row is written');
      db.prepare('DELETE FROM station_state WHERE key = ?').run('Erased');
      assert.ok(holds(`${file}-wal`) || holds(file), 'before the checkpoint a copy is still on the disk');
      checkpointAndTruncate(db);
      assert.equal(statSync(`${file}-wal`).size, 0, 'the WAL is emptied');
      assert.ok(!holds(file) && !holds(`${file}-wal`), 'no byte of the row is left');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses WAL for a file and keeps data across re-open', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'station.db');
      const db = openDatabase(file);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      db.prepare(insertRow).run('OCPPCommCtrlr', 'HeartbeatInterval');
      db.close();
      const again = openDatabase(file);
      assert.equal(schemaVersion(again), MIGRATIONS.length);
      assert.equal(again.prepare('SELECT count(*) FROM station_state').pluck().get(), 1);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a database left by a writer killed with SIGKILL, intact and with every committed row', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'station.db');
      const moduleUrl = new URL('./database.js', import.meta.url).href;
      // The child commits one row per transaction and reports each id after its commit returns.
      const script = `
        const { openDatabase } = await import(${JSON.stringify(moduleUrl)});
        const db = openDatabase(${JSON.stringify(file)});
        const insert = db.prepare(${JSON.stringify(insertRow)});
        for (let i = 0; ; i++) {
          const { lastInsertRowid } = insert.run('C' + i, 'V');
          process.stdout.write(lastInsertRowid + '\\n');
        }`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let lastCommitted = 0;
      let buffer = '';
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => (code === null ? resolve() : reject(new Error(`child exited with ${code}`))));
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          const last = lines.at(-1);
          if (last) lastCommitted = Number(last);
          if (lastCommitted >= 200 && !child.killed) child.kill('SIGKILL');
        });
      });
      const db = openDatabase(file);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const rows = db.prepare('SELECT count(*) FROM station_state').pluck().get() as number;
      assert.ok(rows >= lastCommitted, `${rows} rows, ${lastCommitted} reported committed`);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
