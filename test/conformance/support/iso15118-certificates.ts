// What the ISO 15118 certificate cases share: the Memory State RenewV2GChargingStationCertificate
// (A02 with SignV2GCertificate, the CSR signed by Sub-CA 2 of the tool's V2G PKI), the tool's own
// answer to GetCertificateStatus (it asks the OCSP responder the request names, as a CSMS does),
// and the tool's view of a certificate's OCSP CertID.

import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { csrFacts } from '../../support/csr-signing.js';
import { lib } from '../../support/pki.js';
import { signV2gCsr, type V2gPki } from '../../support/v2g-pki.js';
import type { HashData } from './certificates.js';
import type { StationLink } from './test-csms.js';

type Json = Record<string, unknown>;

/**
 * Memory State RenewV2GChargingStationCertificate steps 1-6; `issued` hears of the certificate
 * before it goes out (the OCSP responder learns it). Returns the chain sent.
 */
export async function renewV2gCertificate(link: StationLink, pki: V2gPki, issued: (leaf: string) => void): Promise<string> {
  const where = 'RenewV2GChargingStationCertificate';
  link.answers.set('SignCertificate', () => ({ status: 'Accepted' }));
  const trigger = (await link.call('TriggerMessage', { requestedMessage: 'SignV2GCertificate' })) as Json;
  assert.equal(trigger.status, 'Accepted', `${where} step 2: TriggerMessageResponse status Accepted`);
  const request = await link.next('SignCertificate');
  assert.equal(request.certificateType, 'V2GCertificate', `${where} step 3: SignCertificateRequest certificateType V2GCertificate`);
  const csr = String(request.csr);
  assert.match(csr, /^-----BEGIN CERTIFICATE REQUEST-----\r?\n[\s\S]+-----END CERTIFICATE REQUEST-----\s*$/, `${where} step 3: csr is PEM`);
  const facts = await csrFacts(csr);
  assert.ok(facts.signatureValid, `${where} step 3: the CSR's signature verifies (RFC 2986)`);
  assert.equal(facts.algorithm, 'ECDSA', `${where} step 3: an ECDSA key (ISO 15118 cannot be used with RSA)`);
  assert.ok(facts.bits >= 256, `${where} step 3: key of ${facts.bits} bits, at least 256`);
  const certificateChain = await signV2gCsr(pki, csr);
  issued(certificateChain.slice(0, certificateChain.indexOf('-----END CERTIFICATE-----') + 25));
  const res = (await link.call('CertificateSigned', { certificateChain, certificateType: 'V2GCertificate' })) as Json;
  assert.equal(res.status, 'Accepted', `${where} step 6: CertificateSignedResponse status Accepted (${JSON.stringify(res.statusInfo)})`);
  return certificateChain;
}

/** The tool's SHA256 CertID fields of `pem` issued by `issuerPem` (ECDSA P-256): issuer name hash, issuer key hash, serial. */
export async function certId(pem: string, issuerPem: string): Promise<HashData> {
  const x509 = await lib();
  const certificate = new x509.X509Certificate(pem);
  const issuer = new x509.X509Certificate(issuerPem);
  const key = await issuer.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify'], webcrypto as unknown as Crypto);
  const point = await webcrypto.subtle.exportKey('raw', key as unknown as webcrypto.CryptoKey);
  const sha256 = (bytes: ArrayBuffer): string => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(certificate.issuerName.toArrayBuffer()),
    issuerKeyHash: sha256(point),
    serialNumber: certificate.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

/** The PEM certificates of a chain, in order. */
export function pems(chain: string): string[] {
  return chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

// --- The tool as a CSMS that asks the OCSP responder (RFC 6960 appendix A.1) -------------------

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** OCSPRequest DER for the station's ocspRequestData (SHA256 only, as the tool's PKI). */
function ocspRequest(data: Json): Buffer {
  const hex = String(data.serialNumber);
  let serial = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if ((serial[0] ?? 0) & 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
  const sha256 = Buffer.from([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00]);
  const certIdDer = tlv(
    0x30,
    Buffer.concat([
      tlv(0x30, sha256),
      tlv(0x04, Buffer.from(String(data.issuerNameHash), 'hex')),
      tlv(0x04, Buffer.from(String(data.issuerKeyHash), 'hex')),
      tlv(0x02, serial),
    ]),
  );
  return tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x30, certIdDer))));
}

/** The tool's GetCertificateStatusResponse: Accepted with the responder's DER OCSPResponse, base64; Failed without one. */
export async function toolCertificateStatus(payload: Json): Promise<Json> {
  const data = payload.ocspRequestData as Json;
  try {
    const res = await fetch(String(data.responderURL), {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: new Uint8Array(ocspRequest(data)),
    });
    if (!res.ok) return { status: 'Failed' };
    return { status: 'Accepted', ocspResult: Buffer.from(await res.arrayBuffer()).toString('base64') };
  } catch {
    return { status: 'Failed' };
  }
}
