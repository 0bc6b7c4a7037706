import assert from 'node:assert/strict';
import { X509Certificate, createHash, webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { CertificateHashDataType, GetInstalledCertificateIdsRequest } from '../../generated/ocpp201/index.js';
import { openDatabase, type Database } from '../../store/database.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { createCa, issueClientCert, type Pem } from '../../../test/support/pki.js';
import { certificateManagementBlock, type CertificateSources } from './index.js';
import { SecurityEvents } from '../security/index.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** The PEM as the station gives it back. */
const pem = (text: string): string => new X509Certificate(text).toString();

function setup(sources: CertificateSources = {}, options: { db?: Database; overrides?: Record<string, string> } = {}) {
  const db = options.db ?? openDatabase(':memory:');
  const block = makeBlockContext({ id: 'CS-CERT', db, overrides: options.overrides ?? {}, call: async () => ({}) });
  block.clock.advance(Date.now() - block.clock.now()); // the test PKI is valid around the real time
  const created = certificateManagementBlock.create(block.ctx, { certificateSources: sources, security: new SecurityEvents(block.ctx) });
  const routes = created.routes;
  if (!routes) throw new Error('the block has no routes');
  return {
    ...block,
    api: created.api,
    install: (certificateType: Parameters<typeof created.api.roots>[0], certificate: string) =>
      routes.InstallCertificate.handle({ certificateType, certificate }),
    list: (certificateType?: GetInstalledCertificateIdsRequest['certificateType']) =>
      routes.GetInstalledCertificateIds.handle(certificateType ? { certificateType } : {}),
    remove: (certificateHashData: CertificateHashDataType) => routes.DeleteCertificate.handle({ certificateHashData }),
  };
}

/** The hash data computed independently of the block: @peculiar/x509 names and the raw EC point. */
function expectedHashData(pem: string, issuerPem = pem): CertificateHashDataType {
  const certificate = new x509.X509Certificate(pem);
  const issuer = new x509.X509Certificate(issuerPem);
  const sha256 = (bytes: ArrayBuffer | Uint8Array) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
  const issuerName = new x509.Name(certificate.issuer).toArrayBuffer();
  const point = new Uint8Array(issuer.publicKey.rawData).slice(-65); // P-256 uncompressed point, the subjectPublicKey bits
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(issuerName),
    issuerKeyHash: sha256(point),
    serialNumber: certificate.serialNumber.toLowerCase().replace(/^0+/, ''),
  };
}

