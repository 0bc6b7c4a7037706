// The power chart: a step line per EVSE over the last two minutes. It starts from the history the
// station keeps (the `history` event) and goes on with every state; a power holds until the next
// sample, and the last one holds until now. Times are the station's: it runs on this machine.

import type { PowerHistory, PowerSample, StationSnapshot } from '../control/snapshot.js';
import { byId, el, svg, watts } from './dom.js';

let windowMs = 120_000;
const samples = new Map<number, PowerSample[]>();

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
  }
  for (const id of samples.keys()) if (!state.evses.some((e) => e.id === id)) samples.delete(id);
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
  const legend = byId('power-legend');
  const keys = [...samples.keys()].join();
  if (legend.dataset.keys !== keys) {
    legend.dataset.keys = keys;
    legend.replaceChildren(
      ...[...samples.keys()].map((id, i) => el('span', {}, [el('span', { class: `swatch c${i % 6}` }), `EVSE ${id}`])),
    );
  }
}
