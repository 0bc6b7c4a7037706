// Part 6 block B (provisioning), use cases B09 SetNetworkProfile and B10 migration to another
// network connection profile, charging-station cases of the Core profile. The test CSMS has two
// wss:// endpoints, as the test tool has, and the station runs security profile 2 on them (a
// real OCPP 2.0.1 link); for TC_B_50_CS the second one has a certificate of another root.
//
// Every station reconnects after 1 s, without random part and without doubling (FAST_RETRY).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCa, issueServerCert, type Pem } from '../support/pki.js';
import { type Booted, booted, certificateInstalled, connectorsAvailable } from './support/states.js';
import { basicAuthorization, connectionData, FAST_RETRY, secureContext, setVariable, slots } from './support/security.js';
import { type CsmsListener, TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const PASSWORD = 'Conformance-Passw0rd-B10';

const csms = new TestCsms();
const running: Booted['station'][] = [];
let ca: Pem;
let serverCert: Pem;

before(async () => {
  ca = await createCa({ commonName: 'Conformance CSMS Root' });
  serverCert = await issueServerCert(ca);
  await csms.listen();
});
after(async () => {
  for (const s of running.reverse()) await s.dispose();
  await csms.close();
});

/** A station on security profile 2 at `endpoint`, trusting the first root. */
async function start(id: string, endpoint: CsmsListener, set: string[] = []): Promise<Booted> {
  csms.link(id).password = PASSWORD;
  const b = await booted(csms, {
    id,
    csmsUrl: endpoint.url,
    securityProfile: 2,
    basicAuthPassword: PASSWORD,
    roots: { csms: [ca.cert] },
    set: [...FAST_RETRY, ...set],
  });
  running.push(b.station);
  return b;
}

/** Steps 1-6 of a migration: `to` in the slot not in use, that slot first, then a Reset OnIdle. */
async function migrate(cs: Booted, to: CsmsListener): Promise<void> {
  const [slot, active] = await slots(cs.link);
  const set = (await cs.link.call('SetNetworkProfile', { configurationSlot: slot, connectionData: connectionData(to.url, 2) })) as Json;
  assert.equal(set.status, 'Accepted', 'step 2: SetNetworkProfileResponse status Accepted');
  const status = await setVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', `${slot},${active}`);
  assert.match(status, /^(Accepted|RebootRequired)$/, 'step 4: SetVariablesResponse attributeStatus Accepted or RebootRequired');
  // Errata 2025-06: the tool always sends the Reset, so that the station switches profiles.
  const reset = (await cs.link.call('Reset', { type: 'OnIdle' })) as Json;
  assert.equal(reset.status, 'Accepted', 'step 6: ResetResponse status Accepted');
}

/** Reusable State Booted after the reset: BootNotification and every connector Available. */
async function bootedAgain(cs: Booted, where: string): Promise<void> {
  const boot = await cs.link.next('BootNotification');
  assert.equal(boot.reason, 'RemoteReset', `${where} Booted: BootNotificationRequest reason RemoteReset`);
  await connectorsAvailable(cs.link, 1, `${where} Booted`);
}

describe('Part 6 B – Network connection profiles', { concurrency: true }, () => {
  it('TC_B_43_CS – Set new NetworkConnectionProfile - Rejected', async () => {
    const endpoint = await csms.listen({ tls: secureContext(serverCert) });
    const cs = await start('CONF-B43', endpoint);
    const res = (await cs.link.call('SetNetworkProfile', {
      configurationSlot: 999,
      connectionData: connectionData(endpoint.url, 2),
    })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: SetNetworkProfileResponse status Rejected');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_B_45_CS – Migrate to new ConnectionProfile - Success - Same CSMS Root', async () => {
    const [first, second] = [await csms.listen({ tls: secureContext(serverCert) }), await csms.listen({ tls: secureContext(serverCert) })];
    const cs = await start('CONF-B45', first);
    const since = cs.link.upgrades.length;
    await migrate(cs, second);
    const upgrade = await cs.link.upgrade(since);
    assert.equal(upgrade.endpoint, second.url, 'step 7: the station connects with the connectionData set at step 1');
    assert.equal(upgrade.authorization, basicAuthorization('CONF-B45', PASSWORD), 'step 7: with its Basic credentials');
    await bootedAgain(cs, 'step 7');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_B_46_CS – Migrate to new ConnectionProfile - Fallback mechanism - Same CSMS Root', async () => {
    const [first, second] = [await csms.listen({ tls: secureContext(serverCert) }), await csms.listen({ tls: secureContext(serverCert) })];
    const cs = await start('CONF-B46', first, ['OCPPCommCtrlr/NetworkProfileConnectionAttempts=2']);
    // Step 7: the endpoint of the new slot does not answer.
    second.hangUp = true;
    const since = cs.link.upgrades.length;
    await migrate(cs, second);
    // Step 8: the station gives up on the new slot and connects with the previous one.
    const upgrade = await cs.link.upgrade(since);
    assert.equal(upgrade.endpoint, first.url, 'step 8: the station falls back to the connectionData of the second slot of the priority');
    assert.equal(
      second.brokenOff.length,
      2,
      'step 7: two connection attempts at the first slot of the priority (NetworkProfileConnectionAttempts)',
    );
    await bootedAgain(cs, 'step 9');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_B_49_CS – Migrate to new ConnectionProfile - Fallback after NetworkProfileConnectionAttempts per NetworkConfigurationPriority failed - Same CSMS Root', async () => {
    // C-47 is declared. Configuration state: 1 attempt per slot, RetryBackOffWaitMinimum 1 s
    // without random part or doubling (FAST_RETRY).
    const [first, second] = [await csms.listen({ tls: secureContext(serverCert) }), await csms.listen({ tls: secureContext(serverCert) })];
    const cs = await start('CONF-B49', first, ['OCPPCommCtrlr/NetworkProfileConnectionAttempts=1']);
    // Steps 8 and 10: neither endpoint accepts a new connection (the open one stays until the reset).
    second.hangUp = true;
    first.hangUp = true;
    const since = cs.link.upgrades.length;
    await migrate(cs, second);
    // Steps 7-8: the station tries the new profile first.
    const atNew = await second.nextBrokenOff();
    // Steps 9-10: it switches back to the previous profile.
    const atPrevious = await first.nextBrokenOff();
    assert.ok(atNew.at <= atPrevious.at, 'step 9: the previous profile after the new one failed');
    first.hangUp = false;
    second.hangUp = false;
    // Steps 11-12: B10.FR.07, it keeps reconnecting with the profile of its last successful
    // connection, after RetryBackOffWaitMinimum.
    const upgrade = await cs.link.upgrade(since);
    assert.equal(upgrade.endpoint, first.url, 'step 11: reconnects with the previous network profile');
    assert.ok(upgrade.at - atPrevious.at >= 900, `step 11: after RetryBackOffWaitMinimum (1 s), waited ${upgrade.at - atPrevious.at} ms`);
    await bootedAgain(cs, 'step 13');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_B_50_CS – Migrate to new ConnectionProfile - Success - New CSMS Root - New CSMS', async () => {
    const newCa = await createCa({ commonName: 'Conformance CSMS Root 2' });
    const first = await csms.listen({ tls: secureContext(serverCert) });
    const second = await csms.listen({ tls: secureContext(await issueServerCert(newCa)) });
    const cs = await start('CONF-B50', first);
    // Memory state CertificatesInstalled: the new CSMS root.
    await certificateInstalled(cs, 'CSMSRootCertificate', newCa.cert);
    const since = cs.link.upgrades.length;
    await migrate(cs, second);
    // Steps 7-8: the station accepts the new CSMS's certificate, signed by the new root.
    const upgrade = await cs.link.upgrade(since);
    assert.equal(upgrade.endpoint, second.url, 'step 7: the station connects to the new CSMS endpoint');
    assert.equal(second.brokenOff.length, 0, 'step 7: no handshake with the new CSMS broken off');
    await bootedAgain(cs, 'step 9');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
