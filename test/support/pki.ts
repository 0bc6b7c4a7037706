// Throw-away PKI for tests: a root CA, CSMS server certificates and Charging Station client
// certificates, all ECDSA P-256 / SHA-256 (A00.FR.503, A00.FR.505, A00.FR.506), returned as
// PEM strings (A00.FR.507) ready for node:tls options.
//
//   const ca = await createCa();
//   const server = await issueServerCert(ca);                 // SAN 127.0.0.1 + localhost
//   const expired = await issueServerCert(ca, { notAfter: new Date(Date.now() - 60_000) });
//   const client = await issueClientCert(ca, { commonName: 'SN-0001' });
//
// And an ISO 15118 contract hierarchy (C07 Plug & Charge): an MO root, an MO sub-CA and the
// contract certificate with the eMAID as CN, the two below the root naming an OCSP responder in
// their Authority Information Access:
//
//   const mo = await createContractPki({ emaid: 'NLTST000000001' });   // mo.root, mo.chain (leaf first)
//
// Validity uses the real time, since TLS checks certificates against the real system clock.

import { webcrypto } from 'node:crypto';
import { type X509, x509Library } from '../../src/blocks/certificate-management/x509.js';
import { isIP } from 'node:net';

/** A certificate and its private key, both PEM. */
export interface Pem {
  cert: string;
  /** PKCS#8 PEM. */
  key: string;
}

export interface CaOptions {
  commonName?: string;
  organization?: string;
  /** Default: one hour ago. */
  notBefore?: Date;
  /** Default: one day from now. */
  notAfter?: Date;
}

export interface LeafOptions {
  /** Subject CN. Server default: the first host; client default: 'CS-SERIAL-0001' (A00.FR.511). */
  commonName?: string;
  /** Subject O (A00.FR.509). Default 'Test CSO'. */
  organization?: string;
  /** Server certificates only: DNS names and IP addresses for the SAN. Default ['127.0.0.1', 'localhost']. */
  hosts?: string[];
  /** Default: one hour ago. */
  notBefore?: Date;
  /** Default: one day from now. */
  notAfter?: Date;
  /** An RSA 2048 key instead of ECDSA P-256, for the TLS_RSA_WITH_AES_*_GCM suites (A00.FR.319). */
  rsa?: boolean;
}

const RSA_KEY = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const HOUR = 3600_000;

/** A self-signed root CA. */
export async function createCa(options: CaOptions = {}): Promise<Pem> {
  const x509 = await lib();
  const keys = await newKeys();
  const name = subject(options.commonName ?? 'Test Root CA', options.organization ?? 'Test CSO');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: options.notBefore ?? new Date(Date.now() - HOUR),
    notAfter: options.notAfter ?? new Date(Date.now() + 24 * HOUR),
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** A CSMS (TLS server) certificate signed by `ca`. */
export async function issueServerCert(ca: Pem, options: LeafOptions = {}): Promise<Pem> {
  const x509 = await lib();
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  const san = new x509.SubjectAlternativeNameExtension(
    hosts.map((h) => ({ type: isIP(h) ? ('ip' as const) : ('dns' as const), value: h })),
  );
  return issue(ca, options, options.commonName ?? hosts[0] ?? 'localhost', [san]);
}

/** A Charging Station (TLS client) certificate signed by `ca`; no SAN, as A00.FR.511 advises. */
export async function issueClientCert(ca: Pem, options: LeafOptions = {}): Promise<Pem> {
  return issue(ca, options, options.commonName ?? 'CS-SERIAL-0001', []);
}

async function issue(ca: Pem, options: LeafOptions, commonName: string, extra: unknown[]): Promise<Pem> {
  const x509 = await lib();
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.key), EC_KEY, false, ['sign']);
  const keys = options.rsa ? await newRsaKeys() : await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: subject(commonName, options.organization ?? 'Test CSO'),
    issuer: caCert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - HOUR),
    notAfter: options.notAfter ?? new Date(Date.now() + 24 * HOUR),
    signingAlgorithm: SIGNING,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // A00.FR.512: key usage restricted to what a TLS endpoint with its key needs (RSA: key transport).
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | (options.rsa ? x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.keyAgreement),
        true,
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      ...(extra as InstanceType<typeof x509.Extension>[]),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

export interface ContractPkiOptions {
  /** The contract certificate's CN. Default 'NLTSTC000000001'. */
  emaid?: string;
  /** The OCSP responder named in the AIA of the sub-CA and the contract certificate. */
  ocspUrl?: string;
  /** The contract certificate's validity; default one hour ago to one day from now. */
  notBefore?: Date;
  notAfter?: Date;
}

/** An MO hierarchy: root, sub-CA and contract certificate; `chain` is the PEM the EV presents (leaf, sub-CA). */
export interface ContractPki {
  root: Pem;
  subCa: Pem;
  contract: Pem;
  emaid: string;
  chain: string;
}

export async function createContractPki(options: ContractPkiOptions = {}): Promise<ContractPki> {
  const x509 = await lib();
  const emaid = options.emaid ?? 'NLTSTC000000001';
  const aia = new x509.AuthorityInfoAccessExtension({ ocsp: options.ocspUrl ?? 'http://127.0.0.1:9/ocsp' });
  const root = await createCa({ commonName: 'Test MO Root CA', organization: 'Test MO' });
  const subCa = await issueCa(root, 'Test MO Sub-CA', [aia]);
  const caCert = new x509.X509Certificate(subCa.cert);
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(subCa.key), EC_KEY, false, ['sign']);
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: subject(emaid, 'Test MO'),
    issuer: caCert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - HOUR),
    notAfter: options.notAfter ?? new Date(Date.now() + 24 * HOUR),
    signingAlgorithm: SIGNING,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      aia,
    ],
  });
  const contract = { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
  return { root, subCa, contract, emaid, chain: `${contract.cert.trim()}\n${subCa.cert.trim()}\n` };
}

/** An intermediate CA signed by `parent`. */
async function issueCa(parent: Pem, commonName: string, extra: InstanceType<X509['Extension']>[]): Promise<Pem> {
  const x509 = await lib();
  const parentCert = new x509.X509Certificate(parent.cert);
  const parentKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(parent.key), EC_KEY, false, ['sign']);
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: subject(commonName, 'Test MO'),
    issuer: parentCert.subject,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 24 * HOUR),
    signingAlgorithm: SIGNING,
    publicKey: keys.publicKey,
    signingKey: parentKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(parentCert),
      ...extra,
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** @peculiar/x509, loaded the one way the station loads it (Reflect metadata first, node's WebCrypto). */
export const lib = x509Library;

function newRsaKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(RSA_KEY, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const x509 = await lib();
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A00.FR.508: every certificate has a (random, positive) serial number. */
function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

function subject(commonName: string, organization: string): string {
  return `CN=${commonName}, O=${organization}`;
}
