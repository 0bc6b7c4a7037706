// The CSMS's certificate authority in tests: signs a station's CSR (A02) with a CA of
// support/pki.ts, as the CSMS's CA would, or with a changed subject, validity or issuer to make
// the invalid certificates the cases send. Also reads a CSR as the test tool checks it.

import { webcrypto } from 'node:crypto';
import { lib, type Pem } from './pki.js';

export interface SignOptions {
  /** Replace the CSR's subject (a wrong CN or O). */
  subject?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Sign another key than the CSR's (a certificate that does not match the pending key). */
  publicKeyPem?: string;
}

const HOUR = 3600_000;

/** A Charging Station certificate for the CSR, issued by `ca` (ECDSA P-256 CA of pki.ts). */
export async function signCsr(ca: Pem, csr: string, options: SignOptions = {}): Promise<string> {
  const x509 = await lib();
  const request = new x509.Pkcs10CertificateRequest(csr);
  if (!(await request.verify())) throw new Error('CSR signature does not verify');
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.key),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const publicKey = options.publicKeyPem ? new x509.PublicKey(options.publicKeyPem) : request.publicKey;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: options.subject ?? request.subject,
    issuer: caCert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - HOUR),
    notAfter: options.notAfter ?? new Date(Date.now() + 24 * HOUR),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: await publicKey.export(webcrypto as unknown as Crypto),
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return cert.toString('pem');
}

export interface CsrFacts {
  subject: string;
  /** 'ECDSA' or 'RSASSA-PKCS1-v1_5' ... */
  algorithm: string;
  /** Curve size or modulus length in bits. */
  bits: number;
  signatureValid: boolean;
}

/** What the test tool checks of a CSR (TC_A_14_CS step 3): RFC 2986 in PEM, RSA ≥ 2048 or EC ≥ 224 bits. */
export async function csrFacts(csr: string): Promise<CsrFacts> {
  const x509 = await lib();
  const request = new x509.Pkcs10CertificateRequest(csr);
  const algorithm = request.publicKey.algorithm as { name: string; namedCurve?: string; modulusLength?: number };
  const bits = algorithm.modulusLength ?? Number(/(\d+)$/.exec(algorithm.namedCurve ?? '')?.[1] ?? 0);
  return { subject: request.subject, algorithm: algorithm.name, bits, signatureValid: await request.verify() };
}
