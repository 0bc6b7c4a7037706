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
  CertificateSignedResponse,
  DeleteCertificateRequest,
  GetInstalledCertificateIdsRequest,
  InstallCertificateRequest,
} from '../../generated/ocpp201/index.js';
import type { TimerHandle } from '../../clock/clock.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { Triggers } from '../../kernel/trigger.js';
import type { SecurityEvents } from '../security/index.js';
import { CertificateStore, ROOT_TYPES, type RootType } from './certificate-store.js';
import { parseCertificate, rootProblem, validAt, type ParsedCertificate } from './certificates.js';
import { deleteCertificate } from './delete-certificate.js';
import { reportCount } from './entries.js';
import { getInstalledCertificateIds } from './get-installed-certificate-ids.js';
import { installCertificate } from './install-certificate.js';
import { CertificateSigning, type SigningDeps } from './certificate-signing.js';
import { type KeyFiles, keyFiles } from './key-files.js';
import { type ClientCredentials, StationCertificates } from './station-certificates.js';
import { forwardEvCertificateRequest } from './ev-certificate.js';
import { OcspStatus } from './ocsp-status.js';
import { type V2GDeps, V2GCertificates } from './v2g-certificates.js';

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
  create: (ctx, needs: { certificateSources: CertificateSources; security: SecurityEvents }) =>
    new CertificateManagement(ctx, needs.certificateSources, needs.security),
});

/**
 * The block, its API and the deps of its parts in one object per station. What a station without
 * certificates never uses (the key files, its own certificates, the renewal, the V2G certificate
 * and its OCSP status) is made on first use; the routes and triggers are built when read.
 */
class CertificateManagement implements CertificateManagementApi, SigningDeps, V2GDeps {
  private readonly store: CertificateStore;
  private daily: TimerHandle | undefined;
  private stopped = false;
  private keyStore: KeyFiles | undefined;
  private own: StationCertificates | undefined;
  private signingOf: CertificateSigning | undefined;
  private v2gOf: V2GCertificates | undefined;
  private ocspOf: OcspStatus | undefined;

  constructor(
    private readonly ctx: StationContext,
    private readonly sources: CertificateSources,
    private readonly security: SecurityEvents,
  ) {
    this.store = new CertificateStore(ctx.db);
    // Not unsubscribed at stop but silent from then on: the station's events end with it, and no
    // unsubscribe function is kept per station.
    ctx.events.on('hardware', (event) => {
      if (event.type === 'certificateRequest' && !this.stopped) void forwardEvCertificateRequest(this.ctx, event);
    });
    seedRoots(ctx, sources, this.store);
    reportCount(ctx.dm, this.store);
  }

  get api(): CertificateManagementApi {
    return this;
  }

  // --- the parts, made on first use ---

  get keys(): KeyFiles {
    this.keyStore ??= keyFiles(this.sources.keyDir);
    return this.keyStore;
  }

  get certificates(): StationCertificates {
    if (!this.own) {
      const { stationCertificate: cert, stationKey: key } = this.sources;
      this.own = new StationCertificates(this.ctx, this.keys, cert && key ? { cert, key } : undefined);
    }
    return this.own;
  }

  private get signing(): CertificateSigning {
    if (!this.signingOf) {
      this.signingOf = new CertificateSigning(this.ctx, this);
      if (this.stopped) this.signingOf.stop();
    }
    return this.signingOf;
  }

  private get v2g(): V2GCertificates {
    if (!this.v2gOf) {
      this.v2gOf = new V2GCertificates(this.ctx, this);
      if (this.stopped) this.v2gOf.stop();
    }
    return this.v2gOf;
  }

  private get ocsp(): OcspStatus {
    this.ocspOf ??= new OcspStatus(this.ctx, () => this.v2gChain());
    return this.ocspOf;
  }

  // --- what the parts are given ---

  csmsRoots(): string[] {
    return this.roots('CSMSRootCertificate');
  }

  v2gRoots(): string[] {
    return this.roots('V2GRootCertificate');
  }

  securityEvent(type: string, techInfo?: string): void {
    this.security.record(type, techInfo);
  }

  /** The V2G chain in use, leaf first, and the installed V2G root it ends at (M06). */
  private v2gChain(): { chain: ParsedCertificate[]; root: ParsedCertificate | undefined } | undefined {
    const chain = this.v2g.current();
    const top = chain?.at(-1);
    if (!chain || !top) return undefined;
    return { chain, root: this.store.list('V2GRootCertificate').find((r) => top.x509.checkIssued(r.certificate.x509))?.certificate };
  }

