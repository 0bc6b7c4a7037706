// What the station reads from an X.509 certificate: its validity (node:crypto) and the
// certificateHashData that names it in M03/M04 (Part 2, CertificateHashDataType):
//   issuerNameHash  hash of the DER-encoded issuer name
//   issuerKeyHash   hash of the issuer's public key: the value of the subjectPublicKey BIT STRING
//                   of the issuer's certificate, without tag, length and unused-bits byte (as OCSP,
//                   RFC 6960); for a self-signed root, its own key
//   serialNumber    the serial number in hex, lowercase, without leading zeros
// The exact DER bytes come from a minimal DER walk over the TBSCertificate.

import { X509Certificate, createHash } from 'node:crypto';
import type { CertificateHashDataType, HashAlgorithmEnumType } from '../../generated/ocpp201/index.js';

export interface ParsedCertificate {
  readonly pem: string;
  readonly x509: X509Certificate;
  /** DER of the issuer Name. */
  readonly issuerName: Buffer;
  /** DER of the subject Name. */
  readonly subjectName: Buffer;
  /** The subjectPublicKey bits. */
  readonly publicKey: Buffer;
  /** Hex, lowercase, no leading zeros. */
  readonly serialNumber: string;
}

const NODE_HASH: Record<HashAlgorithmEnumType, string> = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

/** The first certificate of a PEM text; undefined when there is none or it does not parse. */
export function parseCertificate(pem: string): ParsedCertificate | undefined {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch {
    return undefined;
  }
  try {
    const fields = tbsFields(x509.raw);
    return { pem: x509.toString(), x509, ...fields };
  } catch {
    return undefined;
  }
}

/** Why a certificate cannot be installed as a root, or undefined (M05.FR.07). */
/** Why a certificate cannot be a root; without `now`, its validity period is not judged. */
export function rootProblem(certificate: ParsedCertificate | undefined, now?: Date): string | undefined {
  if (!certificate) return 'not a PEM X.509 certificate';
  const { x509 } = certificate;
  if (now && now < new Date(x509.validFrom)) return 'not yet valid';
  if (now && now > new Date(x509.validTo)) return 'expired';
  if (!x509.ca) return 'not a CA certificate';
  if (selfSigned(certificate) && !x509.verify(x509.publicKey)) return 'bad self-signature';
  return undefined;
}

export function validAt(certificate: ParsedCertificate, now: Date): boolean {
  return now >= new Date(certificate.x509.validFrom) && now <= new Date(certificate.x509.validTo);
}

export function selfSigned(certificate: ParsedCertificate): boolean {
  return certificate.issuerName.equals(certificate.subjectName);
}

/** M03.FR.04: the hash data of `certificate`; `issuer` gives the issuer's key when it is not self-signed. */
export function hashData(
  certificate: ParsedCertificate,
  algorithm: HashAlgorithmEnumType = 'SHA256',
  issuer: ParsedCertificate = certificate,
): CertificateHashDataType {
  const hash = (bytes: Buffer): string => createHash(NODE_HASH[algorithm]).update(bytes).digest('hex');
  return {
    hashAlgorithm: algorithm,
    issuerNameHash: hash(certificate.issuerName),
    issuerKeyHash: hash(issuer.publicKey),
    serialNumber: certificate.serialNumber,
  };
}

/** M04: the CSMS's hash data names this certificate (hex compared case-insensitively, serial without leading zeros). */
export function sameHashData(a: CertificateHashDataType, b: CertificateHashDataType): boolean {
  return (
    a.hashAlgorithm === b.hashAlgorithm &&
    a.issuerNameHash.toLowerCase() === b.issuerNameHash.toLowerCase() &&
    a.issuerKeyHash.toLowerCase() === b.issuerKeyHash.toLowerCase() &&
    normalizeSerial(a.serialNumber) === normalizeSerial(b.serialNumber)
  );
}

export function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=.)/, '');
}

// --- DER -----------------------------------------------------------------------------------

interface Element {
  tag: number;
  /** Offset of the content. */
  start: number;
  /** Offset after the element. */
  end: number;
  /** Offset of the tag. */
  header: number;
}

function read(der: Buffer, offset: number): Element {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  const end = start + length;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start, end, header: offset };
}

function children(der: Buffer, parent: Element): Element[] {
  const out: Element[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const element = read(der, offset);
    out.push(element);
    offset = element.end;
  }
  return out;
}

/** TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ... } */
function tbsFields(der: Buffer): Omit<ParsedCertificate, 'pem' | 'x509'> {
  const certificate = read(der, 0);
  const tbs = children(der, certificate)[0];
  if (!tbs) throw new Error('no TBSCertificate');
  const fields = children(der, tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, , subject, spki] = fields.slice(offset);
  if (!serial || !issuer || !subject || !spki) throw new Error('incomplete TBSCertificate');
  const bitString = children(der, spki)[1];
  if (bitString?.tag !== 0x03) throw new Error('no subjectPublicKey');
  const serialHex = der.subarray(serial.start, serial.end).toString('hex');
  return {
    issuerName: Buffer.from(der.subarray(issuer.header, issuer.end)),
    subjectName: Buffer.from(der.subarray(subject.header, subject.end)),
    publicKey: Buffer.from(der.subarray(bitString.start + 1, bitString.end)),
    serialNumber: normalizeSerial(serialHex),
  };
}
