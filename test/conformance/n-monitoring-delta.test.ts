// Part 6 block N (diagnostics), a Delta monitor on a numeric variable (N07.FR.18): it fires only
// once the value has changed by more than the monitor's value. The monitored variable is
// OCPPCommCtrlr.OfflineThreshold (Part 6 prerequisite), its monitor value 1.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Booted, quiescent, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const OFFLINE_THRESHOLD = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };

async function setThreshold(cs: Booted, value: number, step: number): Promise<void> {
  const res = (await cs.link.call('SetVariables', {
    setVariableData: [{ ...OFFLINE_THRESHOLD, attributeValue: String(value) }],
  })) as Json;
  const [result] = res.setVariableResult as Json[];
  assert.match(String(result?.attributeStatus), /^(Accepted|RebootRequired)$/, `step ${step}: SetVariablesResponse status`);
}

describe('Part 6 N – Alert Event on a numeric variable', () => {
  it('TC_N_61_CS – Alert Event - Variable monitoring on numeric', () =>
    withStation(csms, 'CONF-N61', [], async (cs) => {
      const got = (await cs.link.call('GetVariables', { getVariableData: [OFFLINE_THRESHOLD] })) as Json;
      const current = Number((got.getVariableResult as Json[])[0]?.attributeValue);
      assert.ok(Number.isInteger(current), 'memory state: OCPPCommCtrlr.OfflineThreshold is an integer');
      // Memory state: a Delta monitor on OfflineThreshold.
      const set = (await cs.link.call('SetVariableMonitoring', {
        setMonitoringData: [{ ...OFFLINE_THRESHOLD, value: 1, type: 'Delta', severity: 5 }],
      })) as Json;
      const [monitor] = set.setMonitoringResult as Json[];
      assert.equal(monitor?.status, 'Accepted', 'memory state: the Delta monitor is set');
      const ofMonitor = (p: Json): boolean => (p.eventData as Json[]).some((e) => e.variableMonitoringId === monitor?.id);

      await setThreshold(cs, current + 1, 2);
      await quiescent(cs);
      assert.equal(cs.link.received('NotifyEvent').filter(ofMonitor).length, 0, 'step 3 note: no NotifyEvent, the delta not exceeded');

      await setThreshold(cs, current + 2, 5);
      const notified = await cs.link.next('NotifyEvent', ofMonitor);
      const event = (notified.eventData as Json[]).find((e) => e.variableMonitoringId === monitor?.id)!;
      assert.deepEqual(
        [event.trigger, event.actualValue],
        ['Delta', String(current + 2)],
        'step 7: NotifyEventRequest eventData actualValue Current Threshold + 2',
      );
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    }));
});
