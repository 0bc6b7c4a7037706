// B01-B03 cold boot: BootNotification on every new connection until the CSMS accepts it,
// then heartbeats at the interval the CSMS gives. After a reconnect without a reboot the
// station does not boot again (Part 4 §5.3).

import type { BootReasonEnumType, BootNotificationResponse } from '../../generated/ocpp201/index.js';
import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../station/context.js';
import { bootRetryDelayS, type Registration } from './registration.js';

export interface BootEvents {
  /** The CSMS accepted this boot (first time) or the link came back after an accepted boot. */
  onAccepted(firstTime: boolean): void;
  onRegistration(registration: Registration): void;
}

export class Boot {
  private registration: Registration = null;
  private retryTimer: TimerHandle | undefined;
  private online = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly reason: BootReasonEnumType,
    private readonly events: BootEvents,
  ) {}

  get status(): Registration {
    return this.registration;
  }

  onConnected(): void {
    this.online = true;
    if (this.registration === 'Accepted') return this.events.onAccepted(false);
    // B03.FR.02: while Rejected, nothing is sent before the retry interval has passed.
    if (this.registration === 'Rejected' && this.retryTimer) return;
    void this.send();
  }

  onDisconnected(): void {
    this.online = false;
    this.ctx.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  stop(): void {
    this.onDisconnected();
  }

  private async send(): Promise<void> {
    const { vendorName, model, serialNumber, firmwareVersion } = this.ctx.description;
    let response: BootNotificationResponse;
    try {
      response = await this.ctx.call('BootNotification', {
        reason: this.reason,
        chargingStation: {
          vendorName,
          model,
          ...(serialNumber === undefined ? {} : { serialNumber }),
          ...(firmwareVersion === undefined ? {} : { firmwareVersion }),
        },
      });
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'BootNotification failed');
      return this.retryAfter(this.ctx.settings.get('OCPPCommCtrlr/RetryBackOffWaitMinimum') || 1);
    }
    this.apply(response);
  }

  private apply(response: BootNotificationResponse): void {
    this.ctx.adoptCsmsTime(response.currentTime);
    this.registration = response.status;
    this.events.onRegistration(response.status);
    if (response.status === 'Accepted') {
      // B01.FR.04: the interval of an accepted boot is the heartbeat interval.
      if (response.interval > 0) this.ctx.settings.set('OCPPCommCtrlr/HeartbeatInterval', response.interval);
      this.events.onAccepted(true);
      return;
    }
    // B02.FR.04 / B03.FR.02: try again once the interval has passed.
    this.retryAfter(bootRetryDelayS(response.interval));
  }

  private retryAfter(seconds: number): void {
    this.ctx.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.ctx.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.online) void this.send();
    }, seconds * 1000);
  }
}
