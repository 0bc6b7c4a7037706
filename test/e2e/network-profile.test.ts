// B09 SetNetworkProfile and B10 migration to another CSMS, with two built-in local CSMS over
// real WebSockets and the station software restarted by StationRuntime over a SQLite file.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { parsePath } from '../../src/device-model/path.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { BootNotificationRequest, NetworkConnectionProfileType } from '../../src/generated/ocpp201/index.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { advanceUntil } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

const PASSWORD = 'Station-Passw0rd-4-Tests';

let first: LocalCsms;
const running: TestRuntime[] = [];
const csmsToClose: LocalCsms[] = [];
before(async () => {
  first = await startLocalCsms({ heartbeatIntervalS: 300 });
});
after(async () => {
  await first.close();
});
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
  for (const c of csmsToClose.splice(0)) await c.close();
});

const sent = (csms: LocalCsms, id: string, action: string) => (csms.store.requests(id) ?? []).filter((r) => r.action === action);
const boots = (csms: LocalCsms, id: string) => sent(csms, id, 'BootNotification').map((r) => (r.request as BootNotificationRequest).reason);

const profile = (ocppCsmsUrl: string, securityProfile = 0): NetworkConnectionProfileType => ({
  ocppVersion: 'OCPP20',
  ocppTransport: 'JSON',
  ocppCsmsUrl,
  messageTimeout: 20,
  securityProfile,
  ocppInterface: 'Wired0',
});

/** Quick reconnection on the fake clock: 1 s, 2 s, 4 s... and two attempts per slot. */
const FAST_RETRY = {
  [DM.OCPPCommCtrlr.RetryBackOffWaitMinimum]: '1',
  [DM.OCPPCommCtrlr.RetryBackOffRandomRange]: '0',
  [DM.OCPPCommCtrlr.NetworkProfileConnectionAttempts]: '2',
};

async function started(id: string, overrides: Record<string, string> = {}): Promise<TestRuntime> {
  const t = makeTestRuntime({ id, csmsUrl: first.url, overrides: { ...FAST_RETRY, ...overrides } });
  running.push(t);
  t.runtime.start();
  await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
  return t;
}

async function activeProfile(csms: LocalCsms, id: string): Promise<string | undefined> {
  const { getVariableResult } = await csms.call(id, 'GetVariables', {
    getVariableData: [parsePath(DM.OCPPCommCtrlr.ActiveNetworkProfile)],
  });
  return getVariableResult[0]?.attributeValue;
}

/** B10 steps 1-4: slot 1 → `to`, priority 1,0, Reset; resolves once the station booted at `to`. */
async function migrate(id: string, to: LocalCsms): Promise<void> {
  assert.deepEqual(await first.call(id, 'SetNetworkProfile', { configurationSlot: 1, connectionData: profile(to.url) }), {
    status: 'Accepted',
  });
  const priority = { ...parsePath(DM.OCPPCommCtrlr.NetworkConfigurationPriority), attributeValue: '1,0' };
  const { setVariableResult } = await first.call(id, 'SetVariables', { setVariableData: [priority] });
  assert.equal(setVariableResult[0]?.attributeStatus, 'RebootRequired', 'B10.FR.01');
  assert.equal((await first.call(id, 'Reset', { type: 'OnIdle' })).status, 'Accepted');
  await waitFor(() => boots(to, id).length === 1, 'boot at the new CSMS');
}

