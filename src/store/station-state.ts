// Typed access to the station_state table: small JSON facts that survive a reboot.

import type { Database } from './database.js';

export class StationState {
  private readonly read;
  private readonly write;
  private readonly remove;

  constructor(db: Database) {
    this.read = db.prepare<[string], { value: string }>('SELECT value FROM station_state WHERE key = ?');
    this.write = db.prepare<[string, string]>(
      'INSERT INTO station_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.remove = db.prepare<[string]>('DELETE FROM station_state WHERE key = ?');
  }

  get<T>(key: string): T | undefined {
    const row = this.read.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) this.remove.run(key);
    else this.write.run(key, JSON.stringify(value));
  }
}
