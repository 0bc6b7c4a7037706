// The report as one self-contained HTML page (`fleet --report-html FILE`): its style inlined and
// its plots drawn here as inline SVG, with no script and nothing fetched, so that it opens from
// a CI artefact or a mail attachment as well as from disk.

import { readFileSync } from 'node:fs';
import type { ActionRow, FleetReport } from './fleet-report.js';
import { latencyChart } from './latency-chart.js';
import { el, type Markup, trusted } from './markup.js';
import { errorCount, errorList } from './report-table.js';
import { timelineChart } from './timeline-chart.js';

// Read once, when the page is first rendered; the build copies it next to this module.
let style: string | undefined;
const styleSheet = (): string => (style ??= readFileSync(new URL('./report.css', import.meta.url), 'utf8'));

export function reportHtml(report: FleetReport): string {
  const { run, timeline } = report;
  const title = `Fleet load test: ${run.stations} stations, ${run.durationS.toFixed(0)} s`;
  const page = el(
    'html',
    { lang: 'en' },
    el(
      'head',
      {},
      el('meta', { charset: 'utf-8' }),
      el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      el('title', {}, title),
      el('style', {}, trusted(styleSheet())),
    ),
    el(
      'body',
      {},
      el('h1', {}, title),
      meta(report),
      el('h2', {}, 'Response time per action'),
      el('p', { class: 'note' }, 'From writing the CALL to its answer (CALLRESULT or CALLERROR); timeouts are counted, not timed.'),
      latencyChart(report.actions),
      el('h2', {}, 'Throughput'),
      timelineChart('throughput-chart', timeline.points, timeline.bucketS, [{ key: 'perS', label: 'calls settled per second' }], 'calls/s'),
      el('h2', {}, 'Response time over the run'),
      timelineChart(
        'latency-timeline-chart',
        timeline.points,
        timeline.bucketS,
        [
          { key: 'p50Ms', label: 'p50' },
          { key: 'p95Ms', label: 'p95' },
        ],
        'ms (log scale)',
        'log',
      ),
      el('p', { class: 'note' }, `Buckets of ${timeline.bucketS} s; their percentiles are within about 6 %.`),
      el('h2', {}, 'Per action'),
      table(report),
    ),
  );
  return `<!doctype html>\n${page.html}\n`;
}

function meta({ run, total }: FleetReport): Markup {
  const entries: [string, string][] = [
    ['CSMS', `${run.csmsUrl}${run.builtInCsms ? ' (built-in)' : ''}`],
    ['stations', run.shard === null ? String(run.stations) : `${run.stations} of ${run.fleetStations} (shard ${run.shard})`],
    ['EVSEs per station', String(run.evsesPerStation)],
    ['charging sessions', run.sessions ? 'yes' : 'no'],
    ['V8 heap', `--heap ${run.heap}`],
    ['started', run.startedAt],
    ['ran', `${run.durationS.toFixed(1)} s (stopped: ${run.stopReason})`],
    ['calls', `${total.count} (${errorCount(total)} errors, ${total.timeouts} timeouts)`],
  ];
  return el(
    'dl',
    { class: 'meta', 'data-testid': 'run' },
    entries.map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]),
  );
}

const HEADS = ['action', 'count', 'ok', 'errors', 'timeouts', 'min', 'mean', 'p50', 'p95', 'p99', 'max', 'error codes'];

function table(report: FleetReport): Markup {
  return el(
    'table',
    { 'data-testid': 'actions' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        HEADS.map((head, i) => el('th', {}, i >= 5 && i <= 10 ? `${head} ms` : head)),
      ),
    ),
    el(
      'tbody',
      {},
      report.actions.map((row) => tableRow(row, '')),
      tableRow(report.total, 'total'),
    ),
  );
}

function tableRow(row: ActionRow, cls: string): Markup {
  const l = row.latencyMs;
  const ms = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(3));
  return el(
    'tr',
    { class: cls || undefined, 'data-action': row.action },
    el('td', {}, row.action),
    [row.count, row.ok, errorCount(row), row.timeouts].map((n) => el('td', {}, n)),
    [l?.min, l?.mean, l?.p50, l?.p95, l?.p99, l?.max].map((v) => el('td', {}, ms(v))),
    el('td', { class: 'codes' }, errorList(row)),
  );
}
