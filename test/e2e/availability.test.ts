// G Availability, F05 UnlockConnector, F06 TriggerMessage, P01 DataTransfer and A04 security
// events: a real station over simulated hardware against the local CSMS on a real socket.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { openDatabase } from '../../src/store/database.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(async () => {
  await csms.close();
});

interface StatusRequest {
  evseId: number;
  connectorId: number;
  connectorStatus: string;
}
const statuses = (id: string): StatusRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'StatusNotification').map((r) => r.request as StatusRequest);
const sent = (id: string, action: string): unknown[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === action).map((r) => r.request);

async function booted(id: string, evses = 1, db = openDatabase(':memory:'), overrides: Record<string, string> = {}): Promise<TestStation> {
  const t = makeTestStation({ id, evses, csmsUrl: csms.url, db, overrides });
  t.station.start();
  await waitFor(() => statuses(id).length >= evses && t.snapshot().registration === 'Accepted', `${id} booted`);
  return t;
}

const lastStatus = (id: string, evseId = 1): string | undefined =>
  statuses(id)
    .filter((s) => s.evseId === evseId)
    .at(-1)?.connectorStatus;

describe('G01 Status notification', () => {
  it('G01.FR.03 – plugging in reports Occupied; G01.FR.04 – unplugging reports Available', async () => {
    const t = await booted('G01-A');
    try {
      t.hardware.plug(1);
      await waitFor(() => lastStatus('G01-A') === 'Occupied', 'Occupied');
      t.hardware.unplug(1);
      await waitFor(() => lastStatus('G01-A') === 'Available', 'Available');
      assert.deepEqual(
        statuses('G01-A').map((s) => s.connectorStatus),
        ['Available', 'Occupied', 'Available'],
      );
    } finally {
      await t.stop();
    }
  });

  it('a hardware fault reports Faulted, and clearing it reports Available again', async () => {
    const t = await booted('G01-B');
    try {
      t.hardware.setFault(1, true);
      await waitFor(() => lastStatus('G01-B') === 'Faulted', 'Faulted');
      assert.equal(t.snapshot().evses[0]?.connectors[0]?.status, 'Faulted');
      t.hardware.setFault(1, false);
      await waitFor(() => lastStatus('G01-B') === 'Available', 'Available');
    } finally {
      await t.stop();
    }
  });
});

/** Drops the link from the CSMS side, lets `whileOffline` act, then reconnects after the back-off. */
async function offlineFor(t: TestStation, id: string, whileOffline: () => void): Promise<void> {
  csms.server.session(id)?.close(1001);
  await waitFor(() => !t.snapshot().connected, 'offline');
  whileOffline();
  await quiet(t);
  t.clock.advance(t.clock.nextDelay()!);
  await waitFor(() => t.snapshot().connected, 'back online');
}

describe('B04 Offline behaviour idle charging station', () => {
  it('B04.FR.02 – back within OfflineThreshold: only the connectors that changed are reported', async () => {
    const t = await booted('B04-A', 2, openDatabase(':memory:'), { 'OCPPCommCtrlr/OfflineThreshold': '3600' });
    try {
      const before = statuses('B04-A').length;
      await offlineFor(t, 'B04-A', () => t.hardware.plug(1));
      await waitFor(() => statuses('B04-A').length === before + 1, 'one status');
      await quiet(t);
      assert.deepEqual(statuses('B04-A').slice(before), [{ ...statuses('B04-A').at(-1)!, evseId: 1, connectorStatus: 'Occupied' }]);
    } finally {
      await t.stop();
    }
  });

  it('B04.FR.01 – offline longer than OfflineThreshold: every connector is reported', async () => {
    const t = await booted('B04-B', 2, openDatabase(':memory:'), { 'OCPPCommCtrlr/OfflineThreshold': '1' });
    try {
      const before = statuses('B04-B').length;
      await offlineFor(t, 'B04-B', () => undefined);
      await waitFor(() => statuses('B04-B').length === before + 2, 'both connectors');
    } finally {
      await t.stop();
    }
  });

  it('QueueAllMessages – a change made offline is queued durably and delivered once', async () => {
    const t = await booted('B04-C', 1, openDatabase(':memory:'), {
      'OCPPCommCtrlr/QueueAllMessages': 'true',
      'OCPPCommCtrlr/OfflineThreshold': '3600',
    });
    try {
      const before = statuses('B04-C').length;
      await offlineFor(t, 'B04-C', () => {
        t.hardware.plug(1);
        assert.equal(t.station.outbox.size, 1, 'queued while offline');
      });
      await waitFor(() => t.station.outbox.size === 0, 'delivered');
      await quiet(t);
      assert.deepEqual(
        statuses('B04-C')
          .slice(before)
          .map((s) => s.connectorStatus),
        ['Occupied'],
      );
    } finally {
      await t.stop();
    }
  });
});

