// Part 6 block B (provisioning), charging-station cases, in Part 6 order. One station process
// serves the whole file (each case sets up its own configuration state); Reset cases come last.
// TC_B_15_CS, TC_B_28_CS and TC_B_29_CS do not apply: the station has the SummaryInventory report
// (C-56) and resets a single EVSE (C-13).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Booted, booted, connectorsAvailable } from './support/states.js';
import { ABNORMAL, actual, baseReport, keyOf, nameOf } from './support/reports.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
interface VarResult {
  attributeStatus: string;
  attributeType?: string;
  attributeValue?: string;
  attributeStatusInfo?: { reasonCode: string };
  component: { name: string; instance?: string };
  variable: { name: string; instance?: string };
}

const csms = new TestCsms();
let cs: Booted;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-B', set: ['OCPPCommCtrlr/OfflineThreshold=300', 'AuthCtrlr/LocalAuthorizeOffline=true'] });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const getVariables = async (data: Json[]): Promise<VarResult[]> =>
  ((await cs.link.call('GetVariables', { getVariableData: data })) as { getVariableResult: VarResult[] }).getVariableResult;
const setVariables = async (data: Json[]): Promise<VarResult[]> =>
  ((await cs.link.call('SetVariables', { setVariableData: data })) as { setVariableResult: VarResult[] }).setVariableResult;
const noErrorInfo = (r: VarResult, step: string): void =>
  assert.ok(
    r.attributeStatusInfo === undefined || r.attributeStatusInfo.reasonCode === 'NoError',
    `${step}: attributeStatusInfo absent or NoError`,
  );
const find = (results: VarResult[], component: string, variable: string): VarResult => {
  const r = results.find((x) => x.component.name === component && x.variable.name === variable);
  assert.ok(r, `a result for ${component}.${variable}`);
  return r;
};

