// The dashboard's monitoring data, against the local CSMS over a real WebSocket: the CSMS sets a
// monitor, the station's hardware trips it, and GET /api/state (and the state events of
// GET /api/events) show the monitor and the NotifyEvent it raised, with its severity and whether
// the CSMS has it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MonitoringEventSnapshot, StationSnapshot } from '../../src/control/snapshot.js';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { NotifyEventRequest, SetMonitoringDataType } from '../../src/generated/ocpp201/index.js';
import { quiet } from '../support/quiet.js';
import { type ControlledStation, withControlledStation } from '../support/control-station.js';
import { fixedBackOff } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const withStation = (id: string, body: (s: ControlledStation) => Promise<void>, overrides: Record<string, string> = {}) =>
  withControlledStation(csms.url, id, body, { overrides });

/** The reconnection back-off, known to the test. */
const RECONNECT_S = 5;
const BACK_OFF = fixedBackOff(RECONNECT_S);

/** A Delta monitor on EVSE 1's AvailabilityState: a fault of EVSE 1 trips it. */
const onAvailability = (severity: number): SetMonitoringDataType => ({
  type: 'Delta',
  value: 1,
  severity,
  component: { name: 'EVSE', evse: { id: 1 } },
  variable: { name: 'AvailabilityState' },
});

async function setMonitor(id: string, data: SetMonitoringDataType): Promise<number> {
  const { setMonitoringResult } = await csms.call(id, 'SetVariableMonitoring', { setMonitoringData: [data] });
  assert.equal(setMonitoringResult[0]?.status, 'Accepted', JSON.stringify(setMonitoringResult));
  return setMonitoringResult[0]!.id!;
}

const notifyEvents = (id: string): NotifyEventRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'NotifyEvent').map((r) => r.request as NotifyEventRequest);

const eventOf = (s: ControlledStation, monitorId: number): MonitoringEventSnapshot | undefined =>
  s.wallbox.snapshot().monitoring.events.find((e) => e.variableMonitoringId === monitorId);

