// The report's plots over time: one or more series of the timeline as lines over the seconds of
// the run, on a linear axis from 0 or a logarithmic one. A bucket without a value (no answered call) leaves a gap
// rather than a drop to zero.

import { linearScale, logScale, tickLabel } from './chart-scale.js';
import type { TimelinePoint } from './fleet-report.js';
import { el, type Markup } from './markup.js';

export interface Series {
  /** Also the CSS class of the line. */
  key: 'perS' | 'p50Ms' | 'p95Ms';
  label: string;
}

const LEFT = 56;
const PLOT_W = 720;
const PLOT_H = 200;
const TOP = 24;
const BOTTOM = 36;

export function timelineChart(
  testId: string,
  points: readonly TimelinePoint[],
  bucketS: number,
  series: readonly Series[],
  yTitle: string,
  axis: 'linear' | 'log' = 'linear',
): Markup {
  const values = (key: Series['key']): (number | null)[] => points.map((p) => p[key]);
  const all = series.flatMap((s) => values(s.key).filter((v): v is number => v !== null));
  const top = Math.max(0, ...all);
  // Response times over a run span decades (a ramp that keeps the event loop busy, then a quiet
  // steady state): on a linear axis the quiet part would be a flat line at zero.
  const y = axis === 'log' ? logScale(Math.min(top, ...all.filter((v) => v > 0)), top) : linearScale(top);
  const endS = Math.max(bucketS, points.length * bucketS);
  const x = linearScale(endS, 8);
  const px = (s: number): number => LEFT + x.at(s) * PLOT_W;
  const py = (v: number): number => TOP + (1 - y.at(v)) * PLOT_H;
  const width = LEFT + PLOT_W + 20;
  const height = TOP + PLOT_H + BOTTOM;

  const lines = series.map((s) => {
    let d = '';
    let pen = false;
    values(s.key).forEach((value, i) => {
      if (value === null) {
        pen = false;
        return;
      }
      // A point sits in the middle of its bucket.
      d += `${pen ? 'L' : 'M'}${px((i + 0.5) * bucketS).toFixed(1)} ${py(value).toFixed(1)}`;
      pen = true;
    });
    return el('path', { class: `line ${s.key}`, 'data-series': s.key, 'data-points': points.length, d: d || 'M0 0', fill: 'none' });
  });
  return el(
    'svg',
    {
      class: 'chart',
      'data-testid': testId,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': `${series.map((s) => s.label).join(', ')} over the run`,
      xmlns: 'http://www.w3.org/2000/svg',
    },
    series.map((s, i) =>
      el(
        'g',
        { class: 'legend' },
        el('rect', { class: `swatch ${s.key}`, x: LEFT + i * 150, y: 6, width: 12, height: 4 }),
        el('text', { x: LEFT + i * 150 + 16, y: 12 }, s.label),
      ),
    ),
    y.ticks.map((tick) =>
      el(
        'g',
        { class: 'tick' },
        el('line', { x1: LEFT, x2: LEFT + PLOT_W, y1: py(tick), y2: py(tick) }),
        el('text', { x: LEFT - 6, y: py(tick) + 4, 'text-anchor': 'end' }, tickLabel(tick)),
      ),
    ),
    x.ticks.map((tick) => el('text', { class: 'tick', x: px(tick), y: TOP + PLOT_H + 14, 'text-anchor': 'middle' }, tickLabel(tick))),
    lines,
    el('text', { class: 'axis-title', x: LEFT + PLOT_W / 2, y: height - 4, 'text-anchor': 'middle' }, 'seconds since start'),
    el(
      'text',
      { class: 'axis-title', x: 12, y: TOP + PLOT_H / 2, transform: `rotate(-90 12 ${TOP + PLOT_H / 2})`, 'text-anchor': 'middle' },
      yTitle,
    ),
  );
}
