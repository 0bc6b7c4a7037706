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

export class ReservationStore {
  private readonly statements;
  private readonly key: StationKey;

  constructor(scope: StationScope) {
    this.key = scope.key;
    this.statements = {
      all: scope.prepare<[StationKey], Row>('SELECT * FROM reservations WHERE station = @station ORDER BY rowid'),
      // DELETE + INSERT rather than REPLACE in place: a replaced reservation becomes the newest.
      remove: scope.prepare<[number, StationKey]>('DELETE FROM reservations WHERE station = @station AND id = ?'),
      insert: scope.prepare<[number, string, string, string | null, number | null, string | null, StationKey]>(
        'INSERT INTO reservations (station, id, expiry_at, id_token, group_id_token, evse_id, connector_type) VALUES (@station, ?, ?, ?, ?, ?, ?)',
      ),
    };
    const put = this.put.bind(this);
    this.put = (r) => scope.transaction(() => put(r));
  }

  all(): Reservation[] {
    return this.statements.all.all(this.key).map(fromRow);
  }

  /** Inserts, or replaces the reservation with the same id (H01.FR.02). */
  put(r: Reservation): void {
    this.statements.remove.run(r.id, this.key);
    this.statements.insert.run(
      r.id,
      r.expiryDateTime,
      JSON.stringify(r.idToken),
      r.groupIdToken ? JSON.stringify(r.groupIdToken) : null,
      r.evseId ?? null,
      r.connectorType ?? null,
      this.key,
    );
  }

  remove(id: number): boolean {
    return this.statements.remove.run(id, this.key).changes > 0;
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
