// D. The Local Authorization List over SQLite (tables local_auth_list and
// local_auth_list_version, migration 006): what the CSMS sent with SendLocalList, persistent
// across reboots (D01.FR.10), changed by nothing else (D01.FR.09). The authorization block
// reads it through the LocalList hook, before the cache (C13.FR.01, C14.FR.01).
//
// Enabled: while LocalAuthListCtrlr.Enabled is false the list is not consulted (lookup finds
// nothing) and reports version 0 (D02.FR.03); its entries stay stored.
//
// Expiry: LocalAuthListCtrlr.SupportsExpiryDateTime is not implemented (not in the device
// model), so cacheExpiryDateTime of an entry is not checked (C13.FR.02/04, C14.FR.02).
//
// Size: an entry's size is estimated as the bytes of its stored columns (hash, status,
// IdTokenInfo JSON, one integer), as for the cache. Entries and Storage (Actual) report the
// count and the sum; their maxLimit bound the list: an update that would go beyond either is
// refused whole.

import type { AuthorizationData, IdTokenInfoType, IdTokenType } from '../../generated/ocpp201/index.js';
import { DM, type StandardVariablePath } from '../../generated/ocpp201/dm-catalog.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import { parsePath } from '../../device-model/path.js';
import type { Logger } from '../../log/logger.js';
import type { StationKey, StationScope } from '../../store/scope.js';
import { tokenHash, type LocalList } from '../authorization/index.js';

/** Why an update was not applied; the list is then as it was. */
export type UpdateRefusal = 'TooManyEntries' | 'OutOfStorage';

/** Bytes of the integer column in the estimate. */
const INTEGER_BYTES = 8;

export class LocalAuthList implements LocalList {
  constructor(
    private readonly scope: StationScope,
    private readonly dm: DeviceModel,
    private readonly log?: Logger,
  ) {}

  // --- LocalList: what the authorization block asks ---

  lookup(idToken: IdTokenType): IdTokenInfoType | undefined {
    if (!this.enabled()) return undefined;
    const row = this.selectInfo.get(tokenHash(idToken), this.key);
    return row ? (JSON.parse(row.info) as IdTokenInfoType) : undefined;
  }

  /** LocalAuthListCtrlr.DisablePostAuthorize (C14.FR.03 off). */
  disablePostAuthorize(): boolean {
    return this.dm.getBool(DM.LocalAuthListCtrlr.DisablePostAuthorize) === true;
  }

  // --- the list itself ---

  /** LocalAuthListCtrlr.Enabled: the list is enabled when the variable exists and is true (§2.5.1). */
  enabled(): boolean {
    return this.dm.getBool(DM.LocalAuthListCtrlr.Enabled) === true;
  }

  /** The stored version; 0 when the CSMS has sent no list yet (D02.FR.02). */
  get version(): number {
    return this.selectVersion.get(this.key)?.version ?? 0;
  }

  get size(): number {
    return this.totals.get(this.key)!.entries;
  }

  /** Estimated bytes in use (LocalAuthListCtrlr.Storage). */
  get bytes(): number {
    return this.totals.get(this.key)!.bytes;
  }

  /**
   * D01.FR.04/15: the list becomes exactly `entries` (each with idTokenInfo), at `version`;
   * all or nothing.
   */
  replace(version: number, entries: readonly Required<Pick<AuthorizationData, 'idToken' | 'idTokenInfo'>>[]): UpdateRefusal | undefined {
    return this.apply(version, () => {
      this.removeAll.run(this.key);
      for (const { idToken, idTokenInfo } of entries) this.put(idToken, idTokenInfo);
    });
  }

  /**
   * D01.FR.16/17: entries with idTokenInfo are added or updated, those without are removed;
   * the list is then at `version` (also when `changes` is empty, D01.FR.05); all or nothing.
   */
  update(version: number, changes: readonly AuthorizationData[]): UpdateRefusal | undefined {
    return this.apply(version, () => {
      for (const { idToken, idTokenInfo } of changes) {
        if (idTokenInfo) this.put(idToken, idTokenInfo);
        else this.removeOne.run(tokenHash(idToken), this.key);
      }
    });
  }

