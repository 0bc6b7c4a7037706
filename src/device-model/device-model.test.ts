import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DM, DM_CATALOG } from '../generated/ocpp201/dm-catalog.js';
import type { ReportDataType } from '../generated/ocpp201/types.js';
import { validatePayload } from '../rpc/validator.js';
import { defaultDescription } from '../description/station-description.js';
import { openDatabase } from '../store/database.js';
import { StationScope } from '../store/scope.js';
import { DeviceModel, DeviceModelError, type DeviceModelOptions } from './device-model.js';
import { formatPath, parsePath } from './path.js';
import { loadSeeds } from './seeds.js';

const description = defaultDescription(2);
const open = (options: Partial<DeviceModelOptions> = {}) =>
  DeviceModel.open(new StationScope(openDatabase(':memory:')), {
    description,
    identity: 'CS-001',
    clock: { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) },
    ...options,
  });
const at = (path: string) => parsePath(path);
const PASSWORD = 'correct-horse-battery';

function withFile(test: (file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-dm-'));
  try {
    test(join(dir, 'station.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertValidReport(reportData: ReportDataType[]): void {
  assert.ok(reportData.length > 0);
  const payload = { requestId: 1, generatedAt: '2025-01-02T03:04:05Z', seqNo: 0, tbc: false, reportData };
  assert.equal(validatePayload('NotifyReport', 'Request', payload)?.message, undefined);
}

describe('DeviceModel seeding', () => {
  it('seeds every component for the description and has every required variable', () => {
    const dm = open();
    dm.checkRequired();
    assert.equal(dm.getInt(DM.OCPPCommCtrlr.HeartbeatInterval), 300);
    assert.equal(dm.get(DM.ChargingStation.VendorName), 'OpenWallbox');
    assert.equal(dm.get(at('Connector@2:1/ConnectorType')), 'cType2');
    assert.equal(dm.get(at('EVSE@2/AvailabilityState')), 'Available');
    assert.equal(dm.get(DM.SecurityCtrlr.Identity), 'CS-001');
    assert.deepEqual(dm.getList(DM.TxCtrlr.TxStopPoint), ['EVConnected', 'Authorized']);
    assert.equal(dm.getBool(DM.TxCtrlr.StopTxOnInvalidId), true);
    assert.equal(dm.get(at('EVSE@3/AvailabilityState')), undefined);
  });

  it('B07 – a base report lists EVSEs in their order as numbers (EVSE 2 before EVSE 10)', () => {
    const dm = open({ description: defaultDescription(11) });
    const evses = dm
      .reportData('FullInventory')
      .filter((r) => r.component.name === 'EVSE' && r.variable.name === 'Available')
      .map((r) => r.component.evse?.id);
    assert.deepEqual(evses, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("B05 – stations in one database keep apart: a value one sets is not the other one's", () => {
    const db = openDatabase(':memory:');
    const a = DeviceModel.open(new StationScope(db, 'A'), { description });
    const b = DeviceModel.open(new StationScope(db, 'B'), { description });
    a.set('OCPPCommCtrlr/HeartbeatInterval', '42', { source: 'csms' });
    assert.equal(DeviceModel.open(new StationScope(db, 'A'), { description }).get('OCPPCommCtrlr/HeartbeatInterval'), '42');
    assert.notEqual(DeviceModel.open(new StationScope(db, 'B'), { description }).get('OCPPCommCtrlr/HeartbeatInterval'), '42');
    assert.notEqual(b.get('OCPPCommCtrlr/HeartbeatInterval'), '42');
  });

  it('reads ClockCtrlr/DateTime from the clock', () => {
    assert.equal(open().get(DM.ClockCtrlr.DateTime), '2025-01-02T03:04:05.000Z');
  });

  it('checkRequired lists required variables without a value', () => {
    const seeds = loadSeeds().map((s) =>
      s.component === 'TxCtrlr' ? { ...s, variables: s.variables.filter((v) => v.variable !== 'TxStartPoint') } : s,
    );
    assert.throws(() => open({ seeds }).checkRequired(), /TxCtrlr\/TxStartPoint/);
  });

  it('--set overrides a seed and is checked', () => {
    const dm = open({ overrides: { 'OCPPCommCtrlr/HeartbeatInterval': '60', 'EVSE@1/AllowReset': 'TRUE' } });
    assert.equal(dm.getInt(DM.OCPPCommCtrlr.HeartbeatInterval), 60);
    assert.equal(dm.getBool(at('EVSE@1/AllowReset')), true);
    assert.throws(() => open({ overrides: { 'OCPPCommCtrlr/HeartbeatInterval': '0' } }), DeviceModelError);
    assert.throws(() => open({ overrides: { 'Foo/Bar': '1' } }), /no such variable/);
  });

  it('keeps a value the CSMS set across a restart, over seeds and --set', () => {
    withFile((file) => {
      const first = DeviceModel.open(new StationScope(openDatabase(file)), { description });
      const set = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '120' };
      assert.equal(first.setVariable(set).attributeStatus, 'Accepted');
      first.set(at('EVSE@1/AvailabilityState'), 'Unavailable');
      const again = DeviceModel.open(new StationScope(openDatabase(file)), {
        description,
        overrides: { 'OCPPCommCtrlr/HeartbeatInterval': '60', 'OCPPCommCtrlr/OfflineThreshold': '30' },
      });
      assert.equal(again.getInt(DM.OCPPCommCtrlr.HeartbeatInterval), 120);
      assert.deepEqual(again.skippedOverrides, ['OCPPCommCtrlr/HeartbeatInterval']);
      assert.equal(again.getInt(DM.OCPPCommCtrlr.OfflineThreshold), 30);
      // AvailabilityState is not persistent: it starts from its seed again.
      assert.equal(again.get(at('EVSE@1/AvailabilityState')), 'Available');
    });
  });

  it('drops the variables of an EVSE no longer in the description', () => {
    withFile((file) => {
      DeviceModel.open(new StationScope(openDatabase(file)), { description });
      const smaller = DeviceModel.open(new StationScope(openDatabase(file)), { description: defaultDescription(1) });
      assert.equal(smaller.get(at('EVSE@2/AvailabilityState')), undefined);
      assert.equal(smaller.get(at('EVSE@1/AvailabilityState')), 'Available');
    });
  });

  it('tells listeners about station and CSMS writes, once per change', () => {
    const dm = open();
    const seen: string[] = [];
    const stop = dm.onChange(DM.OCPPCommCtrlr.HeartbeatInterval, (value, { source }) => seen.push(`${value}/${source}`));
    dm.set(DM.OCPPCommCtrlr.HeartbeatInterval, '30');
    dm.set(DM.OCPPCommCtrlr.HeartbeatInterval, '30');
    dm.setVariable({ component: { name: 'ocppcommctrlr' }, variable: { name: 'heartbeatinterval' }, attributeValue: '45' });
    stop();
    dm.set(DM.OCPPCommCtrlr.HeartbeatInterval, '50');
    assert.deepEqual(seen, ['30/local', '45/csms']);
    assert.throws(() => dm.set(DM.OCPPCommCtrlr.HeartbeatInterval, 'soon'), DeviceModelError);
  });

  it('N07 – tells any-change listeners which variable changed, in its stored spelling', () => {
    const dm = open();
    const seen: string[] = [];
    const stop = dm.onAnyChange((key, value, { attribute }) => seen.push(`${formatPath(key)}=${value}/${attribute}`));
    dm.set(at('EVSE@1/Power'), '7000');
    dm.set(at('EVSE@1/Power'), '7000');
    dm.setVariable({ component: { name: 'ocppcommctrlr' }, variable: { name: 'heartbeatinterval' }, attributeValue: '45' });
    stop();
    dm.set(at('EVSE@1/Power'), '0');
    assert.deepEqual(seen, ['EVSE@1/Power=7000/Actual', 'OCPPCommCtrlr/HeartbeatInterval=45/Actual']);
  });

  it('N04 – facts of a variable for monitors: characteristics and the mutability of Actual; components known', () => {
    const dm = open();
    const power = dm.facts(at('EVSE@1/Power'));
    assert.deepEqual(
      [power?.characteristics.dataType, power?.characteristics.maxLimit, power?.characteristics.supportsMonitoring, power?.mutability],
      ['decimal', 22000, true, 'ReadOnly'],
    );
    assert.equal(dm.facts(at('EVSE@9/Power')), undefined);
    assert.equal(dm.hasComponent({ name: 'EVSE', evse: { id: 2 } }), true);
    assert.equal(dm.hasComponent({ name: 'EVSE', evse: { id: 9 } }), false);
  });
});

describe('B06 Get Variables', () => {
  const dm = open({ overrides: { 'SecurityCtrlr/BasicAuthPassword': PASSWORD } });
  const get = (component: object, variable: object, attributeType?: 'Actual' | 'Target') =>
    dm.getVariable({ component: component as never, variable: variable as never, ...(attributeType ? { attributeType } : {}) });

  it('B06.FR.06 UnknownComponent, without a value', () => {
    const r = get({ name: 'FooCtrlr' }, { name: 'Enabled' });
    assert.equal(r.attributeStatus, 'UnknownComponent');
    assert.equal(r.attributeValue, undefined);
    assert.equal(get({ name: 'EVSE', evse: { id: 9 } }, { name: 'Available' }).attributeStatus, 'UnknownComponent');
  });
  it('B06.FR.07 UnknownVariable, without a value', () => {
    const r = get({ name: 'OCPPCommCtrlr' }, { name: 'Nope' });
    assert.equal(r.attributeStatus, 'UnknownVariable');
    assert.equal(r.attributeValue, undefined);
  });
  it('B06.FR.08 NotSupportedAttributeType', () => {
    assert.equal(get({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' }, 'Target').attributeStatus, 'NotSupportedAttributeType');
  });
  it('B06.FR.09 Rejected for a WriteOnly variable, and no value', () => {
    const r = get({ name: 'SecurityCtrlr' }, { name: 'BasicAuthPassword' });
    assert.equal(r.attributeStatus, 'Rejected');
    assert.equal(r.attributeValue, undefined);
    assert.equal(dm.get(DM.SecurityCtrlr.BasicAuthPassword), undefined);
    assert.equal(dm.secret(DM.SecurityCtrlr.BasicAuthPassword), PASSWORD);
  });
  it('B06.FR.10/FR.11 Accepted with the value, attributeType Actual when absent, same component and variable (FR.02)', () => {
    const component = { name: 'EVSE', evse: { id: 1 } };
    const r = get(component, { name: 'AvailabilityState' });
    assert.deepEqual(r, {
      attributeType: 'Actual',
      component,
      variable: { name: 'AvailabilityState' },
      attributeStatus: 'Accepted',
      attributeValue: 'Available',
    });
  });
  it('B06.FR.14/FR.15 instances must match: no instance does not find an instanced variable', () => {
    assert.equal(get({ name: 'OCPPCommCtrlr' }, { name: 'MessageTimeout', instance: 'Default' }).attributeValue, '30');
    assert.equal(get({ name: 'OCPPCommCtrlr' }, { name: 'MessageTimeout' }).attributeStatus, 'UnknownVariable');
    assert.equal(get({ name: 'OCPPCommCtrlr' }, { name: 'MessageTimeout', instance: '' }).attributeStatus, 'UnknownVariable');
  });
  it('B06.FR.13 an unset supported attribute is an empty string', () => {
    const seeds = loadSeeds().map((s) =>
      s.component !== 'TxCtrlr'
        ? s
        : {
            ...s,
            variables: s.variables.map((v) =>
              v.variable !== 'EVConnectionTimeOut'
                ? v
                : {
                    ...v,
                    attributes: [
                      ...v.attributes,
                      { type: 'Target' as const, mutability: 'ReadWrite' as const, persistent: true, constant: false, value: null },
                    ],
                  },
            ),
          },
    );
    const r = open({ seeds }).getVariable({
      component: { name: 'TxCtrlr' },
      variable: { name: 'EVConnectionTimeOut' },
      attributeType: 'Target',
    });
    assert.equal(r.attributeStatus, 'Accepted');
    assert.equal(r.attributeValue, '');
  });
  it('truncates attributeValue to ReportingValueSize', () => {
    const small = open({ overrides: { 'DeviceDataCtrlr/ReportingValueSize': '4' } });
    assert.equal(small.getVariable({ component: { name: 'ChargingStation' }, variable: { name: 'VendorName' } }).attributeValue, 'Open');
  });
});

describe('B05 Set Variables', () => {
  const set = (dm: DeviceModel, path: string, attributeValue: string, attributeType?: 'Actual' | 'MaxSet') =>
    dm.setVariable({ ...parsePath(path), attributeValue, ...(attributeType ? { attributeType } : {}) });

  it('B05.FR.04 UnknownComponent', () => assert.equal(set(open(), 'FooCtrlr/Enabled', 'true').attributeStatus, 'UnknownComponent'));
  it('B05.FR.05 UnknownVariable', () => assert.equal(set(open(), 'TxCtrlr/Nope', 'true').attributeStatus, 'UnknownVariable'));
  it('B05.FR.06 NotSupportedAttributeType', () =>
    assert.equal(set(open(), 'TxCtrlr/EVConnectionTimeOut', '10', 'MaxSet').attributeStatus, 'NotSupportedAttributeType'));
  it('B05.FR.07 Rejected for a badly formatted value, with a reason', () => {
    const r = set(open(), 'OCPPCommCtrlr/HeartbeatInterval', 'often');
    assert.equal(r.attributeStatus, 'Rejected');
    assert.equal(r.attributeStatusInfo?.reasonCode, 'InvalidValue');
    assert.equal(set(open(), 'TxCtrlr/TxStartPoint', 'Whenever').attributeStatus, 'Rejected');
  });
  it('B05.FR.08 Rejected for a value out of range', () => {
    assert.equal(set(open(), 'OCPPCommCtrlr/HeartbeatInterval', '0').attributeStatusInfo?.reasonCode, 'ValueTooLow');
    assert.equal(set(open(), 'OCPPCommCtrlr/WebSocketPingInterval', '-1').attributeStatus, 'Rejected');
  });
  it('B05.FR.09 Rejected for a ReadOnly variable', () => {
    const dm = open();
    const r = set(dm, 'SecurityCtrlr/SecurityProfile', '2');
    assert.equal(r.attributeStatus, 'Rejected');
    assert.equal(r.attributeStatusInfo?.reasonCode, 'ReadOnly');
    assert.equal(dm.getInt(DM.SecurityCtrlr.SecurityProfile), 0);
  });
  it('B05.FR.10/FR.12 Accepted, stored, attributeType Actual when absent', () => {
    const dm = open();
    const r = set(dm, 'TxCtrlr/TxStopPoint', 'EVConnected');
    assert.deepEqual(r, {
      attributeType: 'Actual',
      component: { name: 'TxCtrlr' },
      variable: { name: 'TxStopPoint' },
      attributeStatus: 'Accepted',
    });
    assert.deepEqual(dm.getList(DM.TxCtrlr.TxStopPoint), ['EVConnected']);
  });
  it('RebootRequired for NetworkConfigurationPriority (B10.FR.01), stored for the next start', () => {
    const dm = open();
    let told = false;
    dm.onChange(DM.OCPPCommCtrlr.NetworkConfigurationPriority, () => (told = true));
    assert.equal(set(dm, 'OCPPCommCtrlr/NetworkConfigurationPriority', '1,0').attributeStatus, 'RebootRequired');
    assert.equal(dm.get(DM.OCPPCommCtrlr.NetworkConfigurationPriority), '1,0');
    assert.equal(told, false);
  });
  it('Rejected (TooLargeElement) beyond ConfigurationValueSize', () => {
    const dm = open({ overrides: { 'DeviceDataCtrlr/ConfigurationValueSize': '10' } });
    assert.equal(set(dm, 'TariffCostCtrlr/TariffFallbackMessage', 'x'.repeat(11)).attributeStatusInfo?.reasonCode, 'TooLargeElement');
  });
  it('B05.FR.07 – a ~500-character value on a list variable: each row Rejected with additionalInfo within 512 characters, the answer valid', () => {
    const dm = open();
    const long = `Energy.Active.Import.Register,${'Bogus.Measurand.'.repeat(30)}`;
    const results = [
      set(dm, 'AlignedDataCtrlr/Measurands', long),
      set(dm, 'TxCtrlr/TxStartPoint', 'x'.repeat(500)),
      set(dm, 'SampledDataCtrlr/TxUpdatedMeasurands', `${'y'.repeat(499)},Energy.Active.Import.Register`),
    ];
    for (const r of results) {
      assert.equal(r.attributeStatus, 'Rejected');
      assert.ok((r.attributeStatusInfo?.additionalInfo?.length ?? 0) <= 512, `${r.attributeStatusInfo?.additionalInfo?.length} characters`);
    }
    assert.equal(validatePayload('SetVariables', 'Response', { setVariableResult: results })?.message, undefined);
  });
  it('accepts a BasicAuthPassword of 16 to 40 characters and never returns it', () => {
    const dm = open();
    assert.equal(set(dm, 'SecurityCtrlr/BasicAuthPassword', 'short').attributeStatus, 'Rejected');
    assert.equal(set(dm, 'SecurityCtrlr/BasicAuthPassword', PASSWORD).attributeStatus, 'Accepted');
    assert.equal(dm.secret(DM.SecurityCtrlr.BasicAuthPassword), PASSWORD);
  });
});

describe('B07/B08 reports', () => {
  const dm = open({ overrides: { 'SecurityCtrlr/BasicAuthPassword': PASSWORD } });
  const paths = (data: ReportDataType[]) => data.map((d) => formatPath(d));

  it('B07.FR.08 FullInventory is valid NotifyReport data, every variable in the catalogue with its data type', () => {
    const full = dm.reportData('FullInventory');
    assertValidReport(full);
    for (const d of full) {
      const own = DM_CATALOG.filter((e) => e.component.toLowerCase() === d.component.name.toLowerCase() && e.variable === d.variable.name);
      const row = own[0] ?? DM_CATALOG.find((e) => e.component === '<generic>' && e.variable === d.variable.name);
      assert.ok(row, `${formatPath(d)} not in the catalogue`);
      assert.equal(d.variableCharacteristics?.dataType, row.dataType, formatPath(d));
    }
    assert.ok(paths(full).includes('Connector@2:1/ConnectorType'));
  });

  it('B07.FR.07 ConfigurationInventory holds only what the operator can set', () => {
    const config = dm.reportData('ConfigurationInventory');
    assertValidReport(config);
    assert.ok(paths(config).includes('OCPPCommCtrlr/HeartbeatInterval'));
    assert.ok(!paths(config).includes('DeviceDataCtrlr/ItemsPerMessage:GetReport'));
    assert.ok(config.every((d) => d.variableAttribute.some((a) => a.mutability !== 'ReadOnly')));
  });

  it('B07.FR.09 SummaryInventory: availability of station and EVSEs, and problems', () => {
    const local = open();
    local.set(at('EVSE@2/Problem'), 'true');
    const summary = local.reportData('SummaryInventory');
    assertValidReport(summary);
    assert.deepEqual(paths(summary).sort(), [
      'ChargingStation/AvailabilityState',
      'EVSE@1/AvailabilityState',
      'EVSE@2/AvailabilityState',
      'EVSE@2/Problem',
    ]);
  });

  it('never reports BasicAuthPassword, nor shows it in toJSON', () => {
    const reports = [
      ...dm.reportData('FullInventory'),
      ...dm.reportData('ConfigurationInventory'),
      ...dm.reportData('SummaryInventory'),
      ...dm.customReport(),
    ];
    assert.ok(paths(reports).includes('SecurityCtrlr/BasicAuthPassword')); // the variable exists ...
    assert.ok(!JSON.stringify(reports).includes(PASSWORD)); // ... its value never shows
    assert.ok(!JSON.stringify(dm).includes(PASSWORD));
    assert.ok(!('SecurityCtrlr/BasicAuthPassword' in dm.toJSON()));
  });

  it('B08.FR.08/FR.10/FR.13 component criteria, OR-ed', () => {
    const local = open();
    local.set(at('Connector@1:1/Problem'), 'true');
    const problem = local.customReport(['Problem']);
    assertValidReport(problem);
    assert.ok(problem.every((d) => formatPath(d).startsWith('Connector@1:1/')));
    const available = local.customReport(['Available']);
    // Every component is Available or has no plain Available variable
    // (TariffCostCtrlr has only the instances Available:Tariff and Available:Cost).
    const expected = local.reportData('FullInventory');
    assert.equal(available.length, expected.length);
    assert.equal(local.customReport(['Problem', 'Enabled']).length, available.length);
  });

  it('B08.FR.09 Enabled leaves out disabled components', () => {
    const local = open({ overrides: { 'ReservationCtrlr/Enabled': 'false' } });
    assert.ok(!local.customReport(['Enabled']).some((d) => d.component.name === 'ReservationCtrlr'));
  });

  it('B08.FR.11/FR.20/FR.21 component variables: a whole component, every instance of a variable', () => {
    const r = dm.customReport(undefined, [
      { component: { name: 'ReservationCtrlr' } },
      { component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage' } },
    ]);
    assertValidReport(r);
    assert.deepEqual(paths(r).sort(), [
      'DeviceDataCtrlr/ItemsPerMessage:GetReport',
      'DeviceDataCtrlr/ItemsPerMessage:GetVariables',
      'DeviceDataCtrlr/ItemsPerMessage:SetVariables',
      'ReservationCtrlr/Available',
      'ReservationCtrlr/Enabled',
      'ReservationCtrlr/NonEvseSpecific',
    ]);
  });

  it('B08.FR.22/FR.23 an evse id selects that EVSE; none selects every EVSE', () => {
    const one = dm.customReport(undefined, [{ component: { name: 'Connector', evse: { id: 2 } }, variable: { name: 'ConnectorType' } }]);
    assert.deepEqual(paths(one), ['Connector@2:1/ConnectorType']);
    const all = dm.customReport(undefined, [{ component: { name: 'EVSE' }, variable: { name: 'Power' } }]);
    assert.deepEqual(paths(all), ['EVSE@1/Power', 'EVSE@2/Power']);
  });

  it('B08.FR.05 criteria and component variables together; B08.FR.15 an empty result is empty', () => {
    assert.equal(dm.customReport(['Problem'], [{ component: { name: 'EVSE' } }]).length, 0);
    assert.equal(
      dm.customReport(['Available'], [{ component: { name: 'EVSE' } }]).length,
      dm.customReport(undefined, [{ component: { name: 'EVSE' } }]).length,
    );
  });
});
