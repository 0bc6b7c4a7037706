// The `ocpp-station` command as users run it: a real child process of the built CLI.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TestEms } from '../../test/support/modbus-ems-server.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'ocpp-cli-'));

function runFails(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('ocpp-station: bad input gets one line and exit code 2', () => {
  const badConfig = join(dataDir, 'bad.json');
  writeFileSync(badConfig, '{"vendorName": 5}');
  const badScenario = join(dataDir, 'bad-scenario.yaml');
  writeFileSync(badScenario, 'steps:\n  - plug: {}\n');
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /missing command/],
    ['unknown command', ['fly'], /unknown command fly \(run, csms, fleet or local-controller\)/],
    ['unknown option', ['run', '--bogus'], /Unknown option '--bogus'/],
    ['option without value', ['run', '--id'], /argument missing|--id/],
    ['--evses not a number', ['run', '--evses', 'two'], /--evses two/],
    ['--evses zero', ['run', '--evses', '0'], /--evses 0/],
    ['--http out of range', ['run', '--http', '70000'], /--http 70000/],
    ['--security-profile 4', ['run', '--security-profile', '4'], /--security-profile 4/],
    ['--id with a colon', ['run', '--id', 'a:b'], /--id a:b/],
    ['--id longer than 48', ['run', '--id', 'x'.repeat(49)], /--id/],
    ['--set unknown variable', ['run', '--set', 'Foo/Bar=1'], /Foo\/Bar: no such variable/],
    ['--set malformed', ['run', '--set', 'HeartbeatInterval'], /expected Component\/Variable=value/],
    ['--set value out of range', ['run', '--set', 'OCPPCommCtrlr/WebSocketPingInterval=-1'], /WebSocketPingInterval/],
    ['--set value of the wrong type', ['run', '--set', 'OCPPCommCtrlr/HeartbeatInterval=often'], /HeartbeatInterval/],
    ['--config missing file', ['run', '--config', join(dataDir, 'none.json')], /cannot read --config/],
    ['--config wrong type', ['run', '--config', badConfig], /"vendorName" must be a string/],
    ['profile 1 without password', ['run', '--security-profile', '1'], /needs --basic-auth-password/],
    [
      'profile 2 on ws://',
      ['run', '--security-profile', '2', '--basic-auth-password', 'p'.repeat(16), '--csms', 'ws://h/o'],
      /needs --csms wss:/,
    ],
    ['profile 3 without certificate', ['run', '--security-profile', '3', '--csms', 'wss://h/o'], /needs --client-cert/],
    ['--csms not a WebSocket URL', ['run', '--csms', 'http://h/o'], /--csms http:\/\/h\/o/],
    ['--scenario missing file', ['run', '--scenario', join(dataDir, 'none.yaml')], /none\.yaml: ENOENT/],
    ['--scenario with a bad step', ['run', '--scenario', badScenario], /steps\[0\]\.plug: evseId must be a positive integer/],
    ['--ems-modbus not a URL', ['run', '--ems-modbus', 'ems:502'], /--ems-modbus ems:502: ems: only tcp:\/\//],
    ['--ems-modbus without a register', ['run', '--ems-modbus', 'tcp://ems:502'], /--ems-modbus tcp:\/\/ems:502: register=N is missing/],
    ['--ems-modbus bad format', ['run', '--ems-modbus', 'tcp://ems?register=1&format=u8'], /format=u8: expected one of/],
    [
      '--ems-modbus bad word order',
      ['run', '--ems-modbus', 'tcp://ems?register=1&format=u32&words=big'],
      /words=big: expected one of high-first, low-first/,
    ],
    ['--ems-modbus unknown parameter', ['run', '--ems-modbus', 'tcp://ems?register=1&slave=1'], /slave: unknown parameter/],
    [
      '--ems-modbus EVSE not there',
      ['run', '--evses', '2', '--ems-modbus', 'tcp://ems?register=1&evse=3'],
      /evse=3: the station has 2 EVSE/,
    ],
    ['--ca unreadable', ['run', '--csms', 'ws://h/o', '--ca', join(dataDir, 'none.pem')], /--ca .*ENOENT/],
    ['local-controller without --csms', ['local-controller', '--port', '0', '--group-limit-w', '11000'], /--csms is required/],
    ['local-controller without --port', ['local-controller', '--csms', 'ws://h/o', '--group-limit-w', '11000'], /--port is required/],
    ['local-controller without --group-limit-w', ['local-controller', '--csms', 'ws://h/o', '--port', '0'], /--group-limit-w is required/],
    [
      'local-controller negative --group-limit-w',
      ['local-controller', '--csms', 'ws://h/o', '--port', '0', '--group-limit-w=-5'],
      /--group-limit-w -5: expected watts/,
    ],
    [
      'local-controller --csms not a WebSocket URL',
      ['local-controller', '--csms', 'http://h/o', '--port', '0', '--group-limit-w', '1'],
      /--csms http/,
    ],
    ['local-controller unknown option', ['local-controller', '--bogus'], /Unknown option '--bogus'/],
    [
      'local-controller --tls-cert without --tls-key',
      ['local-controller', '--csms', 'ws://h/o', '--port', '0', '--group-limit-w', '1', '--tls-cert', join(dataDir, 'cert.pem')],
      /--tls-cert and --tls-key go together/,
    ],
    [
      'local-controller --client-cert unreadable',
      [
        'local-controller',
        '--csms',
        'wss://h/o',
        '--port',
        '0',
        '--group-limit-w',
        '1',
        '--client-cert',
        join(dataDir, 'none.pem'),
        '--client-key',
        join(dataDir, 'none.key'),
      ],
      /--client-cert .*none\.pem: ENOENT/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: ${args.join(' ')}`, () => {
      const { status, stderr } = runFails(args);
      assert.equal(status, 2, stderr);
      assert.match(stderr, message);
      assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
      assert.match(stderr, /^ocpp-station: /);
    });
  }
});

describe('ocpp-station: a data directory it cannot use', () => {
  it('a corrupt station.db: one line naming the file, exit code 1, nothing else written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-cli-corrupt-'));
    const file = join(dir, 'station.db');
    writeFileSync(file, 'this is not a SQLite database, but it is long enough to have a header of sorts....');
    const { status, stderr } = runFails(['run', '--data-dir', dir, '--http', '0', '--csms', 'ws://127.0.0.1:9/ocpp']);
    assert.equal(status, 1);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, new RegExp(`^ocpp-station: ${file}: .*not a database`));
  });
});

/** `ocpp-station run ARGS` in a child process, once it has printed its dashboard and CSMS URLs. */
async function startRun(args: string[]) {
  const child = spawn(process.execPath, [MAIN, 'run', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  while (!/csms: .*\n/.test(out)) {
    const [chunk] = (await once(child.stdout, 'data')) as [string];
    out += chunk;
  }
  const dashboard = /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
  assert.ok(dashboard, out);
  return { child, out, dashboard };
}

describe('ocpp-station run', () => {
  it('prints the dashboard and CSMS URLs, boots against the built-in CSMS, serves /api/state, stops on SIGTERM', async () => {
    const { child, out, dashboard } = await startRun(['--http', '0', '--evses', '2', '--data-dir', dataDir]);
    assert.match(out, /^csms: ws:\/\/127\.0\.0\.1:\d+\/ocpp\/CS001$/m);

    let state: { registration: string | null; connected: boolean; evses: unknown[] } | undefined;
    for (let i = 0; i < 200 && state?.registration !== 'Accepted'; i++) {
      state = (await (await fetch(new URL('api/state', dashboard))).json()) as typeof state;
      if (state?.registration !== 'Accepted') await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(state?.registration, 'Accepted');
    assert.equal(state?.connected, true);
    assert.equal(state?.evses.length, 2);
    const page = await (await fetch(dashboard)).text();
    assert.match(page, /<title>[^<]+<\/title>/);
    const missing = await fetch(new URL('api/nothing', dashboard));
    assert.equal(missing.status, 404);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    assert.deepEqual(await exited, [0, null]);
  });
});

describe('ocpp-station run --ems-modbus', () => {
  it('K12.FR.01 – the limit the energy manager holds in its register becomes the station limit the dashboard shows; cleared, it is gone', async () => {
    const ems = await TestEms.start();
    ems.set(100, 4000);
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-cli-ems-'));
    const url = `tcp://127.0.0.1:${ems.port}?unit=1&register=100&format=u16&scale=1&poll=0.1&evse=0`;
    const { child, dashboard } = await startRun(['--http', '0', '--data-dir', dir, '--ems-modbus', url]);
    try {
      const stationLimit = async (wanted: number | null) => {
        let state: { smartCharging: { stationExternalLimitW: number | null } } | undefined;
        for (let i = 0; i < 500 && state?.smartCharging.stationExternalLimitW !== wanted; i++) {
          if (state) await new Promise((resolve) => setTimeout(resolve, 10));
          state = (await (await fetch(new URL('api/state', dashboard))).json()) as typeof state;
        }
        return state?.smartCharging.stationExternalLimitW;
      };
      assert.equal(await stationLimit(4000), 4000);
      ems.set(100, 0xffff);
      assert.equal(await stationLimit(null), null);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null]);
      await ems.stop();
    }
  });
});

