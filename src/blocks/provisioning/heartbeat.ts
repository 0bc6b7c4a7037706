// G02 / B01: a Heartbeat after HeartbeatInterval seconds without other traffic to the CSMS
// (G02.FR.02, G02.FR.05); its currentTime keeps the station clock in step (G02.FR.06), so one
// goes out at least every 24 hours however busy the link is (G02.FR.07).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../kernel/context.js';
import type { Trigger } from '../../kernel/trigger.js';

/** G02.FR.07: the longest the station goes without the CSMS's time. */
export const CLOCK_SYNC_MS = 24 * 3600_000;

/**
 * Runs once the block starts it on `accepted` and stops it on `disconnected`; the block also
 * reschedules it (onIntervalChange) when HeartbeatInterval changes. It is the TriggerMessage
 * Heartbeat too (F06).
 */
export class Heartbeat implements Trigger {
  private timer: TimerHandle | undefined;
  private running = false;
  private lastActivity = 0;
  private lastBeat: number;

  constructor(private readonly ctx: StationContext) {
    this.lastBeat = ctx.clock.now();
  }

  /** HeartbeatInterval changed: a running heartbeat waits for the new interval. */
  onIntervalChange(): void {
    if (this.running) this.schedule();
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Any message to the CSMS proves the link, so the heartbeat waits a full interval again. Only
   * the time is noted (this runs for every message); the timer looks at it when it fires.
   */
  noteActivity(): void {
    this.lastActivity = this.ctx.clock.now();
  }

  /** TriggerMessage Heartbeat. */
  send(): Promise<void> {
    return this.beat({ triggered: true });
  }

  /** Sends a Heartbeat now. */
  async beat(options: { triggered?: boolean } = {}): Promise<void> {
    try {
      const { currentTime } = await this.ctx.call('Heartbeat', {}, options);
      this.ctx.adoptCsmsTime(currentTime);
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'heartbeat failed');
    }
  }

  private schedule(): void {
    this.ctx.clock.clearTimeout(this.timer);
    const intervalMs = (this.ctx.dm.getInt(DM.OCPPCommCtrlr.HeartbeatInterval) ?? 300) * 1000;
    const now = this.ctx.clock.now();
    const untilIdle = intervalMs - Math.max(0, now - this.lastActivity);
    const untilSync = CLOCK_SYNC_MS - Math.max(0, now - this.lastBeat);
    this.timer = this.ctx.clock.setTimeout(
      () => {
        this.timer = undefined;
        const at = this.ctx.clock.now();
        if (at - this.lastActivity < intervalMs && at - this.lastBeat < CLOCK_SYNC_MS) return this.schedule();
        // The next check is armed now, a full interval on, whatever the answer and whenever it comes.
        this.lastActivity = at;
        this.lastBeat = at;
        this.schedule();
        void this.beat();
      },
      Math.max(0, Math.min(untilIdle, untilSync)),
    );
  }
}
