// The report's first plot: the CSMS's response time per action, p50, p95, p99 and max side by
// side as horizontal bars on a logarithmic millisecond axis. Each bar carries its action,
// statistic and value as data attributes (and a tooltip), so it can be read back from the page.

import { logScale, tickLabel } from './chart-scale.js';
import type { ActionRow, LatencyMs } from './fleet-report.js';
import { el, type Markup } from './markup.js';

export const LATENCY_STATS = ['p50', 'p95', 'p99', 'max'] as const satisfies readonly (keyof LatencyMs)[];

const LABEL_W = 190;
const PLOT_W = 600;
const BAR_H = 9;
const GROUP_GAP = 12;
const TOP = 28;
const AXIS_H = 34;

export function latencyChart(rows: readonly ActionRow[]): Markup {
  const answered = rows.filter((row): row is ActionRow & { latencyMs: LatencyMs } => row.latencyMs !== null);
  if (answered.length === 0) return el('p', { class: 'empty', 'data-testid': 'latency-chart-empty' }, 'No answered calls.');
  const scale = logScale(Math.min(...answered.map((r) => r.latencyMs.p50)), Math.max(...answered.map((r) => r.latencyMs.max)));
  const groupH = LATENCY_STATS.length * BAR_H + GROUP_GAP;
  const plotH = answered.length * groupH;
  const width = LABEL_W + PLOT_W + 20;
  const height = TOP + plotH + AXIS_H;
  const x = (ms: number): number => LABEL_W + scale.at(ms) * PLOT_W;

  const grid = scale.ticks.map((tick) =>
    el(
      'g',
      { class: 'tick' },
      el('line', { x1: x(tick), x2: x(tick), y1: TOP - 4, y2: TOP + plotH }),
      el('text', { x: x(tick), y: TOP + plotH + 14, 'text-anchor': 'middle' }, tickLabel(tick)),
    ),
  );
  const groups = answered.map((row, i) => {
    const y0 = TOP + i * groupH;
    return el(
      'g',
      { class: 'action', 'data-action': row.action },
      el('text', { class: 'label', x: LABEL_W - 8, y: y0 + (LATENCY_STATS.length * BAR_H) / 2 + 4, 'text-anchor': 'end' }, row.action),
      LATENCY_STATS.map((stat, j) => {
        const value = row.latencyMs[stat];
        return el(
          'rect',
          {
            class: `bar ${stat}`,
            'data-action': row.action,
            'data-stat': stat,
            'data-ms': value,
            x: LABEL_W,
            y: y0 + j * BAR_H,
            width: Math.max(1, x(value) - LABEL_W).toFixed(1),
            height: BAR_H - 1,
          },
          el('title', {}, `${row.action} ${stat}: ${value} ms`),
        );
      }),
    );
  });
  return el(
    'svg',
    {
      class: 'chart',
      'data-testid': 'latency-chart',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': 'Response time per action, p50, p95, p99 and max, ms, logarithmic axis',
      xmlns: 'http://www.w3.org/2000/svg',
    },
    legend(LABEL_W, 14),
    grid,
    groups,
    el('text', { class: 'axis-title', x: LABEL_W + PLOT_W / 2, y: height - 4, 'text-anchor': 'middle' }, 'response time, ms (log scale)'),
  );
}

function legend(x0: number, y: number): Markup {
  return el(
    'g',
    { class: 'legend' },
    LATENCY_STATS.map((stat, i) =>
      el(
        'g',
        {},
        el('rect', { class: `bar ${stat}`, x: x0 + i * 70, y: y - 9, width: 12, height: 10 }),
        el('text', { x: x0 + i * 70 + 16, y }, stat),
      ),
    ),
  );
}
