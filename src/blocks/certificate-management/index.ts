// M. Certificate management: the station's store of root certificates (CSMS, Manufacturer, V2G,
// MO roots) and the CSMS's requests on it: InstallCertificate (M05), GetInstalledCertificateIds
// (M03), DeleteCertificate (M04). Its API gives the installed roots to who checks against them:
// firmware signing certificates (L01), the TLS link (CSMS roots), the security profile upgrade (A05).
// It also holds the station's own certificate: A02/A03 renewal (SignCertificate, CertificateSigned,
// TriggerMessage SignChargingStationCertificate) and the client certificate the link presents.
// ISO 15118: the V2G Charging Station certificate (A02 with SignV2GCertificate, v2g-certificates.ts),
// the OCSP status of its chain (M06, ocsp-status.ts) and the EV's contract certificate requests
// forwarded to the CSMS (M01/M02, ev-certificate.ts).
// Not implemented: AdditionalRootCertificateCheck (a false constant).

import type {
  CertificateSignedRequest,
  DeleteCertificateRequest,
  GetInstalledCertificateIdsRequest,
  InstallCertificateRequest,
} from '../../generated/ocpp201/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { SecurityEvents } from '../security/index.js';
import { CertificateStore, ROOT_TYPES, type RootType } from './certificate-store.js';
import { parseCertificate, rootProblem, validAt, type ParsedCertificate } from './certificates.js';
import { deleteCertificate } from './delete-certificate.js';
import { reportCount } from './entries.js';
import { getInstalledCertificateIds } from './get-installed-certificate-ids.js';
import { installCertificate } from './install-certificate.js';
import { CertificateSigning } from './certificate-signing.js';
import { keyFiles } from './key-files.js';
import { type ClientCredentials, StationCertificates } from './station-certificates.js';
import { forwardEvCertificateRequest } from './ev-certificate.js';
import { OcspStatus } from './ocsp-status.js';
import { V2GCertificates } from './v2g-certificates.js';

export type { RootType } from './certificate-store.js';
// C07 reads the EV's contract certificates the way this block reads the roots.
export { hashData, parseCertificate, type ParsedCertificate, selfSigned, validAt } from './certificates.js';
export type { ClientCredentials } from './station-certificates.js';

/** What the composition root gives the block. */
export interface CertificateSources {
  /** PEM roots from the command line, installed the first time each is seen (contract 2026-12). */
  readonly initialRoots?: Readonly<Partial<Record<RootType, readonly string[]>>>;
  /** PEM of the Charging Station certificate the link presents (security profile 3), and its chain. */
  readonly stationCertificate?: string;
  /** Its private key (PKCS#8 or SEC1 PEM). */
  readonly stationKey?: string;
  /** The data directory: the keys the station generates are files there (A02.FR.05); in memory without one. */
  readonly keyDir?: string;
}

export interface InstalledCertificate {
  /** A root's type, or V2GCertificate for the station's own V2G certificate. */
  type: RootType | 'V2GCertificate';
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
  /** A02.FR.09: the certificate and key the link presents on security profile 3 now. */
  clientCredentials(): ClientCredentials | undefined;
  /** A02.FR.10: the connection with these credentials opened / failed before opening. */
  connectedWith(id: string): void;
  failedWith(id: string): void;
}

/** station_state key: `type:fingerprint` of each command-line root already installed once. */
const SEEDED_KEY = 'certificates:seeded';

