// L01/L02 the firmware update as it runs: feeds what happens (download done, transactions ended,
// install time reached, the new boot) to the pure machine in firmware-state.ts and carries out
// its effects. The machine and the request are persisted in station_state, so that an update
// survives the reboot it causes; every FirmwareStatusNotification and security event goes
// through the durable outbox, so InstallRebooting sent before the reboot and Installed sent by
// the new software both reach the CSMS in order.

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { FirmwareType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { Connectors } from '../availability/index.js';
import { download } from './download.js';
import { IDLE, transition, triggered, type Effect, type FirmwareEvent, type FirmwareState, type Verdict } from './firmware-state.js';
import { checkImageSignature, checkSigningCertificate } from './signature.js';

/** station_state keys. */
const STATE_KEY = 'firmwareUpdate';
export const FIRMWARE_VERSION_KEY = 'firmwareVersion';

/**
 * Defaults when UpdateFirmwareRequest leaves them to the station (L01): two more tries, 10 s apart,
 * enough for a server that was briefly away, and the CSMS hears of a failure within half a minute.
 */
export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_INTERVAL_S = 10;

export interface FirmwareJob {
  requestId: number;
  firmware: FirmwareType;
  retryIntervalS: number;
}

interface Persisted {
  machine: FirmwareState;
  job?: FirmwareJob;
}

export interface FirmwareDeps {
  connectors: Connectors;
  /**
   * PEM manufacturer root certificates, read at each request (the certificate store's
   * ManufacturerRootCertificate roots). With any, every update must be signed (L01, TC_L_18);
   * without any, only unsigned (L02) updates are taken, unless `secureOnly`.
   */
  manufacturerRoots: readonly string[] | (() => readonly string[]);
  /** The station takes secure (L01) updates only, also while it has no manufacturer root (TC_L_18). */
  secureOnly?: boolean;
  securityEvent(type: string, techInfo?: string): void;
  /** Messages still in the durable outbox. */
  pendingMessages(): number;
  reboot(): void;
}

/** How long the reboot waits for the outbox to deliver InstallRebooting (L01.FR.15) while online. */
export const REBOOT_DRAIN_MS = 30_000;

export class FirmwareUpdates {
  private machine: FirmwareState;
  private job: FirmwareJob | undefined;
  private image: Uint8Array | undefined;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: StationContext,
    readonly deps: FirmwareDeps,
  ) {
    const persisted = ctx.state.get<Persisted>(STATE_KEY);
    this.machine = persisted?.machine ?? IDLE;
    this.job = persisted?.job;
    ctx.events.on('evseTransaction', () => this.checkInstallable());
    this.apply({ type: 'booted' });
  }

  get state(): FirmwareState {
    return this.machine;
  }

  /** The update that runs now can be replaced (L01.FR.24/27). */
  get installing(): boolean {
    return this.machine.phase === 'Installing' || this.machine.phase === 'InstallRebooting';
  }

  /** Starts an accepted update, canceling the one that runs (AcceptedCanceled). */
  start(job: FirmwareJob, retries: number): void {
    this.clearTimer();
    this.image = undefined;
    const retrieveDue = this.ctx.now().getTime() >= Date.parse(job.firmware.retrieveDateTime);
    this.job = job;
    this.apply({ type: 'start', requestId: job.requestId, attempts: 1 + retries, retrieveDue });
  }

  /** F06.FR.16, L01.FR.25/26. */
  async trigger(): Promise<void> {
    await this.ctx.call('FirmwareStatusNotification', triggered(this.machine), { triggered: true });
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private apply(event: FirmwareEvent): void {
    if (this.stopped) return;
    const step = transition(this.machine, event);
    this.machine = step.state;
    if (step.state.phase === 'Idle') this.job = undefined;
    this.ctx.state.set(STATE_KEY, { machine: this.machine, ...(this.job ? { job: this.job } : {}) } satisfies Persisted);
    for (const { status, requestId } of step.notify) {
      this.ctx.log.info({ status, requestId }, 'firmware status');
      this.ctx.queue('FirmwareStatusNotification', { status, requestId }, { kind: 'other' }); // L01.FR.01/10
    }
    for (const effect of step.effects) this.run(effect);
    this.hold();
    this.ctx.events.emit('changed', undefined);
  }

  private run(effect: Effect): void {
    const job = this.job;
    switch (effect) {
      case 'download':
        if (job) void this.download(job);
        return;
      case 'retryLater':
        return this.wait((job?.retryIntervalS ?? DEFAULT_RETRY_INTERVAL_S) * 1000, { type: 'retryDue' });
      case 'waitRetrieve':
        return this.wait(this.until(job?.firmware.retrieveDateTime), { type: 'retrieveDue' });
      case 'waitInstall':
        if (job?.firmware.installDateTime) this.wait(this.until(job.firmware.installDateTime), { type: 'installable' }, true);
        return;
      case 'install':
        return void this.install();
      case 'reboot':
        return this.rebootWhenSent();
      case 'securityEvent:InvalidFirmwareSignature':
        return this.deps.securityEvent('InvalidFirmwareSignature', `requestId ${job?.requestId ?? '?'}`); // L01.FR.03
      case 'securityEvent:FirmwareUpdated':
        return this.deps.securityEvent('FirmwareUpdated', this.ctx.state.get<string>(FIRMWARE_VERSION_KEY)); // L01.FR.31
      default:
        return effect satisfies never;
    }
  }

  private async download(job: FirmwareJob): Promise<void> {
    let image: Uint8Array;
    try {
      image = await download(job.firmware.location, { clock: this.ctx.clock });
    } catch (error) {
      this.ctx.log.warn({ err: error, location: job.firmware.location }, 'firmware download failed');
      if (this.job === job) this.apply({ type: 'downloadFailed' });
      return;
    }
    if (this.job !== job) return; // replaced meanwhile
    const verdict = this.verify(job, image);
    if (verdict !== 'invalid') this.image = image;
    this.apply({ type: 'downloaded', verdict, installable: this.installable() });
  }

  private verify(job: FirmwareJob, image: Uint8Array): Verdict {
    const { signingCertificate, signature } = job.firmware;
    const roots = manufacturerRoots(this.deps);
    if (signingCertificate === undefined && !secureUpdates(this.deps)) return 'unsigned'; // L02
    const certificate = checkSigningCertificate(signingCertificate ?? '', roots, this.ctx.now());
    // L01 step 5: a missing signature is an invalid one.
    if (!certificate.valid || signature === undefined) return 'invalid';
    return checkImageSignature(image, signature, certificate.certificate.publicKey) ? 'verified' : 'invalid';
  }

  /** L01.FR.05/06: installDateTime passed (or absent) and no transaction runs. */
  private installable(): boolean {
    const at = this.job?.firmware.installDateTime;
    return (at === undefined || this.ctx.now().getTime() >= Date.parse(at)) && !this.deps.connectors.hasTransaction();
  }

  private checkInstallable(): void {
    if (this.machine.phase === 'InstallScheduled' && this.installable()) this.apply({ type: 'installable' });
    else this.hold();
  }

  /**
   * L01.FR.07/L02.FR.04: once the install is due, EVSEs not in use are Unavailable until the new
   * firmware runs, unless AllowNewSessionsPendingFirmwareUpdate is true.
   */
  private hold(): void {
    const { phase } = this.machine;
    const at = this.job?.firmware.installDateTime;
    const due = at === undefined || this.ctx.now().getTime() >= Date.parse(at);
    const pending = phase === 'Installing' || phase === 'InstallRebooting' || (phase === 'InstallScheduled' && due);
    const allowed = this.ctx.dm.getBool(DM.ChargingStation.AllowNewSessionsPendingFirmwareUpdate) === true;
    this.deps.connectors.holdForFirmware(pending && !allowed);
  }

  private async install(): Promise<void> {
    const image = this.image;
    this.image = undefined;
    try {
      if (!image || !this.ctx.hal.installFirmware) throw new Error('no image or no installer');
      const version = await this.ctx.hal.installFirmware(image);
      if (version) this.ctx.state.set(FIRMWARE_VERSION_KEY, version);
    } catch (error) {
      this.ctx.log.error({ err: error }, 'firmware install failed');
      return this.apply({ type: 'installFailed' });
    }
    this.apply({ type: 'installed' });
  }

  /**
   * L01.FR.15: InstallRebooting goes out before the reboot. While online, waits (bounded) until the
   * outbox is empty, so that nothing is cut off in flight and sent twice; offline, it waits in the outbox.
   */
  private rebootWhenSent(): void {
    let done = false;
    const reboot = (): void => {
      if (done) return;
      done = true;
      unsubscribe();
      this.ctx.clock.clearTimeout(bound);
      this.deps.reboot();
    };
    const check = (): void => {
      if (!this.ctx.online() || this.deps.pendingMessages() === 0) reboot();
    };
    const unsubscribe = this.ctx.events.on('changed', check);
    const bound = this.ctx.clock.setTimeout(reboot, REBOOT_DRAIN_MS);
    check();
  }

  private until(time: string | undefined): number {
    return Math.max(0, (time === undefined ? 0 : Date.parse(time)) - this.ctx.now().getTime());
  }

  /** `recheck`: the install time came; install only if idle too (else the end of the transaction does). */
  private wait(ms: number, event: FirmwareEvent, recheck = false): void {
    this.clearTimer();
    this.timer = this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      if (recheck) this.checkInstallable();
      else this.apply(event);
    }, ms);
  }

  private clearTimer(): void {
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The manufacturer roots as they are now. */
export function manufacturerRoots(deps: Pick<FirmwareDeps, 'manufacturerRoots'>): readonly string[] {
  return typeof deps.manufacturerRoots === 'function' ? deps.manufacturerRoots() : deps.manufacturerRoots;
}

/** Whether every update must be signed (L01): a manufacturer root is installed, or the station is secure-only (TC_L_18). */
export function secureUpdates(deps: Pick<FirmwareDeps, 'manufacturerRoots' | 'secureOnly'>): boolean {
  return deps.secureOnly === true || manufacturerRoots(deps).length > 0;
}

/** The version the last installed image reported, for BootNotification; undefined: as described. */
export const installedFirmwareVersion = (ctx: Pick<StationContext, 'state'>): string | undefined =>
  ctx.state.get<string>(FIRMWARE_VERSION_KEY);
