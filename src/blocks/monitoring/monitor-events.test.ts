// N07 Alert Event and N08 Periodic Event over the real device model, on a fake clock; the link
// is faked (online or not), NotifyEvents sent and queued are recorded.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { SetMonitoringDataType } from '../../generated/ocpp201/index.js';
import { monitoringHarness } from '../../../test/support/monitoring-harness.js';

const POWER = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' } };
const STATE = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } };
const monitor = (on: typeof POWER, type: SetMonitoringDataType['type'], value: number, severity = 5): SetMonitoringDataType => ({
  ...on,
  type,
  value,
  severity,
});
// OfflineQueuingSeverity 2 by default: a severity-5 monitor is sent directly while online.

describe('N07 Alert Event – thresholds', () => {
  it('N07.FR.16 / N07.FR.02 / N07.FR.06/07 – above an UpperThreshold: Alerting; back within: cleared; not on the threshold', () => {
    const h = monitoringHarness();
    const id = h.set(monitor(POWER, 'UpperThreshold', 11000))[0]!.id!;
    h.dm.set(POWER, '11000');
    assert.equal(h.eventData().length, 0, 'on the threshold: nothing');
    h.dm.set(POWER, '11000.5');
    h.dm.set(POWER, '12000');
    h.dm.set(POWER, '500');
    const events = h.eventData();
    assert.deepEqual(
      events.map((e) => [e.trigger, e.actualValue, e.cleared ?? false]),
      [
        ['Alerting', '11000.5', false],
        ['Alerting', '500', true],
      ],
    );
    assert.deepEqual([events[0]?.component, events[0]?.variable, events[0]?.variableMonitoringId], [POWER.component, POWER.variable, id]);
    assert.equal(events[0]?.eventNotificationType, 'CustomMonitor');
    assert.ok(h.sent.every((r) => r.seqNo === 0));
    assert.notEqual(events[0]?.eventId, events[1]?.eventId);
  });

  it('N07.FR.17 – below a LowerThreshold: Alerting; on it: nothing', () => {
    const h = monitoringHarness();
    h.dm.set(POWER, '5000');
    h.set(monitor(POWER, 'LowerThreshold', 1000));
    h.dm.set(POWER, '1000');
    h.dm.set(POWER, '999');
    assert.deepEqual(
      h.eventData().map((e) => [e.trigger, e.actualValue, e.cleared ?? false]),
      [['Alerting', '999', false]],
    );
  });

  it('N07.FR.11 – a new or changed threshold is checked against the value now', () => {
    const h = monitoringHarness();
    h.dm.set(POWER, '8000');
    const id = h.set(monitor(POWER, 'UpperThreshold', 7000))[0]!.id!;
    assert.equal(h.eventData().length, 1, 'exceeded at once');
    h.set({ ...monitor(POWER, 'UpperThreshold', 9000), id });
    assert.deepEqual(
      h.eventData().map((e) => e.cleared ?? false),
      [false, true],
      'the new threshold clears the old alert',
    );
  });

  it('N07.FR.12 – removing a tripped threshold sends no cleared event', () => {
    const h = monitoringHarness();
    const id = h.set(monitor(POWER, 'UpperThreshold', 100))[0]!.id!;
    h.dm.set(POWER, '200');
    h.monitors.clear(id);
    h.monitorEvents.monitorsChanged();
    h.dm.set(POWER, '0');
    assert.equal(h.eventData().length, 1);
  });

  it('N07.FR.14 – a threshold tripped before a reboot is cleared after it when the value is back within', () => {
    const h = monitoringHarness();
    h.set(monitor(POWER, 'UpperThreshold', 100));
    h.dm.set(POWER, '200');
    const again = h.restart(); // EVSE Power is not persistent: 0 after the restart
    assert.deepEqual(
      again.eventData().map((e) => [e.trigger, e.actualValue, e.cleared]),
      [['Alerting', '0', true]],
    );
  });
});

