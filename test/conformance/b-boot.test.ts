// Part 6 block B, boot cases: each case power-cycles its own station process.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectorsAvailable } from './support/states.js';
import { startStation } from './support/station-process.js';
import { TestCsms } from './support/test-csms.js';

const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 B – Cold boot', { concurrency: true }, () => {
  it('TC_B_03_CS – Cold Boot Charging Station - Rejected', async () => {
    const link = csms.link('CONF-B03');
    let rejected = true;
    const interval = 2;
    link.answers.set('BootNotification', () => ({
      status: rejected ? 'Rejected' : 'Accepted',
      interval,
      currentTime: new Date().toISOString(),
    }));
    const station = await startStation({ id: 'CONF-B03', csmsUrl: csms.url });
    try {
      await link.next('BootNotification');
      const rejectedAt = Date.now();
      rejected = false;
      const count = link.frames.length;
      await link.next('BootNotification');
      const elapsed = Date.now() - rejectedAt;
      assert.ok(elapsed >= interval * 1000 - 50, `step 3: BootNotificationRequest resent after >= ${interval} s (after ${elapsed} ms)`);
      assert.equal(link.frames.length, count + 1, 'step 3: no other OCPP message between the two BootNotificationRequests');
      await connectorsAvailable(link, 1, 'step 5');
      assert.deepEqual(link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await station.dispose();
    }
  });

  it('TC_B_30_CS – Cold Boot Charging Station - Pending/Rejected - SecurityError', async () => {
    const link = csms.link('CONF-B30');
    // A long interval: the station stays Rejected for the whole case.
    link.answers.set('BootNotification', () => ({ status: 'Rejected', interval: 300, currentTime: new Date().toISOString() }));
    const station = await startStation({ id: 'CONF-B30', csmsUrl: csms.url });
    try {
      await link.next('BootNotification'); // steps 1/2
      // Step 3 is sent only if the station keeps the connection; this station does.
      assert.ok(link.connected, 'step 3: the station keeps the connection while Rejected');
      const error = await link.call('GetBaseReport', { requestId: 30, reportBase: 'FullInventory' }).then(
        () => undefined,
        (e: unknown) => e as { rpcErrorCode?: string },
      );
      assert.equal(error?.rpcErrorCode, 'SecurityError', 'step 4: CALLERROR SecurityError');
      assert.equal(link.received('NotifyReport').length, 0, 'step 4: no report sent');
      assert.deepEqual(link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await station.dispose();
    }
  });
});
