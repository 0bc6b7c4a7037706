// Part 6 block A (security), charging-station cases of the Core profile: Basic auth (security
// profile 1), TLS with the CSMS server certificate (profile 2), the BasicAuthPassword update and
// the security profile upgrade. The test CSMS listens on ws:// and on wss:// with a PKI made
// here; the station trusts its root through `--csms-root`. Profile 3 cases (TC_A_07, A_11...) are
// not Core and are not here.
//
// Every station reconnects after 1 s, without random part and without doubling (FAST_RETRY).
//
// TC_A_05_CS (errata 2025-02) also loops over a certificate whose CommonName is a wildcard that
// matches the FQDN. The test CSMS's address is the IP address 127.0.0.1, which no wildcard name
// can match, so that variant cannot be set up here; the other four invalid certificates are.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCa, issueServerCert, type Pem } from '../support/pki.js';
import { type Booted, booted, connectorsAvailable, startupSecurityEvent } from './support/states.js';
import { basicAuthorization, FAST_RETRY, secureContext, setVariable } from './support/security.js';
import { startStation } from './support/station-process.js';
import { TestCsms } from './support/test-csms.js';

const PASSWORD = 'Conformance-Passw0rd-A';
const HOUR = 3600_000;

const csms = new TestCsms();
const running: Booted['station'][] = [];
let ca: Pem;
let serverCert: Pem;

async function start(options: Parameters<typeof booted>[1]): Promise<Booted> {
  const b = await booted(csms, { ...options, set: [...FAST_RETRY, ...(options.set ?? [])] });
  running.push(b.station);
  return b;
}

before(async () => {
  ca = await createCa({ commonName: 'Conformance CSMS Root' });
  serverCert = await issueServerCert(ca);
  await csms.listen();
});
after(async () => {
  for (const s of running.reverse()) await s.dispose();
  await csms.close();
});