describe('N07 Alert Event – delta', () => {
  it('N07.FR.18 – numeric: a change of more than value from the last reported value (exactly value is not)', () => {
    const h = monitoringHarness();
    h.set(monitor(POWER, 'Delta', 1000));
    h.dm.set(POWER, '600');
    h.dm.set(POWER, '999.5');
    h.dm.set(POWER, '1000');
    h.dm.set(POWER, '1000.5');
    h.dm.set(POWER, '1500');
    h.dm.set(POWER, '0');
    assert.deepEqual(
      h.eventData().map((e) => [e.trigger, e.actualValue]),
      [
        ['Delta', '1000.5'],
        ['Delta', '0'],
      ],
    );
  });

  it('N07.FR.19 – non-numeric: every change, whatever the value', () => {
    const h = monitoringHarness();
    h.set(monitor(STATE, 'Delta', 1));
    h.dm.set(STATE, 'Occupied');
    h.dm.set(STATE, 'Occupied');
    h.dm.set(STATE, 'Available');
    assert.deepEqual(
      h.eventData().map((e) => [e.trigger, e.actualValue]),
      [
        ['Delta', 'Occupied'],
        ['Delta', 'Available'],
      ],
    );
  });

  it('N07.FR.10 – a Delta on a write-only variable (BasicAuthPassword): every write triggers, actualValue empty, the value kept nowhere', () => {
    const h = monitoringHarness();
    const password = { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } };
    const [set] = h.set({ ...password, type: 'Delta', value: 1, severity: 5 });
    assert.equal(set?.status, 'Accepted');
    h.dm.setVariable({ ...password, attributeValue: 'a-new-password-of-20' });
    h.dm.setVariable({ ...password, attributeValue: 'a-new-password-of-20' });
    h.dm.setVariable({ ...password, attributeValue: 'another-password-1234' });
    assert.deepEqual(
      h.eventData().map((e) => [e.trigger, e.actualValue]),
      [
        ['Delta', ''],
        ['Delta', ''],
      ],
    );
    assert.equal(h.monitors.get(set!.id!)?.reference, null);
    assert.ok(!JSON.stringify(h.db.prepare('SELECT * FROM monitors').all()).includes('password-'));
  });

  it('the station’s own monitors stay quiet in normal operation (AvailabilityState and Power changes)', () => {
    const h = monitoringHarness();
    h.dm.set(STATE, 'Occupied');
    h.dm.set(POWER, '7000');
    h.clock.advance(3_600_000);
    assert.equal(h.eventData().length, 0);
  });

  it('a preconfigured monitor reports PreconfiguredMonitor; a hard-wired one HardWiredMonitor', () => {
    const h = monitoringHarness();
    h.dm.set({ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Problem' } }, 'true');
    h.dm.set({ component: { name: 'ChargingStation' }, variable: { name: 'Problem' } }, 'true');
    assert.deepEqual(
      h.eventData().map((e) => e.eventNotificationType),
      ['PreconfiguredMonitor', 'HardWiredMonitor'],
    );
  });

  it('MonitoringCtrlr.Enabled false: no events', () => {
    const h = monitoringHarness();
    h.set(monitor(STATE, 'Delta', 1));
    h.dm.set(DM.MonitoringCtrlr.Enabled, 'false');
    h.dm.set(STATE, 'Occupied');
    assert.equal(h.eventData().length, 0);
  });

  it('a transaction monitor triggers only while a transaction is ongoing on its EVSE; the event names the transaction', () => {
    const h = monitoringHarness();
    h.set({ ...monitor(STATE, 'Delta', 1), transaction: true });
    h.dm.set(STATE, 'Occupied');
    assert.equal(h.eventData().length, 0);
    h.transactions.set(2, 'TX-2');
    h.dm.set(STATE, 'Available');
    assert.equal(h.eventData().length, 0, 'a transaction on another EVSE does not count');
    h.transactions.set(1, 'TX-1');
    h.dm.set(STATE, 'Faulted');
    assert.deepEqual(
      h.eventData().map((e) => e.transactionId),
      ['TX-1'],
    );
  });
});

describe('N05.FR.03 / N07.FR.15 monitoring level', () => {
  it('a monitor of a severity above the level is not reported (TC_N_16_CS)', () => {
    const h = monitoringHarness();
    h.set(monitor(STATE, 'Delta', 1, 8));
    h.monitors.setLevel(7);
    h.dm.set(STATE, 'Occupied');
    assert.equal(h.eventData().length, 0);
    h.monitors.setLevel(8);
    h.dm.set(STATE, 'Available');
    assert.equal(h.eventData().length, 1);
  });
});

describe('N07.FR.04 / N08.FR.03 offline', () => {
  it('severity up to OfflineQueuingSeverity goes to the durable outbox; a less severe one is not sent offline, and is evaluated again once back', () => {
    const h = monitoringHarness();
    h.set(monitor(STATE, 'Delta', 1, 2), monitor(POWER, 'UpperThreshold', 100, 6));
    h.link.online = false;
    h.dm.set(STATE, 'Occupied');
    h.dm.set(POWER, '200');
    assert.deepEqual(
      h.queued.flatMap((r) => r.eventData.map((e) => e.variable.name)),
      ['AvailabilityState'],
    );
    assert.equal(h.sent.length, 0);
    h.link.online = true;
    h.events.emit('accepted', { firstTime: false });
    assert.deepEqual(
      h.sent.flatMap((r) => r.eventData.map((e) => [e.variable.name, e.trigger, e.actualValue])),
      [['Power', 'Alerting', '200']],
    );
  });
});

describe('N08 Periodic Event', () => {
  it('N08.FR.05/06 – Periodic: every value seconds from when it was set, trigger Periodic with the actual value', () => {
    const h = monitoringHarness();
    h.dm.set(POWER, '42');
    h.clock.advance(7_000);
    h.set(monitor(POWER, 'Periodic', 60));
    h.clock.advance(59_999);
    assert.equal(h.eventData().length, 0);
    h.clock.advance(1);
    h.clock.advance(60_000);
    assert.deepEqual(
      h.eventData().map((e) => [e.trigger, e.actualValue]),
      [
        ['Periodic', '42'],
        ['Periodic', '42'],
      ],
    );
  });

  it('N08.FR.07 – PeriodicClockAligned: on the multiples of value seconds of the clock', () => {
    const h = monitoringHarness();
    h.clock.advance(100_000); // 00:01:40
    h.set(monitor(STATE, 'PeriodicClockAligned', 900));
    h.clock.advance(2 * 900_000);
    assert.deepEqual(
      h.eventData().map((e) => e.timestamp),
      ['2026-01-01T00:15:00.000Z', '2026-01-01T00:30:00.000Z'],
    );
  });

  it('a cleared periodic monitor stops', () => {
    const h = monitoringHarness();
    const id = h.set(monitor(POWER, 'Periodic', 10))[0]!.id!;
    h.monitors.clear(id);
    h.monitorEvents.monitorsChanged();
    h.clock.advance(60_000);
    assert.equal(h.eventData().length, 0);
  });
});

describe('The last events, for the dashboard (N07)', () => {
  it('N07.FR.06 – the last 20 events raised are kept newest first, with the severity of their monitor; sent ones become delivered once answered', async () => {
    const h = monitoringHarness();
    const id = h.set(monitor(STATE, 'Delta', 1, 6))[0]!.id!;
    for (let i = 0; i < 25; i++) h.dm.set(STATE, i % 2 === 0 ? 'Occupied' : 'Available');
    const sent = h.eventData();
    assert.equal(sent.length, 25);
    const recent = h.monitorEvents.recent.list();
    assert.deepEqual(
      recent.map((r) => r.event.eventId),
      sent
        .slice(-20)
        .map((e) => e.eventId)
        .reverse(),
      'the last 20, newest first',
    );
    assert.ok(recent.every((r) => r.severity === 6 && r.event.variableMonitoringId === id));
    assert.ok(recent.every((r) => r.delivery === 'sending'));
    await Promise.resolve();
    assert.ok(
      recent.every((r) => r.delivery === 'delivered'),
      recent.map((r) => r.delivery).join(),
    );
  });

  it('N07.FR.04 / N07.FR.15 – a queued event is kept as queued; one above the monitoring level is not raised, so not kept', () => {
    const h = monitoringHarness();
    h.set(monitor(STATE, 'Delta', 1, 2));
    h.monitors.setLevel(1);
    h.dm.set(STATE, 'Occupied');
    assert.deepEqual(h.monitorEvents.recent.list(), []);
    h.monitors.setLevel(9);
    h.dm.set(STATE, 'Available');
    assert.deepEqual(
      h.monitorEvents.recent.list().map((r) => [r.event.actualValue, r.severity, r.delivery]),
      [['Available', 2, 'queued']],
    );
  });
});
