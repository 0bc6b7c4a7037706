// The test tool's view of a certificate: the certificateHashData that names it (Part 2,
// CertificateHashDataType), computed here from the certificate itself, independently of how the
// station computes it. For a self-signed root the issuer's key is its own key.

import { createHash, webcrypto } from 'node:crypto';
import { lib } from '../../support/pki.js';

export interface HashData {
  hashAlgorithm: 'SHA256';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

const sha256 = (bytes: ArrayBuffer | Uint8Array): string => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

/** SHA256 hash data of a self-signed ECDSA P-256 root: the issuer key hash is over its public key point. */
export function rootHashData(pem: string): Promise<HashData> {
  return hashDataOf(pem, pem);
}

/** SHA256 hash data of a certificate issued by `issuerPem` (ECDSA P-256): the issuer key hash is over the issuer's key point. */
export async function hashDataOf(pem: string, issuerPem: string): Promise<HashData> {
  const x509 = await lib();
  const certificate = new x509.X509Certificate(pem);
  const issuer = new x509.X509Certificate(issuerPem);
  const key = await issuer.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify'], webcrypto as unknown as Crypto);
  const point = await webcrypto.subtle.exportKey('raw', key as unknown as webcrypto.CryptoKey);
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(certificate.issuerName.toArrayBuffer()),
    issuerKeyHash: sha256(point),
    serialNumber: certificate.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

/** The CSMS's hash data names the same certificate as `expected` (hex in either case, serial without leading zeros). */
export function sameHashData(actual: Record<string, unknown> | undefined, expected: HashData): boolean {
  if (!actual) return false;
  const hex = (v: unknown): string => String(v).toLowerCase();
  return (
    actual.hashAlgorithm === expected.hashAlgorithm &&
    hex(actual.issuerNameHash) === expected.issuerNameHash &&
    hex(actual.issuerKeyHash) === expected.issuerKeyHash &&
    hex(actual.serialNumber).replace(/^0+(?=.)/, '') === expected.serialNumber
  );
}
