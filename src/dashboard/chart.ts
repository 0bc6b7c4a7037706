// The power chart: a step line per EVSE over the last two minutes. It starts from the history the
// station keeps (the `history` event) and goes on with every state; a power holds until the next
// sample, and the last one holds until now. Times are the station's: it runs on this machine.
// Each EVSE card has a chart of its own: the power behind and, right of "now", the limit of its
// composite schedule ahead (K08), on one W scale.

import type { CompositeScheduleEntry, PowerHistory, PowerSample, StationSnapshot } from '../control/snapshot.js';
import { byId, el, svg, watts } from './dom.js';

let windowMs = 120_000;
const samples = new Map<number, PowerSample[]>();
const schedules = new Map<number, CompositeScheduleEntry[]>();
/** How far ahead an EVSE card's chart shows the schedule. */
const AHEAD_MS = 600_000;
const CARD = { width: 600, height: 100, nowX: 240, margin: 4 };

/** Replaces what the chart knows with the station's history (on every (re)connection). */
export function loadHistory(history: PowerHistory): void {
  windowMs = history.windowMs;
  samples.clear();
  for (const evse of history.evses) samples.set(evse.id, [...evse.samples]);
}

export function recordPower(state: StationSnapshot, now = Date.now()): void {
  for (const evse of state.evses) {
    const list = samples.get(evse.id) ?? [];
    if (list.at(-1)?.powerW !== evse.meter.powerW) list.push({ t: now, powerW: evse.meter.powerW });
    while (list.length > 1 && list[1]!.t < now - windowMs) list.shift();
    samples.set(evse.id, list);
    schedules.set(evse.id, evse.compositeSchedule ?? []);
  }
  for (const id of samples.keys()) if (!state.evses.some((e) => e.id === id)) samples.delete(id);
  for (const id of schedules.keys()) if (!state.evses.some((e) => e.id === id)) schedules.delete(id);
}

