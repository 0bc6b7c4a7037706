// Part 6 block B, Reset with an ongoing transaction (B11/B12): each case on its own station, concurrently.

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

  it('TC_B_22_CS – Reset Charging Station - With Ongoing Transaction - Immediate', async () => {
    const { cs, transactionId } = await charging('CONF-B22');
    try {
      const res = (await cs.link.call('Reset', { type: 'Immediate' })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: ResetResponse status Accepted');
      const t = await cs.link.next(
        'TransactionEvent',
        (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
      );
      assert.equal(t.triggerReason, 'ResetCommand', 'step 3: TransactionEventRequest triggerReason ResetCommand');
      assert.equal((t.transactionInfo as Json).chargingState, 'EVConnected', 'step 3: transactionInfo.chargingState EVConnected');
      assert.equal((t.transactionInfo as Json).stoppedReason, 'ImmediateReset', 'step 3: transactionInfo.stoppedReason ImmediateReset');
      assert.equal(t.idToken, undefined, 'step 3: idToken omitted');
      const boot = await cs.link.next('BootNotification');
      assert.equal(boot.reason, 'RemoteReset', 'step 5: BootNotificationRequest reason RemoteReset');
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
      assert.equal(s.connectorStatus, 'Occupied', 'step 7: StatusNotificationRequest connectorStatus Occupied');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
