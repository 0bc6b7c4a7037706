import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createContractPki } from '../../../test/support/pki.js';
import { parseCertificate } from '../certificate-management/index.js';
import { chainPem, ocspRequestData, validateContract } from './contract-certificate.js';

const OCSP = 'http://ocsp.example.test/mo';
const now = () => new Date();

describe('C07 contract certificate chain', () => {
  it('C07.FR.02 – valid under the installed MO root: OCSP request data of the contract certificate and the sub-CA, with the AIA responder', async () => {
    const mo = await createContractPki({ emaid: 'NLTSTC000000001', ocspUrl: OCSP });
    const validity = validateContract(mo.chain, [mo.root.cert], now());
    assert.equal(validity.kind, 'valid');
    if (validity.kind !== 'valid') return;
    const [leaf, sub] = ocspRequestData(validity);
    const subCa = parseCertificate(mo.subCa.cert)!;
    const root = parseCertificate(mo.root.cert)!;
    const contract = parseCertificate(mo.contract.cert)!;
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    assert.deepEqual(leaf, {
      hashAlgorithm: 'SHA256',
      issuerNameHash: sha(contract.issuerName),
      issuerKeyHash: sha(subCa.publicKey),
      serialNumber: contract.serialNumber,
      responderURL: OCSP,
    });
    assert.equal(sub?.issuerKeyHash, sha(root.publicKey));
    assert.equal(sub?.serialNumber, subCa.serialNumber);
  });

  it('C07.FR.06 – no installed root issued it: noRoot, and the chain as the EV sent it goes to the CSMS', async () => {
    const mo = await createContractPki();
    const other = await createContractPki();
    const validity = validateContract(`${mo.chain}${mo.root.cert}`, [other.root.cert], now());
    assert.equal(validity.kind, 'noRoot', 'a root sent along by the EV is not trusted');
    if (validity.kind === 'noRoot') assert.equal(chainPem(validity.chain), mo.chain.trim());
  });

  it('C07.FR.08 – expired, or not signed by the next certificate: invalid', async () => {
    const expired = await createContractPki({ notBefore: new Date(Date.now() - 7200_000), notAfter: new Date(Date.now() - 3600_000) });
    assert.equal(validateContract(expired.chain, [expired.root.cert], now()).kind, 'invalid');
    const a = await createContractPki();
    const b = await createContractPki();
    assert.equal(validateContract(`${a.contract.cert}${b.subCa.cert}`, [b.root.cert], now()).kind, 'invalid');
    assert.equal(validateContract('not a certificate', [a.root.cert], now()).kind, 'invalid');
  });
});
