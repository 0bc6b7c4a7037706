// A02 for the V2G Charging Station certificate, the one the ISO 15118 link to the EV presents.
// TriggerMessage SignV2GCertificate makes a new ECDSA P-256 key pair (ISO 15118 has no RSA) and
// sends its CSR with certificateType V2GCertificate (A02.FR.13): C = ISO15118Ctrlr.CountryName,
// O = ISO15118Ctrlr.OrganizationName, CN = ISO15118Ctrlr.SeccId (each falling back to the
// station's own when not configured). A CertificateSigned of type V2GCertificate is checked as
// the Charging Station certificate's is (certificate-signed.ts), against the installed
// V2GRootCertificates. Of several valid ones the newest by the start of validity is used
// (A02.FR.15). The chain (leaf, then its Sub-CAs) is what GetInstalledCertificateIds reports as
// V2GCertificateChain (M03.FR.05) and what OCSP status is cached for (ocsp-status.ts).
// Without a certificate for an accepted CSR, the CSR is sent again with the back-off of
// csr-backoff.ts (A02.FR.17-19). Not done: a CSR per SECC of several EVSEs.

import type { CertificateSignedRequest, CertificateSignedResponse } from '../../generated/ocpp201/index.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';
import { stationCommonName } from './certificate-signing.js';
import { checkSignedChain, KEY_MISMATCH, type SignedChainProblem } from './certificate-signed.js';
import { parseCertificate, validAt, type ParsedCertificate } from './certificates.js';
import { createSigningRequest } from './csr.js';
import { CsrBackoff } from './csr-backoff.js';
import type { KeyFiles } from './key-files.js';

interface Held {
  /** PEM chain, leaf first. */
  chain: string;
  keyFile: string;
}

const PENDING_KEY = 'certificates:v2g-pending';
const HELD_KEY = 'certificates:v2g';
/** CSRs kept waiting at once (one per TriggerMessage not yet answered with a certificate). */
const MAX_PENDING = 3;
/** V2G certificates kept: the newest and older ones as fallback. */
const MAX_HELD = 3;

export interface V2GDeps {
  keys: KeyFiles;
  v2gRoots(): readonly string[];
  securityEvent(type: string, techInfo?: string): void;
}

export class V2GCertificates {
  private backoffOf: CsrBackoff | undefined;

  constructor(
    private readonly ctx: StationContext,
    private readonly deps: V2GDeps,
  ) {}

  /** Made with the first CSR (or the stop): a station that never asks for a certificate needs none. */
  private get backoff(): CsrBackoff {
    this.backoffOf ??= new CsrBackoff(this.ctx);
    return this.backoffOf;
  }

  stop(): void {
    this.backoff.stop();
  }

  /** A02.FR.02/03/13: a new key pair and its CSR, sent as SignCertificate V2GCertificate. */
  async request(triggered: boolean): Promise<void> {
    this.backoff.cancel();
    const { csr, privateKey } = await createSigningRequest(this.subject());
    const keyFile = this.deps.keys.write(privateKey);
    const pending = [...this.pendings(), keyFile];
    for (const dropped of pending.slice(0, -MAX_PENDING)) this.deps.keys.remove(dropped);
    this.ctx.state.set(PENDING_KEY, pending.slice(-MAX_PENDING));
    const resend = { send: () => this.send(csr, triggered), waiting: () => this.pendings().includes(keyFile) };
    this.backoff.sent(await resend.send(), resend);
  }

