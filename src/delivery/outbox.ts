// The durable outbox: messages to the CSMS that must survive network loss, reboots and kill -9.
// A message is committed here (synchronously, synchronous=FULL) before the station acts as if it
// were sent; its messageId is fixed at that moment, so every resend carries the same id and the
// CSMS can tell a resend from a new message (errata 2024-09 allows reusing it).
//
// Bound: at most `maxEntries` messages. When full, room is made by dropping, in this order:
//   1. the oldest intermediate meter-value update (`droppable`),
//   2. the oldest message that is not transaction-related,
// and when neither exists the new message is refused (OutboxFullError): transaction Started and
// Ended events already queued are never dropped to make room. A full disk (SQLITE_FULL) is
// handled the same way.

import { randomUUID } from 'node:crypto';
import type { StationKey, StationScope } from '../store/scope.js';

export type OutboxKind = 'transaction' | 'other';

export interface OutboxEntry {
  seq: number;
  messageId: string;
  action: string;
  payload: unknown;
  kind: OutboxKind;
  droppable: boolean;
  attempts: number;
  createdAt: string;
}

interface Row {
  seq: number;
  message_id: string;
  action: string;
  payload: string;
  kind: OutboxKind;
  droppable: number;
  attempts: number;
  created_at: string;
}

export class OutboxFullError extends Error {
  override readonly name = 'OutboxFullError';
}

export interface OutboxOptions {
  maxEntries?: number;
  now?: () => Date;
}

export const DEFAULT_MAX_ENTRIES = 100_000;

export class Outbox {
  private readonly maxEntries: number;
  private readonly now: () => Date;
  private readonly statements;
  private readonly key: StationKey;

  constructor(
    private readonly scope: StationScope,
    options: OutboxOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? (() => new Date());
    this.key = scope.key;
    this.statements = {
      insert: scope.prepare(
        'INSERT INTO outbox (station, message_id, action, payload, kind, droppable, created_at) VALUES (@station, ?, ?, ?, ?, ?, ?)',
      ),
      head: scope.prepare<[StationKey], Row>('SELECT * FROM outbox WHERE station = @station ORDER BY seq LIMIT 1'),
      all: scope.prepare<[StationKey], Row>('SELECT * FROM outbox WHERE station = @station ORDER BY seq'),
      count: scope.prepare<[StationKey], { n: number }>('SELECT count(*) AS n FROM outbox WHERE station = @station'),
      span: scope.prepare<[StationKey], { lo: number | null; hi: number | null }>(
        'SELECT (SELECT min(seq) FROM outbox WHERE station = @station) AS lo, (SELECT max(seq) FROM outbox WHERE station = @station) AS hi',
      ),
      remove: scope.prepare<[number]>('DELETE FROM outbox WHERE seq = ?'),
      attempt: scope.prepare<[number], { attempts: number }>('UPDATE outbox SET attempts = attempts + 1 WHERE seq = ? RETURNING attempts'),
      oldestDroppable: scope.prepare<[StationKey], { seq: number }>(
        'SELECT seq FROM outbox WHERE station = @station AND droppable = 1 ORDER BY seq LIMIT 1',
      ),
      oldestOther: scope.prepare<[StationKey], { seq: number }>(
        "SELECT seq FROM outbox WHERE station = @station AND kind = 'other' ORDER BY seq LIMIT 1",
      ),
    };
  }

  get size(): number {
    return this.statements.count.get(this.key)!.n;
  }

  /** Commits a message; when this returns it survives any crash. */
  add(action: string, payload: unknown, options: { kind: OutboxKind; droppable?: boolean }): OutboxEntry {
    const entry = {
      messageId: randomUUID(),
      action,
      payload,
      kind: options.kind,
      droppable: options.droppable ?? false,
      attempts: 0,
      createdAt: this.now().toISOString(),
    };
    const insert = (): number =>
      Number(
        this.statements.insert.run(
          entry.messageId,
          action,
          JSON.stringify(payload),
          entry.kind,
          entry.droppable ? 1 : 0,
          entry.createdAt,
          this.key,
        ).lastInsertRowid,
      );
    const seq = this.scope.transaction(() => {
      if (this.full()) this.makeRoom();
      try {
        return insert();
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
        this.makeRoom();
        return insert();
      }
    });
    return { seq, ...entry };
  }

  /** The next message to send, in commit order. */
  head(): OutboxEntry | undefined {
    const row = this.statements.head.get(this.key);
    return row && toEntry(row);
  }

  entries(): OutboxEntry[] {
    return this.statements.all.all(this.key).map(toEntry);
  }

  /**
   * The CSMS answered (or the message was given up): it is gone for good. This commit alone is
   * not synced to disk: a kill -9 cannot undo it (the write is in the operating system's hands
   * already), and the next durable commit syncs it; only a power loss in between could bring
   * the message back, to be resent with its own messageId, which the CSMS recognises. That
   * saves one disk sync per delivered message.
   */
  remove(seq: number): void {
    this.scope.db.pragma('synchronous = NORMAL');
    try {
      this.statements.remove.run(seq);
    } finally {
      this.scope.db.pragma('synchronous = FULL');
    }
  }

  /** Records one failed attempt; returns how many there have been. */
  noteAttempt(seq: number): number {
    return this.statements.attempt.get(seq)?.attempts ?? 0;
  }

  /**
   * Counting rows costs a walk over the table, which every commit would pay; the span of seq
   * (two index lookups) bounds the count from above, so the exact count is only needed near the bound.
   */
  private full(): boolean {
    const { lo, hi } = this.statements.span.get(this.key)!;
    if (lo === null || hi === null || hi - lo + 1 < this.maxEntries) return false;
    return this.size >= this.maxEntries;
  }

  private makeRoom(): void {
    const victim = this.statements.oldestDroppable.get(this.key) ?? this.statements.oldestOther.get(this.key);
    if (!victim) throw new OutboxFullError(`outbox holds ${this.maxEntries} transaction messages; refusing more`);
    this.statements.remove.run(victim.seq);
  }
}

function toEntry(row: Row): OutboxEntry {
  return {
    seq: row.seq,
    messageId: row.message_id,
    action: row.action,
    payload: JSON.parse(row.payload) as unknown,
    kind: row.kind,
    droppable: row.droppable === 1,
    attempts: row.attempts,
    createdAt: row.created_at,
  };
}
