// A02 over real sockets, the station as a process: moved from security profile 1 to 3 by the
// CSMS alone (a CSMS root installed, a certificate signed for the CSR the station made on
// TriggerMessage, a network profile of security profile 3, a reset), it reconnects with mutual
// TLS presenting the new certificate. Its private key stays in its key file (A02.FR.05): in no
// log line and in no log the CSMS has uploaded with GetLog.

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signCsr } from '../support/csr-signing.js';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../support/pki.js';
import { mutualTls, reconnectedWithNewCertificate } from '../conformance/support/certificate-signing.js';
import { connectionData, FAST_RETRY, setVariable, slots } from '../conformance/support/security.js';
import { type Booted, booted, connectorsAvailable } from '../conformance/support/states.js';
import { type CsmsListener, TestCsms } from '../conformance/support/test-csms.js';

type Json = Record<string, unknown>;
const ID = 'CERT-UPGRADE';
const PASSWORD = 'Upgrade-To-Profile-3-Passw0rd';

const csms = new TestCsms();
let ca: Pem;
let tls: CsmsListener;
let cs: Booted;
let logServer: Server;
let logUrl: string;
const uploads: string[] = [];
let renewed: string;

before(async () => {
  ca = await createCa({ commonName: 'Upgrade CSMS Root' });
  await csms.listen();
  tls = await csms.listen({ tls: mutualTls(await issueServerCert(ca), ca) });
  logServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      uploads.push(Buffer.concat(chunks).toString('utf8'));
      response.end();
    });
  });
  await new Promise<void>((resolve) => logServer.listen(0, '127.0.0.1', resolve));
  logUrl = `http://127.0.0.1:${(logServer.address() as AddressInfo).port}/logs`;
  csms.link(ID).password = PASSWORD;
  cs = await booted(csms, { id: ID, securityProfile: 1, basicAuthPassword: PASSWORD, set: FAST_RETRY });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
  logServer.closeAllConnections();
  await new Promise((resolve) => logServer.close(resolve));
});