describe('B09 Setting a new NetworkConnectionProfile', () => {
  it('B09.FR.01/05 – a slot of the valuesList is Accepted; another slot is Rejected (InvalidConfSlot)', async () => {
    await started('B09-A');
    assert.deepEqual(await first.call('B09-A', 'SetNetworkProfile', { configurationSlot: 2, connectionData: profile(first.url) }), {
      status: 'Accepted',
    });
    const response = await first.call('B09-A', 'SetNetworkProfile', { configurationSlot: 3, connectionData: profile(first.url) });
    assert.equal(response.status, 'Rejected');
    assert.equal(response.statusInfo?.reasonCode, 'InvalidConfSlot');
    assert.equal(await activeProfile(first, 'B09-A'), '0', 'the active profile is unchanged until a reboot');
  });

  it('B09.FR.04 – a lower securityProfile than the active one is Rejected (NoSecurityDowngrade)', async () => {
    await started('B09-B', { [DM.SecurityCtrlr.SecurityProfile]: '1', [DM.SecurityCtrlr.BasicAuthPassword]: PASSWORD });
    const lower = await first.call('B09-B', 'SetNetworkProfile', { configurationSlot: 1, connectionData: profile(first.url, 0) });
    assert.deepEqual([lower.status, lower.statusInfo?.reasonCode], ['Rejected', 'NoSecurityDowngrade']);
    const same = await first.call('B09-B', 'SetNetworkProfile', { configurationSlot: 1, connectionData: profile(first.url, 1) });
    assert.equal(same.status, 'Accepted');
  });

  it('B09.FR.02 – content the station cannot connect with is Rejected (InvalidNetworkConf)', async () => {
    await started('B09-C');
    const invalid: NetworkConnectionProfileType[] = [
      { ...profile(first.url), ocppTransport: 'SOAP' },
      profile('http://127.0.0.1:1/ocpp'),
      profile(first.url, 2), // A00.FR.312: TLS only
      profile(first.url, 1), // no BasicAuthPassword set
    ];
    for (const connectionData of invalid) {
      const response = await first.call('B09-C', 'SetNetworkProfile', { configurationSlot: 1, connectionData });
      assert.deepEqual(
        [response.status, response.statusInfo?.reasonCode],
        ['Rejected', 'InvalidNetworkConf'],
        JSON.stringify(connectionData),
      );
    }
  });
});

describe('B10 Migrate to new CSMS', () => {
  it('B10.FR.02 – a NetworkConfigurationPriority naming a slot without a profile is Rejected', async () => {
    await started('B10-A');
    const priority = { ...parsePath(DM.OCPPCommCtrlr.NetworkConfigurationPriority), attributeValue: '2,0' };
    const { setVariableResult } = await first.call('B10-A', 'SetVariables', { setVariableData: [priority] });
    assert.deepEqual(
      [setVariableResult[0]?.attributeStatus, setVariableResult[0]?.attributeStatusInfo?.reasonCode],
      ['Rejected', 'InvalidNetworkConf'],
    );
  });

  it('B10.FR.01/04 – after SetNetworkProfile, a new priority and a Reset, the station connects to the new CSMS first', async () => {
    const second = await startLocalCsms({ heartbeatIntervalS: 300 });
    csmsToClose.push(second);
    await started('B10-B');
    await migrate('B10-B', second);
    assert.deepEqual(boots(second, 'B10-B'), ['RemoteReset']);
    await waitFor(() => !first.store.get('B10-B')?.connected, 'B10.FR.06: gone from the old CSMS');
    assert.equal(await activeProfile(second, 'B10-B'), '1');
  });

  it('B10.FR.03/08/10 – the new CSMS is gone: after NetworkProfileConnectionAttempts the station falls back to slot 0 and boots there', async () => {
    const second = await startLocalCsms({ heartbeatIntervalS: 300 });
    const t = await started('B10-C');
    await migrate('B10-C', second);
    await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted at the new CSMS');
    await waitFor(() => !first.store.get('B10-C')?.connected, 'gone from the first CSMS');
    const bootsAtFirst = boots(first, 'B10-C').length;
    await second.close();
    // Run the back-off timers (never the 30 s handshake timeout) until the station is back at the first CSMS.
    await advanceUntil(t.clock, () => first.store.get('B10-C')?.connected === true, 'connected through slot 0', 30_000);
    await waitFor(() => boots(first, 'B10-C').length === bootsAtFirst + 1, 'B10.FR.10: a new boot after the switch');
    await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted again');
    assert.equal(await activeProfile(first, 'B10-C'), '0');
  });
});