describe('Part 6 B – Provisioning', () => {
  it('TC_B_06_CS – Get Variables - single value', async () => {
    const [r] = await getVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeType: 'Actual' },
    ]);
    assert.equal(r!.attributeStatus, 'Accepted', 'step 2: GetVariablesResponse attributeStatus Accepted');
    assert.equal(r!.attributeType, 'Actual', 'step 2: attributeType Actual');
    assert.equal(r!.attributeValue, '300', 'step 2: attributeValue "300"');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'OfflineThreshold', 'step 2: variable.name OfflineThreshold');
    noErrorInfo(r!, 'step 2');
  });

  it('TC_B_07_CS – Get Variables - multiple values', async () => {
    const results = await getVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeType: 'Actual' },
      { component: { name: 'AuthCtrlr' }, variable: { name: 'LocalAuthorizeOffline' }, attributeType: 'Actual' },
    ]);
    const offline = find(results, 'OCPPCommCtrlr', 'OfflineThreshold');
    assert.equal(offline.attributeStatus, 'Accepted', 'step 2: OfflineThreshold attributeStatus Accepted');
    assert.equal(offline.attributeType, 'Actual', 'step 2: OfflineThreshold attributeType Actual');
    assert.equal(offline.attributeValue, '300', 'step 2: OfflineThreshold attributeValue 300');
    noErrorInfo(offline, 'step 2');
    const local = find(results, 'AuthCtrlr', 'LocalAuthorizeOffline');
    assert.equal(local.attributeStatus, 'Accepted', 'step 2: LocalAuthorizeOffline attributeStatus Accepted');
    assert.equal(local.attributeType, 'Actual', 'step 2: LocalAuthorizeOffline attributeType Actual');
    assert.equal(local.attributeValue, 'true', 'step 2: LocalAuthorizeOffline attributeValue "true"');
    noErrorInfo(local, 'step 2');
  });

  it('TC_B_32_CS – Get Variables - Unknown component', async () => {
    const [r] = await getVariables([{ component: { name: 'UnknownComponent' }, variable: { name: 'OfflineThreshold' } }]);
    assert.equal(r!.attributeStatus, 'UnknownComponent', 'step 2: attributeStatus UnknownComponent');
    assert.equal(r!.component.name, 'UnknownComponent', 'step 2: component.name UnknownComponent');
    assert.equal(r!.variable.name, 'OfflineThreshold', 'step 2: variable.name OfflineThreshold');
  });

  it('TC_B_33_CS – Get Variables - Unknown variable', async () => {
    const [r] = await getVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'UnknownVariable' } }]);
    assert.equal(r!.attributeStatus, 'UnknownVariable', 'step 2: attributeStatus UnknownVariable');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'UnknownVariable', 'step 2: variable.name UnknownVariable');
  });

  it('TC_B_34_CS – Get Variables - Not supported attribute type', async () => {
    const [r] = await getVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeType: 'Target' },
    ]);
    assert.equal(r!.attributeStatus, 'NotSupportedAttributeType', 'step 2: attributeStatus NotSupportedAttributeType');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'OfflineThreshold', 'step 2: variable.name OfflineThreshold');
    assert.equal(r!.attributeType, 'Target', 'step 2: attributeType Target');
  });

  it('TC_B_09_CS – Set Variables - single value', async () => {
    const [r] = await setVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300', attributeType: 'Actual' },
    ]);
    assert.equal(r!.attributeStatus, 'Accepted', 'step 2: setVariableResult[0].attributeStatus Accepted');
    assert.equal(r!.attributeType, 'Actual', 'step 2: attributeType Actual');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'OfflineThreshold', 'step 2: variable.name OfflineThreshold');
    noErrorInfo(r!, 'step 2');
  });

  it('TC_B_10_CS – Set Variables - multiple values', async () => {
    const results = await setVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300', attributeType: 'Actual' },
      { component: { name: 'AuthCtrlr' }, variable: { name: 'LocalAuthorizeOffline' }, attributeValue: 'true', attributeType: 'Actual' },
    ]);
    for (const [c, v] of [
      ['OCPPCommCtrlr', 'OfflineThreshold'],
      ['AuthCtrlr', 'LocalAuthorizeOffline'],
    ] as const) {
      const r = find(results, c, v);
      assert.equal(r.attributeStatus, 'Accepted', `step 2: ${v} attributeStatus Accepted`);
      assert.equal(r.attributeType, 'Actual', `step 2: ${v} attributeType Actual`);
      noErrorInfo(r, 'step 2');
    }
  });

  it('TC_B_35_CS – Set Variables - Unknown component', async () => {
    const [r] = await setVariables([
      { component: { name: 'UnknownComponent' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300' },
    ]);
    assert.equal(r!.attributeStatus, 'UnknownComponent', 'step 2: attributeStatus UnknownComponent');
    assert.equal(r!.component.name, 'UnknownComponent', 'step 2: component.name UnknownComponent');
    assert.equal(r!.variable.name, 'OfflineThreshold', 'step 2: variable.name OfflineThreshold');
  });

  it('TC_B_36_CS – Set Variables - Unknown variable', async () => {
    const [r] = await setVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'UnknownVariable' }, attributeValue: '300' },
    ]);
    assert.equal(r!.attributeStatus, 'UnknownVariable', 'step 2: attributeStatus UnknownVariable');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'UnknownVariable', 'step 2: variable.name UnknownVariable');
  });

  it('TC_B_37_CS – Set Variables - Not supported attribute type', async () => {
    const [r] = await setVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300', attributeType: 'Target' },
    ]);
    assert.equal(r!.attributeStatus, 'NotSupportedAttributeType', 'step 2: attributeStatus NotSupportedAttributeType');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'OfflineThreshold', 'step 2: variable.name OfflineThreshold');
    assert.equal(r!.attributeType, 'Target', 'step 2: attributeType Target');
  });

  it('TC_B_11_CS – Set Variables - invalidly formatted values', async () => {
    // Steps 1-8 repeated for each value; each variable is checked against its data type.
    const values = ['300', '300.1', 'true', new Date().toISOString(), 'abc'];
    const targets: [string, string, string, (v: string) => boolean][] = [
      ['1/2', 'OCPPCommCtrlr', 'OfflineThreshold', (v) => /^\d+$/.test(v)],
      ['3/4', 'SmartChargingCtrlr', 'LimitChangeSignificance', (v) => /^-?\d+(\.\d+)?$/.test(v)],
      ['5/6', 'AuthCtrlr', 'AuthorizeRemoteStart', (v) => v === 'true' || v === 'false'],
      ['7/8', 'ClockCtrlr', 'NextTimeOffsetTransitionDateTime', (v) => !Number.isNaN(Date.parse(v)) && /T/.test(v)],
    ];
    for (const value of values) {
      for (const [steps, component, variable, valid] of targets) {
        const [r] = await setVariables([{ component: { name: component }, variable: { name: variable }, attributeValue: value }]);
        const step = `step ${steps.split('/')[1]} (value ${value})`;
        if (r!.attributeStatus === 'UnknownComponent' || r!.attributeStatus === 'UnknownVariable') continue; // not supported: not tested
        if (valid(value)) {
          // A well-formed value outside the variable's limits may still be Rejected ("value not supported").
          assert.match(
            r!.attributeStatus,
            /^(Accepted|RebootRequired|Rejected)$/,
            `${step}: ${component}.${variable} well-formed value answered`,
          );
        } else {
          assert.equal(r!.attributeStatus, 'Rejected', `${step}: ${component}.${variable} attributeStatus Rejected`);
          assert.equal(
            r!.attributeStatusInfo?.reasonCode,
            'InvalidValue',
            `${step}: ${component}.${variable} attributeStatusInfo InvalidValue`,
          );
        }
      }
    }
    await setVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: '300' }]);
  });

  it('TC_B_39_CS – Set Variables - Read-only', async () => {
    const [r] = await setVariables([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageTimeout', instance: 'Default' }, attributeValue: '30' },
    ]);
    assert.equal(r!.attributeStatus, 'Rejected', 'step 2: attributeStatus Rejected');
    assert.equal(r!.component.name, 'OCPPCommCtrlr', 'step 2: component.name OCPPCommCtrlr');
    assert.equal(r!.variable.name, 'MessageTimeout', 'step 2: variable.name MessageTimeout');
    assert.equal(r!.variable.instance, 'Default', 'step 2: variable.instance Default');
  });

  for (const [id, reportBase] of [
    ['TC_B_12_CS', 'ConfigurationInventory'],
    ['TC_B_13_CS', 'FullInventory'],
  ] as const) {
    it(`${id} – Get Base Report - ${reportBase}`, async () => {
      const data = await baseReport(cs.link, reportBase === 'FullInventory' ? 13 : 12, reportBase);
      for (const d of data) {
        if (reportBase === 'ConfigurationInventory') {
          const attrs = d.variableAttribute as Json[];
          assert.ok(
            attrs.every((a) => a.mutability === 'ReadWrite' || a.mutability === 'WriteOnly'),
            `post scenario: ${nameOf(d)} mutability ReadWrite or WriteOnly`,
          );
        }
      }
      const names = new Set(data.map(nameOf));
      for (const required of [
        'OCPPCommCtrlr.HeartbeatInterval',
        'OCPPCommCtrlr.OfflineThreshold',
        'TxCtrlr.TxStartPoint',
        'TxCtrlr.TxStopPoint',
      ]) {
        assert.ok(names.has(required), `post scenario: required variable ${required} reported`);
      }
      if (reportBase === 'FullInventory') {
        for (const required of ['ChargingStation.AvailabilityState', 'EVSE.AvailabilityState', 'Connector.AvailabilityState']) {
          assert.ok(names.has(required), `post scenario: charging infrastructure variable ${required} reported`);
        }
      }
    });
  }

  it('TC_B_14_CS – Get Base Report - SummaryInventory', async () => {
    const summary = await baseReport(cs.link, 14, 'SummaryInventory');
    const reported = new Set(summary.map(keyOf));
    // What the summary must hold follows from the station's state, which the full inventory of
    // the same moment shows: the AvailabilityState of the station and of each EVSE, of each
    // connector where it differs from its EVSE, and every abnormal-state variable that is true.
    const full = await baseReport(cs.link, 114, 'FullInventory');
    const availability = full.filter((d) => (d.variable as Json).name === 'AvailabilityState');
    const evseState = (id: number) => actual(availability.find((d) => keyOf(d) === `EVSE|${id}||AvailabilityState`));
    const required = [
      ...availability.filter((d) => (d.component as Json).name !== 'Connector'),
      ...availability.filter((d) => {
        const c = d.component as { name: string; evse: { id: number } };
        return c.name === 'Connector' && actual(d) !== evseState(c.evse.id);
      }),
      ...full.filter((d) => ABNORMAL.includes(String((d.variable as Json).name)) && actual(d) === 'true'),
    ];
    assert.ok(
      required.some((d) => (d.component as Json).name === 'ChargingStation'),
      'the station has a ChargingStation AvailabilityState',
    );
    for (const d of required) assert.ok(reported.has(keyOf(d)), `post scenario: ${keyOf(d)} in the SummaryInventory`);
  });

  it('TC_B_20_CS – Reset Charging Station - Without ongoing transaction - OnIdle', async () => {
    const before = cs.link.received('BootNotification').length;
    const res = (await cs.link.call('Reset', { type: 'OnIdle' })) as { status: string };
    assert.equal(res.status, 'Accepted', 'step 2: ResetResponse status Accepted');
    const boot = await cs.link.next('BootNotification');
    assert.equal(cs.link.received('BootNotification').length, before + 1, 'step 3: one BootNotificationRequest');
    assert.ok(boot.reason, 'step 3: BootNotificationRequest reason');
    await connectorsAvailable(cs.link, 1, 'step 5');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
