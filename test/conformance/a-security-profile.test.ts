// Part 6 block A (security), use case A05 upgrade of the security profile, charging-station cases
// of the Core and Advanced Security profiles. The test CSMS has endpoints as the test tool has:
// ws:// (security profile 1), wss:// with a server certificate of a PKI made here (profile 2) and,
// for TC_A_21_CS, wss:// requiring a client certificate of that PKI (profile 3).
//
// Every station reconnects after 1 s without random part and without doubling (FAST_RETRY), so
// that TC_A_19_CS can count connection attempts instead of waiting a fixed time.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCa, issueServerCert, type Pem } from '../support/pki.js';
import { type Booted, booted, certificateInstalled, connectorsAvailable } from './support/states.js';
import { mutualTls } from './support/certificate-signing.js';
import { basicAuthorization, connectionData, FAST_RETRY, getVariable, secureContext, setVariable, slots } from './support/security.js';
import { type CsmsListener, TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const PASSWORD = 'Conformance-Passw0rd-A05';

const csms = new TestCsms();
const running: Booted['station'][] = [];
let ca: Pem;
let serverCert: Pem;
let plain: CsmsListener;

async function start(options: Parameters<typeof booted>[1]): Promise<Booted> {
  const b = await booted(csms, { ...options, set: [...FAST_RETRY, ...(options.set ?? [])] });
  running.push(b.station);
  return b;
}

before(async () => {
  ca = await createCa({ commonName: 'Conformance CSMS Root' });
  serverCert = await issueServerCert(ca);
  plain = await csms.listen();
});
after(async () => {
  for (const s of running.reverse()) await s.dispose();
  await csms.close();
});

describe('Part 6 A – Security profile upgrade', { concurrency: true }, () => {
  it('TC_A_19_CS – Upgrade Charging Station Security Profile - Accepted', async () => {
    const tls = await csms.listen({ tls: secureContext(serverCert) });
    const id = 'CONF-A19';
    csms.link(id).password = PASSWORD;
    const cs = await start({ id, securityProfile: 1, basicAuthPassword: PASSWORD });
    // Memory state CertificateInstalled: a CSMS root the wss:// endpoint's certificate chains to.
    await certificateInstalled(cs, 'CSMSRootCertificate', ca.cert);

    const [slot, active] = await slots(cs.link);
    const set = (await cs.link.call('SetNetworkProfile', { configurationSlot: slot, connectionData: connectionData(tls.url, 2) })) as Json;
    assert.equal(set.status, 'Accepted', 'step 2: SetNetworkProfileResponse status Accepted');
    const status = await setVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', `${slot},${active}`);
    assert.match(String(status), /^(Accepted|RebootRequired)$/, 'step 4: SetVariablesResponse attributeStatus Accepted or RebootRequired');
    const since = cs.link.upgrades.length;
    const reset = (await cs.link.call('Reset', { type: 'OnIdle' })) as Json;
    assert.equal(reset.status, 'Accepted', 'step 6: ResetResponse status Accepted');

    // Steps 7-10: the station reconnects with security profile 2 and boots.
    const upgrade = await cs.link.upgrade(since, (u) => u.refusedWith === undefined);
    assert.match(String(upgrade.tlsVersion), /^TLSv1\.[23]$/, 'step 8: reconnected over TLS (security profile 2)');
    assert.equal(upgrade.authorization, basicAuthorization(id, PASSWORD), 'step 8: with Basic credentials (security profile 2)');
    await cs.link.next('BootNotification');
    await connectorsAvailable(cs.link, 1, 'TC_A_19_CS step 10 Booted');
    assert.equal(await getVariable(cs.link, 'SecurityCtrlr', 'SecurityProfile'), '2', 'step 12: SecurityProfile is the upgraded one');
    const priority = String(await getVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority')).split(',');
    assert.ok(
      !priority.includes(String(active)),
      `step 14: NetworkConfigurationPriority (${priority}) without the profile 1 slot ${active}`,
    );

    // Steps 15-16: the endpoint speaks security profile 1 now; the station must not connect with it.
    // Waited for: more failed attempts than NetworkProfileConnectionAttempts, after which a station
    // that kept a lower slot would have moved on to it.
    const attempts = Number(await getVariable(cs.link, 'OCPPCommCtrlr', 'NetworkProfileConnectionAttempts'));
    assert.ok(Number.isInteger(attempts) && attempts > 0, `NetworkProfileConnectionAttempts ${attempts}`);
    const before = cs.link.upgrades.length;
    const brokenOffBefore = tls.brokenOff.length;
    await tls.reopen(undefined);
    await cs.link.whenDisconnected();
    while (tls.brokenOff.length < brokenOffBefore + attempts + 1) await tls.nextBrokenOff();
    assert.deepEqual(cs.link.upgrades.slice(before), [], 'step 16: the station does not reconnect with security profile 1');
    // Steps 17-18: security profile 2 again; the station reconnects with it.
    await tls.reopen(secureContext(serverCert));
    const back = await cs.link.upgrade(before);
    assert.match(String(back.tlsVersion), /^TLSv1\.[23]$/, 'step 18: reconnected with security profile 2');
    await cs.link.whenConnected();
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_22_CS – Upgrade Charging Station Security Profile - Downgrade security profile - Rejected', async () => {
    const tls = await csms.listen({ tls: secureContext(serverCert) });
    const id = 'CONF-A22';
    const cs = await start({ id, csmsUrl: tls.url, securityProfile: 2, basicAuthPassword: PASSWORD, roots: { csms: [ca.cert] } });
    const [slot] = await slots(cs.link);
    // Errata 2025-02: the profile of the endpoint not in use, with security profile 1.
    const res = (await cs.link.call('SetNetworkProfile', {
      configurationSlot: slot,
      connectionData: connectionData(plain.url, 1),
    })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: SetNetworkProfileResponse status Rejected');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_21_CS – Upgrade Charging Station Security Profile - No valid ChargingStationCertificate installed', async () => {
    const tls = await csms.listen({ tls: secureContext(serverCert) });
    // The endpoint of the second slot: security profile 3, a client certificate required.
    const mutual = await csms.listen({ tls: mutualTls(serverCert, ca) });
    const id = 'CONF-A21';
    // Prerequisites: connected with security profile 2, a valid CSMS root, no Charging Station certificate.
    const cs = await start({ id, csmsUrl: tls.url, securityProfile: 2, basicAuthPassword: PASSWORD, roots: { csms: [ca.cert] } });
    const [slot, active] = await slots(cs.link);
    const connections = cs.link.upgrades.length;
    const priorityBefore = await getVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority');
    // Errata 2025-02: step 1 with security profile 3.
    const set = (await cs.link.call('SetNetworkProfile', {
      configurationSlot: slot,
      connectionData: connectionData(mutual.url, 3),
    })) as Json;
    assert.equal(set.status, 'Accepted', 'step 2: SetNetworkProfileResponse status Accepted');
    const status = await setVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', `${slot},${active}`);
    assert.equal(status, 'Rejected', 'step 4: SetVariablesResponse attributeStatus Rejected (A05.FR.03)');
    // A05.FR.03: nor does it update SecurityProfile or reconnect.
    assert.equal(await getVariable(cs.link, 'SecurityCtrlr', 'SecurityProfile'), '2', 'SecurityProfile unchanged');
    assert.equal(await getVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority'), priorityBefore, 'priority unchanged');
    assert.deepEqual(
      cs.link.upgrades.filter((u) => u.endpoint === mutual.url),
      [],
      'no connection to the security profile 3 endpoint',
    );
    assert.equal(cs.link.upgrades.length, connections, 'no reconnection at all');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
