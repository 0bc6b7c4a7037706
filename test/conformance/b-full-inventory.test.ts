// Part 6 block B, TC_B_53_CS (with errata 2025-04): the FullInventory base report holds every
// component and variable the specification requires, each with a value unless it is WriteOnly
// (EVSE.Power has only its maxLimit), and list values within their valuesList. What is required
// comes from the specification's own table (required-variables.json, from Part 2's appendix
// dm_components_vars.csv): the Core components always, every other one once the station reports it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
interface Required {
  component: string;
  variable: string;
  instance?: string;
}
const { variables: REQUIRED } = JSON.parse(
  readFileSync(new URL('../../../test/conformance/required-variables.json', import.meta.url), 'utf8'),
) as {
  variables: Required[];
};
/** The controllers of the blocks every station has (Core), and the station's own parts. */
const CORE = [
  'AlignedDataCtrlr',
  'AuthCtrlr',
  'ChargingStation',
  'ClockCtrlr',
  'Connector',
  'DeviceDataCtrlr',
  'EVSE',
  'OCPPCommCtrlr',
  'SampledDataCtrlr',
  'SecurityCtrlr',
  'TxCtrlr',
];
const LISTS = ['OptionList', 'SequenceList', 'MemberList'];

const csms = new TestCsms();
let cs: Booted;
before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-B53', evses: 2 });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** The component of a report entry as one key: name, instance, EVSE and connector. */
const where = (c: Json): string => {
  const evse = c.evse as Json | undefined;
  return [c.name, c.instance ?? '', evse?.id ?? '', evse?.connectorId ?? ''].join('/');
};
const lower = (s: unknown): string => String(s ?? '').toLowerCase();

describe('Part 6 B – Get Base Report, mandatory device model variables', () => {
  it('TC_B_53_CS – Get Base Report - Test mandatory DM variables via FullInventory', async () => {
    const res = (await cs.link.call('GetBaseReport', { requestId: 53, reportBase: 'FullInventory' })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: GetBaseReportResponse status Accepted');
    assert.ok(res.statusInfo === undefined || (res.statusInfo as Json).reasonCode === 'NoError', 'step 2: statusInfo absent or NoError');
    const data: Json[] = [];
    for (let seqNo = 0; ; seqNo++) {
      const r = await cs.link.next('NotifyReport', (p) => p.requestId === 53);
      assert.equal(r.seqNo, seqNo, `step 3: NotifyReportRequest seqNo ${seqNo} (incremented by one while tbc)`);
      assert.ok(!Number.isNaN(Date.parse(String(r.generatedAt))), 'step 3: generatedAt a time');
      data.push(...((r.reportData as Json[] | undefined) ?? []));
      if (r.tbc !== true) break;
    }

    // Post scenario: the required components / variables are implemented.
    const reported = new Map<string, Set<string>>(); // component name → "variable/instance" per reported instance of it
    const instances = new Map<string, Set<string>>(); // component name → its reported instances (where())
    for (const d of data) {
      const c = d.component as Json;
      const v = d.variable as Json;
      const name = lower(c.name);
      instances.set(name, (instances.get(name) ?? new Set()).add(where(c)));
      const key = `${where(c)}|${lower(v.name)}/${lower(v.instance)}`;
      reported.set(name, (reported.get(name) ?? new Set()).add(key));
    }
    for (const component of CORE)
      assert.ok(instances.has(lower(component)), `post scenario: the required component ${component} is reported`);
    for (const r of REQUIRED) {
      for (const at of instances.get(lower(r.component)) ?? []) {
        const key = `${at}|${lower(r.variable)}/${lower(r.instance)}`;
        assert.ok(
          reported.get(lower(r.component))?.has(key),
          `post scenario: the required variable ${r.variable}${r.instance ? `[${r.instance}]` : ''} of ${at} is reported`,
        );
      }
    }

    for (const d of data) {
      const name = `${where(d.component as Json)}.${(d.variable as Json).name}${(d.variable as Json).instance ? `[${(d.variable as Json).instance}]` : ''}`;
      const ch = d.variableCharacteristics as Json | undefined;
      const lists = ch !== undefined && LISTS.includes(String(ch.dataType));
      if (lists)
        assert.ok(String(ch.valuesList ?? '').length > 0, `post scenario: valuesList of ${name} (${ch.dataType}) not omitted or empty`);
      const allowed = lists
        ? String(ch.valuesList)
            .split(',')
            .map((s) => s.trim())
        : [];
      for (const a of d.variableAttribute as Json[]) {
        const power = lower((d.component as Json).name) === 'evse' && lower((d.variable as Json).name) === 'power';
        if (a.mutability === 'WriteOnly') assert.equal(a.value, undefined, `post scenario: no value for the WriteOnly ${name}`);
        else if (!power) assert.ok(a.value !== undefined, `post scenario (errata 2025-04): a value for ${name} (${a.type ?? 'Actual'})`);
        if (lists && typeof a.value === 'string' && a.value !== '') {
          for (const item of a.value.split(',').map((s) => s.trim())) {
            assert.ok(allowed.includes(item), `post scenario: ${name} value ${item} is one of its valuesList ${ch.valuesList}`);
          }
        }
      }
      if (lower((d.component as Json).name) === 'evse' && lower((d.variable as Json).name) === 'power') {
        assert.ok(ch?.maxLimit !== undefined, `post scenario (errata 2025-04): ${name} has its maxLimit`);
      }
    }
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
