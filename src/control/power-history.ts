// The recent power of each EVSE, kept by the control API so a dashboard that opens (or reconnects)
// draws the last minutes at once instead of an empty chart. Fed from the station's state changes;
// a bounded ring buffer per EVSE that stores a sample only when the power changes (the chart is a
// step line: a power holds until the next sample).

import type { PowerHistory, PowerSample, StationSnapshot } from './snapshot.js';

/** What the dashboard's chart shows. */
export const HISTORY_WINDOW_MS = 120_000;
/** Samples kept per EVSE: two minutes of a power that changes every second, with room to spare. */
export const HISTORY_SAMPLES = 600;

class Ring {
  private readonly items: (PowerSample | undefined)[];
  private start = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.items = new Array(capacity);
  }

  get last(): PowerSample | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  push(sample: PowerSample): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = sample;
      this.count += 1;
    } else {
      this.items[this.start] = sample;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Oldest first. */
  toArray(): PowerSample[] {
    const out: PowerSample[] = [];
    for (let i = 0; i < this.count; i += 1) out.push(this.items[(this.start + i) % this.capacity]!);
    return out;
  }
}

export class PowerHistoryBuffer {
  private readonly rings = new Map<number, Ring>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = HISTORY_SAMPLES,
  ) {}

  /** Takes the power of every EVSE in `state`; EVSEs that are gone are forgotten. */
  record(state: StationSnapshot): void {
    const t = this.now();
    for (const evse of state.evses) {
      let ring = this.rings.get(evse.id);
      if (!ring) {
        ring = new Ring(this.capacity);
        this.rings.set(evse.id, ring);
      }
      if (ring.last?.powerW !== evse.meter.powerW) ring.push({ t, powerW: evse.meter.powerW });
    }
    for (const id of this.rings.keys()) if (!state.evses.some((e) => e.id === id)) this.rings.delete(id);
  }

  /** The samples within the window, and the one before it that still holds at its start. */
  history(): PowerHistory {
    const now = this.now();
    const from = now - HISTORY_WINDOW_MS;
    const evses = [...this.rings].map(([id, ring]) => {
      const all = ring.toArray();
      let first = all.findIndex((s) => s.t >= from);
      if (first === -1) first = all.length;
      return { id, samples: all.slice(Math.max(0, first - 1)) };
    });
    return { now, windowMs: HISTORY_WINDOW_MS, evses: evses.sort((a, b) => a.id - b.id) };
  }
}
