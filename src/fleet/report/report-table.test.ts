import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fleetReport } from './fleet-report.js';
import { RUN, sampleStats } from './report.test-harness.js';
import { reportTable } from './report-table.js';

describe('fleet report: the table printed on exit', () => {
  it('has a header, a row per action and the total, columns aligned, then the error codes', () => {
    const lines = reportTable(fleetReport(sampleStats(), RUN)).split('\n');
    assert.match(lines[0]!, /^action\s+count\s+ok\s+errors\s+timeouts\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms$/);
    assert.match(lines[1]!, /^Heartbeat\s+100\s+100\s+0\s+0\s+50\.\d\s+95\.\d\s+99\.\d\s+100\.\d$/);
    assert.match(lines[2]!, /^BootNotification\s+2\s+1\s+1\s+0\s+/);
    assert.match(lines[3]!, /^StatusNotification\s+1\s+0\s+0\s+1\s+-\s+-\s+-\s+-$/);
    assert.match(lines[4]!, /^all\s+103\s+101\s+1\s+1\s+/);
    assert.equal(lines[5], 'errors of BootNotification: InternalError=1');
    assert.equal(lines.length, 6);
    const width = lines[0]!.length;
    for (const line of lines.slice(1, 5)) assert.equal(line.length, width, line);
  });
});
