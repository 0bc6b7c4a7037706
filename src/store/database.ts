// The station's one SQLite database: opened with the durability settings a charging station
// needs, then brought to the latest schema by the numbered migrations in ./migrations.

import { chmodSync, closeSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export type Database = BetterSqlite3.Database;

/** The database file cannot be opened or brought to the schema (corrupt, not a database, no access): names the file. */
export class DatabaseFileError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseFileError';
  }
}

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

export function openDatabase(file: string | ':memory:'): Database {
  try {
    return open(file);
  } catch (error) {
    throw new DatabaseFileError(file, error);
  }
}

function open(file: string | ':memory:'): Database {
  // The database holds secrets (BasicAuthPassword): owner-only, and SQLite gives its -wal and -shm
  // files the same mode as the database file.
  if (file !== ':memory:') {
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const db = new BetterSqlite3(file);
  try {
    // First: another connection opening the same file at this moment (a fleet's worker threads) makes us wait, not fail.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL lets readers run beside the writer; an in-memory database has no journal file.
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit: a committed write (a transaction event, a value the
    // CSMS set) survives kill -9 and power loss, which NORMAL does not promise in WAL mode.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros, not left in freed space: a customer's data that
    // is cleared (N10) or delivered and dropped (the outbox) leaves no bytes in the file.
    db.pragma('secure_delete = ON');
    migrate(db, MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Moves every page of the WAL into the database file and empties the WAL: the page versions it
 * still holds from before a delete (and that secure_delete does not reach) are gone from the disk.
 */
export function checkpointAndTruncate(db: Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** The schema version a database is at: the number of the last migration applied. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies, in order, each migration newer than the database's `user_version`, each in its own
 * transaction together with the version bump, so a crash leaves the database at a whole version.
 * The transaction takes the write lock first and reads the version again under it: connections
 * that open one file at once (the worker threads of a fleet) each apply a migration only if no
 * other did.
 */
export function migrate(db: Database, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this software (${migrations.length})`);
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
