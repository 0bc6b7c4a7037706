// The transaction engine's durable state (migration 005): the state of each EVSE and the ids of
// every transaction this station started. `atomically` runs the state write and the outbox insert
// of the events it produced in one SQLite transaction (better-sqlite3 nests them as savepoints).

import type { StationKey, StationScope } from '../../store/scope.js';
import type { EvseState } from './transaction-types.js';

export class TransactionStore {
  private readonly statements;
  private readonly key: StationKey;

  constructor(private readonly scope: StationScope) {
    this.key = scope.key;
    this.statements = {
      load: scope.prepare<[StationKey], { evse_id: number; state: string }>('SELECT evse_id, state FROM tx_evse WHERE station = @station'),
      save: scope.prepare<[number, string, StationKey]>(
        'INSERT INTO tx_evse (station, evse_id, state) VALUES (@station, ?, ?) ON CONFLICT(station, evse_id) DO UPDATE SET state = excluded.state',
      ),
      started: scope.prepare<[string, number, string, StationKey]>(
        'INSERT OR IGNORE INTO tx_history (station, transaction_id, evse_id, started_at) VALUES (@station, ?, ?, ?)',
      ),
      ended: scope.prepare<[string, string, StationKey]>(
        'UPDATE tx_history SET ended_at = ? WHERE station = @station AND transaction_id = ?',
      ),
      find: scope.prepare<[string, StationKey], { ended_at: string | null }>(
        'SELECT ended_at FROM tx_history WHERE station = @station AND transaction_id = ?',
      ),
    };
  }

  loadAll(): Map<number, EvseState> {
    return new Map(this.statements.load.all(this.key).map((row) => [row.evse_id, JSON.parse(row.state) as EvseState]));
  }

  save(evseId: number, state: EvseState): void {
    this.statements.save.run(evseId, JSON.stringify(state), this.key);
  }

  started(transactionId: string, evseId: number, at: string): void {
    this.statements.started.run(transactionId, evseId, at, this.key);
  }

  ended(transactionId: string, at: string): void {
    this.statements.ended.run(at, transactionId, this.key);
  }

  /** undefined: this station never had the transaction (E14.FR.01). */
  find(transactionId: string): { ended: boolean } | undefined {
    const row = this.statements.find.get(transactionId, this.key);
    return row && { ended: row.ended_at !== null };
  }

  atomically<T>(work: () => T): T {
    return this.scope.transaction(work);
  }
}
