// Part 6 block B, Get Custom Report (B08) cases of Advanced Device Management, in Part 6 order.
// One station process with two EVSEs serves the file; the reservation controller is disabled at
// start, so that TC_B_16_CS has a component with Enabled false to leave out.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actual, assertReportResponse, baseReport, customReport, keyOf } from './support/reports.js';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
interface Reported {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  variableAttribute: { type?: string; value?: string; mutability?: string }[];
  variableCharacteristics: { dataType: string; valuesList?: string };
}
interface VarResult {
  attributeStatus: string;
  attributeType?: string;
  attributeValue?: string;
  component: Reported['component'];
  variable: Reported['variable'];
}

const EVSES = 2;
const csms = new TestCsms();
let cs: Booted;
let requestId = 1600;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-B08', evses: EVSES, set: ['ReservationCtrlr/Enabled=false'] });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const report = async (request: Json): Promise<Reported[]> =>
  (await customReport(cs.link, { requestId: ++requestId, ...request })) as unknown as Reported[];
const fullInventory = async (): Promise<Reported[]> => (await baseReport(cs.link, ++requestId, 'FullInventory')) as unknown as Reported[];
/** The component of a reported variable, as the key B08 criteria are met by. */
const componentOf = (d: Reported): string =>
  [d.component.name, d.component.instance, d.component.evse?.id, d.component.evse?.connectorId].join('|');
const variableOf = (d: Reported): string => `${componentOf(d)}|${d.variable.name}|${d.variable.instance ?? ''}`;
const pathOf = (d: Reported): string =>
  `${d.component.name}${d.component.evse ? `@${d.component.evse.id}` : ''}.${d.variable.name}${d.variable.instance ? `:${d.variable.instance}` : ''}`;
const isEnabled = (d: Reported): boolean => d.variable.name === 'Enabled' && d.variable.instance === undefined;
const values = (list: string | undefined): string[] =>
  (list ?? '')
    .split(',')
    .map((v) => v.trim())
    .sort();

async function getVariables(data: Json[]): Promise<VarResult[]> {
  const res = (await cs.link.call('GetVariables', { getVariableData: data })) as { getVariableResult: VarResult[] };
  return res.getVariableResult;
}