describe('Part 6 A – Security', { concurrency: true }, () => {
  it('TC_A_01_CS – Basic Authentication - Valid username/password combination', async () => {
    const id = 'CONF-A01';
    csms.link(id).password = PASSWORD;
    const cs = await start({ id, securityProfile: 1, basicAuthPassword: PASSWORD });
    const [upgrade] = cs.link.upgrades;
    assert.equal(
      upgrade?.authorization,
      basicAuthorization(id, PASSWORD),
      'step 1: Authorization header Basic <base64(id:BasicAuthPassword)>',
    );
    assert.ok(upgrade?.path.endsWith(`/${id}`), 'step 1: the username is the ChargingStationId at the end of the connection URL');
    assert.equal(upgrade?.refusedWith, undefined, 'step 1: the CSMS accepted the credentials');
    assert.ok(PASSWORD.length >= 16 && PASSWORD.length <= 40, 'step 1: BasicAuthPassword of 16 to 40 characters');
    assert.match(PASSWORD, /^[A-Za-z0-9*\-_=:+|@.]+$/, 'step 1: BasicAuthPassword of passwordString characters');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_04_CS – TLS - server-side certificate - Valid certificate', async () => {
    // TLS 1.2 and one cipher suite at a time, so that each connection shows one suite supported.
    const endpoint = await csms.listen({
      tls: secureContext(serverCert, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }),
    });
    const id = 'CONF-A04';
    const cs = await start({ id, csmsUrl: endpoint.url, securityProfile: 2, basicAuthPassword: PASSWORD, roots: { csms: [ca.cert] } });
    const [first] = cs.link.upgrades;
    assert.match(String(first?.tlsVersion), /^TLSv1\.[23]$/, 'step 2: TLS version 1.2 or above');
    assert.equal(first?.cipher, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'step 2: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 supported');
    assert.equal(
      first?.authorization,
      basicAuthorization(id, PASSWORD),
      'step 5: security profile 2 upgrade request with Basic credentials',
    );
    // Steps 7-10 are the Booted state above. The other suite of the pair, on a new connection.
    endpoint.setSecureContext(secureContext(serverCert, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' }));
    const since = cs.link.upgrades.length;
    await cs.link.abort();
    const second = await cs.link.upgrade(since);
    assert.equal(second.cipher, 'ECDHE-ECDSA-AES256-GCM-SHA384', 'step 2: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 supported');
    await cs.link.whenConnected();
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_05_CS – TLS - server-side certificate - Invalid certificate', async () => {
    const endpoint = await csms.listen({ tls: secureContext(serverCert) });
    const otherCa = await createCa({ commonName: 'Unknown Root' });
    const invalid: [string, Pem][] = [
      ['Expired', await issueServerCert(ca, { notBefore: new Date(Date.now() - 48 * HOUR), notAfter: new Date(Date.now() - HOUR) })],
      [
        'Future validity date',
        await issueServerCert(ca, { notBefore: new Date(Date.now() + HOUR), notAfter: new Date(Date.now() + 48 * HOUR) }),
      ],
      ['Not signed by installed CSMS Root certificate', await issueServerCert(otherCa)],
      ['CommonName that does not equal the FQDN of the server', await issueServerCert(ca, { hosts: ['csms.example.invalid'] })],
    ];
    const id = 'CONF-A05';
    const cs = await start({
      id,
      csmsUrl: endpoint.url,
      securityProfile: 2,
      basicAuthPassword: PASSWORD,
      roots: { csms: [ca.cert] },
      set: ['OCPPCommCtrlr/NetworkProfileConnectionAttempts=3', 'OCPPCommCtrlr/NetworkConfigurationPriority=0'],
    });
    // Steps 1-3: the tool aborts the connection; the station reconnects with the valid certificate.
    let since = cs.link.upgrades.length;
    await cs.link.abort();
    await cs.link.upgrade(since, (u) => u.refusedWith === undefined);
    await cs.link.whenConnected();
    for (const [kind, pem] of invalid) {
      // Step 4: the tool aborts the connection and presents the invalid certificate next.
      endpoint.setSecureContext(secureContext(pem));
      since = cs.link.upgrades.length;
      await cs.link.abort();
      // Steps 5-7: the station deems the certificate invalid and ends the connection.
      const brokenOff = await endpoint.nextBrokenOff();
      assert.equal(cs.link.upgrades.length, since, `step 7 (${kind}): no upgrade request over a connection with an invalid certificate`);
      // Steps 8-9: the valid certificate again; the station reconnects.
      endpoint.setSecureContext(secureContext(serverCert));
      const upgrade = await cs.link.upgrade(since);
      assert.ok(upgrade.tlsVersion, `step 9 (${kind}): reconnected over TLS (after ${brokenOff.error ?? 'a closed handshake'})`);
      const event = await cs.link.next('SecurityEventNotification', (p) => p.type === 'InvalidCsmsCertificate');
      assert.equal(event.type, 'InvalidCsmsCertificate', `step 11 (${kind}): SecurityEventNotificationRequest type InvalidCsmsCertificate`);
      await cs.link.whenConnected();
    }
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_06_CS – TLS - server-side certificate - TLS version too low', async () => {
    // Below TLS 1.2, OpenSSL needs security level 0 to offer the protocol at all.
    const endpoint = await csms.listen({
      tls: secureContext(serverCert, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    });
    const id = 'CONF-A06';
    const link = csms.link(id);
    const station = await startStation({
      id,
      csmsUrl: endpoint.url,
      securityProfile: 2,
      basicAuthPassword: PASSWORD,
      roots: { csms: [ca.cert] },
      set: [...FAST_RETRY, 'OCPPCommCtrlr/NetworkProfileConnectionAttempts=1'],
    });
    running.push(station);
    // Steps 1-3: the tool offers TLS 1.1 at most; the station ends the handshake.
    const brokenOff = await endpoint.nextBrokenOff();
    assert.equal(link.upgrades.length, 0, `step 3: no upgrade request over TLS below 1.2 (${brokenOff.error ?? 'closed'})`);
    // Steps 4-9: TLS 1.2 and up again; the station connects.
    endpoint.setSecureContext(secureContext(serverCert));
    const upgrade = await link.upgrade(0);
    assert.match(String(upgrade.tlsVersion), /^TLSv1\.[23]$/, 'step 9: connected with TLS 1.2 or above');
    const boot = await link.next('BootNotification');
    assert.equal(boot.reason, 'PowerUp', 'step 10: BootNotificationRequest after power-up');
    await connectorsAvailable(link, 1, 'TC_A_06_CS');
    await startupSecurityEvent(link, 'TC_A_06_CS step 14');
    // Steps 16-17 are optional in Part 6; A00.FR.316 has this station raise the event.
    const event = await link.next('SecurityEventNotification', (p) => p.type === 'InvalidTLSVersion');
    assert.equal(event.type, 'InvalidTLSVersion', 'step 16: SecurityEventNotificationRequest type InvalidTLSVersion');
    assert.deepEqual(link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_09_CS – Update Charging Station Password for HTTP Basic Authentication - Accepted', async () => {
    const id = 'CONF-A09';
    csms.link(id).password = PASSWORD;
    const cs = await start({ id, securityProfile: 1, basicAuthPassword: PASSWORD });
    const newPassword = 'New-Conformance-Passw0rd-9';
    cs.link.password = newPassword;
    const since = cs.link.upgrades.length;
    const status = await setVariable(cs.link, 'SecurityCtrlr', 'BasicAuthPassword', newPassword);
    assert.match(String(status), /^(Accepted|RebootRequired)$/, 'step 2: SetVariablesResponse attributeStatus Accepted or RebootRequired');
    const upgrade = await cs.link.upgrade(since);
    assert.equal(upgrade.authorization, basicAuthorization(id, newPassword), 'step 3: upgrade request with the new BasicAuthPassword');
    assert.equal(upgrade.refusedWith, undefined, 'step 4: the CSMS accepted the new credentials');
    if (status === 'RebootRequired') {
      await cs.link.next('BootNotification');
      await connectorsAvailable(cs.link, 1, 'TC_A_09_CS step 7');
    }
    await cs.link.whenConnected();
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_10_CS – Update Charging Station Password for HTTP Basic Authentication - Rejected', async () => {
    const id = 'CONF-A10';
    csms.link(id).password = PASSWORD;
    const cs = await start({ id, securityProfile: 1, basicAuthPassword: PASSWORD });
    assert.equal(
      await setVariable(cs.link, 'SecurityCtrlr', 'BasicAuthPassword', 'Short-Pw-10'),
      'Rejected',
      'step 2: SetVariablesResponse Rejected',
    );
    // Steps 3-5: Booted again by power cycle, from the stored configuration alone.
    await cs.station.stop();
    const since = cs.link.upgrades.length;
    const again = await booted(csms, { id, dataDir: cs.station.dataDir });
    running.push(again.station);
    const upgrade = await again.link.upgrade(since);
    assert.equal(upgrade.authorization, basicAuthorization(id, PASSWORD), 'step 3: upgrade request with the old BasicAuthPassword');
    assert.equal(upgrade.refusedWith, undefined, 'step 4: the CSMS accepted the old credentials');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