describe('A02 end to end: security profile 1 to 3 by the CSMS alone', () => {
  it('A02.FR.02-08, A05 – CSMS root, CSR on TriggerMessage, CertificateSigned, profile 3, Reset: mutual TLS with the new certificate', async () => {
    const install = (await cs.link.call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: ca.cert })) as Json;
    assert.equal(install.status, 'Accepted');
    cs.link.answers.set('SignCertificate', () => ({ status: 'Accepted' }));
    const trigger = (await cs.link.call('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })) as Json;
    assert.equal(trigger.status, 'Accepted');
    const request = await cs.link.next('SignCertificate');
    renewed = await signCsr(ca, String(request.csr));
    const signed = (await cs.link.call('CertificateSigned', {
      certificateChain: renewed,
      certificateType: 'ChargingStationCertificate',
    })) as Json;
    assert.equal(signed.status, 'Accepted');

    const [slot, active] = await slots(cs.link);
    const profile = (await cs.link.call('SetNetworkProfile', {
      configurationSlot: slot,
      connectionData: connectionData(tls.url, 3),
    })) as Json;
    assert.equal(profile.status, 'Accepted', 'A05.FR.03: the station now has a valid Charging Station certificate');
    assert.match(
      await setVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', `${slot},${active}`),
      /^(Accepted|RebootRequired)$/,
    );
    // Security profile 3 authenticates with the certificate alone: the CSMS expects no password now.
    csms.link(ID).password = undefined;
    const since = cs.link.upgrades.length;
    assert.equal(((await cs.link.call('Reset', { type: 'OnIdle' })) as Json).status, 'Accepted');

    const upgrade = await cs.link.upgrade(since, (u) => u.endpoint === tls.url && u.refusedWith === undefined);
    assert.equal(
      upgrade.clientCertificate,
      new X509Certificate(renewed).toString(),
      'the TLS client certificate is the one the CSMS signed',
    );
    assert.equal(upgrade.authorization, undefined, 'no Basic credentials on security profile 3');
    assert.deepEqual(
      cs.link.upgrades.slice(since).filter((u) => u.endpoint !== tls.url),
      [],
      'no connection on security profile 1 after the reset',
    );
    await cs.link.next('BootNotification');
    await connectorsAvailable(cs.link, 1, 'after the reset');
  });

  it('A02.FR.05 – the private key is a 0600 file in the data directory, in no log line and in no uploaded log', async () => {
    // A renewal on security profile 3 after the reset, so that the uploaded log holds it.
    const trigger = (await cs.link.call('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })) as Json;
    assert.equal(trigger.status, 'Accepted');
    const request = await cs.link.next('SignCertificate');
    const since = cs.link.upgrades.length;
    const chain = await signCsr(ca, String(request.csr));
    assert.equal(((await cs.link.call('CertificateSigned', { certificateChain: chain })) as Json).status, 'Accepted');
    const keys = readKeys(cs.station.dataDir);
    await reconnectedWithNewCertificate(cs.link, since);
    assert.ok(keys.size >= 2, 'the key files of both certificates');
    for (const [requestId, logType] of [
      [1, 'DiagnosticsLog'],
      [2, 'SecurityLog'],
    ] as const) {
      const res = (await cs.link.call('GetLog', { logType, requestId, log: { remoteLocation: logUrl } })) as Json;
      // A security log the station holds nothing for is not uploaded (NoLogInformation).
      if (logType === 'SecurityLog' && res.status === 'Rejected') continue;
      assert.equal(res.status, 'Accepted', `GetLog ${logType}: ${JSON.stringify(res)}`);
      await cs.link.next('LogStatusNotification', (p) => p.requestId === requestId && p.status === 'Uploaded');
    }
    assert.ok(uploads.length >= 1, 'the diagnostics log uploaded');
    assert.ok(uploads[0]!.includes('"CertificateSigned"'), 'the uploaded log holds the renewal');
    const texts = [cs.station.output(), ...uploads];
    assert.ok(texts[0]!.length > 0, 'the station logged');
    for (const key of keys.values()) {
      // Every line of the key's base64 body: no part of it may appear anywhere.
      const lines = key.split('\n').filter((line) => line && !line.startsWith('-----'));
      for (const text of texts) {
        for (const line of lines) assert.ok(!text.includes(line), 'a line of the private key appears in a log');
        assert.ok(!text.includes('PRIVATE KEY'), 'a PEM private key appears in a log');
      }
    }
  });
});

describe('A02.FR.10 end to end: a new certificate the CSMS does not take', () => {
  it('A02.FR.10 – the connection with the new certificate fails: the station falls back to the previous one', async () => {
    // The endpoint trusts clients of root A only; the CSMS signs the renewal under root B, which the station also trusts.
    const rootA = await createCa({ commonName: 'Fallback Root A' });
    const rootB = await createCa({ commonName: 'Fallback Root B' });
    const endpoint = await csms.listen({ tls: mutualTls(await issueServerCert(rootA), rootA) });
    const old = await issueClientCert(rootA, { commonName: 'VW-0001', notAfter: new Date(Date.now() + 90 * 86400_000) });
    const b = await booted(csms, {
      id: 'CERT-FALLBACK',
      csmsUrl: endpoint.url,
      securityProfile: 3,
      clientCertificate: old,
      roots: { csms: [rootA.cert, rootB.cert] },
      set: FAST_RETRY,
    });
    try {
      b.link.answers.set('SignCertificate', () => ({ status: 'Accepted' }));
      await b.link.call('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
      const request = await b.link.next('SignCertificate');
      const since = b.link.upgrades.length;
      const broken = endpoint.brokenOff.length;
      const signed = (await b.link.call('CertificateSigned', { certificateChain: await signCsr(rootB, String(request.csr)) })) as Json;
      assert.equal(signed.status, 'Accepted', 'the certificate chains to an installed CSMS root');
      const upgrade = await b.link.upgrade(since, (u) => u.refusedWith === undefined);
      assert.ok(endpoint.brokenOff.length > broken, 'the handshake with the new certificate failed');
      assert.equal(upgrade.clientCertificate, new X509Certificate(old.cert).toString(), 'reconnected with the previous certificate');
      await b.link.whenConnected();
    } finally {
      await b.station.dispose();
    }
  });
});

/** The station's key files by name, each checked to be readable by its owner only (mode 0600). */
function readKeys(dataDir: string): Map<string, string> {
  const dir = join(dataDir, 'keys');
  const keys = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    assert.equal(statSync(file).mode & 0o777, 0o600, `${name} mode 0600`);
    keys.set(name, readFileSync(file, 'utf8'));
  }
  return keys;
}
