// The charging_profiles table (migration 009): the profiles the CSMS set, persistent across
// reboots (K01.FR.27).

import type { ChargingProfileType } from '../../generated/ocpp201/index.js';
import type { Database } from '../../store/database.js';
import type { InstalledProfile } from './composite-schedule.js';

interface Row {
  evse_id: number;
  profile: string;
}

type Insert = [number, number, string, number, string | null, string, number];

export class ProfileStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      all: db.prepare<[], Row>('SELECT evse_id, profile FROM charging_profiles ORDER BY evse_id, id'),
      put: db.prepare<Insert>(
        `INSERT OR REPLACE INTO charging_profiles (id, evse_id, purpose, stack_level, transaction_id, profile, set_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      delete: db.prepare<[number]>('DELETE FROM charging_profiles WHERE id = ?'),
    };
  }

  all(): InstalledProfile[] {
    return this.statements.all.all().map((row) => ({ evseId: row.evse_id, profile: JSON.parse(row.profile) as ChargingProfileType }));
  }

  /** Stores the profile and deletes those it replaces, in one SQLite transaction. */
  put(evseId: number, profile: ChargingProfileType, setAt: number, replacing: readonly number[] = []): void {
    this.db.transaction(() => {
      for (const id of replacing) this.statements.delete.run(id);
      const { id, chargingProfilePurpose, stackLevel, transactionId } = profile;
      this.statements.put.run(id, evseId, chargingProfilePurpose, stackLevel, transactionId ?? null, JSON.stringify(profile), setAt);
    })();
  }

  delete(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.statements.delete.run(id);
    })();
  }
}
