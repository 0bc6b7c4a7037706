import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fleetReport } from './fleet-report.js';
import { checkReportPath, writeReportFiles } from './report-files.js';
import { RUN, sampleStats } from './report.test-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-report-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('fleet report: the files', () => {
  it('a path in an existing directory is fine; a missing directory or a directory is not', () => {
    assert.deepEqual(checkReportPath(join(dir, 'r.json')), { path: join(dir, 'r.json') });
    assert.match((checkReportPath(join(dir, 'nope', 'r.json')) as { problem: string }).problem, /does not exist/);
    assert.match((checkReportPath(dir) as { problem: string }).problem, /is a directory/);
  });

  it('writes the JSON and the HTML', () => {
    const report = fleetReport(sampleStats(), RUN);
    writeReportFiles(report, { json: join(dir, 'r.json'), html: join(dir, 'r.html') });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')), JSON.parse(JSON.stringify(report)));
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /data-testid="latency-chart"/);
  });
});
