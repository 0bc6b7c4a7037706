// A02.FR.02/03: a new key pair made on the station (ECDSA P-256 by default, RSA of 2048 bits or
// more allowed: A00.FR.503/504) and a PKCS#10 certificate signing request for it (RFC 2986, PEM)
// whose subject names the station: O = SecurityCtrlr.OrganizationName, CN = its serial number
// (A00.FR.509/511); a V2G certificate's also C = ISO15118Ctrlr.CountryName. Built with @peculiar/x509 over node's WebCrypto.

import { createPublicKey, webcrypto } from 'node:crypto';
import { x509Library } from './x509.js';

export type KeyAlgorithm = { kind: 'ec' } | { kind: 'rsa'; bits: number };

export interface SigningRequest {
  /** PEM "CERTIFICATE REQUEST". */
  csr: string;
  /** PKCS#8 PEM of the private key: written to a key file, never sent nor logged. */
  privateKey: string;
}

const SHA256 = 'SHA-256';

export async function createSigningRequest(
  subject: { organization: string; commonName: string; country?: string },
  algorithm: KeyAlgorithm = { kind: 'ec' },
): Promise<SigningRequest> {
  const x509 = await x509Library();
  if (algorithm.kind === 'rsa' && algorithm.bits < 2048) throw new Error('RSA keys have at least 2048 bits (A00.FR.503)');
  const params =
    algorithm.kind === 'ec'
      ? ({ name: 'ECDSA', namedCurve: 'P-256', hash: SHA256 } as const)
      : ({ name: 'RSASSA-PKCS1-v1_5', modulusLength: algorithm.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: SHA256 } as const);
  const keys = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  // A JSON name, so that a comma or '=' in the organization name is a value, not a separator.
  const name = [...(subject.country ? [{ C: [subject.country] }] : []), { O: [subject.organization] }, { CN: [subject.commonName] }];
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: algorithm.kind === 'ec' ? { name: 'ECDSA', hash: SHA256 } : { name: 'RSASSA-PKCS1-v1_5', hash: SHA256 },
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey);
  return { csr: request.toString('pem'), privateKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** The SubjectPublicKeyInfo DER of a private key's public half, to compare with a certificate's. */
export function publicKeyDer(privateKeyPem: string): Buffer {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
}
