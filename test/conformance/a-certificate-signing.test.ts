// Part 6 block A (security), the charging-station cases of the Advanced Security profile: the
// client certificate of security profile 3 (A00) and its renewal by request of the CSMS (A02),
// with TC_M_23_CS, which deletes the renewed certificate. The test CSMS has a wss:// endpoint
// that requires a client certificate issued by its CSMS root (the tool's PKI, made here). The
// station starts on security profile 3 with a certificate of that PKI and SecurityCtrlr.
// OrganizationName set to the PKI's organization, as a lab configures it.

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signCsr } from '../support/csr-signing.js';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../support/pki.js';
import {
  leafHashData,
  mutualTls,
  reconnectedWithNewCertificate,
  renewChargingStationCertificate,
  triggeredSignRequest,
} from './support/certificate-signing.js';
import { FAST_RETRY } from './support/security.js';
import { type Booted, booted, getInstalledCertificates } from './support/states.js';
import { type CsmsListener, TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
/** The serial number the station reports in its BootNotification (the default station description). */
const SERIAL = 'VW-0001';
const ORGANIZATION = 'ConformanceCSO';
const DAY = 86400_000;

const csms = new TestCsms();
let ca: Pem;
let tls: CsmsListener;
let cs: Booted;
const others: Booted[] = [];

async function station(id: string, set: string[] = []): Promise<Booted> {
  // Valid for longer than a month: no renewal of the station's own (A03.FR.02) crosses the cases.
  const client = await issueClientCert(ca, { commonName: SERIAL, organization: ORGANIZATION, notAfter: new Date(Date.now() + 90 * DAY) });
  return booted(csms, {
    id,
    csmsUrl: tls.url,
    securityProfile: 3,
    clientCertificate: client,
    roots: { csms: [ca.cert] },
    set: [...FAST_RETRY, `SecurityCtrlr/OrganizationName=${ORGANIZATION}`, ...set],
  });
}

before(async () => {
  ca = await createCa({ commonName: 'Conformance CSMS Root', organization: ORGANIZATION, notAfter: new Date(Date.now() + 400 * DAY) });
  await csms.listen();
  tls = await csms.listen({ tls: mutualTls(await issueServerCert(ca), ca) });
  cs = await station('CONF-A-CERT');
});
after(async () => {
  for (const b of [cs, ...others]) await b?.station.dispose();
  await csms.close();
});

describe('Part 6 A – Client-side certificate and its renewal (Advanced Security)', () => {
  it('TC_A_07_CS – TLS - Client-side certificate - valid certificate', async () => {
    // Steps 1-6 happened when the station connected (Reusable State Booting).
    const upgrade = cs.link.upgrades.at(-1);
    assert.match(String(upgrade?.tlsVersion), /^TLSv1\.[23]$/, 'step 4: TLS 1.2 or above');
    assert.ok(upgrade?.clientCertificate, 'step 3: the station sent a client certificate');
    const certificate = new X509Certificate(upgrade.clientCertificate);
    assert.ok(certificate.serialNumber.length > 0, 'step 4: the certificate has a serial number');
    assert.match(certificate.subject, new RegExp(`(^|\\n)CN=${SERIAL}(\\n|$)`), 'step 4: subject CN is the serial number of the station');
    const key = certificate.publicKey.asymmetricKeyDetails;
    const bits = key?.modulusLength ?? Number(/(\d+)/.exec(key?.namedCurve ?? '')?.[1] ?? 0);
    assert.ok(bits >= (key?.modulusLength ? 2048 : 224), `step 4: key of ${bits} bits`);
    assert.equal(cs.boot.reason !== undefined, true, 'step 7: BootNotificationRequest');
  });

  it('TC_A_11_CS – Update Charging Station Certificate by request of CSMS - Success - Charging Station Certificate', async () => {
    const since = cs.link.upgrades.length;
    const renewed = await renewChargingStationCertificate(cs.link, ca);
    // A02.FR.08 (and the errata of TC_A_11_CSMS): the station reconnects with the new certificate.
    const presented = await reconnectedWithNewCertificate(cs.link, since);
    assert.equal(presented, new X509Certificate(renewed).toString(), 'post scenario: reconnected presenting the new certificate');
  });

  it('TC_A_14_CS – Update Charging Station Certificate by request of CSMS - Invalid certificate', async () => {
    const request = await triggeredSignRequest(cs.link, 'Accepted', 'TC_A_14_CS');
    // <Configured invalid_signingCertificate>: issued for the CSR by a CA outside the CSMS's hierarchy.
    const certificateChain = await signCsr(await createCa({ commonName: 'Unknown CA' }), String(request.csr));
    const res = (await cs.link.call('CertificateSigned', { certificateChain, certificateType: 'ChargingStationCertificate' })) as Json;
    assert.equal(res.status, 'Rejected', 'step 6: CertificateSignedResponse status Rejected');
    // Step 7: a SecurityEventNotificationRequest of type InvalidChargingStationCertificate.
    await cs.link.next('SecurityEventNotification', (p) => p.type === 'InvalidChargingStationCertificate');
  });

  it('TC_A_15_CS – Update Charging Station Certificate by request of CSMS - SignCertificateRequest Rejected', async () => {
    await triggeredSignRequest(cs.link, 'Rejected', 'TC_A_15_CS');
    await cs.link.whenConnected();
  });

  it('TC_A_23_CS – Update Charging Station Certificate by request of CSMS - CertificateSignedRequest Timeout', async () => {
    const WAIT_S = 2;
    const b = await station('CONF-A23', [`SecurityCtrlr/CertSigningWaitMinimum=${WAIT_S}`, 'SecurityCtrlr/CertSigningRepeatTimes=1']);
    others.push(b);
    await triggeredSignRequest(b.link, 'Accepted', 'TC_A_23_CS');
    // Steps 5-10: the tool answers Accepted and sends nothing; the station sends the CSR again twice.
    await b.link.next('SignCertificate');
    await b.link.next('SignCertificate');
    const at = b.link.frames.filter((f) => f.direction === 'station' && f.action === 'SignCertificate').map((f) => f.at);
    assert.equal(at.length, 3, 'steps 3, 6, 9: three SignCertificateRequests');
    for (const [step, factor, waited] of [
      [5, 1, (at[1] as number) - (at[0] as number)],
      [8, 2, (at[2] as number) - (at[1] as number)],
    ] as const) {
      // 250 ms for the frames' own latency: the tool notes a request when it arrives.
      assert.ok(
        waited >= factor * WAIT_S * 1000 - 250,
        `step ${step}: resent after ${waited} ms, not before ${factor} × CertSigningWaitMinimum`,
      );
    }
    // Errata 2025-02: a CertificateSigned for each accepted request; at least one Accepted.
    const statuses: string[] = [];
    for (const request of b.link.received('SignCertificate').slice(-3)) {
      const certificateChain = await signCsr(ca, String(request.csr));
      const since = b.link.upgrades.length;
      const res = (await b.link.call('CertificateSigned', { certificateChain, certificateType: 'ChargingStationCertificate' })) as Json;
      if (res.status === 'Accepted') await reconnectedWithNewCertificate(b.link, since);
      assert.match(String(res.status), /^(Accepted|Rejected)$/, 'step 12/14/16: CertificateSignedResponse status Accepted or Rejected');
      statuses.push(String(res.status));
    }
    assert.ok(statuses.includes('Accepted'), `post scenario: at least one CertificateSignedResponse Accepted (${statuses})`);
    await b.link.whenConnected();
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });
});

describe('Part 6 M – Delete the Charging Station certificate (Advanced Security)', () => {
  it('TC_M_23_CS – Delete a certificate from a Charging Station - Unable to delete the Charging Station Certificate', async () => {
    const since = cs.link.upgrades.length;
    const renewed = await renewChargingStationCertificate(cs.link, ca);
    await reconnectedWithNewCertificate(cs.link, since);
    await getInstalledCertificates(cs, undefined, [], 'step 1 GetInstalledCertificates');
    const res = (await cs.link.call('DeleteCertificate', { certificateHashData: { ...(await leafHashData(renewed, ca.cert)) } })) as Json;
    assert.equal(res.status, 'Failed', 'step 3: DeleteCertificateResponse status Failed');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
