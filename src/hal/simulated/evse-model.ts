// The physics of one simulated EVSE and the EV plugged into it: power ramps towards what the EV
// wants and the station allows, energy is the exact integral of that power over clock time, and
// the EV's battery fills with it. Pure state: the caller supplies the time and sends the events.
// A DC EVSE's EV also tapers its power above the knee of its battery (dc-battery.ts).

import type { EvProtocol } from '../hardware.js';
import { LazyMap } from '../../collections/lazy.js';
import { taperW } from './dc-battery.js';

export interface EvseElectrics {
  phases: 1 | 2 | 3;
  /** Nominal line-to-neutral voltage, V. */
  voltageV: number;
  /** Rated current per phase, A. */
  maxCurrentA: number;
  /**
   * A DC EVSE: its rated power, W. The AC fields above then do not apply: the EV's pack sets the
   * voltage and the current is power over it.
   */
  dcMaxPowerW?: number;
}

/** The simulated EV. It stays at the EVSE across unplug/plug: the same car coming back. */
export interface EvSettings {
  /** Whether the EV asks for energy when plugged (pilot state C); false = SuspendedEV. */
  drawing: boolean;
  /** The EV's own maximum charging power, W. */
  maxPowerW: number;
  /** Reported SoC, %; undefined for an EV that does not report one. */
  socPercent: number | undefined;
  batteryWh: number;
  /** IEC 61851 EVs have none of the ISO 15118 fields below. */
  protocol: EvProtocol;
  /** ISO 15118 charging needs: when the driver leaves, and how much energy is wanted by then. */
  departureTime?: string;
  energyRequestWh?: number;
  /** Plug & Charge (C07): the EV's contract, when it has one. */
  emaid?: string;
  contractCertificateChain?: string;
  /** The EV asks for a contract certificate (Get15118EVCertificate) when it plugs in. */
  requestsContractInstall: boolean;
}

/** Settings to change; `socPercent: undefined` makes the EV stop reporting a SoC. */
export type EvControl = Partial<EvSettings>;

export const defaultElectrics: EvseElectrics = { phases: 3, voltageV: 230, maxCurrentA: 16 };
export const defaultEv: EvSettings = {
  drawing: true,
  maxPowerW: Infinity,
  socPercent: undefined,
  batteryWh: 60_000,
  protocol: 'IEC61851',
  requestsContractInstall: false,
};

export interface EvseFault {
  text: string;
  connectorId?: number;
}

export class EvseModel {
  /** The plugged connector, or null. At most one connector of an EVSE is in use at a time. */
  plugged: number | null = null;
  contactor = false;
  limitW: number | null = null;
  fault: EvseFault | null = null;
  ev: EvSettings = { ...defaultEv };
  readonly locks = new LazyMap<number, boolean>();
  failNextLock = false;
  /** An ISO 15118 EV's session was authorized (AuthorizationRes, ev-contract.ts); IEC 61851 EVs have none. */
  sessionAuthorized = false;
  powerW = 0;
  energyWh = 0;
  /**
   * ISO 15118 (ev-charging-needs.ts): the EV draws only once it has chosen a schedule
   * (PowerDeliveryReq Start), then keeps within that schedule's limit, W (null: none).
   */
  scheduleChosen = true;
  scheduleLimitW: number | null = null;
  /**
   * The phases the EV is connected to (0 = L1), all those wired until the station switches
   * (setPhases): an AC EV on one phase draws its current on that phase alone.
   */
  livePhases: readonly number[];
  /** When the contactor last closed: a plugged EV takes what is offered `responseMs` later. */
  private closedAt = -Infinity;
  private at: number;

  constructor(
    readonly id: number,
    readonly connectorIds: readonly number[],
    readonly electrics: EvseElectrics,
    private readonly rampWPerS: number,
    now: number,
    /** How long the EV takes to answer an offer of energy (IEC 61851 state B to C). */
    readonly responseMs = 0,
  ) {
    this.livePhases = Array.from({ length: electrics.phases }, (_, i) => i);
    this.at = now;
    for (const c of connectorIds) this.locks.set(c, false);
  }

  /**
   * A plugged EV that wants energy asks for it (state C) once the EVSE has offered it (contactor
   * closed) for `responseMs`, like a real EV answering the PWM signal; until then it waits (state B).
   * An ISO 15118 EV also waits for its session to be authorized.
   */
  get evDrawing(): boolean {
    const session = this.ev.protocol === 'IEC61851' || this.sessionAuthorized;
    return this.plugged !== null && this.ev.drawing && session && this.scheduleChosen && this.contactor && this.at >= this.readyAt;
  }

  /** When the EV answers the present offer. */
  get readyAt(): number {
    return this.closedAt + this.responseMs;
  }

  /** New EV settings, checked; a full battery takes nothing. */
  applyEv(ev: EvControl): void {
    if (ev.maxPowerW !== undefined && !(ev.maxPowerW >= 0)) throw new RangeError(`EV max power must be >= 0 W, got ${ev.maxPowerW}`);
    if (ev.socPercent !== undefined && !(ev.socPercent >= 0 && ev.socPercent <= 100)) {
      throw new RangeError(`SoC must be within 0..100 %, got ${ev.socPercent}`);
    }
    if (ev.batteryWh !== undefined && !(ev.batteryWh > 0)) throw new RangeError(`battery must be > 0 Wh, got ${ev.batteryWh}`);
    this.ev = { ...this.ev, ...ev };
    if (this.ev.socPercent === 100) this.ev.drawing = false;
  }

