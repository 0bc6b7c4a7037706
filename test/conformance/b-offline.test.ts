// Part 6 block B, the connection lost and regained (B04, Part 4 §5.3): each case on its own
// station, concurrently. The tool closes the WebSocket connection and refuses or accepts the
// station's reconnection attempts; times are taken at the tool, the close when it starts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Booted, booted, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const set = (values: Record<string, number>): string[] => Object.entries(values).map(([k, v]) => `OCPPCommCtrlr/${k}=${v}`);

/** Steps 1-3 of TC_B_51/52: offline (reconnects refused), the EV plugged in on EVSE 1, reconnects accepted. */
async function offlineWhilePlugging(cs: Booted): Promise<{ droppedAt: number; reconnectedAt: number }> {
  cs.link.refuse = true;
  const droppedAt = await cs.link.drop();
  cs.link.forget(); // what the station reports from now on
  await cs.station.post('/api/evses/1/plug', {});
  cs.link.refuse = false;
  await cs.link.whenConnected();
  const attempt = cs.link.attempts.at(-1)!;
  assert.ok(attempt.accepted, 'step 3: the reconnection attempt accepted');
  return { droppedAt, reconnectedAt: attempt.at };
}

async function statusOf(cs: Booted, evseId: number): Promise<Json> {
  const s = await cs.link.next('StatusNotification', (p) => p.evseId === evseId);
  assert.equal(s.connectorId, 1, `StatusNotificationRequest evse ${evseId} connectorId 1`);
  return s;
}

describe('Part 6 B – Offline and reconnection', { concurrency: true }, () => {
  it('TC_B_51_CS – Status change during offline period - > Offline Threshold', async () => {
    const threshold = 2;
    const cs = await booted(csms, {
      id: 'CONF-B51',
      evses: 2,
      set: set({ OfflineThreshold: threshold, RetryBackOffWaitMinimum: threshold + 2, RetryBackOffRandomRange: 0 }),
    });
    try {
      const { droppedAt, reconnectedAt } = await offlineWhilePlugging(cs);
      assert.ok(
        reconnectedAt - droppedAt > threshold * 1000,
        `step 3: reconnected after the threshold was exceeded (${reconnectedAt - droppedAt} ms)`,
      );
      const s1 = await statusOf(cs, 1);
      assert.equal(s1.connectorStatus, 'Occupied', 'step 4: StatusNotificationRequest evse 1 connectorStatus Occupied');
      const s2 = await statusOf(cs, 2);
      assert.equal(s2.connectorStatus, 'Available', 'step 4: StatusNotificationRequest evse 2 connectorStatus Available');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_B_52_CS – Status change during offline period - < Offline Threshold', async () => {
    const threshold = 5;
    const cs = await booted(csms, {
      id: 'CONF-B52',
      evses: 2,
      set: set({ OfflineThreshold: threshold, RetryBackOffWaitMinimum: threshold - 2, RetryBackOffRandomRange: 0 }),
    });
    try {
      const evse2Before = cs.link.received('StatusNotification').filter((p) => p.evseId === 2).length;
      const { droppedAt, reconnectedAt } = await offlineWhilePlugging(cs);
      assert.ok(reconnectedAt - droppedAt < threshold * 1000, `step 3: reconnected within the threshold (${reconnectedAt - droppedAt} ms)`);
      const s1 = await statusOf(cs, 1);
      assert.equal(s1.connectorStatus, 'Occupied', 'step 4: StatusNotificationRequest evse 1 connectorStatus Occupied');
      await quiescent(cs);
      assert.equal(
        cs.link.received('StatusNotification').filter((p) => p.evseId === 2).length,
        evse2Before,
        'step 4 (B04.FR.02): no StatusNotificationRequest for evse 2, whose status did not change',
      );
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_B_57_CS – Network Reconnection - After connection loss', async () => {
    const waitMinimum = 2;
    const cs = await booted(csms, {
      id: 'CONF-B57',
      set: set({
        NetworkProfileConnectionAttempts: 3,
        RetryBackOffRepeatTimes: 2,
        RetryBackOffRandomRange: 0,
        RetryBackOffWaitMinimum: waitMinimum,
      }),
    });
    try {
      const closed1 = await cs.link.drop(); // step 1
      await cs.link.whenConnected(); // step 3: accepted
      const a2 = cs.link.attempts.at(-1)!;
      assert.ok(a2.accepted, 'step 3: the reconnection attempt accepted');
      assert.ok(a2.at - closed1 >= waitMinimum * 1000, `step 2: reconnected after >= RetryBackOffWaitMinimum (${a2.at - closed1} ms)`);

      cs.link.refuse = true;
      const closed4 = await cs.link.drop(); // step 4
      const a5 = await cs.link.nextAttempt(); // step 6: refused
      cs.link.refuse = false;
      assert.equal(a5.accepted, false, 'step 6: the reconnection attempt refused');
      assert.ok(a5.at - closed4 >= waitMinimum * 1000, `step 5: reconnected after >= RetryBackOffWaitMinimum (${a5.at - closed4} ms)`);

      await cs.link.whenConnected(); // step 8: accepted
      const a7 = cs.link.attempts.at(-1)!;
      assert.ok(a7.accepted, 'step 8: the reconnection attempt accepted');
      assert.equal(cs.link.attempts.length, 4, 'step 7: boot, steps 2, 5 and 7; no attempt between the refused one and this one');
      // Step 5 waited RetryBackOffWaitMinimum; step 7 waits that doubled.
      assert.ok(
        a7.at - a5.at >= 2 * waitMinimum * 1000,
        `step 7: reconnected after >= 2 x the wait of step 5, ${2 * waitMinimum} s (${a7.at - a5.at} ms)`,
      );
      await quiescent(cs); // the link works again
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
