// `ocpp-station fleet --scenario FILE`: every station runs the scenario of `run --scenario` once
// Accepted; the run ends when all are done and exits 0 only when every one passed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalCsms, startLocalCsms } from '../csms/local-csms.js';
import type { TransactionEventRequest } from '../generated/ocpp201/index.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;

// A card session per station, through a reconnect wave: every station loses its link mid-session.
const SESSION_THROUGH_RECONNECT = `name: card session through a reconnect wave
steps:
  - plug: { evseId: 1 }
  - idToken: { idToken: "\${id}-CARD", type: Central }
  - waitFor: { evseId: 1, transaction: true, timeoutS: 20 }
  - fault: { type: cut-link, offlineS: 1 }
  - waitFor: { connected: false, timeoutS: 5 }
  - waitFor: { connected: true, timeoutS: 20 }
  - unplug: { evseId: 1 }
  - waitFor: { evseId: 1, transaction: false, frame: { action: TransactionEvent, direction: out }, timeoutS: 20 }
`;

const EXPECT_FAULTED = `name: every connector is faulted
steps:
  - expect: { evseId: 1, status: Faulted }
`;

/** Runs the fleet to its end; its exit code and what it printed. */
async function runFleet(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [MAIN, 'fleet', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 60_000,
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout };
}

describe('ocpp-station fleet --scenario', () => {
  let csms: LocalCsms;
  let dir: string;
  before(async () => {
    csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
    dir = mkdtempSync(join(tmpdir(), 'fleet-scenario-'));
    writeFileSync(join(dir, 'session.yaml'), SESSION_THROUGH_RECONNECT);
    writeFileSync(join(dir, 'faulted.yaml'), EXPECT_FAULTED);
  });
  after(async () => {
    await csms.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cardsSeen = (id: string): string[] =>
    (csms.store.requests(id) ?? [])
      .filter((r) => r.action === 'TransactionEvent')
      .map((r) => (r.request as TransactionEventRequest).idToken?.idToken ?? '')
      .filter((card) => card !== '');

  for (const workers of ['1', '2']) {
    it(`--workers ${workers}: all 10 stations pass a session through a cut link; the fleet stops when they are done, exit 0`, async () => {
      const prefix = `SCN${workers}-`;
      const { code, stdout } = await runFleet([
        '--count',
        '10',
        '--workers',
        workers,
        '--id-prefix',
        prefix,
        '--ramp-per-s',
        '100',
        '--csms',
        csms.url,
        '--scenario',
        join(dir, 'session.yaml'),
      ]);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /^stopped \(scenarios done\)$/m);
      assert.match(stdout, /^summary: .*stations=10 accepted=10 .*scenarios=10 passed\/0 failed\/0 running /m);
      if (workers === '2') assert.match(stdout, /^summary: workers=2 /m);
      assert.doesNotMatch(stdout, /scenario failed/);
      for (let i = 1; i <= 10; i++) {
        const id = `${prefix}${String(i).padStart(5, '0')}`;
        // ${id} is filled in per station: each charged with its own card.
        assert.ok(cardsSeen(id).includes(`${id}-CARD`), `${id} presented ${id}-CARD: ${cardsSeen(id)}`);
      }
    });
  }

  it('--workers 2: an expect that fails on every station fails the run with exit 1, the first failures word for word', async () => {
    const { code, stdout } = await runFleet([
      '--count',
      '12',
      '--workers',
      '2',
      '--id-prefix',
      'FAIL-',
      '--ramp-per-s',
      '100',
      '--csms',
      csms.url,
      '--scenario',
      join(dir, 'faulted.yaml'),
    ]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^stopped \(scenarios done\)$/m);
    assert.match(stdout, /^summary: workers=2 .*scenarios=0 passed\/12 failed\/0 running /m);
    const failures = stdout.split('\n').filter((line) => line.startsWith('scenario failed: '));
    assert.equal(failures.length, 11, 'ten failures kept, then how many more');
    assert.match(failures[0]!, /^scenario failed: FAIL-000\d\d: step 1\/1 expect: EVSE 1 status is "Available", not "Faulted"$/);
    assert.equal(failures[10], 'scenario failed: ... and 2 more');
  });
});
