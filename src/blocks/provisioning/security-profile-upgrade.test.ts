// A05 upgrade of the security profile: SetNetworkProfile and the priority list against the real
// certificate store, and what the station adopts once it connected with the new profile.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { createCa, issueClientCert } from '../../../test/support/pki.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NetworkConnectionProfileType } from '../../generated/ocpp201/index.js';
import { certificateManagementBlock } from '../certificate-management/index.js';
import { storeProfile, storedProfile } from './network-profiles.js';
import { adoptConnectedProfile, priorityUpgradeProblem, setNetworkProfile } from './set-network-profile.js';
import { SecurityEvents } from '../security/index.js';

const PASSWORD = 'Station-Passw0rd-4-Tests';

const profile = (securityProfile: number): NetworkConnectionProfileType => ({
  ocppVersion: 'OCPP20',
  ocppTransport: 'JSON',
  ocppCsmsUrl: securityProfile >= 2 ? 'wss://csms.example/ocpp' : 'ws://csms.example/ocpp',
  messageTimeout: 30,
  securityProfile,
  ocppInterface: 'Wired0',
});

function setup(options: { securityProfile?: number; stationCertificate?: string } = {}) {
  const block = makeBlockContext({
    id: 'CS-A05',
    overrides: {
      [DM.SecurityCtrlr.SecurityProfile]: String(options.securityProfile ?? 1),
      [DM.SecurityCtrlr.BasicAuthPassword]: PASSWORD,
    },
    call: async () => ({}),
  });
  block.clock.advance(Date.now() - block.clock.now()); // the test PKI is valid around the real time
  const sources = { ...(options.stationCertificate ? { stationCertificate: options.stationCertificate } : {}) };
  const certificates = certificateManagementBlock.create(block.ctx, {
    certificateSources: sources,
    security: new SecurityEvents(block.ctx),
  });
  const install = (pem: string) =>
    certificates.routes?.InstallCertificate.handle({ certificateType: 'CSMSRootCertificate', certificate: pem });
  const set = (slot: number, p: NetworkConnectionProfileType) =>
    setNetworkProfile({ configurationSlot: slot, connectionData: p }, block.ctx, certificates.api);
  return { ...block, api: certificates.api, install, set };
}

describe('A05 upgrade charging station security profile', () => {
  it('A05.FR.02 / TC_A_20_CS step 2 – profile 1 to 2 without a CSMS root on a slot outside the priority list: Accepted, checked when it joins', () => {
    const s = setup();
    assert.deepEqual(s.set(1, profile(2)), { status: 'Accepted' });
    assert.equal(storedProfile(s.ctx.state, 1)?.securityProfile, 2);
    assert.equal(priorityUpgradeProblem([1, 0], s.ctx, s.api), 'slot 1: no valid CSMSRootCertificate installed');
  });

  it('A05.FR.02 – profile 1 to 2 without a CSMS root on a slot already in NetworkConfigurationPriority: Rejected, nothing stored', () => {
    const s = setup();
    s.dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, '0,1');
    const response = s.set(1, profile(2));
    assert.equal(response.status, 'Rejected');
    assert.equal(response.statusInfo?.reasonCode, 'InvalidCertificate');
    assert.equal(storedProfile(s.ctx.state, 1), undefined);
  });

  it('A05.FR.02 – an expired CSMS root is no valid one: Rejected', async () => {
    const s = setup();
    s.dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, '0,1');
    s.install((await createCa()).cert);
    s.clock.advance(2 * 24 * 3600_000); // the CA is valid one day
    assert.equal(s.set(1, profile(2)).status, 'Rejected');
  });

  it('A05.FR.04 / TC_A_19_CS – profile 1 to 2 with a valid CSMS root installed: Accepted', async () => {
    const s = setup();
    s.install((await createCa()).cert);
    assert.deepEqual(s.set(1, profile(2)), { status: 'Accepted' });
    assert.equal(storedProfile(s.ctx.state, 1)?.securityProfile, 2);
  });

  it('A05.FR.03 / TC_A_21_CS – profile 2 to 3 without a Charging Station certificate: stored, but refused in the priority list; with one: accepted', async () => {
    const ca = await createCa();
    const without = setup({ securityProfile: 2 });
    without.install(ca.cert);
    assert.equal(without.set(1, profile(3)).status, 'Accepted', 'TC_A_21_CS step 2');
    assert.equal(priorityUpgradeProblem([1, 0], without.ctx, without.api), 'slot 1: no valid ChargingStationCertificate installed');
    without.dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, '0,2');
    assert.match(String(without.set(2, profile(3)).statusInfo?.additionalInfo), /no valid ChargingStationCertificate installed/);
    const client = await issueClientCert(ca);
    const withCertificate = setup({ securityProfile: 2, stationCertificate: client.cert });
    withCertificate.install(ca.cert);
    withCertificate.dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, '0,1');
    assert.equal(withCertificate.set(1, profile(3)).status, 'Accepted');
    assert.equal(priorityUpgradeProblem([1, 0], withCertificate.ctx, withCertificate.api), undefined);
  });

  it('A05.FR.02 / TC_A_20_CS step 4 – a priority list naming a stored profile-2 slot without a CSMS root: a problem; with one: none', async () => {
    const s = setup();
    storeProfile(s.ctx.state, 1, profile(2)); // stored while a root was installed, or before it was deleted
    assert.equal(priorityUpgradeProblem([1, 0], s.ctx, s.api), 'slot 1: no valid CSMSRootCertificate installed');
    s.install((await createCa()).cert);
    assert.equal(priorityUpgradeProblem([1, 0], s.ctx, s.api), undefined);
  });

  it('B09.FR.04 / TC_A_22_CS – a lower profile than the active one: Rejected (NoSecurityDowngrade)', async () => {
    const s = setup({ securityProfile: 2 });
    s.install((await createCa()).cert);
    assert.equal(s.set(1, profile(1)).statusInfo?.reasonCode, 'NoSecurityDowngrade');
  });

  it('A05.FR.06 – connected with the new profile: SecurityProfile takes its value, lower slots leave the priority list', () => {
    const s = setup();
    storeProfile(s.ctx.state, 1, profile(2));
    storeProfile(s.ctx.state, 2, profile(1));
    s.dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, '1,2,0');
    assert.equal(adoptConnectedProfile(s.dm, s.ctx.state, 1), true);
    assert.equal(s.dm.getInt(DM.SecurityCtrlr.SecurityProfile), 2);
    assert.deepEqual(s.dm.getList(DM.OCPPCommCtrlr.NetworkConfigurationPriority), ['1']);
    // connecting again on the same profile changes nothing
    assert.equal(adoptConnectedProfile(s.dm, s.ctx.state, 1), false);
  });

  it('A05.FR.06 – connected on a slot of the same profile, or the command line: nothing changes', () => {
    const s = setup();
    storeProfile(s.ctx.state, 1, profile(1));
    s.dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, '1,0');
    assert.equal(adoptConnectedProfile(s.dm, s.ctx.state, 1), false);
    assert.equal(adoptConnectedProfile(s.dm, s.ctx.state, 0), false);
    assert.deepEqual(s.dm.getList(DM.OCPPCommCtrlr.NetworkConfigurationPriority), ['1', '0']);
    assert.equal(s.dm.getInt(DM.SecurityCtrlr.SecurityProfile), 1);
  });
});