describe('ocpp-station run --scenario', () => {
  const runScenario = (name: string, yaml: string) => {
    const file = join(dataDir, `${name}.yaml`);
    writeFileSync(file, yaml);
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-cli-scenario-'));
    return spawnSync(process.execPath, [MAIN, 'run', '--http', '0', '--data-dir', dir, '--id', 'SCN-CLI', '--scenario', file], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
  };

  it('runs the steps against the station and its built-in CSMS, prints a line per step, exits 0 when all pass', () => {
    const result = runScenario(
      'session',
      `name: card session
steps:
  - waitFor: { registration: Accepted, timeoutS: 20 }
  - plug: { evseId: 1 }
  - idToken: { idToken: "\${id}-CARD" }
  - waitFor: { evseId: 1, chargingState: Charging, timeoutS: 20 }
  - unplug: { evseId: 1 }
  - waitFor: { evseId: 1, transaction: false, frame: { action: TransactionEvent, direction: out }, timeoutS: 20 }
`,
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^step 4\/6 waitFor: ok/m);
    assert.match(result.stdout, /^scenario card session: passed$/m);
  });

  it('exits 1 and says which step failed and why when an expectation does not hold', () => {
    const result = runScenario(
      'failing',
      'steps:\n  - waitFor: { registration: Accepted, timeoutS: 20 }\n  - expect: { evseId: 1, status: Occupied }\n',
    );
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^step 2\/2 expect: FAILED: EVSE 1 status is "Available", not "Occupied"/m);
    assert.match(result.stdout, /failed$/m);
  });
});

describe('ocpp-station <command> --help', () => {
  for (const command of ['run', 'csms', 'fleet', 'local-controller']) {
    it(`${command} --help prints that command's usage and exits 0`, () => {
      const result = spawnSync(process.execPath, [MAIN, command, '--help'], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^usage: ocpp-station ${command} `));
      assert.equal(result.stderr, '');
    });
  }
});