/** The chart of an EVSE card, drawn by drawChart: power behind "now", the schedule's limit ahead. */
export function evseChart(id: number): HTMLElement {
  const p = `evse-${id}-`;
  const chart = svg('svg', {
    class: 'chart card-chart',
    'data-testid': `${p}chart`,
    viewBox: `0 0 ${CARD.width} ${CARD.height}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': `Power of EVSE ${id} over the last two minutes and its charging limit over the next ten`,
  });
  return el('figure', { class: 'card-chart' }, [
    chart,
    el('figcaption', { class: 'muted scale ends' }, [
      el('span', { text: '\u22122 min' }),
      el('span', { text: 'now' }),
      el('span', { text: '+10 min' }),
    ]),
    el('div', { class: 'muted scale legend' }, [
      el('span', {}, [el('span', { class: `swatch c${(id - 1) % 6}` }), 'power']),
      el('span', {}, [el('span', { class: 'swatch limit' }), 'limit ahead']),
      el('span', {}, ['max ', el('span', { testid: `${p}chart-max`, text: watts(1000) })]),
    ]),
  ]);
}

/** The periods of the schedule within [now, now + AHEAD_MS], each with its start and end (ms). */
function ahead(entries: readonly CompositeScheduleEntry[], now: number): { from: number; to: number; limitW: number | null }[] {
  const end = now + AHEAD_MS;
  const timed = entries.map((e) => ({ t: Date.parse(e.start), limitW: e.limitW }));
  return timed
    .map((e, i) => ({ from: Math.max(now, e.t), to: Math.min(end, timed[i + 1]?.t ?? end), limitW: e.limitW }))
    .filter((e) => e.from < e.to);
}

function drawEvseChart(node: Element, id: number, index: number, now: number): void {
  const list = samples.get(id) ?? [];
  const periods = ahead(schedules.get(id) ?? [], now);
  const { width, height, nowX, margin } = CARD;
  const start = now - windowMs;
  let max = 1000;
  for (const s of list) max = Math.max(max, s.powerW);
  for (const period of periods) if (period.limitW !== null) max = Math.max(max, period.limitW);
  const x = (t: number): number =>
    t <= now ? ((Math.max(t, start) - start) / windowMs) * nowX : nowX + ((t - now) / AHEAD_MS) * (width - nowX);
  const y = (w: number): number => margin + (1 - w / max) * (height - 2 * margin);
  const points: string[] = [];
  list.forEach((s, i) => {
    if (i > 0) points.push(`${x(s.t)},${y(list[i - 1]!.powerW)}`);
    points.push(`${x(s.t)},${y(s.powerW)}`);
  });
  if (list.length > 0) points.push(`${x(now)},${y(list.at(-1)!.powerW)}`);
  // A step per period; where nothing limits the EVSE the line breaks.
  let d = '';
  let penDown = false;
  for (const period of periods) {
    if (period.limitW === null) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${x(period.from)},${y(period.limitW)} L${x(period.to)},${y(period.limitW)} `;
    penDown = true;
  }
  const limits = periods.map((period) => (period.limitW === null ? 'none' : String(period.limitW)));
  node.replaceChildren(
    svg('line', { class: 'axis', x1: 0, x2: width, y1: y(0), y2: y(0) }),
    svg('line', { class: 'axis now', x1: nowX, x2: nowX, y1: 0, y2: height }),
    svg('polyline', { class: `c${index % 6}`, points: points.join(' '), 'data-testid': `evse-${id}-power-line` }),
    // For tests and tools: the limits ahead in order, W ("none" where nothing limits).
    svg('path', { class: 'limit', d: d.trim(), 'data-testid': `evse-${id}-schedule-line`, 'data-limits-w': limits.join(' ') }),
  );
  const label = node.parentElement?.querySelector(`[data-testid="evse-${id}-chart-max"]`);
  if (label) label.textContent = watts(max);
}

export function drawChart(now = Date.now()): void {
  const width = 600;
  const height = 160;
  const margin = 4;
  const start = now - windowMs;
  let max = 1000;
  for (const list of samples.values()) for (const s of list) max = Math.max(max, s.powerW);
  const x = (t: number): number => ((Math.max(t, start) - start) / windowMs) * width;
  const y = (w: number): number => margin + (1 - w / max) * (height - 2 * margin);
  const nodes = [
    svg('line', { class: 'axis', x1: 0, x2: width, y1: y(0), y2: y(0) }),
    svg('line', { class: 'axis', x1: 0, x2: width, y1: y(max), y2: y(max) }),
  ];
  byId('power-max').textContent = watts(max);
  let index = 0;
  for (const [id, list] of samples) {
    const points: string[] = [];
    list.forEach((s, i) => {
      if (i > 0) points.push(`${x(s.t)},${y(list[i - 1]!.powerW)}`);
      points.push(`${x(s.t)},${y(s.powerW)}`);
    });
    const last = list.at(-1);
    if (last) points.push(`${x(now)},${y(last.powerW)}`);
    // For tests and tools: since when the line shows power flowing, and its peak.
    const powered = list.find((s, i) => s.powerW > 0 && (list[i + 1]?.t ?? now) > start);
    nodes.push(
      svg('polyline', {
        class: `c${index % 6}`,
        points: points.join(' '),
        'data-evse': id,
        'data-peak-w': Math.max(0, ...list.map((s) => s.powerW)),
        'data-powered-since': powered ? Math.max(powered.t, start) : '',
      }),
    );
    index += 1;
  }
  byId('power-chart').replaceChildren(...nodes);
  [...schedules.keys()].forEach((id, i) => {
    const node = document.querySelector(`[data-testid="evse-${id}-chart"]`);
    if (node) drawEvseChart(node, id, i, now);
  });
  const legend = byId('power-legend');
  const keys = [...samples.keys()].join();
  if (legend.dataset.keys !== keys) {
    legend.dataset.keys = keys;
    legend.replaceChildren(
      ...[...samples.keys()].map((id, i) => el('span', {}, [el('span', { class: `swatch c${i % 6}` }), `EVSE ${id}`])),
    );
  }
}