describe('G03 Change availability EVSE/connector, G04 charging station', () => {
  it('G03.FR.01 – answer first, then act: the ChangeAvailability CALLRESULT goes out before the StatusNotification it causes', async () => {
    const t = await booted('G03-ORDER');
    try {
      const before = csms.store.frames('G03-ORDER')!.length;
      assert.deepEqual(await csms.call('G03-ORDER', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } }), {
        status: 'Accepted',
      });
      await waitFor(() => lastStatus('G03-ORDER') === 'Unavailable', 'Unavailable reported');
      const frames = csms.store
        .frames('G03-ORDER')!
        .slice(before)
        .map((f) => JSON.parse(f.text) as unknown[]);
      const answer = frames.findIndex((f) => f[0] === 3 && (f[2] as { status?: string }).status === 'Accepted');
      const status = frames.findIndex((f) => f[0] === 2 && f[2] === 'StatusNotification');
      assert.ok(answer >= 0 && status > answer, `the answer (frame ${answer}) precedes the StatusNotification (frame ${status})`);
    } finally {
      await t.stop();
    }
  });

  it('G03.FR.04 – an EVSE set Inoperative reports Unavailable; G03.FR.08 – and stays so after a restart', async () => {
    const db = openDatabase(':memory:');
    const t = await booted('G03-A', 2, db);
    let restarted: TestStation | undefined;
    try {
      const response = await csms.call('G03-A', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } });
      assert.deepEqual(response, { status: 'Accepted' });
      await waitFor(() => lastStatus('G03-A', 2) === 'Unavailable', 'EVSE 2 Unavailable');
      assert.equal(lastStatus('G03-A', 1), 'Available', 'EVSE 1 untouched');
      await t.stop();
      restarted = makeTestStation({ id: 'G03-A', evses: 2, csmsUrl: csms.url, db });
      assert.equal(restarted.snapshot().evses[1]?.connectors[0]?.status, 'Unavailable');
      assert.equal(restarted.snapshot().evses[1]?.available, false);
    } finally {
      await t.stop();
      await restarted?.stop();
    }
  });

  it('G03.FR.03 – the state it is already in is Accepted and reports nothing', async () => {
    const t = await booted('G03-B');
    try {
      const before = statuses('G03-B').length;
      assert.deepEqual(await csms.call('G03-B', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } }), {
        status: 'Accepted',
      });
      await quiet(t);
      assert.equal(statuses('G03-B').length, before);
    } finally {
      await t.stop();
    }
  });

  it('G03.FR.06 – a faulted connector stays Faulted when its EVSE becomes Inoperative; G03.FR.07 – Operative reverts', async () => {
    const t = await booted('G03-C');
    try {
      t.hardware.setFault(1, true);
      await waitFor(() => lastStatus('G03-C') === 'Faulted', 'Faulted');
      await csms.call('G03-C', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
      t.hardware.setFault(1, false);
      await waitFor(() => lastStatus('G03-C') === 'Unavailable', 'Unavailable once the fault clears');
      await csms.call('G03-C', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } });
      await waitFor(() => lastStatus('G03-C') === 'Available', 'Available again');
    } finally {
      await t.stop();
    }
  });

  it('a connector that does not exist is Rejected', async () => {
    const t = await booted('G03-D');
    try {
      const response = await csms.call('G03-D', 'ChangeAvailability', {
        operationalStatus: 'Inoperative',
        evse: { id: 1, connectorId: 9 },
      });
      assert.equal(response.status, 'Rejected');
    } finally {
      await t.stop();
    }
  });

  it('G04.FR.04/G04.FR.05 – the whole station set to the state it is in: Accepted, and every connector reports its status', async () => {
    const t = await booted('G04-B', 2);
    try {
      await csms.call('G04-B', 'ChangeAvailability', { operationalStatus: 'Inoperative' });
      await waitFor(() => lastStatus('G04-B', 1) === 'Unavailable' && lastStatus('G04-B', 2) === 'Unavailable', 'all Unavailable');
      const before = statuses('G04-B').length;
      assert.deepEqual(await csms.call('G04-B', 'ChangeAvailability', { operationalStatus: 'Inoperative' }), { status: 'Accepted' });
      await waitFor(() => statuses('G04-B').length === before + 2, 'every connector reported again');
      assert.deepEqual(
        statuses('G04-B')
          .slice(before)
          .map((s) => [s.evseId, s.connectorStatus]),
        [
          [1, 'Unavailable'],
          [2, 'Unavailable'],
        ],
      );
    } finally {
      await t.stop();
    }
  });

  it('G04.FR.05/G04.FR.07 – the whole station Inoperative makes every connector Unavailable; G04.FR.08 – Operative reverts', async () => {
    const t = await booted('G04-A', 2);
    try {
      assert.deepEqual(await csms.call('G04-A', 'ChangeAvailability', { operationalStatus: 'Inoperative' }), { status: 'Accepted' });
      await waitFor(() => lastStatus('G04-A', 1) === 'Unavailable' && lastStatus('G04-A', 2) === 'Unavailable', 'all Unavailable');
      await csms.call('G04-A', 'ChangeAvailability', { operationalStatus: 'Operative' });
      await waitFor(() => lastStatus('G04-A', 1) === 'Available' && lastStatus('G04-A', 2) === 'Available', 'all Available');
    } finally {
      await t.stop();
    }
  });
});

