// H: the durable reservation table (migration 007). Rows are returned in the order they were
// written, so the newest reservation is last (a replaced one counts as new).

import type { ConnectorEnumType, IdTokenType } from '../../generated/ocpp201/index.js';
import type { Database } from '../../store/database.js';

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

  constructor(db: Database) {
    this.statements = {
      all: db.prepare<[], Row>('SELECT * FROM reservations ORDER BY rowid'),
      // DELETE + INSERT rather than REPLACE in place: a replaced reservation becomes the newest.
      remove: db.prepare<[number]>('DELETE FROM reservations WHERE id = ?'),
      insert: db.prepare<[number, string, string, string | null, number | null, string | null]>(
        'INSERT INTO reservations (id, expiry_at, id_token, group_id_token, evse_id, connector_type) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
    this.put = db.transaction(this.put.bind(this));
  }

  all(): Reservation[] {
    return this.statements.all.all().map(fromRow);
  }

  /** Inserts, or replaces the reservation with the same id (H01.FR.02). */
  put(r: Reservation): void {
    this.statements.remove.run(r.id);
    this.statements.insert.run(
      r.id,
      r.expiryDateTime,
      JSON.stringify(r.idToken),
      r.groupIdToken ? JSON.stringify(r.groupIdToken) : null,
      r.evseId ?? null,
      r.connectorType ?? null,
    );
  }

  remove(id: number): boolean {
    return this.statements.remove.run(id).changes > 0;
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