  /** Tells the device model the current size (Entries, Storage), e.g. at start-up. */
  report(): void {
    const { entries, bytes } = this.totals.get(this.key)!;
    this.setActual(DM.LocalAuthListCtrlr.Entries, entries);
    this.setActual(DM.LocalAuthListCtrlr.Storage, bytes);
  }

  /** Runs `change` and sets the version in one SQLite transaction, rolled back when over a limit. */
  private apply(version: number, change: () => void): UpdateRefusal | undefined {
    // Throwing inside the transaction rolls it back: the list and its version stay as they were.
    const run = this.scope.db.transaction(() => {
      change();
      const refusal = this.overLimit();
      if (refusal) throw new Refused(refusal);
      this.writeVersion.run(version, this.key);
    });
    try {
      run();
    } catch (error) {
      if (error instanceof Refused) return error.refusal;
      throw error;
    }
    this.report();
    return undefined;
  }

  private put(idToken: IdTokenType, info: IdTokenInfoType): void {
    const hash = tokenHash(idToken);
    const text = JSON.stringify(info);
    const bytes = Buffer.byteLength(hash) + Buffer.byteLength(info.status) + Buffer.byteLength(text) + INTEGER_BYTES;
    this.upsert.run(hash, info.status, text, bytes, this.key);
  }

  private overLimit(): UpdateRefusal | undefined {
    const { entries, bytes } = this.totals.get(this.key)!;
    const maxEntries = maxLimit(this.dm, DM.LocalAuthListCtrlr.Entries);
    if (maxEntries !== undefined && entries > maxEntries) return 'TooManyEntries';
    const maxBytes = maxLimit(this.dm, DM.LocalAuthListCtrlr.Storage);
    if (maxBytes !== undefined && bytes > maxBytes) return 'OutOfStorage';
    return undefined;
  }

  private setActual(ref: StandardVariablePath, value: number): void {
    try {
      this.dm.set(ref, String(value));
    } catch (error) {
      this.log?.warn({ err: error }, 'cannot report the local authorization list size');
    }
  }

  // The statements, prepared once for the database by the scope and looked up per use, so that a
  // station keeps no reference of its own to each.

  private get key(): StationKey {
    return this.scope.key;
  }

  private get selectInfo() {
    return this.scope.prepare<[string, StationKey], { info: string }>(
      'SELECT info FROM local_auth_list WHERE station = @station AND token_hash = ?',
    );
  }

  private get upsert() {
    return this.scope.prepare<[string, string, string, number, StationKey]>(
      `INSERT INTO local_auth_list (station, token_hash, status, info, bytes) VALUES (@station, ?, ?, ?, ?)
       ON CONFLICT(station, token_hash) DO UPDATE SET status = excluded.status, info = excluded.info, bytes = excluded.bytes`,
    );
  }

  private get removeOne() {
    return this.scope.prepare<[string, StationKey]>('DELETE FROM local_auth_list WHERE station = @station AND token_hash = ?');
  }

  private get removeAll() {
    return this.scope.prepare<[StationKey]>('DELETE FROM local_auth_list WHERE station = @station');
  }

  private get selectVersion() {
    return this.scope.prepare<[StationKey], { version: number }>('SELECT version FROM local_auth_list_version WHERE station = @station');
  }

  private get writeVersion() {
    return this.scope.prepare<[number, StationKey]>(
      'INSERT INTO local_auth_list_version (station, version) VALUES (@station, ?) ON CONFLICT(station) DO UPDATE SET version = excluded.version',
    );
  }

  private get totals() {
    return this.scope.prepare<[StationKey], { entries: number; bytes: number }>(
      'SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM local_auth_list WHERE station = @station',
    );
  }
}

class Refused extends Error {
  constructor(readonly refusal: UpdateRefusal) {
    super(refusal);
  }
}

/** A variable's maxLimit characteristic (LocalAuthListCtrlr.Entries, Storage). */
function maxLimit(dm: DeviceModel, path: StandardVariablePath): number | undefined {
  const [report] = dm.customReport(undefined, [parsePath(path)]);
  return report?.variableCharacteristics?.maxLimit;
}
