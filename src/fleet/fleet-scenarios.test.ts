import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../test/support/wait.js';
import { systemClock } from '../clock/clock.js';
import { type LocalCsms, startLocalCsms } from '../csms/local-csms.js';
import { silentLogger } from '../log/logger.js';
import { parseScenario } from '../scenario/scenario.js';
import { Fleet } from './fleet.js';
import { failureLine } from './fleet-scenarios.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600, bootStatus: 'Pending', bootRetryIntervalS: 1 });
});
after(async () => {
  await csms.close();
});

describe('fleet scenarios', () => {
  it('B02 – a station runs its scenario only once Accepted, not while Pending; the fleet counts each verdict', async () => {
    const scenario = parseScenario(`steps:
  - expect: { registration: Accepted, connected: true }
  - plug: { evseId: 1 }
  - waitFor: { evseId: 1, status: Occupied, timeoutS: 10 }
  - expect: { evseId: 2, status: Available }
`);
    const fleet = new Fleet({
      count: 3,
      evses: 2,
      csmsUrl: csms.url,
      idPrefix: 'PEND-',
      rampPerS: 1000,
      scenario,
      clock: systemClock,
      log: silentLogger,
    });
    try {
      await fleet.start();
      await waitFor(
        () => csms.store.list().filter((s) => s.id.startsWith('PEND-') && s.registration === 'Pending').length === 3,
        'three boots answered Pending',
        10_000,
      );
      assert.deepEqual(
        [fleet.stats().scenariosRunning, fleet.stats().scenariosPassed, fleet.stats().scenariosFailed],
        [0, 0, 0],
        'no scenario while Pending',
      );
      csms.setBootStatus('Accepted');
      await fleet.scenarios!.done();
      const stats = fleet.stats();
      assert.deepEqual([stats.scenariosPassed, stats.scenariosFailed, stats.scenariosRunning], [3, 0, 0]);
      assert.deepEqual(fleet.scenarios!.failures(), []);
    } finally {
      await fleet.stop();
    }
  });

  it('a step that only this station’s id makes wrong (an idToken over 36 characters) fails its scenario, not the fleet', async () => {
    csms.setBootStatus('Accepted');
    // With the stand-in id of the check on reading, the token has 30 characters; with LONG-PREFIX-00001, 37.
    const scenario = parseScenario(`steps:\n  - idToken: { idToken: "\${id}XXXXXXXXXXXXXXXXXXXX" }\n`);
    const fleet = new Fleet({
      count: 2,
      csmsUrl: csms.url,
      idPrefix: 'LONG-PREFIX-',
      rampPerS: 1000,
      scenario,
      clock: systemClock,
      log: silentLogger,
    });
    try {
      await fleet.start();
      await fleet.scenarios!.done();
      assert.equal(fleet.stats().scenariosFailed, 2);
      assert.match(
        fleet.scenarios!.failures()[0]!,
        /^LONG-PREFIX-0000[12]: scenario: steps\[0\]\.idToken: idToken must be 1 to 36 characters$/,
      );
      assert.equal(fleet.stats().accepted, 2, 'the stations run on');
    } finally {
      await fleet.stop();
    }
  });

  it('a failure names the station, the step and why', () => {
    const failed = {
      passed: false,
      steps: [
        { index: 0, kind: 'wait' as const, ok: true, ms: 1000 },
        { index: 1, kind: 'expect' as const, ok: false, ms: 0, error: 'connected is false, not true' },
      ],
    };
    assert.equal(failureLine('CS7', failed, 4), 'CS7: step 2/4 expect: connected is false, not true');
    assert.equal(failureLine('CS8', { passed: false, steps: [] }, 3, 'Error: boom'), 'CS8: Error: boom');
  });
});
