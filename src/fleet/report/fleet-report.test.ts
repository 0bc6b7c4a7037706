// The report as data: rows per action with their outcomes and percentiles in ms, a total over
// all actions, the timeline from the start to the end of the run, and a CSMS URL without secrets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fleetReport, publicUrl, REPORT_FORMAT } from './fleet-report.js';
import { RUN, sampleStats } from './report.test-harness.js';

describe('fleet report: the JSON report', () => {
  it('has a row per action, most calls first, with outcomes and percentiles in ms', () => {
    const report = fleetReport(sampleStats(), RUN);
    assert.equal(report.format, REPORT_FORMAT);
    assert.deepEqual(
      report.actions.map((a) => a.action),
      ['Heartbeat', 'BootNotification', 'StatusNotification'],
    );
    const [heartbeat, boot, status] = report.actions;
    assert.equal(heartbeat?.count, 100);
    assert.equal(heartbeat?.ok, 100);
    assert.ok(Math.abs(heartbeat!.latencyMs!.p50 - 50) <= 0.06);
    assert.ok(Math.abs(heartbeat!.latencyMs!.p95 - 95) <= 0.1);
    assert.ok(Math.abs(heartbeat!.latencyMs!.p99 - 99) <= 0.1);
    assert.ok(Math.abs(heartbeat!.latencyMs!.max - 100) <= 0.1);
    assert.ok(Math.abs(heartbeat!.latencyMs!.mean - 50.5) <= 0.06);
    assert.deepEqual(
      { ...boot, latencyMs: undefined },
      {
        action: 'BootNotification',
        count: 2,
        ok: 1,
        errors: { InternalError: 1 },
        invalid: 0,
        timeouts: 0,
        latencyMs: undefined,
      },
    );
    assert.equal(status?.timeouts, 1);
    assert.equal(status?.latencyMs, null, 'a timeout has no response time');
  });

  it('totals every action', () => {
    const { total } = fleetReport(sampleStats(), RUN);
    assert.equal(total.action, 'all');
    assert.equal(total.count, 103);
    assert.equal(total.ok, 101);
    assert.deepEqual(total.errors, { InternalError: 1 });
    assert.equal(total.timeouts, 1);
    assert.ok(Math.abs(total.latencyMs!.max - 100) <= 0.1);
    assert.ok(Math.abs(total.latencyMs!.min - 1) <= 0.01);
  });

  it('has a timeline of 1-s buckets from the start to the end of the run, quiet seconds included', () => {
    const { timeline } = fleetReport(sampleStats(), RUN);
    assert.equal(timeline.bucketS, 1);
    assert.deepEqual(
      timeline.points.map((p) => [p.startS, p.completed, p.perS, p.errors, p.timeouts]),
      [
        [0, 0, 0, 0, 0],
        [1, 100, 100, 0, 0],
        [2, 0, 0, 0, 0],
        [3, 3, 3, 1, 1],
        [4, 0, 0, 0, 0],
      ],
    );
    assert.equal(timeline.points[0]?.p95Ms, null);
    const p95 = timeline.points[1]?.p95Ms ?? 0;
    assert.ok(Math.abs(p95 - 95) <= 95 * 0.07, `p95 ${p95}`);
  });

  it('carries the run as given, with the CSMS URL stripped of credentials and query', () => {
    const report = fleetReport(sampleStats(), { ...RUN, csmsUrl: 'wss://user:secret@csms.example/ocpp?token=abc#x' });
    assert.equal(report.run.csmsUrl, 'wss://csms.example/ocpp');
    assert.equal(report.run.stations, 3);
    assert.equal(publicUrl('not a url'), '(not a URL)');
    assert.doesNotMatch(JSON.stringify(report), /secret|token/);
  });
});
