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

export class ProfileStore {
  private readonly statements;
  private readonly key: StationKey;

  constructor(private readonly scope: StationScope) {
    this.key = scope.key;
    this.statements = {
      all: scope.prepare<[StationKey], Row>('SELECT evse_id, profile FROM charging_profiles WHERE station = @station ORDER BY evse_id, id'),
      put: scope.prepare<Insert>(
        `INSERT OR REPLACE INTO charging_profiles (id, evse_id, purpose, stack_level, transaction_id, profile, set_at, station)
         VALUES (?, ?, ?, ?, ?, ?, ?, @station)`,
      ),
      delete: scope.prepare<[number, StationKey]>('DELETE FROM charging_profiles WHERE station = @station AND id = ?'),
    };
  }

  all(): InstalledProfile[] {
    return this.statements.all
      .all(this.key)
      .map((row) => ({ evseId: row.evse_id, profile: JSON.parse(row.profile) as ChargingProfileType }));
  }

  /** Stores the profile and deletes those it replaces, in one SQLite transaction. */
  put(evseId: number, profile: ChargingProfileType, setAt: number, replacing: readonly number[] = []): void {
    this.scope.transaction(() => {
      for (const id of replacing) this.statements.delete.run(id, this.key);
      const { id, chargingProfilePurpose, stackLevel, transactionId } = profile;
      this.statements.put.run(
        id,
        evseId,
        chargingProfilePurpose,
        stackLevel,
        transactionId ?? null,
        JSON.stringify(profile),
        setAt,
        this.key,
      );
    });
  }

  delete(ids: readonly number[]): void {
    this.scope.transaction(() => {
      for (const id of ids) this.statements.delete.run(id, this.key);
    });
  }
}