describe('F05 Unlock connector', () => {
  it('F05.FR.03 UnknownConnector, F05.FR.04 Unlocked, F05.FR.05 UnlockFailed', async () => {
    const t = await booted('F05-A');
    try {
      assert.deepEqual(await csms.call('F05-A', 'UnlockConnector', { evseId: 1, connectorId: 2 }), { status: 'UnknownConnector' });
      assert.deepEqual(await csms.call('F05-A', 'UnlockConnector', { evseId: 1, connectorId: 1 }), { status: 'Unlocked' });
      t.hardware.failNextLock(1);
      assert.deepEqual(await csms.call('F05-A', 'UnlockConnector', { evseId: 1, connectorId: 1 }), { status: 'UnlockFailed' });
    } finally {
      await t.stop();
    }
  });
});

describe('F06 Trigger message', () => {
  it('F06.FR.04 – Heartbeat: Accepted, then the Heartbeat', async () => {
    const t = await booted('F06-A');
    try {
      assert.deepEqual(await csms.call('F06-A', 'TriggerMessage', { requestedMessage: 'Heartbeat' }), { status: 'Accepted' });
      await waitFor(() => sent('F06-A', 'Heartbeat').length === 1, 'triggered heartbeat');
    } finally {
      await t.stop();
    }
  });

  it('F06.FR.12 – StatusNotification needs a connector; with one it is sent', async () => {
    const t = await booted('F06-B');
    try {
      assert.equal((await csms.call('F06-B', 'TriggerMessage', { requestedMessage: 'StatusNotification' })).status, 'Rejected');
      const before = statuses('F06-B').length;
      const response = await csms.call('F06-B', 'TriggerMessage', {
        requestedMessage: 'StatusNotification',
        evse: { id: 1, connectorId: 1 },
      });
      assert.equal(response.status, 'Accepted');
      await waitFor(() => statuses('F06-B').length === before + 1, 'triggered status');
    } finally {
      await t.stop();
    }
  });

  it('F06.FR.17 – BootNotification after an accepted boot is Rejected; F06.FR.08 – an unimplemented message is NotImplemented', async () => {
    const t = await booted('F06-C');
    try {
      assert.equal((await csms.call('F06-C', 'TriggerMessage', { requestedMessage: 'BootNotification' })).status, 'Rejected');
      const other = await csms.call('F06-C', 'TriggerMessage', { requestedMessage: 'PublishFirmwareStatusNotification' });
      assert.equal(other.status, 'NotImplemented');
    } finally {
      await t.stop();
    }
  });
});

describe('P01 Data transfer to the charging station', () => {
  it('P01.FR.05 – an unknown vendorId is answered UnknownVendorId; a registered vendor answers itself', async () => {
    const t = await booted('P01-A');
    try {
      assert.deepEqual(await csms.call('P01-A', 'DataTransfer', { vendorId: 'org.example.unknown' }), { status: 'UnknownVendorId' });
      t.station.blocks.dataTransfer.register('com.openwallbox', (request) => ({ status: 'Accepted', data: { echo: request.data } }));
      const answer = await csms.call('P01-A', 'DataTransfer', { vendorId: 'com.openwallbox', data: 42 });
      assert.deepEqual(answer, { status: 'Accepted', data: { echo: 42 } });
    } finally {
      await t.stop();
    }
  });
});

describe('P02 Data transfer to the CSMS', () => {
  it('P02 – a vendor message from the station reaches the CSMS and its validated answer comes back', async () => {
    const t = await booted('P02-A');
    try {
      const answer = await t.station.ctx.call('DataTransfer', { vendorId: 'com.openwallbox', messageId: 'hello', data: { n: 1 } });
      assert.equal(answer.status, 'UnknownVendorId');
      assert.deepEqual(sent('P02-A', 'DataTransfer'), [{ vendorId: 'com.openwallbox', messageId: 'hello', data: { n: 1 } }]);
    } finally {
      await t.stop();
    }
  });
});

describe('A04 Security event notification', () => {
  it('A04.FR.02 – a critical event raised offline is queued and delivered once the boot is accepted', async () => {
    const t = makeTestStation({ id: 'A04-A', csmsUrl: csms.url });
    try {
      t.station.blocks.security.record('InvalidCsmsCertificate', 'certificate signed by an unknown CA');
      t.station.blocks.security.record('FailedToAuthenticateAtCsms', 'not critical: logged only');
      // Queued: the start of the device (A04.FR.01 at power up) and the critical event; not the other.
      assert.equal(t.station.outbox.size, 2);
      t.station.start();
      await waitFor(() => sent('A04-A', 'SecurityEventNotification').length === 2, 'security events delivered');
      assert.deepEqual(
        sent('A04-A', 'SecurityEventNotification').map((e) => (e as { type: string }).type),
        ['StartupOfTheDevice', 'InvalidCsmsCertificate'],
      );
      await waitFor(() => t.station.outbox.size === 0, 'outbox emptied');
    } finally {
      await t.stop();
    }
  });
});
