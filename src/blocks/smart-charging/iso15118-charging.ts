// K15–K17: smart charging with an ISO 15118 EV. The EV's charging needs go to the CSMS
// (NotifyEVChargingNeeds); the EVSE's composite schedule is offered to the EV once the CSMS has
// set the transaction's TxProfile, or at once when it will not (Rejected, K17.FR.04), needs time
// (Processing, K15.FR.05) or cannot be reached (offline: the TxDefaultProfile, K15.FR.15); a later
// profile change renegotiates (K16). The schedule the EV chose goes to the CSMS
// (NotifyEVChargingSchedule), and a changed rate mid-charge is a TransactionEvent ChargingRateChanged.
// The exchange lasts as long as the EV's session: until it stops it (E15) or leaves.
//
//   EV needs ──> NotifyEVChargingNeeds ──Accepted──> wait for TxProfile (≤ 60 s) ──┐
//                     └── Rejected / Processing / offline / error ─────────────────┴─> offer composite
//   EV chooses ──> NotifyEVChargingSchedule (outbox) ──> ChargingRateChanged when it was charging

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  ChargingNeedsType,
  ChargingRateUnitEnumType,
  ChargingScheduleType,
  SetChargingProfileRequest,
} from '../../generated/ocpp201/index.js';
import type { HardwareEvent } from '../../hal/hardware.js';
import type { StationContext } from '../../kernel/context.js';
import type { Transactions } from '../transactions/index.js';
import type { EvseFacts, InstalledProfile } from './composite-schedule.js';
import { type CompositeSource, getCompositeSchedule } from './get-composite-schedule.js';
import { LazyMap } from '../../collections/lazy.js';

/** What the ISO 15118 exchange needs of the smart-charging block: the composite schedule, the profiles, an EVSE's facts. */
export interface ScheduleSource extends CompositeSource {
  installed(): readonly InstalledProfile[];
  facts(evseId: number): EvseFacts;
}

/** K15.FR.08: the CSMS should set the TxProfile within 60 s (the EV's ChargeParameterDiscovery timeout). */
export const TX_PROFILE_WAIT_MS = 60_000;
/** How far ahead the offered schedule reaches when no profile says, s. */
const OFFER_DURATION_S = 86_400;

interface Session {
  needs: ChargingNeedsType;
  maxScheduleTuples: number | undefined;
  /** Waiting for the CSMS's TxProfile after an Accepted (K15.FR.07). */
  waiting: TimerHandle | undefined;
  /** The schedule the EV chose last, and when. */
  chosen: ChargingScheduleType | undefined;
}

export interface Iso15118View {
  chargingNeeds: ChargingNeedsType;
  evChargingSchedule: ChargingScheduleType | null;
}

export class Iso15118Charging {
  private readonly sessions = new LazyMap<number, Session>();
  private stopped = false;

  /** The hardware events reach it through its owner's listener (`onHardware`), not one of its own. */
  constructor(
    private readonly ctx: StationContext,
    private readonly smart: ScheduleSource,
    private readonly transactions: Pick<Transactions, 'rateChanged'>,
  ) {}

  stop(): void {
    this.stopped = true;
    for (const id of [...this.sessions.keys()]) this.end(id);
  }

  /** GET /api/state: the EV's charging needs and the schedule it chose; null without an ISO 15118 session. */
  view(evseId: number): Iso15118View | null {
    const session = this.sessions.get(evseId);
    return session ? { chargingNeeds: session.needs, evChargingSchedule: session.chosen ?? null } : null;
  }

  /**
   * K15.FR.06, K16.FR.02/03: an accepted profile that bears on an EVSE with an ISO 15118 session
   * (its own or the station's) changes its composite schedule: the EV is offered the new one.
   */
  profileSet(request: SetChargingProfileRequest, status: string): void {
    if (status !== 'Accepted') return;
    for (const evseId of this.sessions.keys()) if (request.evseId === 0 || request.evseId === evseId) this.offer(evseId);
  }

  /** K16.FR.02: a cleared profile changes the composite schedule as well. */
  profilesCleared(): void {
    for (const evseId of this.sessions.keys()) this.offer(evseId);
  }

  onHardware(event: HardwareEvent): void {
    if (this.stopped) return;
    if (event.type === 'chargingNeeds') void this.needs(event.evseId, event.needs, event.maxScheduleTuples);
    if (event.type === 'evChargingSchedule') this.chosen(event.evseId, event.schedule);
    // E15: the EV ended its session (SessionStopReq Terminate); nothing is offered to it any more.
    if (event.type === 'sessionStop' || (event.type === 'cable' && event.state === 'unplugged')) this.end(event.evseId);
  }

