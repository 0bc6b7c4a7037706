// The virtual wallbox: a Hardware driver with no hardware behind it. The station stack drives it
// like a real charger; the dashboard, the CLI and tests play the EV driver through its controls
// (plug, setEv, presentToken, setFault...). Time comes only from the injected clock, so a test on
// the fake clock sees exactly the same physics as a run on the system clock.

import { createHash } from 'node:crypto';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { LazySet } from '../../collections/lazy.js';
import { isDcEvse, type StationDescription } from '../../description/station-description.js';
import type { ChargingScheduleType } from '../../generated/ocpp201/index.js';
import type { CableState, ExternalLimitSource, Hardware, HardwareEvent, MeterReading } from '../hardware.js';
import { packVoltageV } from './dc-battery.js';
import { EvChargingNeeds } from './ev-charging-needs.js';
import { EvContracts } from './ev-contract.js';
import { EvCertificateRequests, type EvCertificateAnswer } from './ev-certificate.js';
import { defaultElectrics, type EvControl, EvseModel, type EvseElectrics } from './evse-model.js';
import type { RegisterStore } from './meter-register.js';
import { LazyMap } from '../../collections/lazy.js';

export interface SimulatedHardwareOptions {
  clock: Clock;
  /**
   * Wiring per EVSE id; missing fields default to 3 phases, 230 V, 16 A (11 kW), or for a DC EVSE
   * of the description (DC connectors) to its maxPowerW, else 50 kW.
   */
  electrics?: Record<number, Partial<EvseElectrics>>;
  /** How fast the EV follows a new power target, W/s. */
  rampWPerS?: number;
  /** How long a plugged EV takes to start drawing once the contactor closes, ms (default 500). */
  evResponseMs?: number;
  /** Where the energy registers survive a restart (meter-register.ts); without one they start at 0. */
  registers?: RegisterStore;
}

export type { EvControl } from './evse-model.js';

/** What a DC EVSE is rated for when its description gives no maxPowerW. */
const DC_RATING_W = 50_000;
/** Meter noise: real mains voltage wanders around its nominal value. */
const VOLTAGE_NOISE_V = 2;
/** Energy is integrated at least this often while power flows, so SoC and "battery full" keep up. */
const TICK_MS = 1000;

export class SimulatedHardware implements Hardware {
  private readonly clock: Clock;
  private readonly evses = new Map<number, EvseModel>();
  private readonly listeners = new Set<(event: HardwareEvent) => void>();
  /** Empty in most stations (a fleet's): nothing allocated until someone listens. */
  private readonly rebootListeners = new LazySet<() => void>();
  /** evDrawing as last reported, so that 'ev' events go out only on a change. */
  private readonly reportedDrawing = new LazyMap<number, boolean>();
  private timer: TimerHandle | undefined;
  /** Per EVSE: the moment its EV answers the contactor closing. */
  private readonly answers = new LazyMap<number, TimerHandle>();
  private closed = false;
  private firmware: Uint8Array | undefined;
  private readonly registers: RegisterStore | undefined;
  /** The registers as last saved. */
  private readonly saved = new LazyMap<number, number>();
  /** The ISO 15118 EV's charging needs and chosen schedule (K15–K17). */
  private readonly iso: EvChargingNeeds;
  /** The EVs' ISO 15118 sessions: contract, authorization, session stop (ev-contract.ts). */
  private readonly contracts: EvContracts;
  /** M01/M02: the EV's contract certificate requests (ev-certificate.ts). */
  private readonly evCertificates: EvCertificateRequests;

  constructor(description: Pick<StationDescription, 'evses'>, options: SimulatedHardwareOptions) {
    this.clock = options.clock;
    this.evCertificates = new EvCertificateRequests(this.clock, (event) => this.emit(event));
    const ramp = options.rampWPerS ?? 2000;
    const response = options.evResponseMs ?? 500;
    this.registers = options.registers;
    this.contracts = new EvContracts(this.clock, (event) => this.emit(event));
    const stored = this.registers?.load() ?? {};
    this.iso = new EvChargingNeeds({
      clock: this.clock,
      evse: (id) => this.evse(id),
      change: (id, apply) => this.change(id, apply),
      emit: (event) => this.emit(event),
    });
    for (const evse of description.evses) {
      const dc = isDcEvse(evse) ? { dcMaxPowerW: evse.maxPowerW ?? DC_RATING_W } : {};
      const rated = !dc.dcMaxPowerW && evse.maxPowerW ? { maxCurrentA: evse.maxPowerW / (3 * defaultElectrics.voltageV) } : {};
      const electrics = { ...defaultElectrics, ...dc, ...rated, ...options.electrics?.[evse.id] };
      const ids = evse.connectors.map((c) => c.id);
      const model = new EvseModel(evse.id, ids, electrics, ramp, this.clock.now(), response);
      model.energyWh = stored[evse.id] ?? 0;
      this.saved.set(evse.id, model.energyWh);
      this.evses.set(evse.id, model);
      this.reportedDrawing.set(evse.id, false);
    }
  }