  /** What the EVSE can deliver: on AC, the rated current on each phase in use. */
  get ratingW(): number {
    return this.electrics.dcMaxPowerW ?? this.livePhases.length * this.electrics.voltageV * this.electrics.maxCurrentA;
  }

  /**
   * Connects the EV to `phases` of the wired ones, `phaseToUse` (1 = L1) when one, else L1 first.
   * A change stops the current at once (the contactor opens to switch, IEC 61851-1); it ramps up again.
   */
  setPhases(phases: number, phaseToUse?: number): void {
    this.checkPhases(phases, phaseToUse);
    if (this.dc) return; // K01.FR.44: a DC EVSE has no phases to switch
    const live = phaseToUse === undefined ? Array.from({ length: phases }, (_, i) => i) : [phaseToUse - 1];
    if (live.join() === this.livePhases.join()) return;
    this.livePhases = live;
    this.powerW = 0;
  }

  /** Throws a RangeError for phases the EVSE is not wired for. */
  checkPhases(phases: number, phaseToUse?: number): void {
    const wired = this.electrics.phases;
    if (!Number.isInteger(phases) || phases < 1 || phases > wired) throw new RangeError(`phases must be 1..${wired}, got ${phases}`);
    if (phaseToUse !== undefined && (phases !== 1 || !Number.isInteger(phaseToUse) || phaseToUse < 1 || phaseToUse > wired)) {
      throw new RangeError(`phaseToUse must be 1..${wired} with 1 phase, got ${phaseToUse} with ${phases}`);
    }
  }

  setContactor(closed: boolean): void {
    if (closed && !this.contactor) this.closedAt = this.at;
    this.contactor = closed;
  }

  /** Energy can flow only through a closed contactor to a plugged, drawing EV, with no fault. */
  get canFlow(): boolean {
    return this.evDrawing && this.fault === null;
  }

  /** Power.Offered: the EVSE rating capped by the limit, or 0 when nothing can be delivered. */
  get offeredW(): number {
    if (this.plugged === null || !this.contactor || this.fault !== null) return 0;
    return Math.min(this.ratingW, this.limitW ?? Infinity);
  }

  get dc(): boolean {
    return this.electrics.dcMaxPowerW !== undefined;
  }

  /** What the EV takes: the least of the offer, its own maximum, its schedule and, on DC, its battery's taper. */
  get targetW(): number {
    if (!this.canFlow) return 0;
    const evW = this.dc ? taperW(this.ev.socPercent, this.ev.maxPowerW) : this.ev.maxPowerW;
    return Math.min(this.offeredW, evW, this.scheduleLimitW ?? Infinity);
  }

  /**
   * Integrates from the last update to `now`. Call it before every change of state, so that each
   * interval is integrated with the state that held during it. Returns true when the battery
   * became full and the EV stopped drawing.
   */
  advance(now: number): boolean {
    // The EV answers the offer within this interval: up to then nothing flowed.
    if (this.at < this.readyAt && now > this.readyAt) this.advance(this.readyAt);
    const seconds = Math.max(0, now - this.at) / 1000;
    // What held at the start of the interval held all through it.
    const flowing = this.canFlow;
    this.at = Math.max(this.at, now);
    // The contactor opened, the EV left or suspended, or a fault tripped: the current stops at once.
    if (!flowing) {
      this.powerW = 0;
      return false;
    }
    if (seconds === 0) return false;
    const target = this.targetW;
    const start = this.powerW;
    const rampSeconds = Math.abs(target - start) / this.rampWPerS;
    let end: number;
    let joules: number;
    if (rampSeconds >= seconds) {
      end = start + Math.sign(target - start) * this.rampWPerS * seconds;
      joules = ((start + end) / 2) * seconds;
    } else {
      end = target;
      joules = ((start + target) / 2) * rampSeconds + target * (seconds - rampSeconds);
    }
    return this.deliver(joules / 3600, end);
  }

  private deliver(wh: number, endPowerW: number): boolean {
    const soc = this.ev.socPercent;
    if (soc === undefined) {
      this.energyWh += wh;
      this.powerW = endPowerW;
      return false;
    }
    const roomWh = ((100 - soc) / 100) * this.ev.batteryWh;
    if (wh < roomWh) {
      this.energyWh += wh;
      this.ev.socPercent = soc + (wh / this.ev.batteryWh) * 100;
      // The taper follows the SoC within the interval: the EV never takes more than its battery accepts now.
      this.powerW = this.dc ? Math.min(endPowerW, taperW(this.ev.socPercent, this.ev.maxPowerW)) : endPowerW;
      return false;
    }
    // Full: the meter counts only what the battery took, then the EV stops drawing.
    this.energyWh += roomWh;
    this.ev.socPercent = 100;
    this.ev.drawing = false;
    this.powerW = 0;
    return true;
  }
}
