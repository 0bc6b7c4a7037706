// C07: what the station reads from the EV's contract certificate chain (PEM, leaf first, as the
// EV sent it in PaymentDetailsReq): whether it is valid under an installed MO root
// (MORootCertificate), and the data the CSMS needs for its OCSP request (OCSPRequestDataType):
// the hash data of each certificate but the root, with the responder URL of its Authority
// Information Access extension. C07.FR.02: at most 4 entries, the leaf first.

import type { X509Certificate } from 'node:crypto';
import type { AuthorizeRequest, OCSPRequestDataType } from '../../generated/ocpp201/index.js';

/** One to four entries, as the schema has it. */
export type OcspRequestData = NonNullable<AuthorizeRequest['iso15118CertificateHashData']>;
import { hashData, parseCertificate, type ParsedCertificate, selfSigned, validAt } from '../certificate-management/index.js';

export type ContractValidity =
  /** Every certificate valid now, each signed by the next, the last by an installed root. */
  | { kind: 'valid'; chain: ParsedCertificate[]; root: ParsedCertificate }
  /** Nothing wrong was found, but no installed root issued the chain: it cannot be validated here. */
  | { kind: 'noRoot'; chain: ParsedCertificate[] }
  | { kind: 'invalid'; problem: string };

/** AuthorizeRequest.iso15118CertificateHashData: minItems 1, maxItems 4. */
const MAX_HASH_DATA = 4;

/** Validates the chain at `now` against the installed MO roots (PEM). */
export function validateContract(chainPem: string, roots: readonly string[], now: Date): ContractValidity {
  const chain = parsePems(chainPem);
  if (chain.length === 0) return { kind: 'invalid', problem: 'no certificate in the contract chain' };
  // A root the EV sent along is not trusted for being there: only an installed one counts.
  const presented = chain.at(-1) && selfSigned(chain.at(-1)!) ? chain.slice(0, -1) : chain;
  if (presented.length === 0) return { kind: 'invalid', problem: 'the contract chain holds only a root' };
  for (const [i, certificate] of presented.entries()) {
    if (!validAt(certificate, now)) return { kind: 'invalid', problem: `certificate ${i} of the chain is expired or not yet valid` };
    const issuer = presented[i + 1];
    if (issuer && !issuedBy(certificate, issuer))
      return { kind: 'invalid', problem: `certificate ${i} is not signed by certificate ${i + 1}` };
  }
  const top = presented.at(-1)!;
  const root = parsePems(roots.join('\n')).find((r) => validAt(r, now) && issuedBy(top, r));
  return root ? { kind: 'valid', chain: presented, root } : { kind: 'noRoot', chain: presented };
}

/** C07.FR.02: the OCSP request data of each certificate of a valid chain, leaf first. */
export function ocspRequestData(validity: Extract<ContractValidity, { kind: 'valid' }>): OcspRequestData {
  const { chain, root } = validity;
  const data: OCSPRequestDataType[] = chain.slice(0, MAX_HASH_DATA).map((certificate, i) => ({
    ...hashData(certificate, 'SHA256', chain[i + 1] ?? root),
    responderURL: responderUrl(certificate.x509),
  }));
  // A valid chain has at least its leaf.
  return data as OcspRequestData;
}

/** The OCSP responder of the certificate's Authority Information Access, or '' when it names none. */
export function responderUrl(certificate: X509Certificate): string {
  const match = /OCSP - URI:(\S+)/.exec(certificate.infoAccess ?? '');
  return match?.[1]?.slice(0, 512) ?? '';
}

/** The chain as the EV sent it, without the root: for the CSMS to validate (C07.FR.06). */
export function chainPem(chain: readonly ParsedCertificate[]): string {
  return chain.map((c) => c.pem.trim()).join('\n');
}

function issuedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  return certificate.x509.checkIssued(issuer.x509) && certificate.x509.verify(issuer.x509.publicKey);
}

function parsePems(text: string): ParsedCertificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map(parseCertificate).filter((c): c is ParsedCertificate => c !== undefined);
}
