// Part 6 block B, Reset without a transaction where a state must survive the reboot (B11): each
// case on its own station with two EVSEs, so that "the other connectors" exist.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reserved } from './support/reservations.js';
import { booted, unavailable } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 B – Reset, state persists', { concurrency: true }, () => {
  it('TC_B_23_CS – Reset Charging Station - Unavailable persists reset', async () => {
    const cs = await booted(csms, { id: 'CONF-B23', evses: 2 });
    try {
      await unavailable(cs, [[1, 1]], 1, 1); // Memory State: Unavailable for connector 1 of EVSE 1
      const res = (await cs.link.call('Reset', { type: 'OnIdle' })) as { status: string };
      assert.equal(res.status, 'Accepted', 'step 2: ResetResponse status Accepted');
      const boot = await cs.link.next('BootNotification');
      assert.equal(boot.reason, 'RemoteReset', 'step 3: BootNotificationRequest reason RemoteReset');
      const s1 = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
      assert.equal(s1.connectorStatus, 'Unavailable', 'step 5: StatusNotificationRequest evse 1 connector 1 connectorStatus Unavailable');
      const s2 = await cs.link.next('StatusNotification', (p) => p.evseId === 2 && p.connectorId === 1);
      assert.equal(s2.connectorStatus, 'Available', 'step 5: StatusNotificationRequest evse 2 connector 1 connectorStatus Available');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_B_24_CS – Reset Charging Station - Reserved persists reset', async () => {
    const cs = await booted(csms, { id: 'CONF-B24', evses: 2 });
    try {
      await reserved(cs, 24, 'B24-TOKEN', 1); // Memory State: Reserved for EVSE 1
      const res = (await cs.link.call('Reset', { type: 'OnIdle' })) as { status: string };
      assert.equal(res.status, 'Accepted', 'step 2: ResetResponse status Accepted');
      const boot = await cs.link.next('BootNotification');
      assert.equal(boot.reason, 'RemoteReset', 'step 3: BootNotificationRequest reason RemoteReset');
      const s1 = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
      assert.equal(s1.connectorStatus, 'Reserved', 'step 5: StatusNotificationRequest evse 1 connector 1 connectorStatus Reserved');
      const s2 = await cs.link.next('StatusNotification', (p) => p.evseId === 2 && p.connectorId === 1);
      assert.equal(s2.connectorStatus, 'Available', 'step 5: StatusNotificationRequest evse 2 connector 1 connectorStatus Available');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
