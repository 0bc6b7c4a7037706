// B01-B03 cold boot: BootNotification on every new connection until the CSMS accepts it, with
// the reason this boot happened (persisted by Reset and firmware update, B11/B12); then the
// heartbeat runs at the interval the CSMS gives. After a reconnect without a reboot the station
// does not boot again (Part 4 §5.3).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { BootNotificationResponse, BootReasonEnumType, TriggerMessageStatusEnumType } from '../../generated/ocpp201/index.js';
import type { TimerHandle } from '../../clock/clock.js';
import type { StationContext } from '../../kernel/context.js';
import type { Registration } from '../../kernel/registration.js';
import type { Trigger } from '../../kernel/trigger.js';
import { installedFirmwareVersion } from '../firmware/index.js';

/** station_state key of the reason the next boot reports. */
export const BOOT_REASON_KEY = 'bootReason';

/** Also the TriggerMessage BootNotification (F06): a station keeps one object, not a wrapper of closures. */
export class Boot implements Trigger {
  private registration: Registration = null;
  private retryTimer: TimerHandle | undefined;
  private online = false;
  /** Why this boot happened: persisted by the reboot that caused it, else PowerUp (a power cycle). */
  readonly reason: BootReasonEnumType;

  constructor(private readonly ctx: StationContext) {
    this.reason = ctx.state.get<BootReasonEnumType>(BOOT_REASON_KEY) ?? 'PowerUp';
  }

  get status(): Registration {
    return this.registration;
  }

  stop(): void {
    this.disconnected();
  }

  /** F06.FR.17: a BootNotification is only triggered while the boot is not (yet) accepted. */
  canTrigger(): boolean {
    return this.registration !== 'Accepted';
  }

  check(): TriggerMessageStatusEnumType {
    return this.canTrigger() ? 'Accepted' : 'Rejected';
  }

  send(): Promise<void> {
    return this.trigger();
  }

  /** B10.FR.10: connected through another network profile: register again, as after a reboot. */
  reRegister(): void {
    this.registration = null;
  }

  async trigger(): Promise<void> {
    this.ctx.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.register('Triggered'); // TC_B_02 step 15: a BootNotification the CSMS asked for says so
  }

  /** The link is up (the block subscribes it to `connected`). */
  connected(): void {
    this.online = true;
    if (this.registration === 'Accepted') return this.ctx.events.emit('accepted', { firstTime: false });
    // B03.FR.02: while Rejected, nothing is sent before the retry interval has passed.
    if (this.registration === 'Rejected' && this.retryTimer) return;
    void this.register();
  }

  /** The link is down (the block subscribes it to `disconnected`). */
  disconnected(): void {
    this.online = false;
    this.ctx.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async register(reason: BootReasonEnumType = this.reason): Promise<void> {
    const { vendorName, model, serialNumber } = this.ctx.description;
    // L01.FR.28: after an update the version of the installed image.
    const firmwareVersion = installedFirmwareVersion(this.ctx) ?? this.ctx.description.firmwareVersion;
    let response: BootNotificationResponse;
    try {
      response = await this.ctx.call('BootNotification', {
        reason,
        chargingStation: {
          vendorName,
          model,
          ...(serialNumber === undefined ? {} : { serialNumber }),
          ...(firmwareVersion === undefined ? {} : { firmwareVersion }),
        },
      });
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'BootNotification failed');
      return this.retryAfter(this.ctx.dm.getInt(DM.OCPPCommCtrlr.RetryBackOffWaitMinimum) || 1);
    }
    this.apply(response);
  }

  private apply(response: BootNotificationResponse): void {
    this.ctx.adoptCsmsTime(response.currentTime);
    this.registration = response.status;
    this.ctx.events.emit('registration', { status: response.status });
    if (response.status === 'Accepted') {
      // The reason is reported once; a later power cycle is a plain PowerUp again.
      this.ctx.state.set(BOOT_REASON_KEY, undefined);
      // B01.FR.04 / G02.FR.01: the interval of an accepted boot is the heartbeat interval.
      if (response.interval > 0) this.ctx.dm.set(DM.OCPPCommCtrlr.HeartbeatInterval, String(response.interval));
      this.ctx.events.emit('accepted', { firstTime: true });
      return;
    }
    // B02.FR.04 / B03.FR.02: try again once the interval has passed.
    this.retryAfter(bootRetryDelayS(response.interval));
  }

  private retryAfter(seconds: number): void {
    this.ctx.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.ctx.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.online) void this.register();
    }, seconds * 1000);
  }
}

/** Wait before the next BootNotification when the CSMS gave interval 0 (B02.FR.07, B03.FR.02). */
export const DEFAULT_BOOT_RETRY_S = 30;

/** Seconds to wait before retrying a BootNotification that was not Accepted. */
export function bootRetryDelayS(interval: number): number {
  return interval > 0 ? interval : DEFAULT_BOOT_RETRY_S;
}
