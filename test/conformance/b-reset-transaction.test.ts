// Part 6 block B, Reset with an ongoing transaction (B11/B12), failing today (FINDINGS.md): each case on its own
// station, concurrently. Not part of npm test.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorized,
  type Booted,
  booted,
  energyTransferStarted,
  evConnectedPreSession,
  startupSecurityEvent,
  stopAuthorizedRemote,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

async function charging(id: string): Promise<{ cs: Booted; transactionId: string }> {
  const cs = await booted(csms, { id });
  await evConnectedPreSession(cs, 1);
  await authorized(cs, `${id}-TOKEN`);
  const t = await energyTransferStarted(cs);
  return { cs, transactionId: String((t.transactionInfo as Json).transactionId) };
}

describe('Part 6 B – Reset with an ongoing transaction', { concurrency: true }, () => {
  it('TC_B_21_CS – Reset Charging Station - With Ongoing Transaction - OnIdle', async () => {
    const { cs, transactionId } = await charging('CONF-B21');
    try {
      const res = (await cs.link.call('Reset', { type: 'OnIdle' })) as Json;
      assert.equal(res.status, 'Scheduled', 'step 2: ResetResponse status Scheduled');
      await stopAuthorizedRemote(cs, transactionId);
      const boot = await cs.link.next('BootNotification');
      assert.equal(boot.reason, 'ScheduledReset', 'step 7: BootNotificationRequest reason ScheduledReset');
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
      assert.equal(
        s.connectorStatus,
        'Occupied',
        'step 9: StatusNotificationRequest connectorStatus Occupied (transaction stopped at step 3)',
      );
      await startupSecurityEvent(cs.link, 'step 11');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
