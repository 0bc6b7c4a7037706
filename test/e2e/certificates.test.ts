// M03–M05 against the built-in CSMS over a real WebSocket, with certificates made in the test:
// the CSMS installs a root, lists it with the hash data computed from the certificate, and
// deletes it; the control API's state shows what is installed.

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { createCa } from '../support/pki.js';
import { useLocalCsms } from '../support/local-csms-suite.js';
import type { TestStation } from '../support/test-station.js';

const suite = useLocalCsms();
const running: TestStation[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

describe('M Certificate management through the station, end to end', () => {
  it('M05.FR.01, M03.FR.02, M04.FR.02 – install a CSMS root, list it by its hash data, delete it; the state shows it while installed', async () => {
    const t = await suite.online('CERT-E2E');
    running.push(t);
    // Station time is the CSMS's (B01.FR.06), the real time around which the test PKI is valid.
    const ca = await createCa({ commonName: 'Test CSMS Root' });
    const call = (action: string, payload: unknown) => suite.csms.call('CERT-E2E', action as never, payload as never);

    assert.deepEqual(await call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: ca.cert }), {
      status: 'Accepted',
    });
    const listed = (await call('GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] })) as {
      status: string;
      certificateHashDataChain: { certificateType: string; certificateHashData: { serialNumber: string; hashAlgorithm: string } }[];
    };
    assert.equal(listed.status, 'Accepted');
    const [entry] = listed.certificateHashDataChain;
    const serial = new X509Certificate(ca.cert).serialNumber.toLowerCase().replace(/^0+/, '');
    assert.equal(entry?.certificateType, 'CSMSRootCertificate');
    assert.equal(entry?.certificateHashData.hashAlgorithm, 'SHA256');
    assert.equal(entry?.certificateHashData.serialNumber, serial);
    assert.deepEqual(
      t.snapshot().certificates.map((c) => [c.type, /Test CSMS Root/.test(c.subject)]),
      [['CSMSRootCertificate', true]],
    );

    assert.deepEqual(await call('DeleteCertificate', { certificateHashData: entry!.certificateHashData }), { status: 'Accepted' });
    assert.deepEqual(await call('GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] }), { status: 'NotFound' });
    assert.deepEqual(t.snapshot().certificates, []);
  });
});
