// The display_messages table (migration 008): the messages the CSMS set, persistent across
// reboots (O01.FR.10, O02.FR.10).

import type { MessageInfoType } from '../../generated/ocpp201/index.js';
import type { StationKey, StationScope } from '../../store/scope.js';

export interface StoredMessage {
  info: MessageInfoType;
  /** startDateTime / endDateTime as epoch ms, when given. */
  startsAt: number | undefined;
  endsAt: number | undefined;
  /** Station time (epoch ms) the message was set. */
  setAt: number;
}

interface Row {
  id: number;
  info: string;
  starts_at: number | null;
  ends_at: number | null;
  set_at: number;
}

type Insert = [number, string, string | null, number | null, number | null, string | null, string, number, StationKey];

// Statements are looked up by their text on each use (the scope prepares each once per
// database), so that a station keeps no object of its own statements.
const ALL = 'SELECT id, info, starts_at, ends_at, set_at FROM display_messages WHERE station = @station ORDER BY set_at, id';
const PUT = `INSERT OR REPLACE INTO display_messages (id, priority, state, starts_at, ends_at, transaction_id, info, set_at, station)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, @station)`;
const DELETE = 'DELETE FROM display_messages WHERE station = @station AND id = ?';

export class MessageStore {
  constructor(private readonly scope: StationScope) {}

  /** Every stored message, oldest first. */
  all(): StoredMessage[] {
    const { scope } = this;
    return scope
      .prepare<[StationKey], Row>(ALL)
      .all(scope.key)
      .map((row) => ({
        info: JSON.parse(row.info) as MessageInfoType,
        startsAt: row.starts_at ?? undefined,
        endsAt: row.ends_at ?? undefined,
        setAt: row.set_at,
      }));
  }

  /** Stores the message, replacing one with the same id, and deletes `replacing` in the same SQLite transaction. */
  put(message: StoredMessage, replacing: readonly number[] = []): void {
    const { info } = message;
    const { scope } = this;
    scope.transaction(() => {
      const remove = scope.prepare<[number, StationKey]>(DELETE);
      for (const id of replacing) remove.run(id, scope.key);
      scope
        .prepare<Insert>(PUT)
        .run(
          info.id,
          info.priority,
          info.state ?? null,
          message.startsAt ?? null,
          message.endsAt ?? null,
          info.transactionId ?? null,
          JSON.stringify(info),
          message.setAt,
          scope.key,
        );
    });
  }

  /** Deletes the messages; true when any existed. */
  delete(ids: readonly number[]): boolean {
    const { scope } = this;
    let deleted = 0;
    scope.transaction(() => {
      const remove = scope.prepare<[number, StationKey]>(DELETE);
      for (const id of ids) deleted += remove.run(id, scope.key).changes;
    });
    return deleted > 0;
  }
}
