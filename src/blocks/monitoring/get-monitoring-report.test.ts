// N02 Get Monitoring Report: selection and NotifyMonitoringReport parts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonitoringDataType, SetMonitoringDataType } from '../../generated/ocpp201/index.js';
import { monitoringHarness } from '../../../test/support/monitoring-harness.js';
import { reportParts, selectMonitors } from './get-monitoring-report.js';

const data = (type: SetMonitoringDataType['type'], component: SetMonitoringDataType['component'], variable: string, value = 1) => ({
  value,
  type,
  severity: 5,
  component,
  variable: { name: variable },
});
const evse = (id: number) => ({ name: 'EVSE', evse: { id } });

function withMonitors() {
  const h = monitoringHarness({ evses: 2 });
  h.set(
    data('UpperThreshold', evse(1), 'Power', 11000),
    data('LowerThreshold', evse(1), 'Power', 100),
    data('Delta', evse(1), 'AvailabilityState'),
    data('Periodic', evse(2), 'Power', 60),
    data('PeriodicClockAligned', { name: 'ChargingStation' }, 'AvailabilityState', 900),
    data('Delta', { name: 'ChargingStation' }, 'AvailabilityState'),
  );
  return h;
}
const types = (report: MonitoringDataType[]) => report.flatMap((d) => d.variableMonitoring.map((m) => m.type)).sort();

describe('N02 GetMonitoringReport', () => {
  it('N02.FR.11 – without filters every monitor, grouped per component and variable', () => {
    const h = withMonitors();
    const report = selectMonitors(h.monitors.all(), { requestId: 1 });
    assert.equal(report.flatMap((d) => d.variableMonitoring).length, h.monitors.all().length);
    const power = report.find((d) => d.component.evse?.id === 1 && d.variable.name === 'Power');
    assert.deepEqual(power?.variableMonitoring.map((m) => m.type).sort(), ['LowerThreshold', 'UpperThreshold']);
  });

  it('N02.FR.06/12/13/14 – monitoringCriteria select threshold, delta and periodic monitors, and combine', () => {
    const h = withMonitors();
    const all = h.monitors.all();
    assert.deepEqual(types(selectMonitors(all, { requestId: 1, monitoringCriteria: ['ThresholdMonitoring'] })), [
      'LowerThreshold',
      'UpperThreshold',
    ]);
    assert.ok(
      types(selectMonitors(all, { requestId: 1, monitoringCriteria: ['ThresholdMonitoring', 'DeltaMonitoring'] })).every(
        (t) => t !== 'Periodic' && t !== 'PeriodicClockAligned',
      ),
    );
    assert.deepEqual(
      [...new Set(types(selectMonitors(all, { requestId: 1, monitoringCriteria: ['DeltaMonitoring', 'PeriodicMonitoring'] })))],
      ['Delta', 'Periodic', 'PeriodicClockAligned'],
    );
  });

  it('N02.FR.05/08/16/17 – componentVariable filters: a variable of a component, or every variable of an EVSE; both filters together', () => {
    const h = withMonitors();
    const all = h.monitors.all();
    const report = selectMonitors(all, {
      requestId: 1,
      componentVariable: [{ component: { name: 'ChargingStation' }, variable: { name: 'AvailabilityState' } }, { component: evse(1) }],
    });
    assert.deepEqual(
      report.map((d) => `${d.component.name}${d.component.evse ? `@${d.component.evse.id}` : ''}/${d.variable.name}`).sort(),
      ['ChargingStation/AvailabilityState', 'EVSE@1/AvailabilityState', 'EVSE@1/Power', 'EVSE@1/Problem'],
    );
    const threshold = selectMonitors(all, {
      requestId: 1,
      monitoringCriteria: ['ThresholdMonitoring'],
      componentVariable: [{ component: { name: 'ChargingStation' }, variable: { name: 'AvailabilityState' } }],
    });
    assert.deepEqual(threshold, [], 'N02.FR.10: nothing matches both');
  });

  it('N02.FR.04/09 – parts carry the requestId, seqNo from 0, tbc on all but the last, within the item limit', () => {
    const h = withMonitors();
    const report = selectMonitors(h.monitors.all(), { requestId: 7 });
    const parts = reportParts(7, '2026-01-01T00:00:00.000Z', report, { maxItems: 2, maxBytes: 65_000 });
    assert.ok(parts.length >= 3);
    assert.deepEqual(
      parts.map((p) => p.seqNo),
      parts.map((_, i) => i),
    );
    assert.ok(parts.every((p) => p.requestId === 7 && (p.monitor?.length ?? 0) <= 2));
    assert.deepEqual(
      parts.map((p) => p.tbc),
      parts.map((_, i) => (i < parts.length - 1 ? true : undefined)),
    );
    assert.equal(parts.flatMap((p) => p.monitor ?? []).length, report.length);
  });
});
