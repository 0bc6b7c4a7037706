// Typed access to the station_state table: small JSON facts that survive a reboot.

import type { StationKey, StationScope } from './scope.js';

export class StationState {
  private readonly read;
  private readonly write;
  private readonly remove;
  private readonly key: StationKey;

  constructor(scope: StationScope) {
    this.key = scope.key;
    this.read = scope.prepare<[string, StationKey], { value: string }>(
      'SELECT value FROM station_state WHERE station = @station AND key = ?',
    );
    this.write = scope.prepare<[string, string, StationKey]>(
      'INSERT INTO station_state (station, key, value) VALUES (@station, ?, ?) ON CONFLICT(station, key) DO UPDATE SET value = excluded.value',
    );
    this.remove = scope.prepare<[string, StationKey]>('DELETE FROM station_state WHERE station = @station AND key = ?');
  }

  get<T>(key: string): T | undefined {
    const row = this.read.get(key, this.key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) this.remove.run(key, this.key);
    else this.write.run(key, JSON.stringify(value), this.key);
  }
}
