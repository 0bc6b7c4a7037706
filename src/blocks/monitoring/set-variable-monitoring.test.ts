// N04 Set Variable Monitoring over the real device model (in-memory SQLite).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SetMonitoringDataType } from '../../generated/ocpp201/index.js';
import { monitoringHarness } from '../../../test/support/monitoring-harness.js';
import { setVariableMonitoring } from './set-variable-monitoring.js';

const evse = (id = 1) => ({ name: 'EVSE', evse: { id } });
const power = (extra: Partial<SetMonitoringDataType> = {}): SetMonitoringDataType => ({
  value: 11000,
  type: 'UpperThreshold',
  severity: 4,
  component: evse(),
  variable: { name: 'Power' },
  ...extra,
});
const availability = (extra: Partial<SetMonitoringDataType> = {}): SetMonitoringDataType => ({
  value: 1,
  type: 'Delta',
  severity: 8,
  component: evse(),
  variable: { name: 'AvailabilityState' },
  ...extra,
});

describe('N04 SetVariableMonitoring', () => {
  it('N04.FR.01/02/08/11 – one result per element in order, echoing type, severity, component and variable; ids generated', () => {
    const h = monitoringHarness();
    const response = setVariableMonitoring(
      { setMonitoringData: [availability(), availability({ component: { name: 'ChargingStation' } }), power()] },
      h.monitors,
    );
    const results = response.setMonitoringResult;
    assert.equal(results.length, 3);
    assert.deepEqual(
      results.map((r) => [r.status, r.type, r.severity, r.component.name, r.variable.name]),
      [
        ['Accepted', 'Delta', 8, 'EVSE', 'AvailabilityState'],
        ['Accepted', 'Delta', 8, 'ChargingStation', 'AvailabilityState'],
        ['Accepted', 'UpperThreshold', 4, 'EVSE', 'Power'],
      ],
    );
    const ids = results.map((r) => r.id);
    assert.ok(ids.every((id) => typeof id === 'number'));
    assert.equal(new Set(ids).size, 3, 'distinct ids');
    assert.ok(
      ids.every((id) => !h.monitors.all().some((m) => m.id === id && m.origin !== 'custom')),
      'no id of the station’s own monitors',
    );
  });

  it('N04.FR.03 / N04.FR.04 – unknown component (also an EVSE that does not exist); unknown variable', () => {
    const h = monitoringHarness();
    const [noEvse, noComponent, noVariable] = h.set(
      availability({ component: evse(99) }),
      power({ component: { name: 'NonExistent' } }),
      availability({ variable: { name: 'unknownVariable' } }),
    );
    assert.equal(noEvse?.status, 'UnknownComponent');
    assert.equal(noComponent?.status, 'UnknownComponent');
    assert.equal(noVariable?.status, 'UnknownVariable');
    assert.equal(noVariable?.id, undefined);
    assert.equal(h.set(availability({ component: { name: 'EVSE' }, variable: { name: 'unknownVariable' } }))[0]?.status, 'UnknownVariable');
  });

  it('N04.FR.05 – a variable that does not support monitoring, or a threshold on a non-numeric variable: UnsupportedMonitorType', () => {
    const h = monitoringHarness();
    const [phases, threshold] = h.set(power({ variable: { name: 'SupplyPhases' }, value: 1 }), availability({ type: 'UpperThreshold' }));
    assert.equal(phases?.status, 'UnsupportedMonitorType');
    assert.equal(threshold?.status, 'UnsupportedMonitorType');
  });

  it('N04.FR.06 – a threshold below minLimit or above maxLimit is Rejected; on the limits it is Accepted', () => {
    const h = monitoringHarness();
    const [above, below, atMax, lowAtMin] = h.set(
      power({ value: 22001 }),
      power({ type: 'LowerThreshold', value: -1 }),
      power({ value: 22000 }),
      power({ type: 'LowerThreshold', value: 0 }),
    );
    assert.equal(above?.status, 'Rejected');
    assert.equal(above?.statusInfo?.reasonCode, 'ValueOutOfRange');
    assert.equal(below?.status, 'Rejected');
    assert.equal(atMax?.status, 'Accepted');
    assert.equal(lowAtMin?.status, 'Accepted');
  });

  it('N04.FR.14 – a negative Delta is Rejected without id; a period under 1 second too', () => {
    const h = monitoringHarness();
    const [delta, periodic] = h.set(availability({ value: -1 }), power({ type: 'Periodic', value: 0 }));
    assert.equal(delta?.status, 'Rejected');
    assert.equal(delta?.id, undefined);
    assert.equal(delta?.statusInfo?.reasonCode, 'ValuePositiveOnly');
    assert.equal(periodic?.status, 'Rejected');
  });

  it('N04.FR.10 – the same type and severity on the same variable is Duplicate, also within one request; another severity is not', () => {
    const h = monitoringHarness();
    const [first, second, third] = h.set(availability(), availability(), availability({ severity: 7 }));
    assert.equal(first?.status, 'Accepted');
    assert.equal(second?.status, 'Duplicate');
    assert.equal(third?.status, 'Accepted');
    assert.equal(h.set(availability({ component: evse(2) }))[0]?.status, 'Accepted', 'another EVSE is another variable');
  });

  it('N04.FR.12 / N04.FR.13 – an id replaces that monitor; an unknown id is Rejected', () => {
    const h = monitoringHarness();
    const id = h.set(power())[0]!.id!;
    const [replaced] = h.set(power({ id, value: 9000, severity: 3 }));
    assert.deepEqual([replaced?.status, replaced?.id], ['Accepted', id]);
    assert.deepEqual(
      h.monitors.on({ component: evse(), variable: { name: 'Power' } }).map((m) => [m.id, m.value, m.severity]),
      [[id, 9000, 3]],
    );
    assert.equal(h.set(power({ id: 123456 }))[0]?.status, 'Rejected');
    assert.equal(h.set(power({ id: 2 ** 53 }))[0]?.status, 'Rejected');
  });

  it('N04.FR.16 – an id of a monitor on another component/variable is Rejected and the monitor stays', () => {
    const h = monitoringHarness();
    const id = h.set(availability())[0]!.id!;
    const [result] = h.set(power({ id, component: { name: 'ChargingStation' } }));
    assert.equal(result?.status, 'Rejected');
    assert.equal(h.monitors.get(id)?.variable.name, 'AvailabilityState');
  });

  it('N04.FR.15 / N04.FR.18 – a replaced preconfigured monitor becomes custom; a hard-wired one cannot be replaced', () => {
    const h = monitoringHarness();
    const preconfigured = h.monitors.all().find((m) => m.origin === 'preconfigured')!;
    const hardwired = h.monitors.all().find((m) => m.origin === 'hardwired')!;
    const [changed] = h.set({ ...preconfigured, severity: 3 });
    assert.equal(changed?.status, 'Accepted');
    assert.equal(h.monitors.get(preconfigured.id)?.origin, 'custom');
    assert.equal(h.set({ ...hardwired, severity: 5 })[0]?.status, 'Rejected');
    assert.equal(h.monitors.get(hardwired.id)?.severity, hardwired.severity);
  });

  it('a severity outside 0..9 is Rejected', () => {
    const h = monitoringHarness();
    assert.equal(h.set(availability({ severity: 10 }))[0]?.status, 'Rejected');
    assert.equal(h.set(availability({ severity: -1 }))[0]?.status, 'Rejected');
  });
});