  /** SignCertificate V2GCertificate for the CSR; true when the CSMS accepted it. */
  private async send(csr: string, triggered: boolean): Promise<boolean> {
    try {
      const response = await this.ctx.call('SignCertificate', { csr, certificateType: 'V2GCertificate' }, { triggered });
      if (response.status !== 'Accepted')
        this.ctx.log.warn({ statusInfo: response.statusInfo }, 'V2G SignCertificate rejected by the CSMS');
      return response.status === 'Accepted';
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'V2G SignCertificate not answered');
      return false;
    }
  }

  /** CertificateSigned V2GCertificate: Accepted and kept, or Rejected (A02.FR.06/07). */
  certificateSigned(request: CertificateSignedRequest): CertificateSignedResponse {
    let problem: SignedChainProblem | undefined = { code: 'NoRequest', reason: 'no V2G CSR pending', event: true };
    let keyFile: string | undefined;
    for (const candidate of this.pendings().reverse()) {
      keyFile = candidate;
      problem = checkSignedChain(request, {
        ctx: this.ctx,
        roots: this.deps.v2gRoots(),
        pendingKey: this.deps.keys.read(candidate),
        commonName: this.subject().commonName,
        certificateType: 'V2GCertificate',
        organization: this.subject().organization,
      });
      if (!problem || problem.reason !== KEY_MISMATCH) break;
    }
    if (problem || !keyFile) {
      this.ctx.log.warn({ problem }, 'V2G CertificateSigned rejected');
      if (problem?.event) this.deps.securityEvent('InvalidChargingStationCertificate', problem.reason);
      this.backoff.cancel(); // A02.FR.20
      return { status: 'Rejected', statusInfo: { reasonCode: problem?.code ?? 'NoRequest', additionalInfo: problem?.reason ?? '' } };
    }
    const signed = keyFile;
    this.backoff.cancel();
    this.ctx.state.set(
      PENDING_KEY,
      this.pendings().filter((k) => k !== signed),
    );
    // The older ones stay as fallback, a few at most; a dropped one goes with its key.
    const held = [...this.held(), { chain: request.certificateChain, keyFile: signed }];
    for (const dropped of held.slice(0, -MAX_HELD)) this.deps.keys.remove(dropped.keyFile);
    this.ctx.state.set(HELD_KEY, held.slice(-MAX_HELD));
    this.ctx.log.info('V2G Charging Station certificate installed');
    return { status: 'Accepted' };
  }

  /** A02.FR.15: the chain in use, leaf first: the newest valid by the start of its validity. */
  current(): ParsedCertificate[] | undefined {
    const now = this.ctx.now();
    const chains = this.held()
      .map((h, installed) => ({ chain: chainOf(h.chain), installed }))
      .filter(({ chain }) => chain[0] !== undefined && validAt(chain[0], now))
      .map(({ chain, installed }) => ({ chain, installed, from: Date.parse((chain[0] as ParsedCertificate).x509.validFrom) }));
    // Of the same start (validity has whole seconds), the one installed last.
    chains.sort((a, b) => b.from - a.from || b.installed - a.installed);
    return chains[0]?.chain;
  }

  /** Every V2G certificate held, leaves only (DeleteCertificate refuses them as it does the Charging Station certificate). */
  leaves(): ParsedCertificate[] {
    return this.held()
      .map((h) => parseCertificate(h.chain))
      .filter((c): c is ParsedCertificate => c !== undefined);
  }

  private subject(): { organization: string; commonName: string; country?: string } {
    const dm = this.ctx.dm;
    const organization =
      dm.get(DM.ISO15118Ctrlr.OrganizationName) ?? dm.get(DM.SecurityCtrlr.OrganizationName) ?? this.ctx.description.vendorName;
    const country = dm.get(DM.ISO15118Ctrlr.CountryName);
    return {
      organization,
      commonName: dm.get(DM.ISO15118Ctrlr.SeccId) ?? stationCommonName(this.ctx),
      ...(country ? { country } : {}),
    };
  }

  private pendings(): string[] {
    return this.ctx.state.get<string[]>(PENDING_KEY) ?? [];
  }

  private held(): Held[] {
    return this.ctx.state.get<Held[]>(HELD_KEY) ?? [];
  }
}

/** Every certificate of a PEM chain, in order. */
export function chainOf(text: string): ParsedCertificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map(parseCertificate).filter((c): c is ParsedCertificate => c !== undefined);
}
