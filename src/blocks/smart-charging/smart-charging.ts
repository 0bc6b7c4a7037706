// K. Smart charging: the installed profiles (profile-store.ts), the limit each EVSE may draw
// (composite-schedule.ts) and the hardware output. On every change — a profile set or cleared,
// a transaction started or ended, a period boundary (a timer at the next one) — each EVSE's
// limit is computed anew and given to the hardware (K01.FR.07, K10.FR.05).

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  ChargingProfileType,
  ChargingRateUnitEnumType,
  RequestOf,
  RequestStartTransactionRequest,
} from '../../generated/ocpp201/index.js';
import type { StationScope } from '../../store/scope.js';
import type { StationContext } from '../../kernel/context.js';
import type { ExternalLimitSource, HardwareEvent } from '../../hal/hardware.js';
import type { Transactions } from '../transactions/index.js';
import { clearedChargingLimit, ExternalLimits, notifyChargingLimit, significant } from './external-limit.js';
import {
  compositePeriods,
  limitAt,
  type CompositePeriod,
  type EvseFacts,
  type InstalledProfile,
  type PhaseUse,
  samePhases,
} from './composite-schedule.js';
import { stationTotal } from './station-total.js';
import { decideSet, type SetDecision, type SetRules } from './profile-rules.js';
import { Iso15118Charging } from './iso15118-charging.js';
import { evseFacts, type EvseSource, sharersOf } from './load-balancing.js';
import { ProfileStore } from './profile-store.js';
import { profilesFor, type ChargingProfileView } from './view.js';

export interface SmartChargingDeps {
  db: StationScope;
  transactions: Pick<Transactions, 'view' | 'rateChanged'>;
}

const REMOTE_START_TX = 'remote-start';
/**
 * How often a DC EVSE's limit in A is converted again at the EV's measured voltage: a pack's voltage
 * moves by a volt in tens of seconds, so a second keeps the power within a volt's worth of A × V.
 */
const DC_VOLTAGE_REFRESH_MS = 1000;
/** SmartChargingCtrlr.Entries (ChargingProfiles) maxLimit in the device-model seed. */
const MAX_ENTRIES = 100;
/** The phases a station without EVSEs (a Local Controller) converts limits in A on: a three-phase grid connection. */
const GRID_PHASES = 3;

/** What a station without waiting TxProfiles shares, rather than an empty array each. */
const NO_PENDING: readonly PendingTxProfile[] = [];

/** K05: a TxProfile from RequestStartTransaction, waiting for its transaction. */
interface PendingTxProfile {
  evseId: number | undefined;
  idToken: string;
  profile: ChargingProfileType;
}

export class SmartCharging {
  private readonly store: ProfileStore;
  private profiles: readonly InstalledProfile[];
  /**
   * The limit last given to each EVSE's hardware, by EVSE id (undefined: none given yet); EVSE
   * ids are small and consecutive, and an array of them costs less than a Map.
   */
  private readonly limits: (number | null | undefined)[] = [];
  /** The phases last given to each AC EVSE's hardware (K01.FR.46/47), as `numberPhases/phaseToUse`, by EVSE id. */
  private readonly phases: (string | undefined)[] = [];
  private externalLimits: ExternalLimits | undefined;
  private pending: readonly PendingTxProfile[] = NO_PENDING;
  private timer: TimerHandle | undefined;
  /** Created on first use: most stations never see an ISO 15118 EV. */
  private iso15118: Iso15118Charging | undefined;
  /**
   * Set by stop: the listeners then do nothing. The station's events end with the station, so
   * they are not taken off one by one, which would keep an unsubscribe closure each.
   */
  private stopped = false;

  constructor(
    protected readonly ctx: StationContext,
    private readonly deps: SmartChargingDeps,
  ) {
    this.store = new ProfileStore(deps.db);
    this.profiles = this.store.all();
    this.reportPhaseSwitching();
    ctx.events.on('evseTransaction', () => this.stopped || this.apply());
    ctx.events.on('hardware', (event) => this.stopped || this.onHardware(event));
    ctx.events.on('changed', () => {
      if (this.pending.length > 0 && !this.stopped) this.apply();
    });
    this.apply();
  }

  /** K15–K17: the ISO 15118 EVs' charging needs and schedules. */
  get iso(): Iso15118Charging {
    this.iso15118 ??= new Iso15118Charging(this.ctx, this, this.deps.transactions);
    return this.iso15118;
  }

  stop(): void {
    this.iso15118?.stop();
    this.stopped = true;
    this.ctx.clock.clearTimeout(this.timer);
  }

  installed(): readonly InstalledProfile[] {
    return this.profiles;
  }

