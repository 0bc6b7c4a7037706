// Axes of the report's plots: a linear scale from 0 with round ticks, and a logarithmic one for
// response times, which span from a fraction of a millisecond to seconds in one run.

export interface Scale {
  /** Value → position in [0, 1]. */
  at(value: number): number;
  ticks: number[];
}

/** 0 to a round maximum ≥ `max`, with about `count` ticks of 1, 2 or 5 × 10^k. */
export function linearScale(max: number, count = 5): Scale {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = top / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const end = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let i = 0; i <= Math.round(end / step); i++) ticks.push(round(i * step));
  return { at: (value) => Math.min(1, Math.max(0, value / end)), ticks };
}

/** Whole decades around [min, max]; ticks at 1, 2 and 5 × 10^k while there are few decades. */
export function logScale(min: number, max: number): Scale {
  const low = Math.floor(Math.log10(Math.max(min, 1e-3)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(max, min, 1e-3))));
  const ticks: number[] = [];
  for (let k = low; k <= high; k++) {
    for (const m of high - low <= 3 ? [1, 2, 5] : [1]) {
      const tick = round(m * 10 ** k);
      if (Math.log10(tick) <= high) ticks.push(tick);
    }
  }
  const span = high - low;
  return { at: (value) => Math.min(1, Math.max(0, (Math.log10(Math.max(value, 1e-9)) - low) / span)), ticks };
}

/** Cuts binary noise off a tick value (0.30000000000000004 → 0.3). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** A tick as a label: 0.5, 2, 1k, 20k. */
export function tickLabel(value: number): string {
  if (value >= 1000 && value % 1000 === 0) return `${value / 1000}k`;
  return String(value);
}
