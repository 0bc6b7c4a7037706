// The charging_profiles table (migration 009): the profiles the CSMS set, persistent across
// reboots (K01.FR.27).

import type { ChargingProfileType } from '../../generated/ocpp201/index.js';
import type { StationKey, StationScope } from '../../store/scope.js';
import type { InstalledProfile } from './composite-schedule.js';

interface Row {
  evse_id: number;
  profile: string;
}

type Insert = [number, number, string, number, string | null, string, number, StationKey];

// Statements are looked up by their text on each use (the scope prepares each once per
// database), so that a station keeps no object of its own statements.
const ALL = 'SELECT evse_id, profile FROM charging_profiles WHERE station = @station ORDER BY evse_id, id';
const PUT = `INSERT OR REPLACE INTO charging_profiles (id, evse_id, purpose, stack_level, transaction_id, profile, set_at, station)
         VALUES (?, ?, ?, ?, ?, ?, ?, @station)`;
const DELETE = 'DELETE FROM charging_profiles WHERE station = @station AND id = ?';

/** What a station without profiles holds, rather than an empty array each. */
const NONE: readonly InstalledProfile[] = [];

export class ProfileStore {
  constructor(private readonly scope: StationScope) {}

  all(): readonly InstalledProfile[] {
    const { scope } = this;
    const rows = scope.prepare<[StationKey], Row>(ALL).all(scope.key);
    if (rows.length === 0) return NONE;
    return rows.map((row) => ({ evseId: row.evse_id, profile: JSON.parse(row.profile) as ChargingProfileType }));
  }

  /** Stores the profile and deletes those it replaces, in one SQLite transaction. */
  put(evseId: number, profile: ChargingProfileType, setAt: number, replacing: readonly number[] = []): void {
    const { scope } = this;
    scope.transaction(() => {
      const remove = scope.prepare<[number, StationKey]>(DELETE);
      for (const id of replacing) remove.run(id, scope.key);
      const { id, chargingProfilePurpose, stackLevel, transactionId } = profile;
      scope
        .prepare<Insert>(PUT)
        .run(id, evseId, chargingProfilePurpose, stackLevel, transactionId ?? null, JSON.stringify(profile), setAt, scope.key);
    });
  }

  delete(ids: readonly number[]): void {
    const { scope } = this;
    scope.transaction(() => {
      const remove = scope.prepare<[number, StationKey]>(DELETE);
      for (const id of ids) remove.run(id, scope.key);
    });
  }
}
