// An energy manager (EMS) or grid gateway on Modbus TCP as an input of the HAL: a decorator that
// wraps any driver, reads the EMS's power limit from a holding register every `pollS` seconds and
// reports it as an 'externalLimit' event (source EMS) when it changes, for the smart-charging
// block to apply and notify (K11–K13). The stack cannot tell it from a driver with the input
// built in. While the EMS cannot be read, the last limit stays until `failsafeAfter` polls have
// failed; then the failsafe limit holds, as EEBus LPC and §14a EnWG ask of a controllable device
// that has lost its energy manager, until a reading replaces it.

import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { Logger } from '../../log/logger.js';
import type { Hardware, HardwareEvent } from '../hardware.js';
import type { ModbusEmsOptions } from './ems-options.js';
import { ModbusLink } from './modbus-link.js';
import { decodeLimit, registerCount } from './register-format.js';

/** Longest wait between two connection attempts while the EMS stays away. */
const MAX_RETRY_MS = 60_000;

export function withModbusEms(hardware: Hardware, options: ModbusEmsOptions, clock: Clock, log?: Logger): Hardware {
  return new ModbusEmsHardware(hardware, options, clock, log);
}

class ModbusEmsHardware implements Hardware {
  private readonly listeners = new Set<(event: HardwareEvent) => void>();
  private readonly link: ModbusLink;
  private readonly pollMs: number;
  private timer: TimerHandle | undefined;
  private closed = false;
  /** Polling starts with the first subscriber, so that no limit is read before anyone can hear of it. */
  private polling = false;
  /** The limit as last reported; null: none (nothing is reported before the first limit). */
  private limitW: number | null = null;
  /** Polls in a row without a reading. */
  private failures = 0;

  declare setPhases?: NonNullable<Hardware['setPhases']>;
  declare installFirmware?: NonNullable<Hardware['installFirmware']>;
  declare offerSchedules?: NonNullable<Hardware['offerSchedules']>;
  declare authorizationResult?: NonNullable<Hardware['authorizationResult']>;
  declare deliverCertificate?: NonNullable<Hardware['deliverCertificate']>;

  constructor(
    private readonly inner: Hardware,
    private readonly options: ModbusEmsOptions,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {
    // The optional outputs exist exactly when the wrapped driver has them.
    if (inner.setPhases) this.setPhases = inner.setPhases.bind(inner);
    if (inner.installFirmware) this.installFirmware = inner.installFirmware.bind(inner);
    if (inner.offerSchedules) this.offerSchedules = inner.offerSchedules.bind(inner);
    if (inner.authorizationResult) this.authorizationResult = inner.authorizationResult.bind(inner);
    if (inner.deliverCertificate) this.deliverCertificate = inner.deliverCertificate.bind(inner);
    this.pollMs = options.pollS * 1000;
    const target = `${options.host}:${options.port}`;
    this.link = new ModbusLink(
      {
        host: options.host,
        port: options.port,
        unitId: options.unitId,
        timeoutMs: Math.min(3000, Math.max(500, this.pollMs)),
        firstRetryMs: this.pollMs,
        maxRetryMs: Math.max(this.pollMs, MAX_RETRY_MS),
      },
      clock,
      (state, reason) =>
        state === 'connected' ? log?.info({ ems: target }, 'Modbus EMS connected') : log?.warn({ ems: target, reason }, 'Modbus EMS lost'),
    );
  }

  // Inputs: the wrapped driver's, plus the EMS limit among the events.

  cable(evseId: number, connectorId: number) {
    return this.inner.cable(evseId, connectorId);
  }
  meter(evseId: number) {
    return this.inner.meter(evseId);
  }
  faults(evseId: number) {
    return this.inner.faults(evseId);
  }
  evDrawing(evseId: number) {
    return this.inner.evDrawing(evseId);
  }
  connectorLocked(evseId: number, connectorId: number) {
    return this.inner.connectorLocked(evseId, connectorId);
  }
  contactorClosed(evseId: number) {
    return this.inner.contactorClosed(evseId);
  }

  subscribe(listener: (event: HardwareEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.polling) {
      this.polling = true;
      this.schedule(0);
    }
    const unsubscribe = this.inner.subscribe(listener);
    return () => {
      this.listeners.delete(listener);
      unsubscribe();
    };
  }

  // Outputs: the wrapped driver's.

  setContactor(evseId: number, closed: boolean) {
    return this.inner.setContactor(evseId, closed);
  }
  setPowerLimit(evseId: number, watts: number | null) {
    this.inner.setPowerLimit(evseId, watts);
  }
  setConnectorLock(evseId: number, connectorId: number, locked: boolean) {
    return this.inner.setConnectorLock(evseId, connectorId, locked);
  }
  reboot() {
    return this.inner.reboot();
  }

  close(): void {
    this.closed = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    this.link.close();
    this.inner.close();
  }

  private schedule(delayMs: number): void {
    if (!this.closed) this.timer = this.clock.setTimeout(() => void this.poll(), delayMs);
  }

  /** One read and what follows from it; whatever goes wrong, the next poll is scheduled. */
  private async poll(): Promise<void> {
    this.timer = undefined;
    const started = this.clock.now();
    try {
      const { register, format } = this.options;
      const words = await this.link.read(register, registerCount(format));
      if (this.closed) return;
      if (Array.isArray(words)) {
        this.failures = 0;
        this.report(decodeLimit(words, this.options));
      } else {
        this.failed(words);
      }
    } catch (error) {
      this.log?.error({ err: error }, 'Modbus EMS poll');
    } finally {
      this.schedule(Math.max(0, started + this.pollMs - this.clock.now()));
    }
  }

  private failed(error: Error): void {
    this.failures++;
    const { failsafeW, failsafeAfter } = this.options;
    if (this.failures !== failsafeAfter) return;
    this.log?.warn(
      { reason: error.message, polls: failsafeAfter, ...(failsafeW === undefined ? {} : { failsafeW }) },
      failsafeW === undefined ? 'Modbus EMS unreadable: the last limit stays' : 'Modbus EMS unreadable: failsafe limit',
    );
    if (failsafeW !== undefined) this.report(failsafeW);
  }

  private report(limitW: number | null): void {
    if (limitW === this.limitW) return;
    this.limitW = limitW;
    const event: HardwareEvent = { type: 'externalLimit', evseId: this.options.evseId, limitW, source: 'EMS' };
    // A listener that throws must not keep the limit from the others, nor stop the polling.
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log?.error({ err: error }, 'Modbus EMS limit listener');
      }
    }
  }
}
