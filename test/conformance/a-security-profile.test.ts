// Part 6 block A (security), use case A05 upgrade of the security profile, charging-station cases
// of the Core profile. The test CSMS has two endpoints, as the test tool has: ws:// (security
// profile 1) and wss:// with a server certificate of a PKI made here (profile 2).
//
// Every station reconnects after 1 s without random part and without doubling
// (RetryBackOffWaitMinimum 1, RetryBackOffRandomRange 0, RetryBackOffRepeatTimes 0), so that
// TC_A_19_CS can count connection attempts instead of waiting a fixed time.

import assert from 'node:assert/strict';
import { DEFAULT_CIPHERS, type SecureContextOptions } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { createCa, issueServerCert, type Pem } from '../support/pki.js';
import { type Booted, booted, connectorsAvailable } from './support/states.js';
import { type CsmsListener, type StationLink, TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const PASSWORD = 'Conformance-Passw0rd-A05';
const FAST_RETRY = [
  'OCPPCommCtrlr/RetryBackOffWaitMinimum=1',
  'OCPPCommCtrlr/RetryBackOffRandomRange=0',
  'OCPPCommCtrlr/RetryBackOffRepeatTimes=0',
];

const csms = new TestCsms();
const running: Booted['station'][] = [];
let ca: Pem;
let serverCert: Pem;
let plain: CsmsListener;

const context = (pem: Pem): SecureContextOptions => ({
  cert: pem.cert,
  key: pem.key,
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
  ciphers: DEFAULT_CIPHERS,
});
const basic = (id: string, password: string): string => `Basic ${Buffer.from(`${id}:${password}`, 'utf8').toString('base64')}`;

/** The connectionData of the tool's configured profile, at `url` with `securityProfile`. */
const connectionData = (url: string, securityProfile: number): Json => ({
  ocppVersion: 'OCPP20',
  ocppTransport: 'JSON',
  ocppCsmsUrl: url,
  messageTimeout: 30,
  securityProfile,
  ocppInterface: 'Wired0',
});

async function start(options: Parameters<typeof booted>[1]): Promise<Booted> {
  const b = await booted(csms, { ...options, set: [...FAST_RETRY, ...(options.set ?? [])] });
  running.push(b.station);
  return b;
}

async function getVariable(link: StationLink, component: string, variable: string): Promise<string | undefined> {
  const res = (await link.call('GetVariables', {
    getVariableData: [{ component: { name: component }, variable: { name: variable } }],
  })) as Json;
  return ((res.getVariableResult as Json[])[0] as Json).attributeValue as string | undefined;
}

/** The other slot of the two the tool uses (errata 2025-04: never the active one). */
async function otherSlot(link: StationLink): Promise<number> {
  return (await getVariable(link, 'OCPPCommCtrlr', 'ActiveNetworkProfile')) === '1' ? 0 : 1;
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
    const tls = await csms.listen({ tls: context(serverCert) });
    const id = 'CONF-A19';
    csms.link(id).password = PASSWORD;
    const cs = await start({ id, securityProfile: 1, basicAuthPassword: PASSWORD });
    // Memory state CertificateInstalled: a CSMS root the wss:// endpoint's certificate chains to.
    const installed = (await cs.link.call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: ca.cert })) as Json;
    assert.equal(installed.status, 'Accepted', 'CertificateInstalled: InstallCertificateResponse Accepted');

    const slot = await otherSlot(cs.link);
    const active = Number(await getVariable(cs.link, 'OCPPCommCtrlr', 'ActiveNetworkProfile'));
    const set = (await cs.link.call('SetNetworkProfile', { configurationSlot: slot, connectionData: connectionData(tls.url, 2) })) as Json;
    assert.equal(set.status, 'Accepted', 'step 2: SetNetworkProfileResponse status Accepted');
    const priority = (await cs.link.call('SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: `${slot},${active}` },
      ],
    })) as Json;
    const status = ((priority.setVariableResult as Json[])[0] as Json).attributeStatus;
    assert.match(String(status), /^(Accepted|RebootRequired)$/, 'step 4: SetVariablesResponse attributeStatus Accepted or RebootRequired');
    const since = cs.link.upgrades.length;
    const reset = (await cs.link.call('Reset', { type: 'OnIdle' })) as Json;
    assert.equal(reset.status, 'Accepted', 'step 6: ResetResponse status Accepted');

    // Steps 7-10: the station reconnects with security profile 2 and boots.
    const upgrade = await cs.link.upgrade(since, (u) => u.refusedWith === undefined);
    assert.match(String(upgrade.tlsVersion), /^TLSv1\.[23]$/, 'step 8: reconnected over TLS (security profile 2)');
    assert.equal(upgrade.authorization, basic(id, PASSWORD), 'step 8: with Basic credentials (security profile 2)');
    await cs.link.next('BootNotification');
    await connectorsAvailable(cs.link, 1, 'TC_A_19_CS step 10 Booted');
    assert.equal(await getVariable(cs.link, 'SecurityCtrlr', 'SecurityProfile'), '2', 'step 12: SecurityProfile is the upgraded one');
    const slots = String(await getVariable(cs.link, 'OCPPCommCtrlr', 'NetworkConfigurationPriority')).split(',');
    assert.ok(!slots.includes(String(active)), `step 14: NetworkConfigurationPriority (${slots}) without the profile 1 slot ${active}`);

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
    await tls.reopen(context(serverCert));
    const back = await cs.link.upgrade(before);
    assert.match(String(back.tlsVersion), /^TLSv1\.[23]$/, 'step 18: reconnected with security profile 2');
    await cs.link.whenConnected();
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_A_22_CS – Upgrade Charging Station Security Profile - Downgrade security profile - Rejected', async () => {
    const tls = await csms.listen({ tls: context(serverCert) });
    const id = 'CONF-A22';
    const cs = await start({ id, csmsUrl: tls.url, securityProfile: 2, basicAuthPassword: PASSWORD, csmsRoots: [ca.cert] });
    const slot = await otherSlot(cs.link);
    // Errata 2025-02: the profile of the endpoint not in use, with security profile 1.
    const res = (await cs.link.call('SetNetworkProfile', {
      configurationSlot: slot,
      connectionData: connectionData(plain.url, 1),
    })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: SetNetworkProfileResponse status Rejected');
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