describe('M05 InstallCertificate', () => {
  it('M05.FR.02 / TC_M_01_CS – a valid CSMS root: Accepted, and the API gives it as PEM', async () => {
    const ca = await createCa();
    const s = setup();
    assert.deepEqual(await s.install('CSMSRootCertificate', ca.cert), { status: 'Accepted' });
    assert.deepEqual(s.api.roots('CSMSRootCertificate'), [pem(ca.cert)]);
    assert.deepEqual(s.api.roots('ManufacturerRootCertificate'), []);
    assert.equal(s.api.hasValidRoot('CSMSRootCertificate'), true);
    assert.equal(s.dm.get(DM.SecurityCtrlr.CertificateEntries), '1');
  });

  it('TC_M_02_CS / TC_M_03_CS / TC_M_04_CS – Manufacturer, V2G and MO roots are kept by type', async () => {
    const s = setup();
    const [m, v, mo] = await Promise.all([createCa(), createCa(), createCa()]);
    assert.equal((await s.install('ManufacturerRootCertificate', m.cert)).status, 'Accepted');
    assert.equal((await s.install('V2GRootCertificate', v.cert)).status, 'Accepted');
    assert.equal((await s.install('MORootCertificate', mo.cert)).status, 'Accepted');
    assert.deepEqual(s.api.roots('ManufacturerRootCertificate'), [pem(m.cert)]);
    assert.deepEqual(s.api.roots('V2GRootCertificate'), [pem(v.cert)]);
    assert.deepEqual(s.api.roots('MORootCertificate'), [pem(mo.cert)]);
  });

  it('M05.FR.07 / TC_M_07_CS – not a certificate, not a CA, or expired: Rejected, nothing installed', async () => {
    const ca = await createCa();
    const leaf = await issueClientCert(ca);
    const s = setup();
    assert.equal((await s.install('CSMSRootCertificate', 'garbage')).status, 'Rejected');
    assert.equal((await s.install('CSMSRootCertificate', leaf.cert)).status, 'Rejected');
    s.clock.advance(2 * 24 * 3600_000); // the CA is valid one day
    const expired = await s.install('CSMSRootCertificate', ca.cert);
    assert.equal(expired.status, 'Rejected');
    assert.equal(expired.statusInfo?.additionalInfo, 'expired');
    assert.deepEqual(s.api.roots('CSMSRootCertificate'), []);
  });

  it('M05.FR.17 – the same certificate again replaces it: Accepted, still one', async () => {
    const ca = await createCa();
    const s = setup();
    await s.install('CSMSRootCertificate', ca.cert);
    assert.equal((await s.install('CSMSRootCertificate', ca.cert)).status, 'Accepted');
    assert.equal(s.api.roots('CSMSRootCertificate').length, 1);
  });

  it('M05.FR.06 – beyond CertificateEntries maxLimit: Rejected', async () => {
    const s = setup();
    const limit = 50;
    const cas: Pem[] = [];
    for (let i = 0; i <= limit; i++) cas.push(await createCa({ commonName: `Root ${i}` }));
    for (const ca of cas.slice(0, limit)) assert.equal((await s.install('V2GRootCertificate', ca.cert)).status, 'Accepted');
    assert.equal((await s.install('V2GRootCertificate', cas[limit]!.cert)).status, 'Rejected');
    assert.equal(s.dm.get(DM.SecurityCtrlr.CertificateEntries), String(limit));
  });

  it('installed certificates survive a restart on the same database', async () => {
    const ca = await createCa();
    const db = openDatabase(':memory:');
    await setup({}, { db }).install('ManufacturerRootCertificate', ca.cert);
    assert.deepEqual(setup({}, { db }).api.roots('ManufacturerRootCertificate'), [pem(ca.cert)]);
  });
});

describe('M03 GetInstalledCertificateIds', () => {
  it('M03.FR.02 / TC_M_19_CS – nothing installed of the type: NotFound', async () => {
    const s = setup();
    await s.install('MORootCertificate', (await createCa()).cert);
    assert.deepEqual(await s.list(['CSMSRootCertificate']), { status: 'NotFound' });
    assert.deepEqual(await s.list(['V2GCertificateChain']), { status: 'NotFound' });
  });

  it("M03.FR.03/04 / TC_M_12_CS – SHA256 hash data: issuer name DER, the root's own key, serial in hex", async () => {
    const ca = await createCa();
    const s = setup();
    await s.install('CSMSRootCertificate', ca.cert);
    const response = await s.list(['CSMSRootCertificate']);
    assert.equal(response.status, 'Accepted');
    assert.deepEqual(response.certificateHashDataChain, [
      { certificateType: 'CSMSRootCertificate', certificateHashData: expectedHashData(ca.cert) },
    ]);
  });

  it('TC_M_13_CS / TC_M_17_CS / TC_M_18_CS – filtered by certificateType, all types without a filter', async () => {
    const [csms, manufacturer, v2g] = await Promise.all([createCa(), createCa(), createCa()]);
    const s = setup();
    await s.install('CSMSRootCertificate', csms.cert);
    await s.install('ManufacturerRootCertificate', manufacturer.cert);
    await s.install('V2GRootCertificate', v2g.cert);
    const types = async (filter?: Parameters<typeof s.list>[0]) =>
      (await s.list(filter)).certificateHashDataChain?.map((c) => c.certificateType);
    assert.deepEqual(await types(['ManufacturerRootCertificate']), ['ManufacturerRootCertificate']);
    assert.deepEqual(await types(['CSMSRootCertificate', 'ManufacturerRootCertificate']), [
      'CSMSRootCertificate',
      'ManufacturerRootCertificate',
    ]);
    assert.deepEqual(await types(), ['CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate']);
  });
});

