// M. The installed root certificates, in the `certificates` table (migration 010), by type.

import type { InstallCertificateUseEnumType } from '../../generated/ocpp201/index.js';
import type { StationKey, StationScope } from '../../store/scope.js';
import { parseCertificate, type ParsedCertificate } from './certificates.js';

export type RootType = InstallCertificateUseEnumType;
export const ROOT_TYPES: readonly RootType[] = [
  'CSMSRootCertificate',
  'ManufacturerRootCertificate',
  'V2GRootCertificate',
  'MORootCertificate',
];

export interface StoredCertificate {
  readonly id: number;
  readonly type: RootType;
  readonly certificate: ParsedCertificate;
}

interface Row {
  id: number;
  type: RootType;
  pem: string;
}

export class CertificateStore {
  private readonly key: StationKey;

  constructor(private readonly scope: StationScope) {
    this.key = scope.key;
  }

  /** Every installed certificate, of one type or all, oldest first. */
  list(type?: RootType): StoredCertificate[] {
    const rows = (
      type === undefined
        ? this.scope.prepare('SELECT id, type, pem FROM certificates WHERE station = @station ORDER BY id').all(this.key)
        : this.scope.prepare('SELECT id, type, pem FROM certificates WHERE station = @station AND type = ? ORDER BY id').all(type, this.key)
    ) as Row[];
    const out: StoredCertificate[] = [];
    for (const row of rows) {
      const certificate = parseCertificate(row.pem);
      if (certificate) out.push({ id: row.id, type: row.type, certificate });
    }
    return out;
  }

  count(): number {
    return (this.scope.prepare('SELECT COUNT(*) AS n FROM certificates WHERE station = @station').get(this.key) as { n: number }).n;
  }

  /** Whether this certificate is installed as `type`. */
  has(type: RootType, certificate: ParsedCertificate): boolean {
    return (
      this.scope
        .prepare('SELECT 1 FROM certificates WHERE station = @station AND type = ? AND fingerprint = ?')
        .get(type, certificate.x509.fingerprint256, this.key) !== undefined
    );
  }

  /** Installs, or replaces the same certificate of that type (M05.FR.17). */
  put(type: RootType, certificate: ParsedCertificate, now: Date): void {
    this.scope
      .prepare(
        `INSERT INTO certificates (station, type, fingerprint, pem, installed_at) VALUES (@station, ?, ?, ?, ?)
         ON CONFLICT (station, type, fingerprint) DO UPDATE SET pem = excluded.pem, installed_at = excluded.installed_at`,
      )
      .run(type, certificate.x509.fingerprint256, certificate.pem, now.getTime(), this.key);
  }

  delete(id: number): boolean {
    return this.scope.prepare('DELETE FROM certificates WHERE station = @station AND id = ?').run(id, this.key).changes > 0;
  }
}
