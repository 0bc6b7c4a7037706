// N03 SetMonitoringBase, N05 SetMonitoringLevel, N06 ClearVariableMonitoring, and monitors
// across a restart, over the real device model and SQLite store.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { SetMonitoringDataType } from '../../generated/ocpp201/index.js';
import { monitoringHarness } from '../../../test/support/monitoring-harness.js';
import { setMonitoringBase } from './set-monitoring-base.js';
import { setMonitoringLevel } from './set-monitoring-level.js';

const availability = (extra: Partial<SetMonitoringDataType> = {}): SetMonitoringDataType => ({
  value: 1,
  type: 'Delta',
  severity: 8,
  component: { name: 'EVSE', evse: { id: 1 } },
  variable: { name: 'AvailabilityState' },
  ...extra,
});

const origins = (h: ReturnType<typeof monitoringHarness>) => h.monitors.all().map((m) => m.origin);

describe('N06 ClearVariableMonitoring', () => {
  it('N06.FR.01/02/03 – Accepted and removed; NotFound for an unknown id; Rejected for a hard-wired monitor', () => {
    const h = monitoringHarness();
    const id = h.set(availability())[0]!.id!;
    const hardwired = h.monitors.all().find((m) => m.origin === 'hardwired')!;
    assert.deepEqual(h.monitors.clear(id), { id, status: 'Accepted' });
    assert.equal(h.monitors.get(id), undefined);
    assert.equal(h.monitors.clear(id).status, 'NotFound');
    assert.equal(h.monitors.clear(hardwired.id).status, 'Rejected');
    assert.ok(h.monitors.get(hardwired.id));
  });

  it('N06 – a preconfigured monitor can be cleared, and does not come back at a restart', () => {
    const h = monitoringHarness();
    const preconfigured = h.monitors.all().find((m) => m.origin === 'preconfigured')!;
    assert.equal(h.monitors.clear(preconfigured.id).status, 'Accepted');
    assert.equal(h.restart().monitors.get(preconfigured.id), undefined);
  });
});

describe('N03 SetMonitoringBase', () => {
  it('the station starts with its hard-wired and preconfigured monitors (one per EVSE)', () => {
    const h = monitoringHarness({ evses: 2 });
    assert.deepEqual(origins(h), ['hardwired', 'preconfigured', 'preconfigured']);
  });

  it('N03.FR.05 – HardWiredOnly removes custom and preconfigured monitors; only hard-wired remain', () => {
    const h = monitoringHarness();
    h.set(availability());
    assert.equal(setMonitoringBase({ monitoringBase: 'HardWiredOnly' }, h.monitors).status, 'Accepted');
    assert.deepEqual(origins(h), ['hardwired']);
    assert.equal(h.dm.get(DM.MonitoringCtrlr.ActiveMonitoringBase), 'HardWiredOnly');
    assert.deepEqual(origins(h.restart()), ['hardwired'], 'and so after a restart');
  });

  it('N03.FR.03 – All restores the preconfigured monitors and keeps the custom ones, also one that replaced a preconfigured', () => {
    const h = monitoringHarness({ evses: 2 });
    const [first, second] = h.monitors.all().filter((m) => m.origin === 'preconfigured');
    h.set({ ...first!, severity: 3 });
    const custom = h.set(availability())[0]!.id!;
    h.monitors.clear(second!.id);
    setMonitoringBase({ monitoringBase: 'All' }, h.monitors);
    assert.deepEqual([h.monitors.get(first!.id)?.origin, h.monitors.get(first!.id)?.severity], ['custom', 3], 'the replacement stays');
    assert.equal(h.monitors.get(custom)?.origin, 'custom');
    assert.equal(h.monitors.get(second!.id)?.origin, 'preconfigured', 'the cleared preconfigured monitor is back');
    assert.equal(h.dm.get(DM.MonitoringCtrlr.ActiveMonitoringBase), 'All');
  });

  it('N03.FR.04 – FactoryDefault removes every custom monitor, also a replaced preconfigured one, and restores the preconfigured', () => {
    const h = monitoringHarness({ evses: 1 });
    const preconfigured = h.monitors.all().find((m) => m.origin === 'preconfigured')!;
    h.set({ ...preconfigured, severity: 3 });
    h.set(availability());
    setMonitoringBase({ monitoringBase: 'FactoryDefault' }, h.monitors);
    assert.deepEqual(origins(h), ['hardwired', 'preconfigured']);
    assert.equal(h.monitors.get(preconfigured.id)?.severity, preconfigured.severity);
  });
});

describe('N05 SetMonitoringLevel', () => {
  it('N05.FR.01/02 – 0..9 Accepted and kept (ActiveMonitoringLevel); 10 and -1 Rejected with ValueOutOfRange', () => {
    const h = monitoringHarness();
    assert.equal(setMonitoringLevel({ severity: 7 }, h.monitors).status, 'Accepted');
    assert.equal(h.monitors.level(), 7);
    assert.equal(h.dm.getInt(DM.MonitoringCtrlr.ActiveMonitoringLevel), 7);
    for (const severity of [10, -1]) {
      const response = setMonitoringLevel({ severity }, h.monitors);
      assert.deepEqual([response.status, response.statusInfo?.reasonCode], ['Rejected', 'ValueOutOfRange'], `severity ${severity}`);
    }
    assert.equal(h.restart().monitors.level(), 7);
  });
});

describe('N07.FR.13 monitors across a restart (TC_N_53_CS)', () => {
  it('custom monitors keep their id, type, value, severity and transaction flag', () => {
    const h = monitoringHarness();
    const id = h.set(availability({ transaction: true, severity: 5 }))[0]!.id!;
    const again = h.restart();
    const m = again.monitors.get(id);
    assert.deepEqual([m?.type, m?.value, m?.severity, m?.transaction, m?.origin], ['Delta', 1, 5, true, 'custom']);
    assert.equal(again.set(availability())[0]?.id, id + 1, 'new ids do not reuse old ones');
  });
});
