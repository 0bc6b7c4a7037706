// `ocpp-station fleet` as users run it: a child process of the built CLI.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FleetReport } from '../fleet/report/fleet-report.js';
import { defaultWorkers, parseFleetArgs } from './fleet-command.js';
import { UsageError } from './usage-error.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;

function run(args: string[], timeout = 10_000) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout, env: { ...process.env, LOG_LEVEL: 'silent' } });
}

describe('ocpp-station fleet options', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(parseFleetArgs(['--count', '3']), {
      count: 3,
      csmsUrl: undefined,
      idPrefix: 'FLEET-',
      evses: 1,
      rampPerS: 50,
      dataDir: undefined,
      sessions: false,
      durationS: undefined,
      overrides: {},
      shard: undefined,
      metricsPort: undefined,
      workers: defaultWorkers(),
      heap: 'speed',
      compression: false,
      scenario: undefined,
      reportJson: undefined,
      reportHtml: undefined,
      rootCertificates: {},
    });
    const all = parseFleetArgs([
      '--count=5',
      '--csms',
      'ws://h:9000/ocpp',
      '--id-prefix',
      'LT-',
      '--evses',
      '2',
      '--ramp-per-s',
      '10',
      '--sessions',
      '--duration',
      '60',
      '--set',
      'OCPPCommCtrlr/HeartbeatInterval=30',
      '--shard',
      '2/3',
      '--metrics-port',
      '0',
      '--workers',
      '3',
      '--scenario',
      'reconnect.yaml',
      '--heap',
      'size',
      '--compression',
    ]);
    assert.equal(all.workers, 3);
    assert.equal(all.compression, true);
    assert.equal(all.heap, 'size');
    assert.equal(all.scenario, 'reconnect.yaml');
    assert.deepEqual(all.shard, { index: 2, of: 3 });
    assert.equal(all.metricsPort, 0);
    assert.equal(all.idPrefix, 'LT-');
    assert.equal(all.sessions, true);
    assert.equal(all.durationS, 60);
    assert.deepEqual(all.overrides, { 'OCPPCommCtrlr/HeartbeatInterval': '30' });
  });

  it('throws a UsageError for unknown, missing or out-of-range options', () => {
    for (const argv of [
      [],
      ['--count', '0'],
      ['--count', '3', '--bogus'],
      ['--count', '3', 'extra'],
      ['--count', '3', '--evses', '65'],
      ['--count', '3', '--ramp-per-s', '0'],
      ['--count', '3', '--duration', '1.5'],
      ['--count', '3', '--id-prefix', 'a:b'],
      ['--count', '3', '--set', 'x'],
      ['--count', '3', '--shard', '0/2'],
      ['--count', '3', '--shard', '3/2'],
      ['--count', '3', '--shard', '1/4'],
      ['--count', '3', '--shard', '1'],
      ['--count', '3', '--metrics-port', '65536'],
      ['--count', '3', '--workers', '0'],
      ['--count', '3', '--workers', '65'],
      ['--count', '3', '--workers', '2.5'],
      ['--count', '3', '--heap', 'fast'],
      ['--count', '3', '--heap', ''],
    ]) {
      assert.throws(() => parseFleetArgs(argv), UsageError, argv.join(' '));
    }
  });
});

