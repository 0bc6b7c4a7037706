// A station booting against the built-in local CSMS over a real WebSocket: B01 cold boot,
// B02 Pending, B03 Rejected, heartbeats at the CSMS's interval, reconnect without reboot.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 60, bootRetryIntervalS: 20 });
});
after(async () => {
  await csms.close();
});

function makeStation(id: string, evses = 1, overrides: Record<string, string> = {}): TestStation {
  return makeTestStation({ id, evses, csmsUrl: csms.url, overrides });
}

const requests = (id: string) => csms.store.requests(id) ?? [];
/** What the station sent, less the security event of its start (A04.FR.01), asserted on its own. */
const actionsSent = (id: string): string[] =>
  requests(id)
    .filter((r) => !(r.action === 'SecurityEventNotification' && (r.request as { type: string }).type === 'StartupOfTheDevice'))
    .map((r) => r.action);
const startupEvents = (id: string) =>
  requests(id).filter((r) => r.action === 'SecurityEventNotification' && (r.request as { type: string }).type === 'StartupOfTheDevice');

describe('B01 Cold boot charging station', () => {
  it('B01.FR.01/B01.FR.05 – BootNotification first, then a StatusNotification for every connector', async () => {
    const t = makeStation('B01-A', 2);
    t.station.start();
    try {
      await waitFor(() => actionsSent('B01-A').length === 3, 'boot and two status notifications');
      assert.deepEqual(actionsSent('B01-A'), ['BootNotification', 'StatusNotification', 'StatusNotification']);
      await waitFor(() => startupEvents('B01-A').length === 1, 'A04.FR.01, TC_B_01: SecurityEventNotification StartupOfTheDevice');
      const summary = csms.store.get('B01-A');
      assert.equal(summary?.statuses['1/1']?.status, 'Available');
      assert.equal(summary?.statuses['2/1']?.status, 'Available');
      assert.equal(t.snapshot().registration, 'Accepted');
      assert.equal(t.snapshot().connected, true);
    } finally {
      await t.stop();
    }
  });

  it('B01.FR.04 – the interval of the accepted boot becomes the heartbeat interval', async () => {
    const t = makeStation('B01-B');
    t.station.start();
    try {
      await waitFor(() => actionsSent('B01-B').length === 2, 'boot and status');
      assert.equal(t.station.ctx.dm.getInt(DM.OCPPCommCtrlr.HeartbeatInterval), 60);
      t.clock.advance(59_000);
      await quiet(t);
      assert.equal(actionsSent('B01-B').includes('Heartbeat'), false, 'no heartbeat before the interval');
      t.clock.advance(1_000);
      await waitFor(() => actionsSent('B01-B').includes('Heartbeat'), 'heartbeat');
      t.clock.advance(60_000);
      await waitFor(() => actionsSent('B01-B').filter((a) => a === 'Heartbeat').length === 2, 'second heartbeat');
    } finally {
      await t.stop();
    }
  });

  it('B01.FR.06 – station time follows the currentTime of the CSMS', async () => {
    const t = makeStation('B01-C');
    // The fake clock starts at 2026-01-01; the CSMS answers with the real time.
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      const bootTime = Date.parse(csms.store.get('B01-C')!.boot!.time);
      assert.ok(Math.abs(t.station.now().getTime() - bootTime) < 5_000, 'station time within 5 s of the CSMS time');
      assert.ok(Math.abs(t.clock.now() - bootTime) > 86_400_000, 'the local clock itself was far off');
    } finally {
      await t.stop();
    }
  });

  it('Part 4 §5.3 – after a reconnect an accepted station does not boot again; B04.FR.01 – it reports its connectors', async () => {
    const t = makeStation('B01-D', 1, { 'OCPPCommCtrlr/OfflineThreshold': '1' });
    t.station.start();
    try {
      await waitFor(() => actionsSent('B01-D').length === 2, 'boot and status');
      csms.server.session('B01-D')?.close(1001);
      await waitFor(() => !t.snapshot().connected, 'disconnect seen');
      // Exactly the back-off wait: a larger step would also run out the new handshake's timeout.
      t.clock.advance(t.clock.nextDelay()!);
      await waitFor(() => actionsSent('B01-D').length === 3, 'status after reconnect');
      assert.deepEqual(actionsSent('B01-D'), ['BootNotification', 'StatusNotification', 'StatusNotification']);
      assert.equal(startupEvents('B01-D').length, 1, 'the start of the device is reported once, not on a reconnect');
    } finally {
      await t.stop();
    }
  });
});

describe('B02 Cold boot charging station – Pending', () => {
  it('B02.FR.02/B02.FR.04 – sends nothing else while Pending and boots again after the interval', async () => {
    csms.setBootStatus('Pending');
    const t = makeStation('B02-A');
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Pending', 'pending');
      csms.setBootStatus('Accepted');
      t.clock.advance(19_000);
      await quiet(t);
      assert.deepEqual(actionsSent('B02-A'), ['BootNotification'], 'nothing before the interval');
      t.clock.advance(1_000);
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      await waitFor(() => actionsSent('B02-A').length === 3, 'status after acceptance');
      assert.deepEqual(actionsSent('B02-A'), ['BootNotification', 'BootNotification', 'StatusNotification']);
    } finally {
      csms.setBootStatus('Accepted');
      await t.stop();
    }
  });
});

describe('B03 Cold boot charging station – Rejected', () => {
  it('B03.FR.08 – answers CSMS requests with SecurityError while Rejected, B03.FR.02 – boots again after the interval', async () => {
    csms.setBootStatus('Rejected');
    const t = makeStation('B03-A');
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Rejected', 'rejected');
      await assert.rejects(csms.call('B03-A', 'GetBaseReport', { requestId: 1, reportBase: 'FullInventory' }), {
        code: 'SecurityError',
      });
      csms.setBootStatus('Accepted');
      t.clock.advance(19_999);
      await quiet(t);
      assert.deepEqual(actionsSent('B03-A'), ['BootNotification']);
      t.clock.advance(1);
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
    } finally {
      csms.setBootStatus('Accepted');
      await t.stop();
    }
  });
});
