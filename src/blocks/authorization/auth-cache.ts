// C10 Authorization Cache over SQLite (table auth_cache, migration 004): the latest IdTokenInfo
// received for each token, whatever its status (C10.FR.01), persistent across reboots
// (C10.FR.02). Whether it is used at all (AuthCacheCtrlr.Enabled) is the authorizer's call.
//
// Expiry (C10.FR.10/13 as amended by the 2025-01 errata): an entry with cacheExpiryDateTime is
// valid until then; one without is valid for AuthCacheCtrlr.LifeTime seconds after its
// IdTokenInfo was last updated. An expired entry is removed, as is one whose
// cacheExpiryDateTime is already past when it arrives (prepaid accounts are kept out that way).
//
// Size (AuthCacheCtrlr.Storage): each entry's size is estimated as the bytes of its stored
// columns (hash, status, IdTokenInfo JSON, three integers); SQLite's page and index overhead is
// not counted. The sum is reported in Storage's Actual value and kept at or below its
// maxLimit. To make room (C10.FR.07) expired entries go first, then, as C10.FR.07's note
// suggests, entries not Accepted, then valid ones; within each, the least recently used
// (AuthCacheCtrlr.Policy = LRU, the only policy offered). An entry is "used" when it is
// written or when a decision relies on it.

import type { IdTokenInfoType, IdTokenType } from '../../generated/ocpp201/index.js';
import type { StationKey, StationScope } from '../../store/scope.js';
import { tokenHash } from './id-token.js';

export interface AuthCacheOptions {
  /** Station time, epoch ms. */
  now(): number;
  /** AuthCacheCtrlr.LifeTime in seconds; undefined: entries without cacheExpiryDateTime do not expire. */
  lifeTimeS(): number | undefined;
  /** AuthCacheCtrlr.Storage maxLimit. */
  maxBytes(): number;
  /** Told the estimated bytes in use after every change (AuthCacheCtrlr.Storage Actual). */
  onStorage?(bytes: number): void;
}

interface Row {
  token_hash: string;
  info: string;
  expires_at: number | null;
  updated_at: number;
}

/** Bytes of the three integer columns (expires_at, updated_at, used_at) in the estimate. */
const INTEGER_BYTES = 3 * 8;

export class AuthCache {
  constructor(
    private readonly scope: StationScope,
    private readonly options: AuthCacheOptions,
  ) {}

  /** The valid entry for the token, or undefined; an expired one is removed (C10.FR.10, C10.FR.13). */
  get(idToken: IdTokenType): IdTokenInfoType | undefined {
    const hash = tokenHash(idToken);
    const row = this.select.get(hash, this.key);
    if (!row) return undefined;
    if (this.expired(row)) {
      this.removeOne.run(hash, this.key);
      this.report();
      return undefined;
    }
    return JSON.parse(row.info) as IdTokenInfoType;
  }

  /** Marks the entry as used now (LRU). */
  touch(idToken: IdTokenType): void {
    this.touchOne.run(this.options.now(), tokenHash(idToken), this.key);
  }

  /** Stores the latest IdTokenInfo (C10.FR.04/05, C12.FR.06), making room when full (C10.FR.07). */
  put(idToken: IdTokenType, info: IdTokenInfoType): void {
    const hash = tokenHash(idToken);
    const now = this.options.now();
    const expiresAt = info.cacheExpiryDateTime === undefined ? null : Date.parse(info.cacheExpiryDateTime);
    if (expiresAt !== null && (Number.isNaN(expiresAt) || now > expiresAt)) {
      // Errata 2025-01 C10.FR.10 note: a past cacheExpiryDateTime keeps the token out of the cache.
      this.removeOne.run(hash, this.key);
      this.report();
      return;
    }
    const text = JSON.stringify(info);
    const bytes = Buffer.byteLength(hash) + Buffer.byteLength(info.status) + Buffer.byteLength(text) + INTEGER_BYTES;
    this.upsert.run(hash, info.status, text, expiresAt, now, now, bytes, this.key);
    this.makeRoom(hash);
    this.report();
  }

