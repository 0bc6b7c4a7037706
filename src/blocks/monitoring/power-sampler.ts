// EVSE Power in the device model follows the meter while a monitor watches it: every second,
// and at once when the hardware reports a change (an EV starts or stops drawing), the EVSE's
// power is written to EVSE/Power, where the threshold and delta monitors see it (N07, TC_N_20_CS).
// Without a monitor on it nothing is sampled.

import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../kernel/context.js';
import type { Monitor } from './monitor-store.js';

export const POWER_SAMPLE_MS = 1000;

type SamplerContext = Pick<StationContext, 'clock' | 'dm' | 'hal' | 'log' | 'events'>;

export class PowerSampler {
  private timer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ctx: SamplerContext,
    private readonly monitors: { all(): readonly Monitor[] },
  ) {}

  start(): void {
    this.unsubscribe = this.ctx.events.on('hardware', () => this.refresh());
    this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Samples now, and keeps sampling while any EVSE's Power is monitored. */
  refresh(): void {
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const evses = this.monitoredEvses();
    if (evses.length === 0) return;
    for (const evseId of evses) this.sample(evseId);
    this.timer = this.ctx.clock.setTimeout(() => this.refresh(), POWER_SAMPLE_MS);
  }

  private monitoredEvses(): number[] {
    const ids = this.monitors
      .all()
      .filter((m) => m.component.name.toLowerCase() === 'evse' && m.variable.name.toLowerCase() === 'power' && !m.variable.instance)
      .map((m) => m.component.evse?.id)
      .filter((id): id is number => id !== undefined);
    return [...new Set(ids)];
  }

  private sample(evseId: number): void {
    const ref = { component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'Power' } };
    try {
      const facts = this.ctx.dm.facts(ref);
      if (!facts) return;
      const { minLimit = 0, maxLimit = Number.POSITIVE_INFINITY } = facts.characteristics;
      const watts = Math.min(maxLimit, Math.max(minLimit, Math.round(this.ctx.hal.meter(evseId).powerW)));
      if (this.ctx.dm.get(ref) !== String(watts)) this.ctx.dm.set(ref, String(watts));
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId }, 'EVSE power not sampled');
    }
  }
}
