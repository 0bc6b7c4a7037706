// Scenarios run by the engine against a real station over a real WebSocket to the built-in
// CSMS, on the station's fake clock: a card session that passes, a fault step the CSMS feels,
// and the two ways a scenario fails (an expect that does not hold, a waitFor that times out).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { OcppError } from '../../src/rpc/errors.js';
import { runScenario, type ScenarioResult } from '../../src/scenario/run-scenario.js';
import { parseScenario, scenarioSteps } from '../../src/scenario/scenario.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(() => csms.close());

/** Runs the scenario on a new station, moving its clock a second at a time until the run ends. */
async function run(
  id: string,
  yaml: string,
  during?: (t: TestRuntime) => Promise<void>,
): Promise<{ result: ScenarioResult; t: TestRuntime }> {
  const t = makeTestRuntime({ id, csmsUrl: csms.url });
  try {
    t.runtime.start();
    const running = runScenario(new VirtualWallbox(t.runtime, t.hardware), scenarioSteps(parseScenario(yaml), id), t.clock);
    let result: ScenarioResult | undefined;
    void running.then((r) => (result = r));
    await waitFor(() => {
      if (result === undefined) t.clock.advance(1000);
      return result !== undefined;
    }, `scenario on ${id} finished`);
    await during?.(t);
    return { result: result!, t };
  } finally {
    await t.stop();
  }
}

describe('scenarios against the built-in CSMS', () => {
  it('G05.FR.02 – a plug step with lockFails: the station reports the lock problem with a NotifyEvent and does not charge', async () => {
    const { result } = await run(
      'SCN-LOCK',
      `steps:
  - waitFor: { registration: Accepted }
  - plug: { evseId: 1, lockFails: true }
  - idToken: { idToken: "\${id}", type: Central }
  - waitFor: { frame: { action: NotifyEvent, direction: out } }
  - wait: 5
  - expect: { evseId: 1, transaction: true }
`,
    );
    assert.equal(result.passed, true, JSON.stringify(result.steps.filter((s) => !s.ok)));
    const events = (csms.store.requests('SCN-LOCK') ?? []).filter((r) => r.action === 'NotifyEvent');
    const lock = events.flatMap((r) => (r.request as { eventData: { component: { name: string } }[] }).eventData);
    assert.ok(
      lock.some((e) => e.component.name === 'ConnectorPlugRetentionLock'),
      'the lock problem reached the CSMS',
    );
    const charging = (csms.store.requests('SCN-LOCK') ?? []).filter(
      (r) =>
        r.action === 'TransactionEvent' &&
        (r.request as { transactionInfo: { chargingState?: string } }).transactionInfo.chargingState === 'Charging',
    );
    assert.equal(charging.length, 0, 'never Charging');
  });

  it('a card session: every step passes, and the CSMS saw the transaction start and end', async () => {
    const { result } = await run(
      'SCN-SESSION',
      `steps:
  - waitFor: { registration: Accepted }
  - plug: { evseId: 1 }
  - idToken: { idToken: "\${id}", type: Central }
  - waitFor: { evseId: 1, chargingState: Charging }
  - expect: { evseId: 1, status: Occupied, transaction: true }
  - wait: 30
  - unplug: { evseId: 1 }
  - waitFor: { evseId: 1, transaction: false, frame: { action: TransactionEvent, direction: out } }
  - expect: { frame: { action: StatusNotification, direction: out } }
`,
    );
    assert.equal(result.passed, true, JSON.stringify(result.steps.filter((s) => !s.ok)));
    assert.equal(result.steps.length, 9);
    assert.ok(result.steps[5]!.ms >= 30_000, 'wait 30 ran 30 s on the station clock');
    const events = (csms.store.requests('SCN-SESSION') ?? []).filter((r) => r.action === 'TransactionEvent');
    const types = events.map((r) => (r.request as { eventType: string }).eventType);
    assert.equal(types[0], 'Started');
    assert.equal(types.at(-1), 'Ended');
    assert.equal(
      (events[0]!.request as { idToken?: { idToken: string } }).idToken?.idToken ??
        (events[1]!.request as { idToken?: { idToken: string } }).idToken?.idToken,
      'SCN-SESSION',
    );
  });

  it('a fault step: the next Reset from the CSMS is answered with the CALLERROR the scenario asked for', async () => {
    await run(
      'SCN-FAULT',
      `steps:
  - waitFor: { registration: Accepted }
  - fault: { type: answer, action: Reset, answer: callError, code: NotSupported }
`,
      async () => {
        await assert.rejects(
          csms.call('SCN-FAULT', 'Reset', { type: 'Immediate' }),
          (e: unknown) => e instanceof OcppError && e.code === 'NotSupported',
        );
      },
    );
  });

  it('an expect that does not hold fails the scenario there, says why, and runs no further step', async () => {
    let plugged = false;
    const { result } = await run(
      'SCN-EXPECT',
      `steps:
  - expect: { evseId: 1, status: Occupied }
  - plug: { evseId: 1 }
`,
      async (t) => {
        plugged = t.hardware.cable(1, 1) === 'plugged';
      },
    );
    assert.equal(result.passed, false);
    assert.equal(result.steps.length, 1);
    assert.equal(result.steps[0]!.error, 'EVSE 1 status is "Available", not "Occupied"');
    assert.equal(plugged, false);
  });

  it('a waitFor that is not met within its timeout, on the station clock, fails with what was missing', async () => {
    const { result } = await run(
      'SCN-TIMEOUT',
      `steps:
  - waitFor: { evseId: 1, transaction: true, timeoutS: 10 }
`,
    );
    assert.equal(result.passed, false);
    assert.equal(result.steps[0]!.error, 'not within 10 s: EVSE 1 transaction is false, not true');
    assert.ok(result.steps[0]!.ms >= 10_000 && result.steps[0]!.ms < 12_000);
  });

  it('a step the station refuses (unplug with nothing plugged) fails with the control API reason', async () => {
    const { result } = await run('SCN-REFUSED', 'steps:\n  - unplug: { evseId: 1 }\n');
    assert.deepEqual(
      result.steps.map(({ ms: _ms, ...step }) => step),
      [{ index: 0, kind: 'unplug', ok: false, error: 'EVSE 1 is not plugged' }],
    );
  });
});
