// One station's rows in a database that may hold many stations (a fleet keeps all of its
// stations in one database): every table is keyed by `station`, and every statement names
// it as `@station`. A station alone in its own database is the station ''.
//
// Statements are prepared once per database and shared by all the stations on it: a prepared
// statement costs native memory, and a fleet of 10,000 stations would otherwise hold 10,000
// copies of each.

import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database.js';

/** The named parameter that every statement of a scope is given. */
export interface StationKey {
  station: string;
}

type Bind = unknown[] | Record<string, unknown>;

const prepared = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

export class StationScope {
  /** Pass as one of a statement's arguments: it binds `@station`. */
  readonly key: StationKey;

  constructor(
    readonly db: Database,
    readonly station = '',
  ) {
    this.key = { station };
  }

  /** The statement for `sql` on this database, prepared the first time any station asks for it. */
  prepare<P extends Bind = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> {
    let statements = prepared.get(this.db);
    if (!statements) {
      statements = new Map();
      prepared.set(this.db, statements);
    }
    let statement = statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement as unknown as BetterSqlite3.Statement<P, R>;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
