// What the certificate signing cases (A02, TC_A_*, TC_M_23) share: the wss:// endpoint of the
// test CSMS that asks for a client certificate (security profile 3), and the Reusable State
// RenewChargingStationCertificate, in which the tool signs the station's CSR with its CSMS root.

import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import type { SecureContextOptions } from 'node:tls';
import { csrFacts, signCsr } from '../../support/csr-signing.js';
import { lib, type Pem } from '../../support/pki.js';
import type { HashData } from './certificates.js';
import { secureContext } from './security.js';
import type { StationLink } from './test-csms.js';

type Json = Record<string, unknown>;

/** A server context that requires a client certificate issued by `ca` (A00.FR.401/402). */
export function mutualTls(server: Pem, ca: Pem): SecureContextOptions {
  return { ...secureContext(server), ca: ca.cert, requestCert: true, rejectUnauthorized: true } as SecureContextOptions;
}

/**
 * TC_A_14_CS step 3 / RenewChargingStationCertificate step 3: the csr is an RFC 2986 request in
 * PEM with an RSA key of 2048 bits or more or an EC key of 224 bits or more.
 */
export async function assertCsr(request: Json, where: string): Promise<void> {
  const csr = String(request.csr);
  assert.match(csr, /^-----BEGIN CERTIFICATE REQUEST-----\r?\n[\s\S]+-----END CERTIFICATE REQUEST-----\s*$/, `${where}: csr is PEM`);
  const facts = await csrFacts(csr);
  assert.ok(facts.signatureValid, `${where}: the CSR's signature verifies (RFC 2986)`);
  const enough = facts.algorithm === 'ECDSA' ? facts.bits >= 224 : facts.bits >= 2048;
  assert.ok(enough, `${where}: key ${facts.algorithm} ${facts.bits} bits (RSA ≥ 2048, EC ≥ 224)`);
}

/**
 * The SignCertificateRequest the station sends after TriggerMessage SignChargingStationCertificate
 * (steps 1-4), answered with `signStatus`. Returns its payload.
 */
export async function triggeredSignRequest(link: StationLink, signStatus: 'Accepted' | 'Rejected', where: string): Promise<Json> {
  link.answers.set('SignCertificate', () => ({ status: signStatus }));
  const trigger = (await link.call('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })) as Json;
  assert.equal(trigger.status, 'Accepted', `${where} step 2: TriggerMessageResponse status Accepted`);
  const request = await link.next('SignCertificate');
  await assertCsr(request, `${where} step 3`);
  return request;
}

/** Memory State RenewChargingStationCertificate: steps 1-6, the CSR signed by the CSMS root `ca`. Returns the certificate. */
export async function renewChargingStationCertificate(link: StationLink, ca: Pem): Promise<string> {
  const where = 'RenewChargingStationCertificate';
  const request = await triggeredSignRequest(link, 'Accepted', where);
  const certificateChain = await signCsr(ca, String(request.csr));
  const res = (await link.call('CertificateSigned', { certificateChain, certificateType: 'ChargingStationCertificate' })) as Json;
  assert.equal(res.status, 'Accepted', `${where} step 6: CertificateSignedResponse status Accepted (${JSON.stringify(res.statusInfo)})`);
  return certificateChain;
}

/** The tool's hash data of a certificate it issued with the ECDSA P-256 root `issuerPem`: the leaf's issuer name, the root's key. */
export async function leafHashData(leafPem: string, issuerPem: string): Promise<HashData> {
  const x509 = await lib();
  const leaf = new x509.X509Certificate(leafPem);
  const issuer = new x509.X509Certificate(issuerPem);
  const key = await issuer.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify'], webcrypto as unknown as Crypto);
  const point = await webcrypto.subtle.exportKey('raw', key as unknown as webcrypto.CryptoKey);
  const sha256 = (bytes: ArrayBuffer): string => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(leaf.issuerName.toArrayBuffer()),
    issuerKeyHash: sha256(point),
    serialNumber: leaf.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

/**
 * A02.FR.08: on security profile 3 the station takes a new certificate into use by connecting
 * again. Waits for that upgrade after `since` (an index of link.upgrades), and for the link.
 */
export async function reconnectedWithNewCertificate(link: StationLink, since: number): Promise<string | undefined> {
  const upgrade = await link.upgrade(since, (u) => u.refusedWith === undefined);
  await link.whenConnected();
  return upgrade.clientCertificate;
}
