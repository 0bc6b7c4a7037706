// A04 Security event notification: every security event goes to the security log (A04.FR.04);
// a critical one is also committed to the durable outbox, so it reaches the CSMS even when it
// happened offline (A04.FR.01/A04.FR.02).

import type { StationContext } from '../../kernel/context.js';

/** The events the appendix (security_events.csv) marks critical. */
const CRITICAL: ReadonlySet<string> = new Set([
  'FirmwareUpdated',
  'SettingSystemTime',
  'StartupOfTheDevice',
  'ResetOrReboot',
  'SecurityLogWasCleared',
  'MemoryExhaustion',
  'TamperDetectionActivated',
  'InvalidFirmwareSignature',
  'InvalidFirmwareSigningCertificate',
  'InvalidCsmsCertificate',
  'InvalidChargingStationCertificate',
  'InvalidTLSVersion',
  'InvalidTLSCipherSuite',
  'MaintenanceLoginAccepted',
  'MaintenanceLoginFailed',
]);

/** SecurityEventNotificationRequest.techInfo is string[255]. */
const TECH_INFO_MAX = 255;

export const isCritical = (type: string): boolean => CRITICAL.has(type);

/** Events of a station's normal life: logged at info, so that a fleet of thousands booting is not a wall of warnings. */
const ROUTINE: ReadonlySet<string> = new Set(['StartupOfTheDevice', 'ResetOrReboot', 'FirmwareUpdated', 'SettingSystemTime']);

export class SecurityEvents {
  constructor(protected readonly ctx: StationContext) {}

  record(type: string, techInfo?: string): void {
    const info = techInfo?.slice(0, TECH_INFO_MAX);
    const level = ROUTINE.has(type) ? 'info' : 'warn';
    this.ctx.log[level]({ securityEvent: type, techInfo: info, critical: isCritical(type) }, 'security event');
    this.recorded(type, info);
    if (!isCritical(type)) return;
    const event = { type, timestamp: this.ctx.now().toISOString(), ...(info ? { techInfo: info } : {}) };
    try {
      this.ctx.queue('SecurityEventNotification', event, { kind: 'other' });
    } catch (error) {
      // The outbox cannot take it (a full disk): sent now if the link is up, not kept.
      this.ctx.log.error({ err: error, securityEvent: type }, 'security event not queued');
      if (this.ctx.online()) {
        this.ctx.call('SecurityEventNotification', event).catch((e: unknown) => this.ctx.log.warn({ err: e }, 'security event not sent'));
      }
    }
  }
  /** Where else the event is kept once logged; the block's keeps it in the security log a GetLog uploads (N01.FR.03). */
  protected recorded(_type: string, _techInfo: string | undefined): void {
    // Nowhere else, by default.
  }
}