  /** K11.FR.06, K12.FR.05: the external limits, reported as ChargingStationExternalConstraints profiles. */
  external(): ReturnType<ExternalLimits['asProfiles']> {
    return this.externalLimits?.asProfiles(this.ctx.now().toISOString()) ?? [];
  }

  /**
   * GET /api/state: the profiles that bear on the EVSE now or later (its own and the station's)
   * and its own external limit, W (EVSE 0: the station-wide one); null without one.
   */
  view(evseId: number): { chargingProfiles: ChargingProfileView[]; externalLimitW: number | null } {
    const now = this.ctx.now().getTime();
    const relativeStart = evseId === 0 ? now : (this.facts(evseId).transaction?.startedAt ?? now);
    return {
      chargingProfiles: profilesFor(evseId, this.profiles, now, relativeStart),
      externalLimitW: this.externalLimits?.get(evseId)?.limitW ?? null,
    };
  }

  /** The limit given to the EVSE's hardware now, W; null without one. */
  limitW(evseId: number): number | null {
    return this.limits[evseId] ?? null;
  }

  evseIds(): number[] {
    return this.ctx.description.evses.map((e) => e.id);
  }

  rateUnits(): ChargingRateUnitEnumType[] {
    return this.ctx.dm.getList(DM.SmartChargingCtrlr.RateUnit).filter((u): u is ChargingRateUnitEnumType => u === 'A' || u === 'W');
  }

  /** K01: validates and, when accepted, installs the profile and applies the new limits. */
  set(evseId: number, profile: ChargingProfileType): SetDecision {
    const decision = decideSet({ evseId, chargingProfile: profile }, this.profiles, this.rules());
    if (decision.status !== 'Accepted') return decision;
    this.store.put(evseId, profile, this.ctx.clock.now(), decision.replaces);
    this.reload();
    return decision;
  }

  /** K10: removes the profiles; false when none of them was installed. */
  clear(ids: readonly number[]): boolean {
    if (ids.length === 0) return false;
    this.store.delete(ids);
    this.reload();
    return true;
  }

  /** K05.FR.05: a profile in a RequestStartTransaction that cannot be used, with the reasonCode. */
  checkRemoteStart(request: RequestStartTransactionRequest): string | undefined {
    const profile = request.chargingProfile;
    if (!profile || !this.enabled()) return undefined; // K05.FR.04: ignored without smart charging
    if (profile.chargingProfilePurpose !== 'TxProfile') return 'InvalidProfile'; // K05.FR.02
    const evseId = request.evseId ?? this.evseIds()[0]!;
    // The transaction does not exist yet: the profile is checked as if bound to it.
    const rules: SetRules = { ...this.rules(), transactionOf: () => REMOTE_START_TX };
    const decision = decideSet({ evseId, chargingProfile: { ...profile, transactionId: REMOTE_START_TX } }, [], rules);
    return decision.status === 'Rejected' ? decision.reasonCode : undefined;
  }

  /** K05.FR.03: the accepted remote start's profile becomes the TxProfile of the transaction it starts. */
  expectTxProfile(request: RequestStartTransactionRequest): void {
    if (!request.chargingProfile || !this.enabled()) return;
    this.pending = [...this.pending, { evseId: request.evseId, idToken: request.idToken.idToken, profile: request.chargingProfile }];
    this.apply();
  }

  /** K08: the composite schedule of an EVSE (0: the station, station-total.ts) from now. */
  composite(evseId: number, durationS: number): (CompositePeriod & { lineA?: number | null })[] {
    const now = this.ctx.now().getTime();
    if (evseId !== 0) return this.evseComposite(evseId, now, durationS);
    // K08.FR.03: each EVSE with its share as if all drew at once: the total stays within the station maximum.
    const all = this.evseIds().map((id) => this.facts(id));
    if (all.length === 0) return stationTotal([{ dc: false, periods: this.ownComposite(now, durationS) }]);
    return stationTotal(all.map((facts) => ({ dc: facts.dc === true, periods: this.evseComposite(facts.evseId, now, durationS, all) })));
  }

  /**
   * K11.FR.01, K12.FR.01: an external limit caps the composite of the profiles (it holds until
   * cleared). `sharers`: the EVSEs the station's limits are shared among (K04).
   */
  private evseComposite(evseId: number, now: number, durationS: number, sharers = this.sharers(evseId)): CompositePeriod[] {
    const cap = this.externalLimits?.capW(evseId, sharers.length) ?? null;
    return capped(compositePeriods(this.profiles, this.facts(evseId), sharers, now, durationS), cap);
  }

