// A02.FR.06/A03.FR.06: what a CertificateSigned must be before the station uses it. A problem
// is a typed value; with `event` it is an invalid certificate (A02.FR.07: Rejected and an
// InvalidChargingStationCertificate security event), without it a request the station does not
// take (a type it does not renew, a chain too long: A02.FR.16).
//   - certificateType the one renewed: ChargingStationCertificate (or omitted), or V2GCertificate
//     (then the chain ends at an installed V2GRootCertificate, and O is ISO15118Ctrlr's)
//   - at most SecurityCtrlr.MaxCertificateChainSize characters
//   - PEM X.509 certificates, the leaf first, each issued (and signed) by the next, the last one
//     issued by an installed CSMSRootCertificate (the Charging Station Operator hierarchy)
//   - the leaf is no CA, is not expired, holds the public key of the pending CSR, and names the
//     station: CN = its serial number, O = SecurityCtrlr.OrganizationName (A00.FR.509/511)

import { X509Certificate } from 'node:crypto';
import type { CertificateSignedRequest } from '../../generated/ocpp201/index.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';
import { publicKeyDer } from './csr.js';

export const KEY_MISMATCH = 'not the public key of the CSR';

export interface SignedChainProblem {
  code: 'InvalidCertificate' | 'UnsupportedCertType' | 'ChainTooLong' | 'NoRequest';
  reason: string;
  /** An invalid certificate: reported as InvalidChargingStationCertificate. */
  event: boolean;
}

export interface SignedChainContext {
  ctx: Pick<StationContext, 'dm' | 'now' | 'description'>;
  roots: readonly string[];
  /** The certificate renewed: ChargingStationCertificate unless said (A02.FR.13). */
  certificateType?: 'ChargingStationCertificate' | 'V2GCertificate';
  /** The O the leaf must name; SecurityCtrlr.OrganizationName unless said. */
  organization?: string;
  /** PKCS#8 PEM of the pending CSR's key, if one is pending. */
  pendingKey: string | undefined;
  commonName: string;
}

export function checkSignedChain(request: CertificateSignedRequest, c: SignedChainContext): SignedChainProblem | undefined {
  const type = request.certificateType ?? 'ChargingStationCertificate';
  const renewed = c.certificateType ?? 'ChargingStationCertificate';
  if (type !== renewed) return { code: 'UnsupportedCertType', reason: `${type} is not renewed here`, event: false };
  const limit = c.ctx.dm.getInt(DM.SecurityCtrlr.MaxCertificateChainSize);
  if (limit !== undefined && request.certificateChain.length > limit)
    return { code: 'ChainTooLong', reason: `longer than MaxCertificateChainSize ${limit}`, event: false };
  const invalid = (reason: string): SignedChainProblem => ({ code: 'InvalidCertificate', reason, event: true });
  const chain = parseChain(request.certificateChain);
  const leaf = chain[0];
  if (!leaf) return invalid('no PEM X.509 certificate');
  if (!c.pendingKey) return { code: 'NoRequest', reason: 'no CSR pending', event: true };
  if (leaf.ca) return invalid('the certificate is a CA certificate');
  const now = c.ctx.now();
  // A not yet valid one is kept and used from its start on (A02.FR.08); an expired one never.
  if (now > new Date(leaf.validTo)) return invalid('expired');
  if (!leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(publicKeyDer(c.pendingKey))) return invalid(KEY_MISMATCH);
  const subject = names(leaf.subject);
  if (subject.CN !== c.commonName) return invalid(`CN ${subject.CN ?? '(none)'} is not ${c.commonName}`);
  const organization = c.organization ?? c.ctx.dm.get(DM.SecurityCtrlr.OrganizationName) ?? c.ctx.description.vendorName;
  if (subject.O !== organization) return invalid(`O ${subject.O ?? '(none)'} is not ${organization}`);
  for (let i = 0; i + 1 < chain.length; i++) {
    const [child, parent] = [chain[i] as X509Certificate, chain[i + 1] as X509Certificate];
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey))
      return invalid(`certificate ${i + 1} of the chain not issued by the next`);
  }
  const top = chain.at(-1) as X509Certificate;
  const anchored = parseChain(c.roots.join('\n')).some((root) =>
    root.ca && root.fingerprint256 === top.fingerprint256 ? true : top.checkIssued(root) && top.verify(root.publicKey),
  );
  const rootName = renewed === 'V2GCertificate' ? 'V2G' : 'CSMS';
  if (!anchored) return invalid(`does not chain to an installed ${rootName} root certificate`);
  return undefined;
}

export function parseChain(text: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const out: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      out.push(new X509Certificate(block));
    } catch {
      return [];
    }
  }
  return out;
}

/** The attributes of a node subject ("O=..\nCN=.."), last value of each. */
function names(subject: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of subject.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}
