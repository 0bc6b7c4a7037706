// M06: the station caches the OCSP status of its V2G certificate chain, for the EV's TLS
// handshake, which has no time to ask an OCSP responder itself. One GetCertificateStatus per
// certificate (OCPP allows one each): the V2G Charging Station certificate and each Sub-CA above
// it (M06.FR.07, errata 2025-06 of TC_M_24_CS), the root excluded. The request data names the
// certificate as an RFC 6960 CertID does, with the responder from its Authority Information
// Access extension; a certificate without an OCSP responder cannot be asked for (M06 remark).
// Refreshed after a new V2G certificate is accepted (M06.FR.07) and once a week (M06.FR.10): a
// daily check, and one at each registration; a Failed answer keeps what was cached.

import type { OCSPRequestDataType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { hashData, type ParsedCertificate } from './certificates.js';

interface Cached {
  /** Base64 DER OCSPResponse, as the CSMS gave it. */
  ocspResult: string;
  /** ms since the epoch. */
  at: number;
}

const CACHE_KEY = 'certificates:ocsp';
const WEEK_MS = 7 * 24 * 3600_000;

/** M06: the OCSPRequestDataType of `certificate`, issued by `issuer`; undefined without an OCSP responder. */
export function ocspRequestData(certificate: ParsedCertificate, issuer: ParsedCertificate): OCSPRequestDataType | undefined {
  const responderURL = /OCSP - URI:(\S+)/.exec(certificate.x509.infoAccess ?? '')?.[1];
  if (!responderURL) return undefined;
  return { ...hashData(certificate, 'SHA256', issuer), responderURL };
}

export class OcspStatus {
  constructor(
    private readonly ctx: StationContext,
    /** The V2G chain in use, leaf first, and its root: [leaf, subCA..., root?]. */
    private readonly chain: () => { chain: ParsedCertificate[]; root: ParsedCertificate | undefined } | undefined,
  ) {}

  /** The cached OCSP response of a certificate, by serial number (base64 DER). */
  cached(serialNumber: string): string | undefined {
    return this.cache()[serialNumber]?.ocspResult;
  }

  /** M06.FR.07: asks for each certificate of the chain in use, one after the other. */
  async refresh(): Promise<void> {
    const current = this.chain();
    if (!current) return;
    const { chain, root } = current;
    for (const [i, certificate] of chain.entries()) {
      const issuer = chain[i + 1] ?? root;
      if (!issuer) continue;
      const data = ocspRequestData(certificate, issuer);
      if (!data) {
        this.ctx.log.warn({ subject: certificate.x509.subject }, 'V2G certificate names no OCSP responder; its status is not cached');
        continue;
      }
      await this.ask(certificate.serialNumber, data);
    }
  }

  private async ask(serialNumber: string, ocspRequestData: OCSPRequestDataType): Promise<void> {
    try {
      const response = await this.ctx.call('GetCertificateStatus', { ocspRequestData });
      if (response.status === 'Accepted' && response.ocspResult) {
        this.ctx.state.set(CACHE_KEY, {
          ...this.cache(),
          [serialNumber]: { ocspResult: response.ocspResult, at: this.ctx.now().getTime() },
        });
      } else {
        // M06.FR.04: the CSMS could not get the status; the older one (if any) stays until the next check.
        this.ctx.log.warn({ serialNumber, statusInfo: response.statusInfo }, 'OCSP status not available from the CSMS');
      }
    } catch (error) {
      this.ctx.log.warn({ err: error, serialNumber }, 'GetCertificateStatus not answered');
    }
  }

  /** M06.FR.10: asks again when a certificate's status is a week old; the block checks daily and at each registration. */
  refreshIfDue(): void {
    const current = this.chain();
    if (!current) return;
    const cache = this.cache();
    const now = this.ctx.now().getTime();
    const due = current.chain.some((c) => {
      const entry = cache[c.serialNumber];
      return !entry || now - entry.at >= WEEK_MS;
    });
    if (due) this.refresh().catch((error: unknown) => this.ctx.log.warn({ err: error }, 'OCSP refresh failed'));
  }

  private cache(): Record<string, Cached> {
    return this.ctx.state.get<Record<string, Cached>>(CACHE_KEY) ?? {};
  }
}
