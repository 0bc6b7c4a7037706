// G02 / B01: a Heartbeat after HeartbeatInterval seconds without other traffic to the CSMS;
// its currentTime keeps the station clock in step (B01.FR.06).

import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../station/context.js';

export class Heartbeat {
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(private readonly ctx: StationContext) {
    ctx.settings.onChange('OCPPCommCtrlr/HeartbeatInterval', () => this.running && this.schedule());
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

  /** Any message to the CSMS proves the link, so the heartbeat waits a full interval again. */
  noteActivity(): void {
    if (this.running) this.schedule();
  }

  /** Sends a Heartbeat now (also for TriggerMessage). */
  async beat(): Promise<void> {
    try {
      const { currentTime } = await this.ctx.call('Heartbeat', {});
      this.ctx.adoptCsmsTime(currentTime);
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'heartbeat failed');
    }
  }

  private schedule(): void {
    this.ctx.clock.clearTimeout(this.timer);
    const intervalMs = this.ctx.settings.get('OCPPCommCtrlr/HeartbeatInterval') * 1000;
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      void this.beat().finally(() => this.running && !this.timer && this.schedule());
    }, intervalMs);
  }
}
