import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fleetReport } from './fleet-report.js';
import { RUN, sampleStats } from './report.test-harness.js';
import { timelineChart } from './timeline-chart.js';

describe('fleet report: plots over time', () => {
  it('draws a line per series through the buckets that have a value, leaving gaps for the others', () => {
    const { timeline } = fleetReport(sampleStats(), RUN);
    const svg = timelineChart(
      't',
      timeline.points,
      timeline.bucketS,
      [
        { key: 'perS', label: 'per s' },
        { key: 'p95Ms', label: 'p95' },
      ],
      'x',
    ).html;
    const path = (key: string): string => new RegExp(`data-series="${key}" data-points="5" d="([^"]+)"`).exec(svg)?.[1] ?? '';
    // Throughput has a value in every bucket: one stroke of 5 points.
    assert.equal(path('perS').match(/[ML]/g)?.join(''), 'MLLLL');
    // p95 only in seconds 1 and 3: two separate points.
    assert.equal(path('p95Ms').match(/[ML]/g)?.join(''), 'MM');
    assert.match(svg, /seconds since start/);
  });

  it('on a log axis, puts a value ten times larger a decade higher', () => {
    const { timeline } = fleetReport(sampleStats(), RUN);
    const points = timeline.points.map((p, i) => ({ ...p, p95Ms: i === 1 ? 1 : i === 3 ? 10 : null }));
    const svg = timelineChart('t', points, 1, [{ key: 'p95Ms', label: 'p95' }], 'ms', 'log').html;
    const ys = [...(/data-series="p95Ms"[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? '').matchAll(/M[\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    assert.equal(ys.length, 2);
    // Decades 1..10 span the whole plot height (200).
    assert.ok(Math.abs(ys[0]! - ys[1]! - 200) < 0.2, String(ys));
  });
});