describe('Part 6 B – Get Custom Report (B08)', () => {
  it('TC_B_16_CS – Get Custom Report - with component criteria', async () => {
    const data = await report({ componentCriteria: ['Enabled'] });
    const full = await fullInventory();
    // Step 3: the report holds the components whose Enabled is true, or that have no Enabled
    // variable (B08.FR.09); so every Enabled variable it holds is true.
    for (const d of data.filter(isEnabled)) {
      assert.equal(actual(d as unknown as Json), 'true', `step 3: ${pathOf(d)} variableAttribute.value "true"`);
      assert.deepEqual(
        d.variableAttribute.map((a) => a.type ?? 'Actual'),
        ['Actual'],
        `step 3: ${pathOf(d)} only an Actual value`,
      );
    }
    const enabled = new Map(full.filter(isEnabled).map((d) => [componentOf(d), actual(d as unknown as Json)]));
    assert.ok([...enabled.values()].includes('false'), 'the station has a component with Enabled false');
    const reported = new Set(data.map(componentOf));
    for (const [component, value] of enabled) {
      if (value !== 'true') assert.ok(!reported.has(component), `step 3: ${component} (Enabled ${value}) not reported`);
    }
    const expected = full.filter((d) => !enabled.has(componentOf(d)) || enabled.get(componentOf(d)) === 'true');
    const inReport = new Set(data.map(variableOf));
    for (const d of expected) {
      assert.ok(inReport.has(variableOf(d)), `step 3: ${pathOf(d)} of a component meeting Enabled reported`);
    }
    // Post scenario: every Enabled = true of the FullInventory is in the custom report.
    for (const d of full.filter((x) => isEnabled(x) && actual(x as unknown as Json) === 'true')) {
      assert.ok(inReport.has(variableOf(d)), `post scenario: ${pathOf(d)} reported by the custom report`);
    }
    // Steps 5-6: GetVariables for the reported variables, as many per message as the station takes.
    const perMessage = Number(
      actual(
        full.find((d) => d.component.name === 'DeviceDataCtrlr' && pathOf(d).endsWith('ItemsPerMessage:GetVariables')) as unknown as Json,
      ),
    );
    assert.ok(perMessage > 0, 'DeviceDataCtrlr.ItemsPerMessage:GetVariables reported');
    const asked = data.flatMap((d) => d.variableAttribute.map((a) => ({ d, type: a.type ?? 'Actual', mutability: a.mutability })));
    for (let i = 0; i < asked.length; i += perMessage) {
      const batch = asked.slice(i, i + perMessage);
      const results = await getVariables(
        batch.map(({ d, type }) => ({ component: d.component, variable: d.variable, attributeType: type })),
      );
      assert.equal(results.length, batch.length, 'step 6: a result for every variable asked');
      batch.forEach(({ d, type, mutability }, j) => {
        const r = results[j]!;
        const what = `step 6: ${pathOf(d)} ${type}`;
        if (mutability === 'WriteOnly') {
          // Errata 2025-02 §6.2.12: a WriteOnly variable is Rejected, without value.
          assert.equal(r.attributeStatus, 'Rejected', `${what} attributeStatus Rejected (WriteOnly)`);
          assert.equal(r.attributeValue, undefined, `${what} attributeValue omitted (WriteOnly)`);
          return;
        }
        assert.equal(r.attributeStatus, 'Accepted', `${what} attributeStatus Accepted`);
        // The value the case names is that of Enabled; others (a clock, say) may have moved on.
        if (isEnabled(d)) assert.equal(r.attributeValue, 'true', `${what} attributeValue true`);
      });
    }
  });

  it('TC_B_17_CS – Get Custom Report - with component/variable', async () => {
    const data = await report({
      componentVariable: [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } }],
    });
    assert.equal(data.length, 1, 'step 3: one variable reported (B08.FR.11)');
    const d = data[0]!;
    assert.equal(d.component.name, 'EVSE', 'step 3: reportData.component.name EVSE');
    assert.equal(d.component.evse?.id, 1, 'step 3: reportData.component.evse.id 1');
    assert.equal(d.variable.name, 'AvailabilityState', 'step 3: reportData.variable.name AvailabilityState');
    assert.equal(d.variableCharacteristics.dataType, 'OptionList', 'step 3: variableCharacteristics.dataType OptionList');
    assert.deepEqual(
      values(d.variableCharacteristics.valuesList),
      values('Available, Occupied, Reserved, Unavailable, Faulted'),
      'step 3: variableCharacteristics.valuesList Available, Occupied, Reserved, Unavailable, Faulted',
    );
    assert.equal(d.variableAttribute.length, 1, 'step 3: only an Actual value');
    assert.equal(d.variableAttribute[0]!.mutability, 'ReadOnly', 'step 3: variableAttribute.mutability ReadOnly');
    assert.equal(d.variableAttribute[0]!.type ?? 'Actual', 'Actual', 'step 3: variableAttribute.type Actual');
  });

  it('TC_B_18_CS – Get Custom Report - with component criteria and component/variable', async () => {
    const componentVariable = [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } }];
    const data = await report({ componentCriteria: ['Available'], componentVariable });
    assert.deepEqual(
      data.map((x) => keyOf(x as unknown as Json)),
      ['EVSE|1||AvailabilityState'],
      'step 3: reportData EVSE 1 AvailabilityState only',
    );
    const d = data[0]!;
    assert.equal(d.variableCharacteristics.dataType, 'OptionList', 'step 3: dataType OptionList');
    assert.deepEqual(
      values(d.variableCharacteristics.valuesList),
      values('Available, Occupied, Reserved, Unavailable, Faulted'),
      'step 3: valuesList Available, Occupied, Reserved, Unavailable, Faulted',
    );
    assert.equal(d.variableAttribute.length, 1, 'step 3: only an Actual value');
    assert.equal(d.variableAttribute[0]!.mutability, 'ReadOnly', 'step 3: mutability ReadOnly');
    assert.equal(d.variableAttribute[0]!.type ?? 'Actual', 'Actual', 'step 3: type Actual');

    const id = ++requestId;
    const res = (await cs.link.call('GetReport', { requestId: id, componentCriteria: ['Problem'], componentVariable })) as {
      status: string;
      statusInfo?: { reasonCode: string };
    };
    assertReportResponse(res, 'step 6', 'GetReportResponse', 'EmptyResultSet', 'NotFound');
    // B08.FR.15: nothing to report, so no NotifyReport; the next report's parts come first.
    await report({ componentVariable });
    assert.deepEqual(
      cs.link.received('NotifyReport').filter((r) => r.requestId === id),
      [],
      'step 6: no NotifyReportRequest for an EmptyResultSet',
    );
  });

  it('TC_B_54_CS – Get Custom Report - with component/variable, but no instance', async () => {
    const data = await report({ componentVariable: [{ component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage' } }] });
    for (const d of data) {
      assert.equal(d.component.name, 'DeviceDataCtrlr', 'step 3: reportData[i].component.name DeviceDataCtrlr');
      assert.equal(d.variable.name, 'ItemsPerMessage', 'step 3: reportData[i].variable.name ItemsPerMessage');
    }
    const instances = data.map((d) => d.variable.instance);
    for (const instance of ['GetReport', 'GetVariables']) {
      assert.ok(instances.includes(instance), `step 3: reportData variable.instance ${instance} reported`);
    }
    // B08.FR.21: every instance the station has, each once.
    const full = await fullInventory();
    const all = full.filter((d) => d.component.name === 'DeviceDataCtrlr' && d.variable.name === 'ItemsPerMessage');
    assert.deepEqual([...instances].sort(), all.map((d) => d.variable.instance).sort(), 'step 3: every instance of ItemsPerMessage');
  });

  it('TC_B_55_CS – Get Custom Report - with component/variable/instance', async () => {
    const data = await report({
      componentVariable: [{ component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetReport' } }],
    });
    assert.equal(data.length, 1, 'step 3: one variable reported');
    assert.equal(data[0]!.component.name, 'DeviceDataCtrlr', 'step 3: reportData[0].component.name DeviceDataCtrlr');
    assert.equal(data[0]!.variable.name, 'ItemsPerMessage', 'step 3: reportData[0].variable.name ItemsPerMessage');
    assert.equal(data[0]!.variable.instance, 'GetReport', 'step 3: reportData[0].variable.instance GetReport');
  });

  it('TC_B_56_CS – Get Custom Report - with component/variable, but no evseId', async () => {
    const data = await report({ componentVariable: [{ component: { name: 'EVSE' }, variable: { name: 'AvailabilityState' } }] });
    for (const d of data) {
      assert.equal(d.component.name, 'EVSE', 'step 3: reportData[i].component.name EVSE');
      assert.equal(d.variable.name, 'AvailabilityState', 'step 3: reportData[i].variable.name AvailabilityState');
    }
    const ids = data.map((d) => d.component.evse?.id).sort();
    assert.deepEqual(
      ids,
      Array.from({ length: EVSES }, (_, i) => i + 1),
      `step 3: number of EVSEs ${EVSES}, each once`,
    );
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