  // Inputs

  cable(evseId: number, connectorId: number): CableState {
    const evse = this.connector(evseId, connectorId);
    return evse.plugged === connectorId ? 'plugged' : 'unplugged';
  }

  meter(evseId: number): MeterReading {
    const evse = this.update(evseId);
    this.saveRegisters(evse);
    if (evse.dc) return this.dcMeter(evse);
    const { phases, voltageV: nominal } = evse.electrics;
    const voltageV = Array.from({ length: phases }, () => nominal + (this.clock.random() * 2 - 1) * VOLTAGE_NOISE_V);
    // Power is shared evenly over the phases in use, I = P / (V × phases in use) on each; the others carry none.
    const live = evse.livePhases;
    const currentA = voltageV.map((v, i) => (live.includes(i) ? evse.powerW / (v * live.length) : 0));
    const reading: MeterReading = {
      energyWh: evse.energyWh,
      powerW: evse.powerW,
      phases,
      currentA,
      voltageV,
      offeredW: evse.offeredW,
      offeredA: evse.offeredW / (nominal * live.length),
    };
    if (evse.plugged !== null && evse.ev.socPercent !== undefined) reading.socPercent = evse.ev.socPercent;
    return reading;
  }

  faults(evseId: number): string | null {
    return this.evse(evseId).fault?.text ?? null;
  }

  evDrawing(evseId: number): boolean {
    return this.update(evseId).evDrawing;
  }

  connectorLocked(evseId: number, connectorId: number): boolean {
    return this.connector(evseId, connectorId).locks.get(connectorId) ?? false;
  }

  contactorClosed(evseId: number): boolean {
    return this.evse(evseId).contactor;
  }

