// The driver of one virtual station in a load test: on each EVSE, again and again, an EV plugs
// in, the driver shows a card, the EV charges for a few minutes, then leaves and the bay stays
// empty for a while. Every step waits on the injected clock, so a fake clock runs the same
// sessions in a test as the system clock does in a load test.

import { createHash } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';

export interface SessionTiming {
  /** Before the first session: spread at random over this, so a fleet does not plug in all at once. */
  firstPauseMaxMs: number;
  chargeMinMs: number;
  chargeMaxMs: number;
  pauseMinMs: number;
  pauseMaxMs: number;
  /** Between plugging in and showing the card, as a driver walks to the reader. */
  cardDelayMs: number;
}

export const DEFAULT_SESSION_TIMING: SessionTiming = {
  firstPauseMaxMs: 60_000,
  chargeMinMs: 2 * 60_000,
  chargeMaxMs: 5 * 60_000,
  pauseMinMs: 60_000,
  pauseMaxMs: 3 * 60_000,
  cardDelayMs: 2_000,
};

export interface ChargingSessionsOptions {
  stationId: string;
  evseIds: readonly number[];
  hardware: SimulatedHardware;
  clock: Clock;
  timing?: SessionTiming;
}

/**
 * The card shown at an EVSE: an ISO 14443 UID of 7 bytes (14 hex digits, as a CSMS checks an
 * ISO14443 idToken), derived from the station id and EVSE, so each EVSE has its own card (one card
 * never stops another EVSE's session) and a rerun of the fleet shows the same cards.
 */
export function cardOf(stationId: string, evseId: number): string {
  return createHash('sha256').update(`${stationId}/${evseId}`).digest('hex').slice(0, 14).toUpperCase();
}

export class ChargingSessions {
  private readonly timers = new Map<number, TimerHandle>();
  private readonly timing: SessionTiming;
  private stopped = false;
  /** Sessions begun (EV plugged in) and finished (EV left), over all EVSEs. */
  plugged = 0;
  unplugged = 0;

  constructor(private readonly options: ChargingSessionsOptions) {
    this.timing = options.timing ?? DEFAULT_SESSION_TIMING;
  }

  start(): void {
    for (const evseId of this.options.evseIds) this.after(evseId, this.between(0, this.timing.firstPauseMaxMs), () => this.plug(evseId));
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers.values()) this.options.clock.clearTimeout(handle);
    this.timers.clear();
  }

  private plug(evseId: number): void {
    const { hardware, stationId } = this.options;
    // The bay may be taken (a cable left in by a remote command); try again after a pause.
    if (hardware.cable(evseId, 1) === 'unplugged') {
      hardware.plug(evseId);
      this.plugged++;
      this.after(evseId, this.timing.cardDelayMs, () => {
        hardware.presentToken(cardOf(stationId, evseId), 'ISO14443', evseId);
        this.after(evseId, this.between(this.timing.chargeMinMs, this.timing.chargeMaxMs), () => this.unplug(evseId));
      });
      return;
    }
    this.after(evseId, this.between(this.timing.pauseMinMs, this.timing.pauseMaxMs), () => this.plug(evseId));
  }

  private unplug(evseId: number): void {
    this.options.hardware.unplug(evseId);
    this.unplugged++;
    this.after(evseId, this.between(this.timing.pauseMinMs, this.timing.pauseMaxMs), () => this.plug(evseId));
  }

  private after(evseId: number, ms: number, step: () => void): void {
    if (this.stopped) return;
    const handle = this.options.clock.setTimeout(() => {
      this.timers.delete(evseId);
      if (!this.stopped) step();
    }, ms);
    this.timers.set(evseId, handle);
  }

  private between(min: number, max: number): number {
    return Math.round(min + this.options.clock.random() * (max - min));
  }
}
