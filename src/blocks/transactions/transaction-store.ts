// The transaction engine's durable state (migration 005): the state of each EVSE and the ids of
// every transaction this station started. `atomically` runs the state write and the outbox insert
// of the events it produced in one SQLite transaction (better-sqlite3 nests them as savepoints).

import type { Database } from '../../store/database.js';
import type { EvseState } from './transaction-types.js';

export class TransactionStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      load: db.prepare<[], { evse_id: number; state: string }>('SELECT evse_id, state FROM tx_evse'),
      save: db.prepare<[number, string]>(
        'INSERT INTO tx_evse (evse_id, state) VALUES (?, ?) ON CONFLICT(evse_id) DO UPDATE SET state = excluded.state',
      ),
      started: db.prepare<[string, number, string]>(
        'INSERT OR IGNORE INTO tx_history (transaction_id, evse_id, started_at) VALUES (?, ?, ?)',
      ),
      ended: db.prepare<[string, string]>('UPDATE tx_history SET ended_at = ? WHERE transaction_id = ?'),
      find: db.prepare<[string], { ended_at: string | null }>('SELECT ended_at FROM tx_history WHERE transaction_id = ?'),
    };
  }

  loadAll(): Map<number, EvseState> {
    return new Map(this.statements.load.all().map((row) => [row.evse_id, JSON.parse(row.state) as EvseState]));
  }

  save(evseId: number, state: EvseState): void {
    this.statements.save.run(evseId, JSON.stringify(state));
  }

  started(transactionId: string, evseId: number, at: string): void {
    this.statements.started.run(transactionId, evseId, at);
  }

  ended(transactionId: string, at: string): void {
    this.statements.ended.run(at, transactionId);
  }

  /** undefined: this station never had the transaction (E14.FR.01). */
  find(transactionId: string): { ended: boolean } | undefined {
    const row = this.statements.find.get(transactionId);
    return row && { ended: row.ended_at !== null };
  }

  atomically<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
