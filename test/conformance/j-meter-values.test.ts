// Part 6 block J (meter values), charging-station cases; the configuration state is given on the
// command line of the case's own station.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 J – Meter values', () => {
  it('TC_J_01_CS – Clock-aligned Meter Values - No transaction ongoing', async () => {
    const interval = 1;
    const cs = await booted(csms, { id: 'CONF-J01', set: [`AlignedDataCtrlr/Interval=${interval}`] });
    try {
      const [m] = (
        (await cs.link.call('GetVariables', {
          getVariableData: [{ component: { name: 'AlignedDataCtrlr' }, variable: { name: 'Measurands' } }],
        })) as {
          getVariableResult: Json[];
        }
      ).getVariableResult;
      const measurands = String(m!.attributeValue ?? '')
        .split(',')
        .filter(Boolean);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const mv = await cs.link.next('MeterValues');
        for (const value of mv.meterValue as Json[]) {
          const sampled = value.sampledValue as Json[];
          assert.equal(sampled[0]!.context, 'Sample.Clock', `step 1: MeterValuesRequest ${i + 1} sampledValue[0].context Sample.Clock`);
          const seen = new Set(sampled.map((s) => s.measurand ?? 'Energy.Active.Import.Register'));
          for (const measurand of measurands) {
            assert.ok(seen.has(measurand), `step 1: MeterValuesRequest ${i + 1} has a sampledValue for ${measurand}`);
          }
          times.push(Date.parse(String(value.timestamp)));
        }
      }
      const distinct = [...new Set(times)].sort();
      for (let i = 1; i < distinct.length; i++) {
        const gap = (distinct[i]! - distinct[i - 1]!) / 1000;
        assert.ok(gap > 0 && Number.isInteger(gap / interval), `post scenario: timestamps ${interval} s apart or a multiple (${gap} s)`);
      }
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
