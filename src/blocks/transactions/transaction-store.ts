// The transaction engine's durable state (migration 005): the state of each EVSE and the ids of
// every transaction this station started. The engine runs the state write and the outbox insert
// of the events it produced in one SQLite transaction (StationScope.transaction; better-sqlite3
// nests them as savepoints).
//
// Functions of the scope rather than an object per station: the scope hands out the statements
// it prepared once for the database.

import type { StationKey, StationScope } from '../../store/scope.js';
import type { EvseState } from './transaction-types.js';

const LOAD = 'SELECT evse_id, state FROM tx_evse WHERE station = @station';
const SAVE =
  'INSERT INTO tx_evse (station, evse_id, state) VALUES (@station, ?, ?) ON CONFLICT(station, evse_id) DO UPDATE SET state = excluded.state';
const STARTED = 'INSERT OR IGNORE INTO tx_history (station, transaction_id, evse_id, started_at) VALUES (@station, ?, ?, ?)';
const ENDED = 'UPDATE tx_history SET ended_at = ? WHERE station = @station AND transaction_id = ?';
const FIND = 'SELECT ended_at FROM tx_history WHERE station = @station AND transaction_id = ?';

/** The stored state of each EVSE, in the order of the rows. */
export function loadStates(scope: StationScope): [number, EvseState][] {
  const rows = scope.prepare<[StationKey], { evse_id: number; state: string }>(LOAD).all(scope.key);
  return rows.map((row) => [row.evse_id, JSON.parse(row.state) as EvseState]);
}

export function saveState(scope: StationScope, evseId: number, state: EvseState): void {
  scope.prepare<[number, string, StationKey]>(SAVE).run(evseId, JSON.stringify(state), scope.key);
}

export function saveStarted(scope: StationScope, transactionId: string, evseId: number, at: string): void {
  scope.prepare<[string, number, string, StationKey]>(STARTED).run(transactionId, evseId, at, scope.key);
}

export function saveEnded(scope: StationScope, transactionId: string, at: string): void {
  scope.prepare<[string, string, StationKey]>(ENDED).run(at, transactionId, scope.key);
}

/** undefined: this station never had the transaction (E14.FR.01). */
export function findTransaction(scope: StationScope, transactionId: string): { ended: boolean } | undefined {
  const row = scope.prepare<[string, StationKey], { ended_at: string | null }>(FIND).get(transactionId, scope.key);
  return row && { ended: row.ended_at !== null };
}
