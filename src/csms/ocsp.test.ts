import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ocspRequestData } from '../blocks/certificate-management/ocsp-status.js';
import { parseCertificate, type ParsedCertificate } from '../blocks/certificate-management/certificates.js';
import { readOcspResponse, startOcspResponder, type OcspResponder } from '../../test/support/ocsp-responder.js';
import { createV2gPki, type V2gPki } from '../../test/support/v2g-pki.js';
import { getCertificateStatus } from './ocsp.js';

let responder: OcspResponder;
let pki: V2gPki;
const parsed = (pem: string): ParsedCertificate => parseCertificate(pem) as ParsedCertificate;

before(async () => {
  responder = await startOcspResponder();
  pki = await createV2gPki(responder.url);
  responder.configure([pki.root.cert, pki.subCa1.cert, pki.subCa2.cert], pki.root);
  responder.good(pki.subCa1.cert);
});
after(() => responder.close());

describe('M06 GetCertificateStatus at the CSMS: it asks the OCSP responder the certificate names', () => {
  it('M06.FR.02/03/08/09 – Accepted with the DER OCSPResponse, base64, that says good for the certificate', async () => {
    const data = ocspRequestData(parsed(pki.subCa1.cert), parsed(pki.root.cert));
    assert.ok(data, 'the certificate names its OCSP responder');
    assert.equal(data.responderURL, responder.url);
    const response = await getCertificateStatus(data);
    assert.equal(response.status, 'Accepted');
    const ocsp = await readOcspResponse(Buffer.from(response.ocspResult ?? '', 'base64'));
    assert.equal(ocsp.status, 'successful');
    assert.equal(ocsp.certificates[new X509Certificate(pki.subCa1.cert).serialNumber.toLowerCase().replace(/^0+(?=.)/, '')], 'good');
  });

  it('the responder does not know the certificate: still Accepted (the status is about the retrieval), and says unknown', async () => {
    const data = ocspRequestData(parsed(pki.subCa2.cert), parsed(pki.subCa1.cert));
    assert.ok(data);
    const response = await getCertificateStatus(data);
    assert.equal(response.status, 'Accepted');
    const ocsp = await readOcspResponse(Buffer.from(response.ocspResult ?? '', 'base64'));
    assert.deepEqual(Object.values(ocsp.certificates), ['unknown']);
  });

  it('M06.FR.04 – an unreachable responder, or a URL that is not HTTP, is Failed', async () => {
    const data = ocspRequestData(parsed(pki.subCa1.cert), parsed(pki.root.cert));
    assert.ok(data);
    assert.equal((await getCertificateStatus({ ...data, responderURL: 'http://127.0.0.1:1/' })).status, 'Failed');
    assert.equal((await getCertificateStatus({ ...data, responderURL: 'ldap://ocsp' })).status, 'Failed');
  });

  it('a certificate without an OCSP responder in its AIA gives no request data', () => {
    assert.equal(ocspRequestData(parsed(pki.root.cert), parsed(pki.root.cert)), undefined);
  });
});