describe('M04 DeleteCertificate', () => {
  it('M04.FR.02 / TC_M_20_CS – the hash data GetInstalledCertificateIds gave: Accepted, then gone (also the last CSMS root)', async () => {
    const ca = await createCa();
    const s = setup();
    await s.install('CSMSRootCertificate', ca.cert);
    const [entry] = (await s.list(['CSMSRootCertificate'])).certificateHashDataChain ?? [];
    assert.deepEqual(await s.remove(entry!.certificateHashData), { status: 'Accepted' });
    assert.deepEqual(await s.list(['CSMSRootCertificate']), { status: 'NotFound' });
    assert.equal(s.dm.get(DM.SecurityCtrlr.CertificateEntries), '0');
  });

  it('M04.FR.07 – the hash algorithm the CSMS chose; serial with leading zeros and upper-case hex match too', async () => {
    const ca = await createCa();
    const s = setup();
    await s.install('MORootCertificate', ca.cert);
    const data = expectedHashData(ca.cert);
    assert.equal(
      (await s.remove({ ...data, issuerNameHash: data.issuerNameHash.toUpperCase(), serialNumber: `00${data.serialNumber}` })).status,
      'Accepted',
    );
    await s.install('MORootCertificate', ca.cert);
    const certificate = new x509.X509Certificate(ca.cert);
    const sha384 = {
      hashAlgorithm: 'SHA384' as const,
      issuerNameHash: createHash('sha384')
        .update(new Uint8Array(new x509.Name(certificate.issuer).toArrayBuffer()))
        .digest('hex'),
      issuerKeyHash: createHash('sha384').update(new Uint8Array(certificate.publicKey.rawData).slice(-65)).digest('hex'),
      serialNumber: data.serialNumber,
    };
    assert.equal((await s.remove(sha384)).status, 'Accepted');
  });

  it('M04.FR.04 / TC_M_22_CS – hash data of an unknown certificate: NotFound', async () => {
    const [installed, other] = await Promise.all([createCa(), createCa()]);
    const s = setup();
    await s.install('CSMSRootCertificate', installed.cert);
    assert.deepEqual(await s.remove(expectedHashData(other.cert)), { status: 'NotFound' });
    assert.equal(s.api.roots('CSMSRootCertificate').length, 1);
  });

  it('M04.FR.06 / TC_M_23_CS – the Charging Station certificate: Failed', async () => {
    const ca = await createCa();
    const client = await issueClientCert(ca);
    const s = setup({ stationCertificate: client.cert });
    await s.install('CSMSRootCertificate', ca.cert);
    assert.equal(s.api.hasStationCertificate(), true);
    assert.equal((await s.remove(expectedHashData(client.cert, ca.cert))).status, 'Failed');
    // its issuer not installed: named by issuer name and serial number, still Failed
    const bare = setup({ stationCertificate: client.cert });
    assert.equal((await bare.remove(expectedHashData(client.cert, ca.cert))).status, 'Failed');
  });
});

describe('command-line roots (contract 2026-12)', () => {
  it('installed at the first start; one the CSMS deleted stays deleted after a restart', async () => {
    const [manufacturer, csms] = await Promise.all([createCa(), createCa()]);
    const db = openDatabase(':memory:');
    const roots = { ManufacturerRootCertificate: [manufacturer.cert], CSMSRootCertificate: [csms.cert] };
    const first = setup({ initialRoots: roots }, { db });
    assert.deepEqual(first.api.roots('ManufacturerRootCertificate'), [pem(manufacturer.cert)]);
    assert.deepEqual(first.api.roots('CSMSRootCertificate'), [pem(csms.cert)]);
    assert.equal((await first.remove(expectedHashData(csms.cert))).status, 'Accepted');
    const again = setup({ initialRoots: roots }, { db });
    assert.deepEqual(again.api.roots('CSMSRootCertificate'), []);
    assert.deepEqual(
      again.api.installed().map((c) => c.type),
      ['ManufacturerRootCertificate'],
    );
  });
});
