// The simulated EV's ISO 15118 smart charging (K15–K17), as its ISO 15118 stack would tell the
// charger: once authorized (AuthorizationRes) it sends its charging needs
// (ChargeParameterDiscoveryReq), waits for the schedules offered (SAScheduleList), chooses the
// first, announces it (PowerDeliveryReq) and only then draws, within that schedule's limit. New
// needs during the session (departure time, energy wanted) are a renegotiation the EV starts (K17).
// IEC 61851 EVs take no part: for them nothing here changes anything.

import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { ChargingNeedsType, ChargingScheduleType } from '../../generated/ocpp201/index.js';
import type { HardwareEvent } from '../hardware.js';
import { PACK_FULL_V, packVoltageV, TAPER_KNEE_PERCENT } from './dc-battery.js';
import type { EvControl, EvseModel } from './evse-model.js';
import { LazyMap } from '../../collections/lazy.js';

/** What an ISO 15118-2 EV accepts per schedule (SAScheduleTuple entries) when it says nothing else. */
export const EV_MAX_SCHEDULE_TUPLES = 12;
/** How long the EV takes from AuthorizationRes to its ChargeParameterDiscoveryReq, ms. */
const NEEDS_DELAY_MS = 200;
/** The smallest AC current an EV charges with (IEC 61851-1). */
const EV_MIN_CURRENT_A = 6;

interface Session {
  /** Authorized: the EV has sent, or is about to send, its charging needs. */
  needsTimer: TimerHandle | undefined;
  /** The schedule the EV follows, and when it began. */
  schedule: ChargingScheduleType | undefined;
  startedAt: number;
  periodTimer: TimerHandle | undefined;
  needs: ChargingNeedsType | undefined;
}

export interface EvChargingNeedsHost {
  clock: Clock;
  evse(evseId: number): EvseModel;
  /** Integrates the EVSE with the old state, applies the change, reports what follows (an 'ev' event). */
  change(evseId: number, apply: (evse: EvseModel) => void): void;
  emit(event: HardwareEvent): void;
}

export class EvChargingNeeds {
  private readonly sessions = new LazyMap<number, Session>();

  constructor(private readonly host: EvChargingNeedsHost) {}

  /** An ISO 15118 EV plugs in: it waits for its schedule before it draws. */
  plugged(evse: EvseModel): void {
    evse.scheduleChosen = !isIso(evse);
    evse.scheduleLimitW = null;
  }

  unplugged(evseId: number): void {
    this.end(evseId);
    const evse = this.host.evse(evseId);
    evse.scheduleChosen = true;
    evse.scheduleLimitW = null;
  }

  /** E15: the EV ended its session; it follows no schedule, and a new session waits for a new one. */
  sessionStopped(evseId: number): void {
    this.end(evseId);
    const evse = this.host.evse(evseId);
    evse.scheduleChosen = !isIso(evse);
    evse.scheduleLimitW = null;
  }

  /** AuthorizationRes: accepted, the EV sends its charging needs a moment later. */
  authorized(evseId: number, accepted: boolean): void {
    const evse = this.host.evse(evseId);
    if (!accepted || evse.plugged === null || !isIso(evse) || this.sessions.has(evseId)) return;
    const session: Session = { needsTimer: undefined, schedule: undefined, startedAt: 0, periodTimer: undefined, needs: undefined };
    this.sessions.set(evseId, session);
    this.sendNeeds(evseId, session);
  }

  /** K17: the driver changes what the EV needs during the session; the EV renegotiates. */
  evChanged(evseId: number, change: EvControl): void {
    const session = this.sessions.get(evseId);
    if (!session || (change.departureTime === undefined && change.energyRequestWh === undefined)) return;
    this.sendNeeds(evseId, session);
  }

  /** SAScheduleList: the EV takes the first schedule, announces it and follows it. */
  offer(evseId: number, schedules: ChargingScheduleType[]): void {
    const session = this.sessions.get(evseId);
    const chosen = schedules[0];
    if (!session || !chosen) return;
    session.schedule = chosen;
    session.startedAt = this.host.clock.now();
    this.host.emit({ type: 'evChargingSchedule', evseId, schedule: chosen });
    this.follow(evseId, session);
  }

  /** What the EV asked for last and the schedule it follows, for the dashboard. */
  view(evseId: number): { needs: ChargingNeedsType; schedule: ChargingScheduleType | null } | null {
    const session = this.sessions.get(evseId);
    return session?.needs ? { needs: session.needs, schedule: session.schedule ?? null } : null;
  }

  close(): void {
    for (const id of [...this.sessions.keys()]) this.end(id);
  }

