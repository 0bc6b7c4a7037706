// Throw-away ISO 15118 PKI for tests, ECDSA P-256 / SHA-256 as ISO 15118 requires: a V2G root,
// Sub-CA 1 and Sub-CA 2 under it, and the V2G Charging Station certificate the CSMS's CA issues
// for the station's CSR under Sub-CA 2 (Part 6: "signed by SubCA2"). Every certificate below the
// root names an OCSP responder in its Authority Information Access extension (M06 remark).

import { webcrypto } from 'node:crypto';
import { createCa, lib, type Pem } from './pki.js';

export interface V2gPki {
  root: Pem;
  subCa1: Pem;
  subCa2: Pem;
  ocspUrl: string;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const HOUR = 3600_000;

export async function createV2gPki(ocspUrl: string, organization = 'Conformance V2G'): Promise<V2gPki> {
  const root = await createCa({ commonName: 'Conformance V2G Root', organization, notAfter: new Date(Date.now() + 30 * 24 * HOUR) });
  const subCa1 = await issue(root, 'Conformance CPO Sub-CA 1', ocspUrl, { ca: true });
  const subCa2 = await issue(subCa1, 'Conformance CPO Sub-CA 2', ocspUrl, { ca: true });
  return { root, subCa1, subCa2, ocspUrl };
}

/** The V2G Charging Station certificate for `csr`, issued by Sub-CA 2; returns the chain leaf, Sub-CA 2, Sub-CA 1. */
export async function signV2gCsr(pki: V2gPki, csr: string): Promise<string> {
  const x509 = await lib();
  const request = new x509.Pkcs10CertificateRequest(csr);
  if (!(await request.verify())) throw new Error('CSR signature does not verify');
  const publicKey = await request.publicKey.export(webcrypto as unknown as Crypto);
  const leaf = await issue(pki.subCa2, request.subject, pki.ocspUrl, { ca: false, publicKey, subjectIsName: true });
  return [leaf.cert, pki.subCa2.cert, pki.subCa1.cert].join('\n');
}

async function issue(
  issuer: Pem,
  subject: string,
  ocspUrl: string,
  options: { ca: boolean; publicKey?: CryptoKey; subjectIsName?: boolean },
): Promise<Pem> {
  const x509 = await lib();
  const issuerCert = new x509.X509Certificate(issuer.cert);
  const signingKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(issuer.key), EC, false, ['sign']);
  const keys = options.publicKey ? undefined : ((await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair);
  const publicKey = options.publicKey ?? (keys as CryptoKeyPair).publicKey;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const usages = options.ca
    ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: options.subjectIsName ? subject : `CN=${subject}, O=Conformance V2G`,
    issuer: issuerCert.subject,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 20 * 24 * HOUR),
    signingAlgorithm: SIGNING,
    publicKey,
    signingKey,
    extensions: [
      new x509.BasicConstraintsExtension(options.ca, undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuerCert),
      new x509.AuthorityInfoAccessExtension({ ocsp: [ocspUrl] }),
    ],
  });
  const key = keys ? x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY') : '';
  return { cert: cert.toString('pem'), key };
}
