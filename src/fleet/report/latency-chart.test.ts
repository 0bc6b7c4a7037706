import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fleetReport } from './fleet-report.js';
import { LATENCY_STATS, latencyChart } from './latency-chart.js';
import { RUN, sampleStats } from './report.test-harness.js';

const bar = (svg: string, action: string, stat: string) =>
  new RegExp(`<rect class="bar ${stat}" data-action="${action}" data-stat="${stat}" data-ms="([\\d.]+)"[^>]* width="([\\d.]+)"`).exec(svg);

describe('fleet report: latency plot', () => {
  it('draws p50, p95, p99 and max of each answered action as bars, longer for slower', () => {
    const svg = latencyChart(fleetReport(sampleStats(), RUN).actions).html;
    assert.match(svg, /^<svg class="chart" data-testid="latency-chart"/);
    for (const action of ['Heartbeat', 'BootNotification']) {
      const widths = LATENCY_STATS.map((stat) => {
        const match = bar(svg, action, stat);
        assert.ok(match, `${action} ${stat}`);
        return Number(match[2]);
      });
      assert.deepEqual(
        [...widths].sort((a, b) => a - b),
        widths,
        `${action}: p50 ≤ p95 ≤ p99 ≤ max`,
      );
    }
    assert.ok(Number(bar(svg, 'Heartbeat', 'max')![2]) > Number(bar(svg, 'BootNotification', 'max')![2]));
    // StatusNotification only timed out: nothing to draw.
    assert.doesNotMatch(svg, /data-action="StatusNotification"/);
  });

  it('says so when no call was answered', () => {
    assert.match(latencyChart([]).html, /No answered calls/);
  });
});
