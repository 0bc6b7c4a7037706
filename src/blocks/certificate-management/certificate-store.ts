// M. The installed root certificates, in the `certificates` table (migration 010), by type.

import type { InstallCertificateUseEnumType } from '../../generated/ocpp201/index.js';
import type { Database } from '../../store/database.js';
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
  constructor(private readonly db: Database) {}

  /** Every installed certificate, of one type or all, oldest first. */
  list(type?: RootType): StoredCertificate[] {
    const rows = (
      type === undefined
        ? this.db.prepare('SELECT id, type, pem FROM certificates ORDER BY id').all()
        : this.db.prepare('SELECT id, type, pem FROM certificates WHERE type = ? ORDER BY id').all(type)
    ) as Row[];
    const out: StoredCertificate[] = [];
    for (const row of rows) {
      const certificate = parseCertificate(row.pem);
      if (certificate) out.push({ id: row.id, type: row.type, certificate });
    }
    return out;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM certificates').get() as { n: number }).n;
  }

  /** Whether this certificate is installed as `type`. */
  has(type: RootType, certificate: ParsedCertificate): boolean {
    return (
      this.db.prepare('SELECT 1 FROM certificates WHERE type = ? AND fingerprint = ?').get(type, certificate.x509.fingerprint256) !==
      undefined
    );
  }

  /** Installs, or replaces the same certificate of that type (M05.FR.17). */
  put(type: RootType, certificate: ParsedCertificate, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO certificates (type, fingerprint, pem, installed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (type, fingerprint) DO UPDATE SET pem = excluded.pem, installed_at = excluded.installed_at`,
      )
      .run(type, certificate.x509.fingerprint256, certificate.pem, now.getTime());
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM certificates WHERE id = ?').run(id).changes > 0;
  }
}