describe('ocpp-station fleet: bad input gets one line and exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --count', ['fleet'], /--count is required/],
    ['--count not a number', ['fleet', '--count', 'many'], /--count many/],
    ['--count too large', ['fleet', '--count', '100001'], /--count 100001/],
    ['unknown option', ['fleet', '--count', '2', '--bogus'], /Unknown option '--bogus'/],
    ['--ramp-per-s zero', ['fleet', '--count', '2', '--ramp-per-s', '0'], /--ramp-per-s 0/],
    ['--duration negative', ['fleet', '--count', '2', '--duration', '-1'], /--duration/],
    ['--id-prefix too long', ['fleet', '--count', '2', '--id-prefix', 'x'.repeat(44)], /--id-prefix/],
    ['--csms not a WebSocket URL', ['fleet', '--count', '2', '--csms', 'http://h/o'], /--csms http:\/\/h\/o/],
    ['--set unknown variable', ['fleet', '--count', '2', '--set', 'Foo/Bar=1'], /Foo\/Bar: no such variable/],
    ['--shard not I/N', ['fleet', '--count', '2', '--shard', 'two'], /--shard two: expected I\/N/],
    ['--shard index above N', ['fleet', '--count', '4', '--shard', '3/2'], /--shard 3\/2/],
    ['--shard index zero', ['fleet', '--count', '4', '--shard', '0/2'], /--shard 0\/2/],
    ['--shard N above --count', ['fleet', '--count', '2', '--shard', '1/3'], /--shard 1\/3/],
    ['--workers zero', ['fleet', '--count', '2', '--workers', '0'], /--workers 0: expected an integer from 1 to 64/],
    ['--workers above 64', ['fleet', '--count', '2', '--workers', '65'], /--workers 65/],
    ['--heap neither speed nor size', ['fleet', '--count', '2', '--heap', 'small'], /--heap small: expected speed or size$/m],
    ['--heap without a value', ['fleet', '--count', '2', '--heap'], /--heap/],
    ['--scenario missing file', ['fleet', '--count', '2', '--scenario', 'no-such.yaml'], /no-such\.yaml: ENOENT/],
    ['--metrics-port not a port', ['fleet', '--count', '2', '--metrics-port', '70000'], /--metrics-port 70000/],
    ['--set value out of range', ['fleet', '--count', '2', '--set', 'OCPPCommCtrlr/WebSocketPingInterval=-1'], /WebSocketPingInterval/],
    ['--mo-root missing file', ['fleet', '--count', '2', '--mo-root', 'no-such.pem'], /--mo-root no-such\.pem: ENOENT/],
    ['--csms-root not a certificate', ['fleet', '--count', '2', '--csms-root', MAIN], /--csms-root .*: no PEM certificate/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: ${args.join(' ')}`, () => {
      const { status, stderr } = run(args);
      assert.equal(status, 2, stderr);
      assert.match(stderr, message);
      assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
      assert.match(stderr, /^ocpp-station: /);
    });
  }
});

describe('ocpp-station fleet --version', () => {
  it('prints the package version and exits 0, as run does', () => {
    const { status, stdout } = run(['fleet', '--version']);
    assert.equal(status, 0);
    assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('ocpp-station fleet run', () => {
  it('starts the built-in CSMS, brings 5 stations to Accepted and prints a summary after --duration', () => {
    const { status, stdout, stderr } = run(['fleet', '--count', '5', '--ramp-per-s', '100', '--duration', '2'], 20_000);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^csms: ws:\/\/127\.0\.0\.1:\d+\/ocpp$/m);
    assert.match(stdout, /^stopped \(duration\)$/m);
    assert.match(stdout, /^summary: .*stations=5 accepted=5 all-accepted-after=\d+\.\ds /m);
    assert.doesNotMatch(stdout, /heap=/, 'speed, the default, goes unsaid');
  });

  it('--heap size over 2 worker threads: every station Accepted, then optimized for size; the summary and the report say so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-heap-'));
    try {
      const file = join(dir, 'report.json');
      const args = [
        'fleet',
        '--count',
        '4',
        '--workers',
        '2',
        '--heap',
        'size',
        '--ramp-per-s',
        '100',
        '--duration',
        '6',
        '--report',
        file,
      ];
      const { status, stdout, stderr } = run(args, 30_000);
      assert.equal(status, 0, stderr);
      // At the first status line (5 s) after every station was Accepted, not before the boot.
      assert.match(stdout, /^heap: optimized for size from now on \(every station Accepted\)$/m);
      assert.ok(stdout.indexOf('heap: optimized') > stdout.indexOf('csms: '), 'switched once the fleet was up');
      assert.match(stdout, /^summary: workers=2 heap=size .*stations=4 accepted=4 /m);
      assert.equal((JSON.parse(readFileSync(file, 'utf8')) as FleetReport).run.heap, 'size');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