  /** K15.FR.01, K17.FR.01: the EV's (new) charging needs go to the CSMS; its answer decides when to offer. */
  private async needs(evseId: number, needs: ChargingNeedsType, fromEv: number | undefined): Promise<void> {
    const previous = this.sessions.get(evseId);
    this.ctx.clock.clearTimeout(previous?.waiting);
    const maxScheduleTuples = fromEv ?? this.ctx.dm.getInt(DM.ISO15118Ctrlr.MaxScheduleEntries);
    const session: Session = { needs, maxScheduleTuples, waiting: undefined, chosen: previous?.chosen };
    this.sessions.set(evseId, session);
    this.ctx.events.emit('changed', undefined); // the dashboard shows the needs
    // K15.FR.15, K17.FR.15: offline, the EV gets what the station has (the TxDefaultProfile).
    if (!this.ctx.online()) return this.offer(evseId);
    let status: string;
    try {
      const request = { evseId, chargingNeeds: needs, ...(maxScheduleTuples !== undefined ? { maxScheduleTuples } : {}) };
      status = (await this.ctx.call('NotifyEVChargingNeeds', request)).status;
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId }, 'NotifyEVChargingNeeds not answered: the EV gets the local schedule');
      status = 'Offline';
    }
    if (this.sessions.get(evseId) !== session) return; // the EV left or renegotiated meanwhile
    if (status !== 'Accepted') return this.offer(evseId); // K17.FR.04, K15.FR.05: nothing (yet) to wait for
    // K15.FR.07: the TxProfile follows; should it not, the EV must not wait for ever.
    session.waiting = this.ctx.clock.setTimeout(() => {
      session.waiting = undefined;
      this.offer(evseId);
    }, TX_PROFILE_WAIT_MS);
  }

  /** K15.FR.06, K16.FR.03: the EVSE's composite schedule (SAScheduleList) to the EV. */
  private offer(evseId: number): void {
    const session = this.sessions.get(evseId);
    if (!session) return;
    this.ctx.clock.clearTimeout(session.waiting);
    session.waiting = undefined;
    const schedule = this.schedule(evseId, session.maxScheduleTuples);
    if (schedule) this.ctx.hal.offerSchedules?.(evseId, [schedule]);
  }

  /** The composite schedule from now, in the unit of the profile that governs the EVSE, at most `maxPeriods` periods. */
  private schedule(evseId: number, maxPeriods: number | undefined): ChargingScheduleType | undefined {
    const governing = this.governing(evseId);
    const source = governing?.chargingSchedule[0];
    const unit: ChargingRateUnitEnumType = source?.chargingRateUnit ?? this.smart.rateUnits()[0] ?? 'W';
    const duration = source?.duration ?? OFFER_DURATION_S;
    const answer = getCompositeSchedule({ evseId, duration, chargingRateUnit: unit }, this.ctx, this.smart);
    if (answer.status !== 'Accepted' || !answer.schedule) return undefined;
    const periods = answer.schedule.chargingSchedulePeriod.slice(0, Math.max(1, maxPeriods ?? Infinity));
    return {
      // K15.FR.21: the EV's choice is named by the id of the CSMS's schedule.
      id: source?.id ?? 1,
      startSchedule: answer.schedule.scheduleStart,
      duration,
      chargingRateUnit: unit,
      chargingSchedulePeriod: [periods[0]!, ...periods.slice(1)],
    };
  }

  /** The TxProfile of the EVSE's transaction, else its (or the station's) TxDefaultProfile, highest stack level first. */
  private governing(evseId: number) {
    const transactionId = this.smart.facts(evseId).transaction?.id;
    const mine = this.smart.installed().filter((p) => p.evseId === evseId || p.evseId === 0);
    const best = (purpose: string) =>
      mine
        .filter(
          (p) => p.profile.chargingProfilePurpose === purpose && (purpose !== 'TxProfile' || p.profile.transactionId === transactionId),
        )
        .sort((a, b) => b.profile.stackLevel - a.profile.stackLevel)[0]?.profile;
    return best('TxProfile') ?? best('TxDefaultProfile');
  }

  /**
   * K15.FR.09/10, K16.FR.04/05, K17.FR.09/10: the EV's schedule, chosen from what it was offered,
   * goes to the CSMS through the outbox (after a reconnect when offline, TC_K_56). When the EV was
   * already charging on another schedule, its rate changed: a TransactionEvent ChargingRateChanged follows it.
   */
  private chosen(evseId: number, schedule: ChargingScheduleType): void {
    const session = this.sessions.get(evseId);
    const before = session?.chosen?.chargingSchedulePeriod;
    const rateChanged =
      this.ctx.hal.evDrawing(evseId) && before !== undefined && JSON.stringify(before) !== JSON.stringify(schedule.chargingSchedulePeriod);
    if (session) session.chosen = schedule;
    const timeBase = schedule.startSchedule ?? this.ctx.now().toISOString();
    this.ctx.queue('NotifyEVChargingSchedule', { timeBase, evseId, chargingSchedule: schedule }, { kind: 'other' });
    this.ctx.events.emit('changed', undefined);
    if (rateChanged) this.transactions.rateChanged(evseId);
  }

  private end(evseId: number): void {
    const session = this.sessions.get(evseId);
    if (!session) return;
    this.ctx.clock.clearTimeout(session.waiting);
    this.sessions.delete(evseId);
    this.ctx.events.emit('changed', undefined);
  }
}
