// A Local Controller's own connection to the CSMS (Part 4 §6.1): a charging station without EVSEs
// under the controller's id. It boots, heartbeats and answers the CSMS like any station; its
// smart-charging block keeps the ChargingStationMaxProfile the CSMS sets for the group (K03
// "set by the CSMS") and reports an external system's limit with NotifyChargingLimit and
// ClearedChargingLimit (K14.FR.02/03). Its composite limit of EVSE 0 is the group limit it gives.
// With a client certificate on its link it connects on security profile 3 (TLS with the
// controller's own Charging Station certificate, Part 4 §6.5), else on 0 (it has no Basic auth
// password; a wss:// CSMS URL still gives TLS), unless its overrides say otherwise.

import { systemClock, type Clock, type TimerHandle } from '../clock/clock.js';
import { defaultDescription } from '../description/station-description.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import type { ExternalLimitSource } from '../hal/hardware.js';
import { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';
import type { OwnConnection } from '../local-controller/local-controller.js';
import type { Logger } from '../log/logger.js';
import { type RuntimeOptions, StationRuntime } from './runtime.js';

/** How far ahead the group limit's next change is looked for; a later one is found on the way. */
const LOOKAHEAD_S = 24 * 3600;

export interface ControllerStationOptions {
  id: string;
  csmsUrl: string;
  /** SQLite file of its device model and profiles, or ':memory:'. */
  dbFile: string;
  link?: Omit<RuntimeOptions['link'], 'csmsUrl'>;
  /** Basic auth towards the CSMS: security profile 1 over ws://, 2 over wss:// (a client certificate makes it 3). */
  basicAuthPassword?: string;
  overrides?: Record<string, string>;
  clock?: Clock;
  log?: Logger;
}

export class ControllerStation implements OwnConnection {
  readonly runtime: StationRuntime;
  private readonly hardware: SimulatedHardware;
  private readonly clock: Clock;
  private readonly listeners = new Set<() => void>();
  private timer: TimerHandle | undefined;
  private stopped = false;
  /** The group limit as of the last change, W: what limitW() answers without computing it again. */
  private current: number | null = null;

  constructor(options: ControllerStationOptions) {
    this.clock = options.clock ?? systemClock;
    const description = { ...defaultDescription(0), model: 'Local-Controller', serialNumber: options.id.slice(0, 25) };
    this.hardware = new SimulatedHardware(description, { clock: this.clock });
    // Set on every start, so that the profile a data directory keeps follows the link given now.
    const password = options.basicAuthPassword;
    const profile = options.link?.clientCert ? 3 : password === undefined ? 0 : options.csmsUrl.startsWith('wss://') ? 2 : 1;
    const overrides = {
      [DM.SecurityCtrlr.SecurityProfile]: String(profile),
      ...(password === undefined ? {} : { [DM.SecurityCtrlr.BasicAuthPassword]: password }),
      ...options.overrides,
    };
    this.runtime = new StationRuntime({
      id: options.id,
      description,
      hal: this.hardware,
      dbFile: options.dbFile,
      clock: this.clock,
      link: { ...options.link, csmsUrl: options.csmsUrl },
      overrides,
      ...(options.log ? { log: options.log } : {}),
    });
    this.runtime.onChange(() => this.changed());
  }

  start(): void {
    this.runtime.start();
    this.changed();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    await this.runtime.stop();
    this.hardware.close();
  }

  limitW(): number | null {
    return this.current;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setExternalLimit(limitW: number | null, source: ExternalLimitSource): void {
    this.hardware.setExternalLimit(0, limitW, source);
  }

  /**
   * Something the station shows changed, or a period boundary came: the limit is read again (one
   * composite schedule for now and the next change), and the listeners hear only of a new one.
   */
  private changed(): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.timer);
    const [now, next] = this.runtime.station.blocks.smartCharging.composite(0, LOOKAHEAD_S);
    // Periods start on whole seconds, rounded: a change under half a second away shows as 0, so wait at least one.
    this.timer = this.clock.setTimeout(() => this.changed(), Math.max(1, next?.startPeriod ?? LOOKAHEAD_S) * 1000);
    const limitW = now?.watts ?? null;
    if (limitW === this.current) return;
    this.current = limitW;
    for (const listener of this.listeners) listener();
  }
}
