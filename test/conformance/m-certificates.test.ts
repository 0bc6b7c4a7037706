// Part 6 block M (certificate management), charging-station cases of the Core profile.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-M' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

describe('Part 6 M – Certificate management', () => {
  it('TC_M_19_CS – Retrieve certificates from Charging Station - No matching certificate found', async () => {
    // Configuration state: no MORootCertificate installed (removed if there is one).
    const before = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['MORootCertificate'] })) as Json;
    for (const c of (before.certificateHashDataChain as Json[] | undefined) ?? []) {
      await cs.link.call('DeleteCertificate', { certificateHashData: c.certificateHashData as Json });
    }
    const res = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['MORootCertificate'] })) as Json;
    assert.equal(res.status, 'NotFound', 'step 2: GetInstalledCertificateIdsResponse status NotFound');
    assert.equal(res.certificateHashDataChain, undefined, 'step 2: certificateHashDataChain omitted');
  });

  it('TC_M_22_CS – Delete a certificate from a Charging Station - No matching certificate found', async () => {
    const installed = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] })) as Json;
    assert.match(String(installed.status), /^(Accepted|NotFound)$/, 'step 1: GetInstalledCertificates answered');
    const res = (await cs.link.call('DeleteCertificate', {
      certificateHashData: {
        hashAlgorithm: 'SHA256',
        issuerNameHash: 'a'.repeat(64),
        issuerKeyHash: 'b'.repeat(64),
        serialNumber: '0badc0de',
      },
    })) as Json;
    assert.equal(res.status, 'NotFound', 'step 3: DeleteCertificateResponse status NotFound');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
