// `ocpp-station fleet --report FILE.json --report-html FILE.html` as users run it: a real fleet
// with sessions against the built-in CSMS, then the files and the table on stdout.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { FleetReport } from '../fleet/report/fleet-report.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fleet-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], timeout: number): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data));
    child.stderr.on('data', (data: Buffer) => (stderr += data));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('ocpp-station fleet --report: bad paths are usage errors at the start', () => {
  for (const flag of ['--report', '--report-html']) {
    it(`${flag} in a missing directory: exit 2 before any station starts`, () => {
      const missing = join(dir, 'no-such-dir', 'r.out');
      const { status, stdout, stderr } = spawnSync(process.execPath, [MAIN, 'fleet', '--count', '2', flag, missing], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      assert.equal(status, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`^ocpp-station: ${flag} .*no-such-dir.*: directory .* does not exist or is not writable\\n$`));
    });
  }

  it('--report and --report-html naming the same file: exit 2', () => {
    const file = join(dir, 'same');
    const { status, stderr } = spawnSync(process.execPath, [MAIN, 'fleet', '--count', '2', '--report', file, '--report-html', file], {
      encoding: 'utf8',
    });
    assert.equal(status, 2, stderr);
    assert.match(stderr, /name the same file/);
  });

  it('--report naming a directory: exit 2', () => {
    const { status, stderr } = spawnSync(process.execPath, [MAIN, 'fleet', '--count', '2', '--report', dir], { encoding: 'utf8' });
    assert.equal(status, 2, stderr);
    assert.match(stderr, /is a directory/);
  });
});

describe('ocpp-station fleet --report: a real run', { timeout: 40_000 }, () => {
  it('writes per-action counts and sane percentiles (JSON) summed over 2 worker threads, the HTML page, and prints the table after the summary', async () => {
    const json = join(dir, 'run.json');
    const html = join(dir, 'run.html');
    const { status, stdout, stderr } = await run(
      [
        'fleet',
        '--count',
        '20',
        '--sessions',
        '--duration',
        '8',
        '--ramp-per-s',
        '100',
        '--workers',
        '2',
        '--set',
        'OCPPCommCtrlr/HeartbeatInterval=2',
        '--report',
        json,
        '--report-html',
        html,
      ],
      30_000,
    );
    assert.equal(status, 0, stderr);
    const report = JSON.parse(readFileSync(json, 'utf8')) as FleetReport;
    assert.equal(report.format, 'ocpp-station.fleet-report/1');
    assert.equal(report.run.stations, 20);
    assert.equal(report.run.builtInCsms, true);
    assert.equal(report.run.stopReason, 'duration');
    assert.ok(report.run.durationS >= 8 && report.run.durationS < 9, String(report.run.durationS));
    for (const action of ['BootNotification', 'Heartbeat', 'StatusNotification']) {
      const row = report.actions.find((a) => a.action === action);
      assert.ok(row && row.count > 0, `${action} has calls`);
      assert.equal(row.ok, row.count, `${action}: the built-in CSMS answers every call`);
      const l = row.latencyMs!;
      assert.ok(0 < l.min && l.min <= l.p50 && l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max && l.max < 5000, JSON.stringify(l));
    }
    assert.equal(report.actions.find((a) => a.action === 'BootNotification')?.count, 20);
    assert.equal(report.timeline.bucketS, 1);
    // The tallies start as the worker threads build their first stations, a moment or two before the run's clock.
    const buckets = report.timeline.points.length;
    assert.ok(buckets >= 8 && buckets <= 11, `${buckets} one-second buckets for an 8 s run`);
    assert.equal(report.timeline.points.reduce((sum, p) => sum + p.completed, 0) <= report.total.count, true);
    assert.match(readFileSync(html, 'utf8'), /data-testid="latency-chart"/);
    // The table comes after the summary line.
    const lines = stdout.split('\n');
    const summary = lines.findIndex((line) => line.startsWith('summary: '));
    assert.ok(summary > 0, stdout);
    assert.match(lines[summary + 1] ?? '', /^action\s+count\s+ok\s+errors\s+timeouts\s+p50 ms/);
    assert.ok(lines.some((line) => /^Heartbeat\s+\d+/.test(line)));
    assert.ok(lines.some((line) => /^all\s+\d+/.test(line)));
    assert.ok(existsSync(html));
  });
});
