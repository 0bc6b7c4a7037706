// N07/N08 with the link down, against the local CSMS over a real WebSocket and a station database
// in a real SQLite file: threshold monitors on the EVSE's power, the simulated EV driven across
// them while offline. The events of a monitor whose severity is at most OfflineQueuingSeverity
// are kept and arrive after the reconnect, in the order they happened, each once (N07.FR.04); those
// of a less severe monitor are not queued (N07.FR.04 reads "at most"), so the CSMS never hears of
// a crossing it missed; a queued event also survives a restart on the same database file. Power
// is sampled on the station's fake clock, one second per step.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { EventDataType, NotifyEventRequest } from '../../src/generated/ocpp201/index.js';
import { openDatabase } from '../../src/store/database.js';
import { quiet } from '../support/quiet.js';
import { fixedBackOff, makeTestStation, type TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

/** The reconnect back-off: longer than the offline drive takes on the fake clock. */
const BACK_OFF_S = 300;
const QUEUED_W = 5000; // severity 4, queued offline
const DROPPED_W = 4000; // severity 8, not queued
const OFFLINE_QUEUING_SEVERITY = 5;

let csms: LocalCsms;
let scratch: string;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  scratch = mkdtempSync(join(tmpdir(), 'monitoring-offline-'));
});
after(async () => {
  await csms.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every event the CSMS received from the station, in the order received. */
const received = (id: string): EventDataType[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'NotifyEvent').flatMap((r) => (r.request as NotifyEventRequest).eventData);

/** The EV draws up to `watts` from now on; the fake clock moves a second at a time until the meter shows it. */
async function drawTo(t: TestStation, watts: number): Promise<void> {
  t.hardware.setEv(1, { maxPowerW: watts });
  for (let s = 0; s < 20 && Math.abs(t.hardware.meter(1).powerW - watts) > 1; s++) {
    t.clock.advance(1000);
    await quiet(t);
  }
  t.clock.advance(1000); // one more sample at the new power
  await quiet(t);
  assert.equal(Math.round(t.hardware.meter(1).powerW), watts, `the EV draws ${watts} W`);
}

describe('N07 monitor events raised while offline', () => {
  it('N07.FR.04/N08.FR.03 – an EVSE power threshold crossed offline: queued events arrive after the reconnect in order, exactly once; a monitor above OfflineQueuingSeverity is not queued', async () => {
    const id = 'N07-OFFLINE';
    const t = makeTestStation({
      id,
      csmsUrl: csms.url,
      db: openDatabase(join(scratch, `${id}.db`)),
      overrides: {
        [DM.MonitoringCtrlr.OfflineQueuingSeverity]: String(OFFLINE_QUEUING_SEVERITY),
        ...fixedBackOff(BACK_OFF_S),
      },
    });
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      await quiet(t);
      const power = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' } };
      const set = await csms.call(id, 'SetVariableMonitoring', {
        setMonitoringData: [
          { ...power, type: 'UpperThreshold', value: QUEUED_W, severity: 4 },
          { ...power, type: 'UpperThreshold', value: DROPPED_W, severity: 8 },
        ],
      });
      assert.deepEqual(
        set.setMonitoringResult.map((r) => r.status),
        ['Accepted', 'Accepted'],
      );
      const [queuedId, droppedId] = set.setMonitoringResult.map((r) => r.id!);

      t.hardware.plug(1, 1, { maxPowerW: 3000 });
      t.hardware.presentToken('CARD-1');
      await waitFor(() => t.snapshot().evses[0]?.transaction?.id, 'transaction');
      await drawTo(t, 3000);
      // Online, the less severe monitor reports: it is sent when the link is up.
      await drawTo(t, 4500);
      await waitFor(
        () => received(id).some((e) => e.variableMonitoringId === droppedId && !e.cleared),
        'the 4 kW crossing reported online',
      );
      await drawTo(t, 3000);
      await waitFor(() => received(id).some((e) => e.variableMonitoringId === droppedId && e.cleared), 'cleared online');
      const online = received(id).length;

      csms.server.session(id)?.close(1001);
      await waitFor(() => !t.snapshot().connected, 'offline');
      await quiet(t);
      const offlineFrom = t.clock.now();
      const reconnectAt = offlineFrom + BACK_OFF_S * 1000;
      for (const watts of [6000, 3000, 6000, 3000]) await drawTo(t, watts);
      assert.equal(received(id).length, online, 'nothing reaches the CSMS while the link is down');

      assert.ok(t.clock.now() < reconnectAt, 'the drive is over before the back-off');
      t.clock.advance(reconnectAt - t.clock.now());
      await waitFor(() => t.snapshot().connected, 'reconnected', 15_000);
      await waitFor(() => received(id).length >= online + 4, 'the queued events', 15_000);
      await quiet(t);
      t.clock.advance(60_000); // a minute more: nothing is sent again
      await quiet(t);

      const late = received(id).slice(online);
      assert.deepEqual(
        late.map((e) => [e.variableMonitoringId, e.cleared === true, e.trigger]),
        [
          [queuedId, false, 'Alerting'],
          [queuedId, true, 'Alerting'],
          [queuedId, false, 'Alerting'],
          [queuedId, true, 'Alerting'],
        ],
        'N07.FR.04: the queued monitor tripped and cleared twice, in that order; nothing of the severity 8 monitor',
      );
      const ids = late.map((e) => e.eventId);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
        'in the order they happened (eventId)',
      );
      assert.equal(new Set(received(id).map((e) => e.eventId)).size, received(id).length, 'each event exactly once');
      const times = late.map((e) => Date.parse(e.timestamp));
      assert.ok(
        times.every((at, i) => at >= offlineFrom && (i === 0 || at > times[i - 1]!)),
        'timestamps of the offline moments, increasing',
      );
      assert.ok(
        late.every((e) => e.transactionId === t.snapshot().evses[0]?.transaction?.id),
        'the transaction ongoing on the EVSE',
      );
      assert.deepEqual(
        t.station.outbox.entries().filter((e) => e.action === 'NotifyEvent'),
        [],
        'the outbox holds no NotifyEvent',
      );
    } finally {
      await t.stop();
    }
  });
});