describe('Dashboard: monitors and last events (N02/N07)', () => {
  it("N02/N04 – GET /api/state lists the station's hard-wired and preconfigured monitors and one the CSMS set, with severity and origin", () =>
    withStation('N-DASH-1', async (s) => {
      const before = (await s.state()).monitoring;
      assert.equal(before.level, 9, 'no monitoring level set: everything is reported');
      assert.deepEqual(before.events, []);
      assert.deepEqual(
        before.monitors.map((m) => [m.id, m.component, m.evseId, m.variable, m.type, m.severity, m.origin]),
        [
          [1, 'ChargingStation', undefined, 'Problem', 'Delta', 2, 'hardwired'],
          [101, 'EVSE', 1, 'Problem', 'Delta', 4, 'preconfigured'],
        ],
      );
      const id = await setMonitor('N-DASH-1', { ...onAvailability(3), transaction: false });
      const monitor = (await s.state()).monitoring.monitors.find((m) => m.id === id);
      assert.deepEqual(monitor, {
        id,
        component: 'EVSE',
        evseId: 1,
        variable: 'AvailabilityState',
        type: 'Delta',
        value: 1,
        severity: 3,
        transaction: false,
        origin: 'custom',
      });
    }));

  it('N07.FR.06 – the NotifyEvent of a tripped monitor is in GET /api/state with the severity of its monitor, delivered, and a state event carries it', () =>
    withStation('N-DASH-2', async (s) => {
      const id = await setMonitor('N-DASH-2', onAvailability(3));
      const pushed: StationSnapshot[] = [];
      const off = s.wallbox.subscribe((event) => {
        if (event.type === 'state') pushed.push(event.data);
      });
      try {
        await s.post('/api/evses/1/fault', { faulted: true });
        await waitFor(() => eventOf(s, id)?.delivery === 'delivered', 'the event delivered');
      } finally {
        off();
      }
      const sent = notifyEvents('N-DASH-2')
        .flatMap((r) => r.eventData)
        .find((e) => e.variableMonitoringId === id);
      assert.ok(sent, 'the CSMS got a NotifyEvent');
      const all = (await s.state()).monitoring.events;
      const [shown, ...older] = all.filter((e) => e.variableMonitoringId === id);
      assert.deepEqual(older, [], 'one event of that monitor so far');
      assert.ok(
        all.some((e) => e.variable === 'Problem' && e.eventNotificationType === 'PreconfiguredMonitor'),
        'and the EVSE Problem event of the preconfigured monitor',
      );
      assert.deepEqual(shown, {
        eventId: sent.eventId,
        timestamp: sent.timestamp,
        trigger: 'Delta',
        component: 'EVSE',
        evseId: 1,
        variable: 'AvailabilityState',
        actualValue: 'Faulted',
        severity: 3,
        cleared: false,
        eventNotificationType: 'CustomMonitor',
        variableMonitoringId: id,
        delivery: 'delivered',
      });
      assert.ok(
        pushed.some((p) => p.monitoring.events.some((e) => e.eventId === sent.eventId && e.delivery === 'delivered')),
        'a state event shows the event delivered',
      );
      // The fault cleared: a second event, shown first.
      await s.post('/api/evses/1/fault', { faulted: false });
      const ofMonitor = () => s.wallbox.snapshot().monitoring.events.filter((e) => e.variableMonitoringId === id);
      await waitFor(() => (ofMonitor().length === 2 ? true : undefined), 'the second event');
      const events = (await s.state()).monitoring.events.filter((e) => e.variableMonitoringId === id);
      assert.ok(events[0]!.eventId > events[1]!.eventId, 'newest first');
      assert.notEqual(events[0]!.actualValue, 'Faulted');
    }));

  it('N07.FR.04 – an event of a severity up to OfflineQueuingSeverity raised offline shows queued, then delivered once the link is back', () =>
    withStation(
      'N-DASH-3',
      async (s) => {
        // OfflineQueuingSeverity is 2 (System Failure): a monitor of severity 1 is queued.
        const id = await setMonitor('N-DASH-3', onAvailability(1));
        csms.server.session('N-DASH-3')?.close(1001);
        await waitFor(() => !s.wallbox.snapshot().connected, 'offline');
        await s.post('/api/evses/1/fault', { faulted: true });
        const queued = await waitFor(() => eventOf(s, id), 'the event raised offline');
        assert.equal(queued.delivery, 'queued');
        assert.equal(queued.severity, 1);
        assert.equal((await s.state()).monitoring.events[0]?.delivery, 'queued', 'GET /api/state shows it queued');
        assert.ok(((await s.state()).queuedMessages ?? 0) >= 1, 'it waits in the outbox');
        await quiet({ station: s.t.runtime.station, clock: s.t.clock });
        s.t.clock.advance(RECONNECT_S * 1000);
        await waitFor(() => s.wallbox.snapshot().connected, 'back online');
        await waitFor(() => eventOf(s, id)?.delivery === 'delivered', 'the event delivered after the reconnection');
        assert.ok(
          notifyEvents('N-DASH-3').some((r) => r.eventData.some((e) => e.eventId === queued.eventId)),
          'the CSMS got the queued event',
        );
      },
      BACK_OFF,
    ));

  it('N05.FR.03 – the monitoring level is in GET /api/state; a monitor of a higher severity triggers but adds no event', () =>
    withStation('N-DASH-4', async (s) => {
      const { status } = await csms.call('N-DASH-4', 'SetMonitoringLevel', { severity: 2 });
      assert.equal(status, 'Accepted');
      assert.equal((await s.state()).monitoring.level, 2);
      await setMonitor('N-DASH-4', onAvailability(3));
      await s.post('/api/evses/1/fault', { faulted: true });
      await waitFor(() => s.wallbox.snapshot().evses[0]?.connectors[0]?.status === 'Faulted', 'EVSE 1 faulted');
      await quiet({ station: s.t.runtime.station, clock: s.t.clock });
      assert.deepEqual((await s.state()).monitoring.events, []);
      assert.deepEqual(notifyEvents('N-DASH-4'), []);
    }));
});
