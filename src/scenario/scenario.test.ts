// Reading a scenario file: YAML or JSON, checked against its schema and, step by step, by the
// control API's own parsers; every mistake names the file and the step.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario, ScenarioError, scenarioSteps } from './scenario.js';

const fails = (text: string, message: RegExp) =>
  assert.throws(
    () => parseScenario(text, 'session.yaml'),
    (e: unknown) => e instanceof ScenarioError && message.test(e.message),
  );

describe('scenario files', () => {
  it('YAML: every kind of step becomes the step it says, the id placeholder filled in per station', () => {
    const scenario = parseScenario(
      `name: card session
steps:
  - waitFor: { registration: Accepted, timeoutS: 30 }
  - plug: { evseId: 1, ev: { maxPowerW: 7400, socPercent: 20 } }
  - idToken: { idToken: "\${id}-CARD", type: Central }
  - waitFor: { evseId: 1, chargingState: Charging }
  - ev: { evseId: 1, drawing: false }
  - fault: { type: answer, action: RequestStopTransaction, answer: withhold }
  - fault: { type: cut-link, offlineS: 5 }
  - hardwareFault: { evseId: 1, faulted: true }
  - wait: 2.5
  - expect: { frame: { action: TransactionEvent, direction: out } }
  - unplug: { evseId: 1 }
`,
      'session.yaml',
    );
    const steps = scenarioSteps(scenario, 'CS042');
    assert.deepEqual(
      steps.map((s) => s.kind),
      ['waitFor', 'plug', 'idToken', 'waitFor', 'ev', 'fault', 'fault', 'hardwareFault', 'wait', 'expect', 'unplug'],
    );
    assert.deepEqual(steps[0], { kind: 'waitFor', condition: { registration: 'Accepted', timeoutS: 30 }, timeoutMs: 30_000 });
    assert.deepEqual(steps[1], { kind: 'plug', evseId: 1, ev: { maxPowerW: 7400, socPercent: 20 } });
    assert.deepEqual(steps[2], { kind: 'idToken', token: { idToken: 'CS042-CARD', type: 'Central' } });
    assert.deepEqual(steps[3], { kind: 'waitFor', condition: { evseId: 1, chargingState: 'Charging' }, timeoutMs: 60_000 });
    assert.deepEqual(steps[5], {
      kind: 'fault',
      fault: { type: 'answer', rule: { action: 'RequestStopTransaction', times: 1, answer: 'withhold' } },
    });
    assert.deepEqual(steps[6], { kind: 'fault', fault: { type: 'cut-link', offlineMs: 5000 } });
    assert.deepEqual(steps[8], { kind: 'wait', ms: 2500 });
  });

  it('JSON is read as well', () => {
    const scenario = parseScenario('{"steps":[{"plug":{"evseId":2}}]}');
    assert.deepEqual(scenarioSteps(scenario, 'X'), [{ kind: 'plug', evseId: 2, ev: {} }]);
    const failing = parseScenario('{"steps":[{"plug":{"evseId":1,"lockFails":true}}]}');
    assert.deepEqual(scenarioSteps(failing, 'X'), [{ kind: 'plug', evseId: 1, ev: {}, lockFails: true }], 'G05: a lock that will fail');
    assert.throws(() => parseScenario('{"steps":[{"plug":{"evseId":1,"lockFails":"yes"}}]}'), /plug: lockFails must be true or false/);
  });

  it('not YAML: says so, with the parser line', () => fails('steps: [ {plug: ', /session\.yaml: not YAML or JSON/));
  it('no steps: the schema names what is missing', () => fails('name: x', /session\.yaml: the file must have required property 'steps'/));
  it('an unknown step', () => fails('steps:\n  - dance: {}', /steps\.0 must NOT have additional properties/));
  it('two actions in one step', () =>
    fails('steps:\n  - { unplug: { evseId: 1 }, wait: 1 }', /steps\.0 must NOT have more than 1 properties/));
  it('a condition on something the station does not report', () =>
    fails('steps:\n  - waitFor: { colour: red }', /steps\.0\.waitFor must NOT have additional properties/));
  it('a wrong connector status', () => fails('steps:\n  - expect: { status: Busy }', /steps\.0\.expect\.status must be equal to one of/));
  it('a bad EV field gets the control API reason, at its step', () =>
    fails(
      'steps:\n  - wait: 1\n  - plug: { evseId: 1, ev: { socPercent: 120 } }',
      /session\.yaml: steps\[1\]\.plug: socPercent 120 is out of range/,
    ));
  it('a bad fault gets the control API reason', () =>
    fails('steps:\n  - fault: { type: answer, action: Reset, answer: ignore }', /steps\[0\]\.fault: answer must be one of withhold/));
  it('plug without an EVSE', () => fails('steps:\n  - plug: {}', /steps\[0\]\.plug: evseId must be a positive integer/));
  it('expect with a timeout', () =>
    fails('steps:\n  - expect: { connected: true, timeoutS: 5 }', /steps\[0\]\.expect: timeoutS is only for waitFor/));
  it('a wait of no time', () => fails('steps:\n  - wait: 0', /steps\.0\.wait must be > 0/));
});
