// A02/A03: the station renews its Charging Station certificate. It makes a key pair and a CSR
// (csr.ts) and sends SignCertificate, when the CSMS asks for it (TriggerMessage
// SignChargingStationCertificate, A02.FR.02) or a month before the current one expires
// (A03.FR.02). Without a CertificateSigned for the CSR it sends the CSR again after
// CertSigningWaitMinimum, doubling the wait each time, CertSigningRepeatTimes doublings at most
// (A02.FR.17-19; TC_A_23_CS: with 1, it sends twice again). The CertificateSigned it then gets is
// checked (certificate-signed.ts); a valid one is kept and used from the next connection on.

import type { CertificateSignedRequest, CertificateSignedResponse } from '../../generated/ocpp201/index.js';
import type { TimerHandle } from '../../clock/clock.js';
import { CsrBackoff } from './csr-backoff.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';
import { parseCertificate } from './certificates.js';
import { checkSignedChain, KEY_MISMATCH, type SignedChainProblem } from './certificate-signed.js';
import { createSigningRequest, type KeyAlgorithm } from './csr.js';
import type { KeyFiles } from './key-files.js';
import type { StationCertificates } from './station-certificates.js';

/** The CSR waiting for its certificate, and the key file of its private key. */
interface Pending {
  csr: string;
  keyFile: string;
  /** A certificate for it was accepted: a later one for the same CSR replaces it (TC_A_23_CS errata). */
  signed?: boolean;
}

export interface SigningDeps {
  certificates: StationCertificates;
  keys: KeyFiles;
  /** The CSMS roots a signed certificate must chain to. */
  csmsRoots(): readonly string[];
  securityEvent(type: string, techInfo?: string): void;
  algorithm?: KeyAlgorithm;
}

const PENDING_KEY = 'certificates:pending-csrs';
/** CSRs kept waiting at once: a renewal (A03) and a request of the CSMS may overlap. */
const MAX_PENDING = 3;
const MONTH_MS = 30 * 24 * 3600_000;

export class CertificateSigning {
  private switchTimer: TimerHandle | undefined;
  private backoffOf: CsrBackoff | undefined;

  constructor(
    private readonly ctx: StationContext,
    private readonly deps: SigningDeps,
  ) {}

  /** Made with the first CSR (or the stop): a station that never asks for a certificate needs none. */
  private get backoff(): CsrBackoff {
    this.backoffOf ??= new CsrBackoff(this.ctx);
    return this.backoffOf;
  }

  /** A02.FR.02: a new key pair and CSR, sent now; the back-off starts anew (A02.FR.19/20). */
  async request(triggered: boolean): Promise<void> {
    this.backoff.cancel();
    const organization = this.ctx.dm.get(DM.SecurityCtrlr.OrganizationName) ?? this.ctx.description.vendorName;
    const { csr, privateKey } = await createSigningRequest({ organization, commonName: stationCommonName(this.ctx) }, this.deps.algorithm);
    const pending = [...this.pendings(), { csr, keyFile: this.deps.keys.write(privateKey) }];
    // The oldest, never signed, go with their keys; a signed one's key belongs to its certificate now.
    for (const dropped of pending.slice(0, -MAX_PENDING)) if (!dropped.signed) this.deps.keys.remove(dropped.keyFile);
    this.ctx.state.set(PENDING_KEY, pending.slice(-MAX_PENDING));
    const resend = {
      send: () => this.send(csr, triggered),
      waiting: () => this.pendings().some((p) => p.csr === csr && !p.signed),
    };
    this.backoff.sent(await resend.send(), resend);
  }

  /** CertificateSigned: Accepted and kept, or Rejected with a security event (A02.FR.07). */
  certificateSigned(request: CertificateSignedRequest): CertificateSignedResponse {
    // The pending CSR the certificate is for: the one whose key it holds (else the newest, to say why not).
    const candidates = this.pendings().reverse();
    let pending: Pending | undefined;
    let problem: SignedChainProblem | undefined = { code: 'NoRequest', reason: 'no CSR pending', event: true };
    for (const candidate of candidates) {
      pending = candidate;
      problem = checkSignedChain(request, {
        ctx: this.ctx,
        roots: this.deps.csmsRoots(),
        pendingKey: this.deps.keys.read(candidate.keyFile),
        commonName: stationCommonName(this.ctx),
      });
      if (!problem || problem.reason !== KEY_MISMATCH) break;
    }
    if (problem || !pending) {
      this.ctx.log.warn({ problem }, 'CertificateSigned rejected');
      // A02.FR.20: no new CSR until the CSMS asks for one.
      this.backoff.cancel();
      if (problem?.event) this.deps.securityEvent('InvalidChargingStationCertificate', problem.reason);
      return {
        status: 'Rejected',
        statusInfo: { reasonCode: problem?.code ?? 'NoRequest', additionalInfo: problem?.reason ?? 'no CSR pending' },
      };
    }
    this.backoff.cancel();
    this.deps.certificates.add(request.certificateChain, pending.keyFile);
    const signed = pending;
    this.ctx.state.set(
      PENDING_KEY,
      this.pendings().map((p) => (p.keyFile === signed.keyFile ? { ...p, signed: true } : p)),
    );
    this.ctx.log.info('Charging Station certificate installed');
    return { status: 'Accepted' };
  }

  /**
   * A02.FR.08: on security profile 3 the certificate just accepted is taken into use by connecting
   * again, at once or at the start of its validity.
   */
  afterAccepted(request: CertificateSignedRequest): void {
    if (this.ctx.dm.getInt(DM.SecurityCtrlr.SecurityProfile) !== 3) return;
    const leaf = parseCertificate(request.certificateChain);
    if (!leaf) return;
    this.ctx.clock.clearTimeout(this.switchTimer);
    const waitMs = Date.parse(leaf.x509.validFrom) - this.ctx.now().getTime();
    if (waitMs > 0) this.switchTimer = this.ctx.clock.setTimeout(() => this.ctx.reconnect(), waitMs);
    else this.ctx.reconnect();
  }

  stop(): void {
    this.backoff.stop();
    this.ctx.clock.clearTimeout(this.switchTimer);
  }

  /** A03.FR.02: renews a month before the certificate in use expires; the block checks daily and on each registration. */
  renewIfDue(): void {
    if (this.ctx.dm.getInt(DM.SecurityCtrlr.SecurityProfile) !== 3) return;
    const expiry = this.deps.certificates.currentExpiry();
    if (!expiry || expiry.getTime() - this.ctx.now().getTime() > MONTH_MS) return;
    if (this.pendings().some((p) => !p.signed)) return; // a renewal is under way
    this.request(false).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'certificate renewal not requested'));
  }

  /** SignCertificate for the CSR; true when the CSMS accepted it. */
  private async send(csr: string, triggered: boolean): Promise<boolean> {
    try {
      const response = await this.ctx.call('SignCertificate', { csr, certificateType: 'ChargingStationCertificate' }, { triggered });
      if (response.status !== 'Accepted') this.ctx.log.warn({ statusInfo: response.statusInfo }, 'SignCertificate rejected by the CSMS');
      return response.status === 'Accepted';
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'SignCertificate not answered');
      return false;
    }
  }

  private pendings(): Pending[] {
    return this.ctx.state.get<Pending[]>(PENDING_KEY) ?? [];
  }
}

/** A00.FR.511: the certificate's CN is the station's serial number; its identity when it has none. */
export function stationCommonName(ctx: Pick<StationContext, 'description' | 'id'>): string {
  return ctx.description.serialNumber ?? ctx.id;
}
