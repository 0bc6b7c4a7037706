import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createCa, issueClientCert, type Pem } from '../../../test/support/pki.js';
import { checkImageSignature, checkSigningCertificate } from './signature.js';

const image = Buffer.from('firmware image 1.2.3');
let root: Pem;
let signer: Pem;
let otherRoot: Pem;

before(async () => {
  root = await createCa({ commonName: 'Manufacturer Root' });
  otherRoot = await createCa({ commonName: 'Someone Else' });
  signer = await issueClientCert(root, { commonName: 'Firmware Signing' });
});

describe('L01.FR.21/22 signing certificate', () => {
  it('L01.FR.21 – issued by a manufacturer root and valid now: valid', () => {
    assert.equal(checkSigningCertificate(signer.cert, [otherRoot.cert, root.cert], new Date()).valid, true);
  });

  it('L01.FR.22 – from another root, expired, a CA itself, or not a certificate: invalid', () => {
    assert.equal(checkSigningCertificate(signer.cert, [otherRoot.cert], new Date()).valid, false);
    assert.equal(checkSigningCertificate(signer.cert, [root.cert], new Date(Date.now() + 30 * 86400_000)).valid, false);
    assert.equal(checkSigningCertificate(root.cert, [root.cert], new Date()).valid, false);
    assert.equal(checkSigningCertificate('garbage', [root.cert], new Date()).valid, false);
    assert.equal(checkSigningCertificate(signer.cert, [], new Date()).valid, false);
  });
});

describe('L01.FR.04/12 image signature', () => {
  const key = () => {
    const verdict = checkSigningCertificate(signer.cert, [root.cert], new Date());
    assert.ok(verdict.valid);
    return verdict.certificate.publicKey;
  };

  it('L01.FR.04 – ECDSA SHA-256 over the whole image, DER or P1363: valid', () => {
    const der = sign('sha256', image, signer.key).toString('base64');
    const p1363 = sign('sha256', image, { key: signer.key, dsaEncoding: 'ieee-p1363' }).toString('base64');
    assert.equal(checkImageSignature(image, der, key()), true);
    assert.equal(checkImageSignature(image, p1363, key()), true);
  });

  it('L01.FR.12 – another image, another key, an empty or garbled signature: invalid', () => {
    const der = sign('sha256', image, signer.key).toString('base64');
    assert.equal(checkImageSignature(Buffer.from('firmware image 1.2.4'), der, key()), false);
    assert.equal(checkImageSignature(image, sign('sha256', image, root.key).toString('base64'), key()), false);
    assert.equal(checkImageSignature(image, '', key()), false);
    assert.equal(checkImageSignature(image, 'AAAA', key()), false);
  });
});
