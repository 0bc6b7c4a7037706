// A station booting against the built-in local CSMS over a real WebSocket: B01 cold boot,
// B02 Pending, B03 Rejected, heartbeats at the CSMS's interval, reconnect without reboot.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { defaultDescription } from '../../src/station/description.js';
import { Settings } from '../../src/station/settings.js';
import { Station } from '../../src/station/station.js';
import { settle, waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 60, bootRetryIntervalS: 20 });
});
after(async () => {
  await csms.close();
});

function makeStation(id: string, evses = 1): { station: Station; clock: FakeClock } {
  const clock = new FakeClock();
  const settings = new Settings({ 'OCPPCommCtrlr/WebSocketPingInterval': 0 });
  const station = new Station({ id, description: defaultDescription(evses), settings, clock, link: { csmsUrl: csms.url } });
  return { station, clock };
}

const actionsSent = (id: string): string[] => (csms.store.requests(id) ?? []).map((r) => r.action);

describe('B01 Cold boot charging station', () => {
  it('B01.FR.01/B01.FR.05 – BootNotification first, then a StatusNotification for every connector', async () => {
    const { station } = makeStation('B01-A', 2);
    station.start();
    try {
      await waitFor(() => actionsSent('B01-A').length === 3, 'boot and two status notifications');
      assert.deepEqual(actionsSent('B01-A'), ['BootNotification', 'StatusNotification', 'StatusNotification']);
      const summary = csms.store.get('B01-A');
      assert.equal(summary?.statuses['1/1']?.status, 'Available');
      assert.equal(summary?.statuses['2/1']?.status, 'Available');
      assert.equal(station.snapshot().registration, 'Accepted');
      assert.equal(station.snapshot().connected, true);
    } finally {
      await station.stop();
    }
  });

  it('B01.FR.04 – the interval of the accepted boot becomes the heartbeat interval', async () => {
    const { station, clock } = makeStation('B01-B');
    station.start();
    try {
      await waitFor(() => actionsSent('B01-B').length === 2, 'boot and status');
      assert.equal(station.settings.get('OCPPCommCtrlr/HeartbeatInterval'), 60);
      clock.advance(59_000);
      await settle();
      assert.equal(actionsSent('B01-B').includes('Heartbeat'), false, 'no heartbeat before the interval');
      clock.advance(1_000);
      await waitFor(() => actionsSent('B01-B').includes('Heartbeat'), 'heartbeat');
      clock.advance(60_000);
      await waitFor(() => actionsSent('B01-B').filter((a) => a === 'Heartbeat').length === 2, 'second heartbeat');
    } finally {
      await station.stop();
    }
  });

  it('B01.FR.06 – station time follows the currentTime of the CSMS', async () => {
    const { station, clock } = makeStation('B01-C');
    // The fake clock starts at 2026-01-01; the CSMS answers with the real time.
    station.start();
    try {
      await waitFor(() => station.snapshot().registration === 'Accepted', 'accepted');
      const bootTime = Date.parse(csms.store.get('B01-C')!.boot!.time);
      assert.ok(Math.abs(station.now().getTime() - bootTime) < 5_000, 'station time within 5 s of the CSMS time');
      assert.ok(Math.abs(clock.now() - bootTime) > 86_400_000, 'the local clock itself was far off');
    } finally {
      await station.stop();
    }
  });

  it('Part 4 §5.3 – after a reconnect an accepted station does not boot again but reports its connectors', async () => {
    const { station, clock } = makeStation('B01-D');
    station.start();
    try {
      await waitFor(() => actionsSent('B01-D').length === 2, 'boot and status');
      csms.server.session('B01-D')?.close(1001);
      await waitFor(() => !station.snapshot().connected, 'disconnect seen');
      // Exactly the back-off wait: a larger step would also run out the new handshake's timeout.
      clock.advance(clock.nextDelay()!);
      await waitFor(() => actionsSent('B01-D').length === 3, 'status after reconnect');
      assert.deepEqual(actionsSent('B01-D'), ['BootNotification', 'StatusNotification', 'StatusNotification']);
    } finally {
      await station.stop();
    }
  });
});

describe('B02 Cold boot charging station – Pending', () => {
  it('B02.FR.02/B02.FR.04 – sends nothing else while Pending and boots again after the interval', async () => {
    csms.setBootStatus('Pending');
    const { station, clock } = makeStation('B02-A');
    station.start();
    try {
      await waitFor(() => station.snapshot().registration === 'Pending', 'pending');
      csms.setBootStatus('Accepted');
      clock.advance(19_000);
      await settle();
      assert.deepEqual(actionsSent('B02-A'), ['BootNotification'], 'nothing before the interval');
      clock.advance(1_000);
      await waitFor(() => station.snapshot().registration === 'Accepted', 'accepted');
      await waitFor(() => actionsSent('B02-A').length === 3, 'status after acceptance');
      assert.deepEqual(actionsSent('B02-A'), ['BootNotification', 'BootNotification', 'StatusNotification']);
    } finally {
      csms.setBootStatus('Accepted');
      await station.stop();
    }
  });
});

describe('B03 Cold boot charging station – Rejected', () => {
  it('B03.FR.08 – answers CSMS requests with SecurityError while Rejected, B03.FR.02 – boots again after the interval', async () => {
    csms.setBootStatus('Rejected');
    const { station, clock } = makeStation('B03-A');
    station.start();
    try {
      await waitFor(() => station.snapshot().registration === 'Rejected', 'rejected');
      await assert.rejects(csms.call('B03-A', 'GetBaseReport', { requestId: 1, reportBase: 'FullInventory' }), {
        code: 'SecurityError',
      });
      csms.setBootStatus('Accepted');
      clock.advance(19_999);
      await settle();
      assert.deepEqual(actionsSent('B03-A'), ['BootNotification']);
      clock.advance(1);
      await waitFor(() => station.snapshot().registration === 'Accepted', 'accepted');
    } finally {
      csms.setBootStatus('Accepted');
      await station.stop();
    }
  });
});