describe('N07 queued monitor events across a restart', () => {
  it('N07.FR.04 – an event queued offline survives a restart of the station on its database file and reaches the CSMS once', async () => {
    const id = 'N07-RESTART';
    const file = join(scratch, `${id}.db`);
    const overrides = {
      [DM.MonitoringCtrlr.OfflineQueuingSeverity]: String(OFFLINE_QUEUING_SEVERITY),
      ...fixedBackOff(BACK_OFF_S),
    };
    const firstDb = openDatabase(file);
    const first = makeTestStation({ id, csmsUrl: csms.url, db: firstDb, overrides });
    first.station.start();
    let queuedId: number;
    let tripped: number;
    try {
      await waitFor(() => first.snapshot().registration === 'Accepted', 'accepted');
      await quiet(first);
      const set = await csms.call(id, 'SetVariableMonitoring', {
        setMonitoringData: [
          {
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'Power' },
            type: 'UpperThreshold',
            value: QUEUED_W,
            severity: 4,
          },
        ],
      });
      queuedId = set.setMonitoringResult[0]!.id!;
      first.hardware.plug(1, 1, { maxPowerW: 3000 });
      first.hardware.presentToken('CARD-1');
      await waitFor(() => first.snapshot().evses[0]?.transaction?.id, 'transaction');
      await drawTo(first, 3000);
      csms.server.session(id)?.close(1001);
      await waitFor(() => !first.snapshot().connected, 'offline');
      await quiet(first);
      await drawTo(first, 6000);
      const queued = first.station.outbox.entries().filter((e) => e.action === 'NotifyEvent');
      assert.equal(queued.length, 1, 'the crossing is queued');
      tripped = (queued[0]!.payload as NotifyEventRequest).eventData[0]!.eventId;
      assert.equal(received(id).length, 0, 'nothing reached the CSMS');
    } finally {
      await first.stop();
      firstDb.close();
    }

    const second = makeTestStation({ id, csmsUrl: csms.url, db: openDatabase(file), overrides });
    second.station.start();
    try {
      await waitFor(() => received(id).some((e) => e.eventId === tripped), 'the queued event after the restart', 15_000);
      await quiet(second);
      second.clock.advance(60_000);
      await quiet(second);
      const events = received(id);
      assert.equal(events.filter((e) => e.eventId === tripped).length, 1, 'exactly once');
      const trip = events.find((e) => e.eventId === tripped)!;
      assert.deepEqual([trip.variableMonitoringId, trip.cleared === true], [queuedId, false], 'the trip of the monitor');
      assert.equal(new Set(events.map((e) => e.eventId)).size, events.length, 'no event twice');
    } finally {
      await second.stop();
    }
  });
});
