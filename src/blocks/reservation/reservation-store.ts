// H: the durable reservation table (migration 007). Rows are returned in the order they were
// written, so the newest reservation is last (a replaced one counts as new).

import type { ConnectorEnumType, IdTokenType } from '../../generated/ocpp201/index.js';
import type { StationKey, StationScope } from '../../store/scope.js';

export interface Reservation {
  id: number;
  expiryDateTime: string;
  idToken: IdTokenType;
  groupIdToken?: IdTokenType;
  /** Absent: an unspecified EVSE (H01 S1), or any EVSE with `connectorType` (H01 S3). */
  evseId?: number;
  connectorType?: ConnectorEnumType;
}

interface Row {
  id: number;
  expiry_at: string;
  id_token: string;
  group_id_token: string | null;
  evse_id: number | null;
  connector_type: string | null;
}

// Statements are looked up by their text on each use (the scope prepares each once per
// database), so that a station keeps no object of its own statements.
const ALL = 'SELECT * FROM reservations WHERE station = @station ORDER BY rowid';
// DELETE + INSERT rather than REPLACE in place: a replaced reservation becomes the newest.
const REMOVE = 'DELETE FROM reservations WHERE station = @station AND id = ?';
const INSERT =
  'INSERT INTO reservations (station, id, expiry_at, id_token, group_id_token, evse_id, connector_type) VALUES (@station, ?, ?, ?, ?, ?, ?)';

type Insert = [number, string, string, string | null, number | null, string | null, StationKey];

export class ReservationStore {
  constructor(private readonly scope: StationScope) {}

  all(): Reservation[] {
    const { scope } = this;
    return scope.prepare<[StationKey], Row>(ALL).all(scope.key).map(fromRow);
  }

  /** Inserts, or replaces the reservation with the same id (H01.FR.02), in one SQLite transaction. */
  put(r: Reservation): void {
    const { scope } = this;
    scope.transaction(() => {
      scope.prepare<[number, StationKey]>(REMOVE).run(r.id, scope.key);
      scope
        .prepare<Insert>(INSERT)
        .run(
          r.id,
          r.expiryDateTime,
          JSON.stringify(r.idToken),
          r.groupIdToken ? JSON.stringify(r.groupIdToken) : null,
          r.evseId ?? null,
          r.connectorType ?? null,
          scope.key,
        );
    });
  }

  remove(id: number): boolean {
    const { scope } = this;
    return scope.prepare<[number, StationKey]>(REMOVE).run(id, scope.key).changes > 0;
  }
}

function fromRow(row: Row): Reservation {
  return {
    id: row.id,
    expiryDateTime: row.expiry_at,
    idToken: JSON.parse(row.id_token) as IdTokenType,
    ...(row.group_id_token !== null ? { groupIdToken: JSON.parse(row.group_id_token) as IdTokenType } : {}),
    ...(row.evse_id !== null ? { evseId: row.evse_id } : {}),
    ...(row.connector_type !== null ? { connectorType: row.connector_type as ConnectorEnumType } : {}),
  };
}