  subscribe(listener: (event: HardwareEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Outputs

  async setContactor(evseId: number, closed: boolean): Promise<void> {
    this.change(evseId, (evse) => evse.setContactor(closed));
    this.clock.clearTimeout(this.answers.get(evseId));
    this.answers.delete(evseId);
    const { responseMs } = this.evse(evseId);
    // The EV answers the offer a moment later: integrate up to then and tell the stack.
    if (closed && !this.closed && responseMs > 0)
      this.answers.set(
        evseId,
        this.clock.setTimeout(() => this.answered(evseId), responseMs),
      );
  }

  setPowerLimit(evseId: number, watts: number | null): void {
    if (watts !== null && !(watts >= 0)) throw new RangeError(`power limit must be >= 0 W, got ${watts}`);
    this.change(evseId, (evse) => (evse.limitW = watts));
  }

  setPhases(evseId: number, phases: 1 | 2 | 3, phaseToUse?: 1 | 2 | 3): void {
    this.evse(evseId).checkPhases(phases, phaseToUse); // before integrating up to the switch
    this.change(evseId, (evse) => evse.setPhases(phases, phaseToUse));
  }

  async setConnectorLock(evseId: number, connectorId: number, locked: boolean): Promise<boolean> {
    const evse = this.connector(evseId, connectorId);
    if (evse.failNextLock) {
      evse.failNextLock = false;
      return false;
    }
    if (evse.locks.get(connectorId) !== locked) {
      evse.locks.set(connectorId, locked);
      this.emit({ type: 'lock', evseId, connectorId, locked });
    }
    return true;
  }

  /** The controller restarts: outputs fall back to their safe state; meters and locks keep theirs. */
  async reboot(): Promise<void> {
    for (const id of this.evses.keys()) {
      this.change(id, (evse) => {
        evse.setContactor(false);
        evse.limitW = null;
        evse.setPhases(evse.electrics.phases);
      });
    }
    for (const cb of [...this.rebootListeners]) cb();
  }

  /** The version of an image is `sim-` and the first 12 hex digits of its SHA-256. */
  async installFirmware(image: Uint8Array): Promise<string> {
    if (image.length === 0) throw new Error('empty firmware image');
    this.firmware = image;
    return `sim-${createHash('sha256').update(image).digest('hex').slice(0, 12)}`;
  }

  offerSchedules(evseId: number, schedules: ChargingScheduleType[]): void {
    this.iso.offer(evseId, schedules);
  }

  authorizationResult(evseId: number, accepted: boolean): void {
    this.change(evseId, (evse) => this.contracts.authorizationResult(evse, accepted));
    this.iso.authorized(evseId, accepted);
  }

  close(): void {
    this.closed = true;
    this.iso.close();
    this.contracts.close();
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const answer of this.answers.values()) this.clock.clearTimeout(answer);
    this.answers.clear();
    this.evCertificates.close();
    this.listeners.clear();
    this.rebootListeners.clear();
  }

  // Controls of the virtual wallbox

  /** An EV plugs in; `ev` changes its settings first (by default it asks for energy at once). */
  plug(evseId: number, connectorId = 1, ev: EvControl = {}): void {
    const evse = this.connector(evseId, connectorId);
    if (evse.plugged === connectorId) return;
    if (evse.plugged !== null) throw new Error(`EVSE ${evseId} already has connector ${evse.plugged} in use`);
    this.change(evseId, (e) => {
      e.applyEv(ev);
      e.plugged = connectorId;
      this.iso.plugged(e);
      // The EV's own state first: what the stack answers to the cable event (an authorization given before) then stands.
      this.contracts.plugged(e);
      this.emit({ type: 'cable', evseId, connectorId, state: 'plugged' });
    });
    this.evCertificates.plugged(evseId, evse.ev);
  }

  /** The EV leaves: its current stops at once; opening the contactor is left to the stack. */
  unplug(evseId: number): void {
    const evse = this.update(evseId);
    const connectorId = evse.plugged;
    if (connectorId === null) return;
    evse.plugged = null;
    // A lock failure armed for this cable (it was not fully in) leaves with it.
    evse.failNextLock = false;
    this.iso.unplugged(evseId);
    this.contracts.unplugged(evse);
    this.afterChange(evse);
    this.emit({ type: 'cable', evseId, connectorId, state: 'unplugged' });
    this.evCertificates.unplugged(evseId);
  }

  /** M01/M02: the CSMS's answer to the EV's certificate request, as the station delivers it. */
  deliverCertificate(evseId: number, status: 'Accepted' | 'Failed', exiResponse: string): void {
    this.evse(evseId); // an unknown EVSE is a RangeError
    this.evCertificates.deliver(evseId, status, exiResponse);
  }

  /** The last certificate answer the EV at the EVSE got, or null. */
  evCertificate(evseId: number): EvCertificateAnswer | null {
    return this.evCertificates.answer(evseId);
  }

  setEv(evseId: number, ev: EvControl): void {
    this.change(evseId, (evse) => evse.applyEv(ev));
    this.iso.evChanged(evseId, ev);
  }

  /** The ISO 15118 EV's last charging needs and the schedule it follows; null without a session. */
  chargingSession(evseId: number): ReturnType<EvChargingNeeds['view']> {
    return this.iso.view(evseId);
  }

  /** E15: the plugged ISO 15118 EV ends its session (SessionStopReq Terminate). */
  evStopsSession(evseId: number): void {
    this.change(evseId, (evse) => {
      this.contracts.sessionStop(evse);
      this.iso.sessionStopped(evseId);
    });
  }

  /** `true` raises a generic 'GroundFailure'; a string is the fault's description; false clears it. */
  setFault(evseId: number, fault: boolean | string, connectorId?: number): void {
    if (connectorId !== undefined) this.connector(evseId, connectorId);
    const text = fault === true ? 'GroundFailure' : fault === false ? null : fault;
    const evse = this.update(evseId);
    if ((evse.fault?.text ?? null) === text) return;
    const previous = evse.fault;
    evse.fault = text === null ? null : connectorId === undefined ? { text } : { text, connectorId };
    this.afterChange(evse);
    const where = evse.fault?.connectorId ?? previous?.connectorId;
    this.emit(where === undefined ? { type: 'fault', evseId, fault: text } : { type: 'fault', evseId, connectorId: where, fault: text });
  }

  presentToken(idToken: string, tokenType = 'ISO14443', evseId?: number): void {
    if (evseId === undefined) {
      this.emit({ type: 'token', idToken, tokenType });
    } else {
      this.evse(evseId);
      this.emit({ type: 'token', idToken, tokenType, evseId });
    }
  }

  /** The external limit input (K11–K14): evseId 0 for the whole station, null to clear it. */
  setExternalLimit(evseId: number, limitW: number | null, source: ExternalLimitSource): void {
    if (evseId !== 0) this.evse(evseId);
    if (limitW !== null && !(limitW >= 0)) throw new RangeError(`external limit must be >= 0 W, got ${limitW}`);
    this.emit({ type: 'externalLimit', evseId, limitW, source });
  }

  /** The next setConnectorLock on this EVSE leaves the lock where it is and resolves false. */
  failNextLock(evseId: number): void {
    this.evse(evseId).failNextLock = true;
  }

  /** Called on reboot(), after the outputs went to their safe state. Returns the unsubscribe. */
  onReboot(cb: () => void): () => void {
    this.rebootListeners.add(cb);
    return () => this.rebootListeners.delete(cb);
  }

  /** The last image passed to installFirmware. */
  get installedFirmware(): Uint8Array | undefined {
    return this.firmware;
  }

  // Internals

  private evse(evseId: number): EvseModel {
    const evse = this.evses.get(evseId);
    if (!evse) throw new RangeError(`no EVSE ${evseId}`);
    return evse;
  }

  private connector(evseId: number, connectorId: number): EvseModel {
    const evse = this.evse(evseId);
    if (!evse.connectorIds.includes(connectorId)) throw new RangeError(`no connector ${connectorId} on EVSE ${evseId}`);
    return evse;
  }

  /** Integrates the EVSE up to now and reports an EV that stopped because its battery is full. */
  private update(evseId: number): EvseModel {
    const evse = this.evse(evseId);
    if (evse.advance(this.clock.now())) this.afterChange(evse);
    return evse;
  }

  /** Integrates with the old state, applies the change, then lets its effects follow. */
  private change(evseId: number, apply: (evse: EvseModel) => void): void {
    const evse = this.update(evseId);
    apply(evse);
    this.afterChange(evse);
  }

  private afterChange(evse: EvseModel): void {
    evse.advance(this.clock.now());
    const drawing = evse.evDrawing;
    if (this.reportedDrawing.get(evse.id) !== drawing) {
      this.reportedDrawing.set(evse.id, drawing);
      this.emit({ type: 'ev', evseId: evse.id, drawing });
    }
    this.schedule();
  }

  /** Keeps one timer while any EVSE can deliver power, none while all are idle or after close(). */
  private schedule(): void {
    const busy = !this.closed && [...this.evses.values()].some((e) => e.canFlow);
    if (!busy) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    } else if (this.timer === undefined) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        for (const id of this.evses.keys()) this.update(id);
        this.schedule();
      }, TICK_MS);
    }
  }

  private answered(evseId: number): void {
    this.answers.delete(evseId);
    this.change(evseId, () => {});
  }

  /** The DC link: the pack's voltage (with the EV plugged) and current = P / U, one value each. */
  private dcMeter(evse: EvseModel): MeterReading {
    const soc = evse.plugged === null ? undefined : evse.ev.socPercent;
    const voltageV = evse.plugged === null ? 0 : packVoltageV(soc);
    const reading: MeterReading = {
      energyWh: evse.energyWh,
      powerW: evse.powerW,
      phases: 1,
      dc: true,
      currentA: [voltageV > 0 ? evse.powerW / voltageV : 0],
      voltageV: [voltageV],
      offeredW: evse.offeredW,
      offeredA: voltageV > 0 ? evse.offeredW / voltageV : 0,
    };
    if (soc !== undefined) reading.socPercent = soc;
    return reading;
  }

  /** Before a reading leaves the meter, its register is on disk. */
  private saveRegisters(evse: EvseModel): void {
    if (!this.registers || this.saved.get(evse.id) === evse.energyWh) return;
    this.saved.set(evse.id, evse.energyWh);
    this.registers.save(Object.fromEntries(this.saved));
  }

  private emit(event: HardwareEvent): void {
    // A copy, so that a listener may unsubscribe while being called.
    for (const listener of [...this.listeners]) listener(event);
  }
}