  /** The command-line certificate with its chain, and those the CSMS signed. */
  private stationCertificates(): ParsedCertificate[] {
    return [...parsePems(this.sources.stationCertificate ?? ''), ...this.certificates.leaves()];
  }

  // --- API ---

  roots(type: RootType): string[] {
    return this.store.list(type).map((entry) => entry.certificate.pem);
  }

  hasValidRoot(type: RootType): boolean {
    return this.store.list(type).some((entry) => validAt(entry.certificate, this.ctx.now()));
  }

  hasStationCertificate(): boolean {
    return (
      this.certificates.hasValid() ||
      this.stationCertificates().some((certificate) => validAt(certificate, this.ctx.now()) && !certificate.x509.ca)
    );
  }

  installed(): InstalledCertificate[] {
    return [
      ...this.store.list().map((entry) => summary(entry.type, entry.certificate)),
      ...(this.v2g.current()?.slice(0, 1) ?? []).map((leaf) => summary('V2GCertificate', leaf)),
    ];
  }

  clientCredentials(): ClientCredentials | undefined {
    return this.certificates.credentials();
  }

  connectedWith(id: string): void {
    this.certificates.connected(id);
  }

  failedWith(id: string): void {
    this.certificates.failed(id);
  }

  // --- block ---

  /** Read when the routes are installed and at each request of these actions; nothing kept per station. */
  get routes() {
    return {
      InstallCertificate: { handle: (request: InstallCertificateRequest) => installCertificate(request, this.ctx, this.store) },
      GetInstalledCertificateIds: {
        handle: (request: GetInstalledCertificateIdsRequest) => {
          const chain = this.v2g.current();
          return getInstalledCertificateIds(request, this.store, chain ? [chain] : []);
        },
      },
      DeleteCertificate: {
        handle: (request: DeleteCertificateRequest) =>
          deleteCertificate(request, this.ctx, this.store, [...this.stationCertificates(), ...this.v2g.leaves()]),
      },
      CertificateSigned: {
        handle: (request: CertificateSignedRequest) =>
          request.certificateType === 'V2GCertificate' ? this.v2g.certificateSigned(request) : this.signing.certificateSigned(request),
        after: (request: CertificateSignedRequest, response: CertificateSignedResponse) => {
          if (response.status !== 'Accepted') return undefined;
          // M06.FR.07: the OCSP status of the new V2G chain, after the answer went out.
          if (request.certificateType === 'V2GCertificate') return this.ocsp.refresh();
          return this.signing.afterAccepted(request);
        },
      },
    } satisfies Routes;
  }

  // A02.FR.02: the answer first (F06.FR.04), then a new key pair and the SignCertificate.
  get triggers(): Triggers {
    return {
      SignChargingStationCertificate: {
        send: () =>
          this.signing.request(true).catch((error: unknown) => this.ctx.log.error({ err: error }, 'no certificate signing request made')),
      },
      SignV2GCertificate: {
        send: () =>
          this.v2g.request(true).catch((error: unknown) => this.ctx.log.error({ err: error }, 'no V2G certificate signing request made')),
      },
    };
  }

  /**
   * A03.FR.02 and M06.FR.10: the renewal of the Charging Station certificate, then the OCSP status
   * of the V2G chain, are checked daily and at each registration; one timer and one listener serve
   * both, in that order, and a failing renewal check does not keep the OCSP one from running.
   */
  start(): void {
    const check = (): void => {
      this.daily = this.ctx.clock.setTimeout(check, DAY_MS);
      this.signing.renewIfDue();
      this.ocsp.refreshIfDue();
    };
    this.daily = this.ctx.clock.setTimeout(check, DAY_MS);
    this.ctx.events.on('accepted', () => {
      try {
        this.signing.renewIfDue();
      } finally {
        this.ocsp.refreshIfDue();
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.daily);
    this.signingOf?.stop();
    this.v2gOf?.stop();
  }
}

const DAY_MS = 24 * 3600_000;

/** Command-line roots: installed the first time; one the CSMS deleted later stays deleted. */
function seedRoots(ctx: StationContext, sources: CertificateSources, store: CertificateStore): void {
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
}

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