export const certificateManagementBlock = defineBlock({
  name: 'certificateManagement',
  needs: ['certificateSources', 'security'],
  create(ctx, needs: { certificateSources: CertificateSources; security: SecurityEvents }) {
    const sources = needs.certificateSources;
    const store = new CertificateStore(ctx.db);
    const keys = keyFiles(sources.keyDir);
    const commandLine =
      sources.stationCertificate && sources.stationKey ? { cert: sources.stationCertificate, key: sources.stationKey } : undefined;
    const own = new StationCertificates(ctx.state, keys, () => ctx.now(), ctx.log, commandLine);
    // The command-line certificate with its chain, and those the CSMS signed.
    const stationCertificates = (): ParsedCertificate[] => [...parsePems(sources.stationCertificate ?? ''), ...own.leaves()];
    const signing = new CertificateSigning(ctx, {
      certificates: own,
      keys,
      csmsRoots: () => store.list('CSMSRootCertificate').map((entry) => entry.certificate.pem),
      securityEvent: (type, info) => needs.security.record(type, info),
    });

    const v2g = new V2GCertificates(ctx, {
      keys,
      v2gRoots: () => store.list('V2GRootCertificate').map((entry) => entry.certificate.pem),
      securityEvent: (type, info) => needs.security.record(type, info),
    });
    const ocsp = new OcspStatus(ctx, () => {
      const chain = v2g.current();
      const top = chain?.at(-1);
      if (!chain || !top) return undefined;
      return { chain, root: store.list('V2GRootCertificate').find((r) => top.x509.checkIssued(r.certificate.x509))?.certificate };
    });
    const unsubscribe = ctx.events.on('hardware', (event) => {
      if (event.type === 'certificateRequest') void forwardEvCertificateRequest(ctx, event);
    });

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
      hasStationCertificate: () =>
        own.hasValid() || stationCertificates().some((certificate) => validAt(certificate, ctx.now()) && !certificate.x509.ca),
      installed: () => [
        ...store.list().map((entry) => summary(entry.type, entry.certificate)),
        ...(v2g.current()?.slice(0, 1) ?? []).map((leaf) => summary('V2GCertificate', leaf)),
      ],
      clientCredentials: () => own.credentials(),
      connectedWith: (id) => own.connected(id),
      failedWith: (id) => own.failed(id),
    };
    return {
      api,
      routes: {
        InstallCertificate: { handle: (request: InstallCertificateRequest) => installCertificate(request, ctx, store) },
        GetInstalledCertificateIds: {
          handle: (request: GetInstalledCertificateIdsRequest) => {
            const chain = v2g.current();
            return getInstalledCertificateIds(request, store, chain ? [chain] : []);
          },
        },
        DeleteCertificate: {
          handle: (request: DeleteCertificateRequest) =>
            deleteCertificate(request, ctx, store, [...stationCertificates(), ...v2g.leaves()]),
        },
        CertificateSigned: {
          handle: (request: CertificateSignedRequest) =>
            request.certificateType === 'V2GCertificate' ? v2g.certificateSigned(request) : signing.certificateSigned(request),
          after: (request, response) => {
            if (response.status !== 'Accepted') return undefined;
            // M06.FR.07: the OCSP status of the new V2G chain, after the answer went out.
            if (request.certificateType === 'V2GCertificate') return ocsp.refresh();
            return signing.afterAccepted(request);
          },
        },
      } satisfies Routes,
      // A02.FR.02: the answer first (F06.FR.04), then a new key pair and the SignCertificate.
      triggers: {
        SignChargingStationCertificate: {
          send: () => signing.request(true).catch((error: unknown) => ctx.log.error({ err: error }, 'no certificate signing request made')),
        },
        SignV2GCertificate: {
          send: () => v2g.request(true).catch((error: unknown) => ctx.log.error({ err: error }, 'no V2G certificate signing request made')),
        },
      },
      start: () => {
        signing.start();
        ocsp.start();
      },
      stop: () => {
        unsubscribe();
        ocsp.stop();
        signing.stop();
        v2g.stop();
      },
    };
  },
});

function summary(type: InstalledCertificate['type'], certificate: ParsedCertificate): InstalledCertificate {
  return {
    type,
    subject: certificate.x509.subject.replaceAll('\n', ', '),
    notAfter: new Date(certificate.x509.validTo).toISOString(),
  };
}

/** Every certificate of a PEM bundle. */
function parsePems(text: string): ParsedCertificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map(parseCertificate).filter((certificate): certificate is ParsedCertificate => certificate !== undefined);
}
