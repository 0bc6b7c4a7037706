// Part 6 block B, cold boot (B01): the station process is started as by a power cycle.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectorsAvailable, startupSecurityEvent } from './support/states.js';
import { startStation } from './support/station-process.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 B – Cold boot', { concurrency: true }, () => {
  it('TC_B_01_CS – Cold Boot Charging Station - Accepted', async () => {
    const link = csms.link('CONF-B01');
    const station = await startStation({ id: 'CONF-B01', csmsUrl: csms.url });
    try {
      const boot = await link.next('BootNotification');
      assert.equal(boot.reason, 'PowerUp', 'Booted step 3: BootNotificationRequest reason PowerUp');
      assert.ok(
        (boot.chargingStation as Json).model && (boot.chargingStation as Json).vendorName,
        'Booted step 3: chargingStation model and vendorName',
      );
      await connectorsAvailable(link, 1, 'Booted');
      await startupSecurityEvent(link, 'Booted');
      assert.deepEqual(link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await station.dispose();
    }
  });

  it('TC_B_02_CS – Cold Boot Charging Station - Pending', async () => {
    const link = csms.link('CONF-B02');
    let pending = true;
    link.answers.set('BootNotification', () => ({
      status: pending ? 'Pending' : 'Accepted',
      interval: 300,
      currentTime: new Date().toISOString(),
    }));
    const station = await startStation({ id: 'CONF-B02', csmsUrl: csms.url });
    try {
      await link.next('BootNotification');
      const [set] = (
        (await link.call('SetVariables', {
          setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300' }],
        })) as { setVariableResult: Json[] }
      ).setVariableResult;
      assert.equal(set!.attributeStatus, 'Accepted', 'step 4: SetVariablesResponse attributeStatus Accepted');
      const [got] = (
        (await link.call('GetVariables', {
          getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } }],
        })) as { getVariableResult: Json[] }
      ).getVariableResult;
      assert.equal(got!.attributeStatus, 'Accepted', 'step 6: GetVariablesResponse attributeStatus Accepted');
      const report = (await link.call('GetBaseReport', { requestId: 2, reportBase: 'FullInventory' })) as Json;
      assert.equal(report.status, 'Accepted', 'step 8: GetBaseReportResponse status Accepted');
      for (;;) {
        const r = await link.next('NotifyReport', (p) => p.requestId === 2);
        if (r.tbc !== true) break;
      }
      const start = (await link.call('RequestStartTransaction', {
        idToken: { idToken: 'B02TOKEN', type: 'ISO14443' },
        remoteStartId: 2,
      })) as Json;
      assert.equal(start.status, 'Rejected', 'step 12: RequestStartTransactionResponse status Rejected');
      pending = false;
      const trigger = (await link.call('TriggerMessage', { requestedMessage: 'BootNotification' })) as Json;
      assert.match(String(trigger.status), /^(Accepted|NotImplemented)$/, 'step 14: TriggerMessageResponse Accepted or NotImplemented');
      if (trigger.status === 'Accepted') {
        const boot = await link.next('BootNotification');
        assert.equal(boot.reason, 'Triggered', 'step 15: BootNotificationRequest reason Triggered');
      }
      await connectorsAvailable(link, 1, 'step 17');
      assert.deepEqual(link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await station.dispose();
    }
  });
});