  /**
   * A station without EVSEs of its own (a Local Controller, K03): its limits are those of the
   * group it controls, its ChargingStationMaxProfile capped by a station-wide external limit (K14),
   * on a three-phase grid connection (the station total then gives its current per phase).
   */
  private ownComposite(now: number, durationS: number): CompositePeriod[] {
    const maxima = this.profiles.filter((p) => p.profile.chargingProfilePurpose === 'ChargingStationMaxProfile');
    return capped(compositePeriods(maxima, { evseId: 0, phases: GRID_PHASES }, 1, now, durationS), this.externalLimits?.capW(0, 1) ?? null);
  }

  /**
   * K11–K13: an external limit set, changed or cleared. The CSMS hears of it (NotifyChargingLimit /
   * ClearedChargingLimit) and each transaction whose rate changes significantly gets a
   * TransactionEvent ChargingRateChanged (K11.FR.04, K13.FR.03).
   */
  setExternal(evseId: number, limitW: number | null, source: ExternalLimitSource): void {
    const before = this.externalLimits?.get(evseId);
    const percent = Number(this.ctx.dm.get(DM.SmartChargingCtrlr.LimitChangeSignificance) ?? 0) || 0;
    const rates = new Map(this.evseIds().map((id) => [id, this.limitW(id)]));
    this.externalLimits ??= new ExternalLimits();
    this.externalLimits.set(evseId, limitW === null ? null : { limitW, source, since: this.ctx.now().toISOString() });
    if (limitW === null && before) this.report('ClearedChargingLimit', clearedChargingLimit(evseId, before));
    if (limitW !== null && (!before || before.source !== source || significant(before.limitW, limitW, percent))) {
      const withSchedule = this.ctx.dm.getBool(DM.SmartChargingCtrlr.NotifyChargingLimitWithSchedules) === true;
      this.report('NotifyChargingLimit', notifyChargingLimit(evseId, { limitW, source }, withSchedule, this.ctx.now()));
    }
    this.apply();
    this.ctx.events.emit('changed', undefined); // the dashboard shows the external limit
    for (const [id, rate] of rates) if (significant(rate, this.limitW(id), percent)) this.deps.transactions.rateChanged(id);
  }

  /** Through the outbox: a limit that comes or goes while the link is down reaches the CSMS after it, in order. */
  private report<A extends 'NotifyChargingLimit' | 'ClearedChargingLimit'>(action: A, payload: RequestOf<A>): void {
    this.ctx.queue(action, payload, { kind: 'other' });
  }

  /** K04: the EVSEs that share the station's limits with `evseId` (load-balancing.ts). */
  private sharers(evseId: number): EvseFacts[] {
    return sharersOf(evseId, this.evseSource());
  }

  facts(evseId: number): EvseFacts {
    return evseFacts(evseId, this.evseSource());
  }

  private evseSource(): EvseSource {
    return { hal: this.ctx.hal, description: this.ctx.description, transactions: this.deps.transactions };
  }

  private enabled(): boolean {
    return this.ctx.dm.getBool(DM.SmartChargingCtrlr.Enabled) !== false;
  }

  private rules(): SetRules {
    const { dm } = this.ctx;
    return {
      evseIds: this.evseIds(),
      transactionOf: (evseId) => this.deps.transactions.view(evseId)?.transactionId,
      phasesOf: (evseId) => this.ctx.hal.meter(evseId).phases,
      rateUnits: this.rateUnits(),
      maxStackLevel: dm.getInt(DM.SmartChargingCtrlr.ProfileStackLevel) ?? 10,
      maxPeriods: dm.getInt(DM.SmartChargingCtrlr.PeriodsPerSchedule) ?? 24,
      maxEntries: MAX_ENTRIES,
      phaseSwitching: dm.getBool(DM.SmartChargingCtrlr.ACPhaseSwitchingSupported) ?? false,
    };
  }

  private onHardware(event: HardwareEvent): void {
    try {
      if (event.type === 'externalLimit') this.setExternal(event.evseId, event.limitW, event.source);
      // K04: the station maximum is shared anew when an EV comes or goes, suspends or resumes.
      if (event.type === 'cable' || event.type === 'ev') this.apply();
    } finally {
      // K15–K17: what the ISO 15118 exchange hears of the hardware, after the limits; an EV's
      // needs or chosen schedule start it, other events only concern one that has started.
      if (event.type === 'chargingNeeds' || event.type === 'evChargingSchedule') this.iso.onHardware(event);
      else this.iso15118?.onHardware(event);
    }
  }

