// Part 6 block M (certificate management), charging-station cases of the Core profile. One station
// for the block, started with its CSMS root (`--csms-root`), as a station of security profile 2 or 3
// has one; the cases run in Part 6 order, each installing what its memory state asks for.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCa } from '../support/pki.js';
import { type HashData, rootHashData, sameHashData } from './support/certificates.js';
import { type Booted, booted, certificateInstalled, getInstalledCertificates } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const DAY = 86400_000;
/** The CSMS root the station is configured with, a second CSMS root (Root 2), a manufacturer root. */
let configured: { cert: string; hashData: HashData };
let root2: { cert: string; hashData: HashData };
let manufacturer: { cert: string; hashData: HashData };

async function root(
  commonName: string,
  validity: { notBefore?: Date; notAfter?: Date } = {},
): Promise<{ cert: string; hashData: HashData }> {
  const { cert } = await createCa({ commonName, ...validity });
  return { cert, hashData: await rootHashData(cert) };
}

before(async () => {
  await csms.listen();
  [configured, root2, manufacturer] = await Promise.all([
    root('Conformance CSMS Root'),
    root('Conformance CSMS Root 2'),
    root('Conformance Manufacturer Root'),
  ]);
  cs = await booted(csms, { id: 'CONF-M', roots: { csms: [configured.cert] } });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

describe('Part 6 M – Certificate management', () => {
  it('TC_M_01_CS – Install CA certificate - CSMSRootCertificate', async () => {
    await certificateInstalled(cs, 'CSMSRootCertificate', root2.cert, 'step 1 CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['CSMSRootCertificate'],
      [{ type: 'CSMSRootCertificate', hashData: root2.hashData }],
      'step 2 GetInstalledCertificates',
    );
  });

  it('TC_M_02_CS – Install CA certificate - ManufacturerRootCertificate', async () => {
    await certificateInstalled(cs, 'ManufacturerRootCertificate', manufacturer.cert, 'step 1 CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['ManufacturerRootCertificate'],
      [{ type: 'ManufacturerRootCertificate', hashData: manufacturer.hashData }],
      'step 2 GetInstalledCertificates',
    );
  });

  it('TC_M_07_CS – Install CA certificate - Rejected - Certificate invalid', async () => {
    const expired = await root('Conformance Expired CSMS Root', {
      notBefore: new Date(Date.now() - 2 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const res = (await cs.link.call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: expired.cert })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: InstallCertificateResponse status Rejected');
    const list = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] })) as Json;
    assert.equal(list.status, 'Accepted', 'step 4: GetInstalledCertificateIdsResponse status Accepted');
    const chain = (list.certificateHashDataChain as Json[] | undefined) ?? [];
    assert.ok(
      !chain.some((e) => sameHashData(e.certificateHashData as Json, expired.hashData)),
      'step 4: certificateHashDataChain has no entry of the expired certificate',
    );
  });

  it('TC_M_12_CS – Retrieve certificates from Charging Station - CSMSRootCertificate', async () => {
    await certificateInstalled(cs, 'CSMSRootCertificate', configured.cert, 'memory state CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['CSMSRootCertificate'],
      [{ type: 'CSMSRootCertificate', hashData: configured.hashData }],
      'step 1 GetInstalledCertificates',
    );
  });

  it('TC_M_13_CS – Retrieve certificates from Charging Station - ManufacturerRootCertificate', async () => {
    await certificateInstalled(cs, 'ManufacturerRootCertificate', manufacturer.cert, 'memory state CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['ManufacturerRootCertificate'],
      [{ type: 'ManufacturerRootCertificate', hashData: manufacturer.hashData }],
      'step 1 GetInstalledCertificates',
    );
  });

  it('TC_M_17_CS – Retrieve certificates from Charging Station - CSMSRootCertificate & ManufacturerRootCertificate', async () => {
    await certificateInstalled(cs, 'CSMSRootCertificate', configured.cert, 'memory state CertificateInstalled CSMSRootCertificate');
    await certificateInstalled(
      cs,
      'ManufacturerRootCertificate',
      manufacturer.cert,
      'memory state CertificateInstalled ManufacturerRootCertificate',
    );
    const chain = await getInstalledCertificates(
      cs,
      ['CSMSRootCertificate', 'ManufacturerRootCertificate'],
      [
        { type: 'CSMSRootCertificate', hashData: configured.hashData },
        { type: 'ManufacturerRootCertificate', hashData: manufacturer.hashData },
      ],
      'step 1 GetInstalledCertificates',
    );
    assert.ok(
      chain.every((e) => e.certificateType === 'CSMSRootCertificate' || e.certificateType === 'ManufacturerRootCertificate'),
      'step 1: only certificates of the requested types',
    );
  });

  it('TC_M_18_CS – Retrieve certificates from Charging Station - All certificateTypes', async () => {
    await certificateInstalled(cs, 'CSMSRootCertificate', configured.cert, 'memory state CertificateInstalled CSMSRootCertificate');
    await certificateInstalled(
      cs,
      'ManufacturerRootCertificate',
      manufacturer.cert,
      'memory state CertificateInstalled ManufacturerRootCertificate',
    );
    await getInstalledCertificates(
      cs,
      undefined,
      [
        { type: 'CSMSRootCertificate', hashData: configured.hashData },
        { type: 'ManufacturerRootCertificate', hashData: manufacturer.hashData },
      ],
      'step 2 (certificateType omitted)',
    );
  });

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

  it('TC_M_20_CS – Delete a certificate from a Charging Station - Success', async () => {
    // Reusable states: GetInstalledCertificates CSMSRootCertificate, CertificateInstalled when it returns none.
    const present = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] })) as Json;
    if (present.status === 'NotFound') await certificateInstalled(cs, 'CSMSRootCertificate', root2.cert, 'before: CertificateInstalled');
    const chain = await getInstalledCertificates(cs, ['CSMSRootCertificate'], [], 'step 1 GetInstalledCertificates');
    const target = chain[0]?.certificateHashData as Json | undefined;
    assert.ok(target, 'step 1: the certificate to delete is present');
    const res = (await cs.link.call('DeleteCertificate', { certificateHashData: target })) as Json;
    assert.equal(res.status, 'Accepted', 'step 3: DeleteCertificateResponse status Accepted');
    const afterwards = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] })) as Json;
    const rest = (afterwards.certificateHashDataChain as Json[] | undefined) ?? [];
    assert.equal(afterwards.status, rest.length > 0 ? 'Accepted' : 'NotFound', 'step 4: GetInstalledCertificateIdsResponse answered');
    assert.ok(
      !rest.some((e) => JSON.stringify(e.certificateHashData) === JSON.stringify(target)),
      'step 4: the deleted certificate is not present anymore',
    );
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
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