  private sendNeeds(evseId: number, session: Session): void {
    this.host.clock.clearTimeout(session.needsTimer);
    session.needsTimer = this.host.clock.setTimeout(() => {
      session.needsTimer = undefined;
      const evse = this.host.evse(evseId);
      if (evse.plugged === null) return;
      session.needs = chargingNeeds(evse, this.host.clock.now());
      this.host.emit({ type: 'chargingNeeds', evseId, needs: session.needs, maxScheduleTuples: EV_MAX_SCHEDULE_TUPLES });
    }, NEEDS_DELAY_MS);
  }

  /** Draws within the limit of the schedule's period in force; a timer at the next period. */
  private follow(evseId: number, session: Session): void {
    const schedule = session.schedule!;
    const evse = this.host.evse(evseId);
    const elapsedS = (this.host.clock.now() - session.startedAt) / 1000;
    const periods = schedule.chargingSchedulePeriod;
    const current = periods.filter((p) => p.startPeriod <= elapsedS).at(-1) ?? periods[0]!;
    const ended = schedule.duration !== undefined && elapsedS >= schedule.duration;
    const phases = current.numberPhases ?? evse.electrics.phases;
    // On DC a limit in A is the DC current, at the pack's voltage.
    const voltsPerA = evse.dc ? packVoltageV(evse.ev.socPercent) : evse.electrics.voltageV * phases;
    const watts = ended ? null : schedule.chargingRateUnit === 'W' ? current.limit : current.limit * voltsPerA;
    this.host.change(evseId, (e) => {
      e.scheduleChosen = true;
      e.scheduleLimitW = watts;
    });
    this.host.clock.clearTimeout(session.periodTimer);
    const next = periods.find((p) => p.startPeriod > elapsedS)?.startPeriod ?? (ended ? undefined : schedule.duration);
    session.periodTimer =
      next === undefined ? undefined : this.host.clock.setTimeout(() => this.follow(evseId, session), (next - elapsedS) * 1000);
  }

  private end(evseId: number): void {
    const session = this.sessions.get(evseId);
    if (!session) return;
    this.host.clock.clearTimeout(session.needsTimer);
    this.host.clock.clearTimeout(session.periodTimer);
    this.sessions.delete(evseId);
  }
}

function isIso(evse: EvseModel): boolean {
  return evse.ev.protocol !== 'IEC61851';
}

/**
 * AC charging needs: the energy the driver asked for, else the room left in the battery; the
 * EV's current and voltage range from the EVSE's wiring, capped by the EV's own maximum power.
 */
export function chargingNeeds(evse: EvseModel, now: number): ChargingNeedsType {
  if (evse.dc) return dcChargingNeeds(evse, now);
  const { phases, voltageV, maxCurrentA } = evse.electrics;
  const { ev } = evse;
  const roomWh = ((100 - (ev.socPercent ?? 0)) / 100) * ev.batteryWh;
  const evMaxCurrent = Math.max(EV_MIN_CURRENT_A, Math.floor(Math.min(maxCurrentA, ev.maxPowerW / (voltageV * phases))));
  return {
    requestedEnergyTransfer: phases === 1 ? 'AC_single_phase' : phases === 2 ? 'AC_two_phase' : 'AC_three_phase',
    ...(ev.departureTime !== undefined && Date.parse(ev.departureTime) > now ? { departureTime: ev.departureTime } : {}),
    acChargingParameters: {
      energyAmount: Math.round(ev.energyRequestWh ?? roomWh),
      evMinCurrent: EV_MIN_CURRENT_A,
      evMaxCurrent,
      evMaxVoltage: Math.round(voltageV * 1.1), // the EV tolerates +10 % of nominal
    },
  };
}

/**
 * DC charging needs: the same energy, and what the EV's battery takes: its power within the
 * EVSE's rating, the current at its lowest pack voltage, its pack's full voltage, SoC and capacity,
 * the knee of its taper as bulkSoC.
 */
function dcChargingNeeds(evse: EvseModel, now: number): ChargingNeedsType {
  const { ev } = evse;
  const roomWh = ((100 - (ev.socPercent ?? 0)) / 100) * ev.batteryWh;
  const evMaxPower = Math.min(ev.maxPowerW, evse.ratingW);
  return {
    requestedEnergyTransfer: 'DC',
    ...(ev.departureTime !== undefined && Date.parse(ev.departureTime) > now ? { departureTime: ev.departureTime } : {}),
    dcChargingParameters: {
      evMaxCurrent: Math.floor(evMaxPower / packVoltageV(ev.socPercent)),
      evMaxVoltage: PACK_FULL_V,
      energyAmount: Math.round(ev.energyRequestWh ?? roomWh),
      evMaxPower: Math.round(evMaxPower),
      evEnergyCapacity: ev.batteryWh,
      fullSoC: 100,
      bulkSoC: TAPER_KNEE_PERCENT,
      ...(ev.socPercent === undefined ? {} : { stateOfCharge: Math.round(ev.socPercent) }),
    },
  };
}
