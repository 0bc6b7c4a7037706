// M. Certificate management: the station's store of root certificates (CSMS, Manufacturer, V2G,
// MO roots) and the CSMS's requests on it: InstallCertificate (M05), GetInstalledCertificateIds
// (M03), DeleteCertificate (M04). Its API gives the installed roots to who checks against them:
// firmware signing certificates (L01), the TLS link (CSMS roots), the security profile upgrade (A05).
// Not implemented: AdditionalRootCertificateCheck (a false constant), V2G chains, OCSP (M06).

import type {
  DeleteCertificateRequest,
  GetInstalledCertificateIdsRequest,
  InstallCertificateRequest,
} from '../../generated/ocpp201/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import { CertificateStore, ROOT_TYPES, type RootType } from './certificate-store.js';
import { parseCertificate, rootProblem, validAt, type ParsedCertificate } from './certificates.js';
import { deleteCertificate } from './delete-certificate.js';
import { reportCount } from './entries.js';
import { getInstalledCertificateIds } from './get-installed-certificate-ids.js';
import { installCertificate } from './install-certificate.js';

export type { RootType } from './certificate-store.js';

/** What the composition root gives the block. */
export interface CertificateSources {
  /** PEM roots from the command line, installed the first time each is seen (contract 2026-12). */
  readonly initialRoots?: Readonly<Partial<Record<RootType, readonly string[]>>>;
  /** PEM of the Charging Station certificate the link presents (security profile 3), and its chain. */
  readonly stationCertificate?: string;
}

export interface InstalledCertificate {
  type: RootType;
  subject: string;
  notAfter: string;
}

export interface CertificateManagementApi {
  /** The installed roots of a type, PEM, oldest first. */
  roots(type: RootType): string[];
  /** A05.FR.02: a root of the type is installed and valid now. */
  hasValidRoot(type: RootType): boolean;
  /** A05.FR.03: the station has a Charging Station certificate, valid now. */
  hasStationCertificate(): boolean;
  /** For the control API's state (contract 2026-12). */
  installed(): InstalledCertificate[];
}

/** station_state key: `type:fingerprint` of each command-line root already installed once. */
const SEEDED_KEY = 'certificates:seeded';

export const certificateManagementBlock = defineBlock({
  name: 'certificateManagement',
  needs: ['certificateSources'],
  create(ctx, needs: { certificateSources: CertificateSources }) {
    const sources = needs.certificateSources;
    const store = new CertificateStore(ctx.db);
    const stationCertificates = parsePems(sources.stationCertificate ?? '');

    // Command-line roots: installed the first time; one the CSMS deleted later stays deleted.
    const seeded = new Set(ctx.state.get<string[]>(SEEDED_KEY) ?? []);
    for (const type of ROOT_TYPES) {
      for (const pem of sources.initialRoots?.[type] ?? []) {
        const certificate = parseCertificate(pem);
        // The clock may not be set yet at start (no CSMS time before the boot): validity is judged at use.
        const problem = rootProblem(certificate);
        if (problem || !certificate) {
          ctx.log.warn({ type, problem }, 'command-line root certificate not installed');
          continue;
        }
        const key = `${type}:${certificate.x509.fingerprint256}`;
        if (seeded.has(key)) continue;
        store.put(type, certificate, ctx.now());
        seeded.add(key);
      }
    }
    ctx.state.set(SEEDED_KEY, [...seeded]);
    reportCount(ctx.dm, store);

    const api: CertificateManagementApi = {
      roots: (type) => store.list(type).map((entry) => entry.certificate.pem),
      hasValidRoot: (type) => store.list(type).some((entry) => validAt(entry.certificate, ctx.now())),
      hasStationCertificate: () => stationCertificates.some((certificate) => validAt(certificate, ctx.now()) && !certificate.x509.ca),
      installed: () =>
        store.list().map((entry) => ({
          type: entry.type,
          subject: entry.certificate.x509.subject.replaceAll('\n', ', '),
          notAfter: new Date(entry.certificate.x509.validTo).toISOString(),
        })),
    };
    return {
      api,
      routes: {
        InstallCertificate: { handle: (request: InstallCertificateRequest) => installCertificate(request, ctx, store) },
        GetInstalledCertificateIds: { handle: (request: GetInstalledCertificateIdsRequest) => getInstalledCertificateIds(request, store) },
        DeleteCertificate: { handle: (request: DeleteCertificateRequest) => deleteCertificate(request, ctx, store, stationCertificates) },
      } satisfies Routes,
    };
  },
});

/** Every certificate of a PEM bundle. */
function parsePems(text: string): ParsedCertificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map(parseCertificate).filter((certificate): certificate is ParsedCertificate => certificate !== undefined);
}