  remove(idToken: IdTokenType): void {
    this.removeOne.run(tokenHash(idToken), this.key);
    this.report();
  }

  /** C11.FR.01: every entry goes. */
  clear(): void {
    this.removeAll.run(this.key);
    this.report();
  }

  get size(): number {
    return this.countRows.get(this.key)!.n;
  }

  /** Estimated bytes in use (AuthCacheCtrlr.Storage). */
  get bytes(): number {
    return this.sumBytes.get(this.key)!.total;
  }

  /** Tells the current size, e.g. at start-up. */
  report(): void {
    this.options.onStorage?.(this.bytes);
  }

  private expired(row: Row): boolean {
    const now = this.options.now();
    if (row.expires_at !== null) return now > row.expires_at; // C10.FR.13
    const lifeTimeS = this.options.lifeTimeS();
    return lifeTimeS !== undefined && now - row.updated_at > lifeTimeS * 1000; // C10.FR.10
  }

  /** C10.FR.07: expired entries first, then not Accepted, then least recently used; never `keep`. */
  private makeRoom(keep: string): void {
    const limit = this.options.maxBytes();
    if (this.bytes <= limit) return;
    const now = this.options.now();
    const lifeTimeS = this.options.lifeTimeS();
    this.removeExpired.run({ now, lifetime: lifeTimeS === undefined ? null : lifeTimeS * 1000, ...this.key });
    while (this.bytes > limit) {
      const victim = this.victim.get(keep, this.key);
      if (!victim) break;
      this.removeOne.run(victim.token_hash, this.key);
    }
  }

  // The statements, prepared once for the database by the scope and looked up per use, so that a
  // station keeps no reference of its own to each.

  private get key(): StationKey {
    return this.scope.key;
  }

  private get select() {
    return this.scope.prepare<[string, StationKey], Row>(
      'SELECT token_hash, info, expires_at, updated_at FROM auth_cache WHERE station = @station AND token_hash = ?',
    );
  }

  private get upsert() {
    return this.scope.prepare<[string, string, string, number | null, number, number, number, StationKey]>(
      `INSERT INTO auth_cache (station, token_hash, status, info, expires_at, updated_at, used_at, bytes) VALUES (@station, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(station, token_hash) DO UPDATE SET status = excluded.status, info = excluded.info, expires_at = excluded.expires_at,
         updated_at = excluded.updated_at, used_at = excluded.used_at, bytes = excluded.bytes`,
    );
  }

  private get removeOne() {
    return this.scope.prepare<[string, StationKey]>('DELETE FROM auth_cache WHERE station = @station AND token_hash = ?');
  }

  private get touchOne() {
    return this.scope.prepare<[number, string, StationKey]>(
      'UPDATE auth_cache SET used_at = ? WHERE station = @station AND token_hash = ?',
    );
  }

  private get sumBytes() {
    return this.scope.prepare<[StationKey], { total: number }>(
      'SELECT COALESCE(SUM(bytes), 0) AS total FROM auth_cache WHERE station = @station',
    );
  }

  private get countRows() {
    return this.scope.prepare<[StationKey], { n: number }>('SELECT COUNT(*) AS n FROM auth_cache WHERE station = @station');
  }

  private get removeExpired() {
    return this.scope.prepare<[{ now: number; lifetime: number | null; station: string }]>(
      `DELETE FROM auth_cache WHERE station = @station AND ((expires_at IS NOT NULL AND @now > expires_at)
         OR (expires_at IS NULL AND @lifetime IS NOT NULL AND @now - updated_at > @lifetime))`,
    );
  }

  private get victim() {
    return this.scope.prepare<[string, StationKey], { token_hash: string }>(
      `SELECT token_hash FROM auth_cache WHERE station = @station AND token_hash != ?
       ORDER BY status = 'Accepted', used_at, updated_at LIMIT 1`,
    );
  }

  private get removeAll() {
    return this.scope.prepare<[StationKey]>('DELETE FROM auth_cache WHERE station = @station');
  }
}