  private reload(): void {
    this.profiles = this.store.all();
    try {
      this.ctx.dm.set(DM.SmartChargingCtrlr.Entries.ChargingProfiles, String(this.profiles.length));
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'cannot report the number of charging profiles');
    }
    this.apply();
    this.ctx.events.emit('changed', undefined); // the dashboard lists the profiles
  }

  /**
   * ACPhaseSwitchingSupported and Phases3to1 say what the hardware can do: true when its driver
   * can switch phases (setPhases) and an EVSE is AC; otherwise phaseToUse is rejected (K01.FR.48)
   * and so is a numberPhases below the wired one (K01.FR.43).
   */
  private reportPhaseSwitching(): void {
    const { dm, hal, description } = this.ctx;
    const ac = description.evses.some((e) => hal.meter(e.id).dc !== true);
    const can = String(typeof hal.setPhases === 'function' && ac);
    for (const ref of [DM.SmartChargingCtrlr.ACPhaseSwitchingSupported, DM.SmartChargingCtrlr.Phases3to1]) {
      try {
        if (dm.get(ref) !== can) dm.set(ref, can);
      } catch (error) {
        this.ctx.log.warn({ err: error }, 'cannot report phase switching');
      }
    }
  }

  /** K01.FR.46/47: tells an AC EVSE's hardware the phases to use when they change (and once at start). */
  private applyPhases(evseId: number, use: PhaseUse | undefined): void {
    const { hal } = this.ctx;
    if (!use || !hal.setPhases) return;
    const key = `${use.numberPhases}/${use.phaseToUse ?? ''}`;
    if (this.phases[evseId] === key) return;
    this.phases[evseId] = key;
    try {
      hal.setPhases(evseId, use.numberPhases as 1 | 2 | 3, use.phaseToUse as 1 | 2 | 3 | undefined);
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId }, 'the hardware did not switch phases');
    }
    this.ctx.events.emit('changed', undefined);
  }

  /** Binds waiting TxProfiles, drops those of ended transactions, drives the hardware, arms the timer. */
  private apply(): void {
    const ongoing = new Set(
      this.evseIds()
        .map((id) => this.deps.transactions.view(id)?.transactionId)
        .filter(Boolean),
    );
    const stale = this.profiles.filter((p) => p.profile.chargingProfilePurpose === 'TxProfile' && !ongoing.has(p.profile.transactionId));
    if (stale.length > 0 || this.bindPending()) {
      this.store.delete(stale.map((p) => p.profile.id)); // a TxProfile ends with its transaction
      return this.reload();
    }
    const now = this.ctx.now().getTime();
    let next: number | undefined;
    for (const evseId of this.evseIds()) {
      const sharers = this.sharers(evseId);
      const { watts: profileW, next: boundary, phases, followsVoltage } = limitAt(this.profiles, this.facts(evseId), sharers, now, now);
      // K01.FR.44: a limit in A on DC is A × the EV's pack voltage, which rises as it charges: read it again.
      const change = followsVoltage ? Math.min(boundary ?? Infinity, now + DC_VOLTAGE_REFRESH_MS) : boundary;
      this.applyPhases(evseId, phases);
      const cap = this.externalLimits?.capW(evseId, sharers.length) ?? null;
      const watts = cap === null ? profileW : profileW === null ? cap : Math.min(profileW, cap);
      const rounded = watts === null ? null : Math.max(0, Math.round(watts));
      if (this.limits[evseId] !== rounded) {
        this.limits[evseId] = rounded;
        this.ctx.hal.setPowerLimit(evseId, rounded);
        this.ctx.events.emit('changed', undefined);
      }
      if (change !== undefined && (next === undefined || change < next)) next = change;
    }
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = next === undefined ? undefined : this.ctx.clock.setTimeout(() => this.apply(), Math.max(0, next - now));
  }

  /** K05.FR.03: installs a waiting TxProfile once its transaction exists; true when one was. */
  private bindPending(): boolean {
    if (this.pending.length === 0) return false;
    let bound = false;
    this.pending = this.pending.filter(({ evseId, idToken, profile }) => {
      const view = this.evseIds()
        .filter((id) => evseId === undefined || id === evseId)
        .map((id) => this.deps.transactions.view(id))
        .find((v) => v !== null && (evseId !== undefined || v.idToken === idToken));
      if (!view) return true;
      const bind = { ...profile, transactionId: view.transactionId };
      const replaces = this.profiles.filter((p) => p.profile.id === profile.id).map((p) => p.profile.id);
      this.store.put(view.evseId, bind, this.ctx.clock.now(), replaces);
      bound = true;
      return false;
    });
    return bound;
  }
}

/** The periods with no limit above `cap` (W; null: none), merged where they become equal. */
function capped(periods: CompositePeriod[], cap: number | null): CompositePeriod[] {
  if (cap === null) return periods;
  return periods
    .map((p) => ({ ...p, watts: p.watts === null ? cap : Math.min(p.watts, cap) }))
    .filter((p, i, all) => i === 0 || p.watts !== all[i - 1]!.watts || !samePhases(p.phases, all[i - 1]!.phases));
}
