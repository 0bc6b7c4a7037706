// K. The schedule maths, pure: which period of a profile is active at an instant (Absolute,
// Recurring Daily/Weekly, Relative to the transaction start), which profile of a purpose wins
// (highest stackLevel, K01.FR.17), and the composite of an EVSE: the lowest of the
// ChargingStationMaxProfile share and the TxProfile, else TxDefaultProfile (K08.FR.04).
// The phases an AC EVSE uses follow the periods in force (phaseUse, K01.FR.43/46/47), and limits
// are compared in W on those phases: A per phase × nominal voltage × phases in use (K01.FR.50/51);
// on a DC EVSE, A of the DC output × the EV's measured voltage (400 V when unknown), numberPhases
// ignored (K01.FR.44).
//
//   profile ──activeAt(t)──> {limit, unit, phases, next boundary}
//   profiles of a purpose ──winner(t)──> highest stackLevel among those active
//   EVSE ──limitAt(t)──> min(max share, tx) in W, phases in use, next boundary ──walk──> periods
//   max share: equal among the EVSEs in use, what one's own limit (or a suspended EV) leaves goes
//   to the others (K04, water-fill.ts), each counted by the part of the maximum its phases use

import type { ChargingProfileType, ChargingRateUnitEnumType, ChargingSchedulePeriodType } from '../../generated/ocpp201/index.js';
import { waterFill } from './water-fill.js';

/** K01.FR.50: the set voltage of the area, not the measured one. */
export const NOMINAL_VOLTAGE_V = 230;
/** The DC counterpart when the EV's voltage is not known (no EV on the output): that of a 400 V pack. */
export const DC_NOMINAL_VOLTAGE_V = 400;
const DAY_MS = 86_400_000;

export interface InstalledProfile {
  evseId: number;
  profile: ChargingProfileType;
}

export interface EvseFacts {
  evseId: number;
  /** Phases wired to the EVSE. */
  phases: number;
  /** A DC EVSE: a limit in A is a DC current. */
  dc?: boolean;
  /** DC: the EV's present voltage on the output, V, when known; A converts to W with it. */
  dcVoltageV?: number;
  /** The ongoing transaction: its id and start (epoch ms). */
  transaction?: { id: string; startedAt: number };
  /**
   * K04: its EV charged and draws nothing now (SuspendedEV): it keeps only what it needs to resume
   * with of the station maximum (reserveW); the rest of its share goes to the others.
   */
  suspended?: boolean;
}

export interface ActivePeriod {
  limit: number;
  unit: ChargingRateUnitEnumType;
  numberPhases: number | undefined;
  /** K01.FR.46: the phase to use with numberPhases 1. */
  phaseToUse?: number | undefined;
  /** K04.FR.04: the schedule's minChargingRate, in its unit. */
  minChargingRate?: number | undefined;
  /** The instant (epoch ms) the answer may change; undefined when it never will. */
  next: number | undefined;
}

interface ProfileTimes {
  from: number;
  to: number;
  /** startSchedule, NaN when absent. */
  start: number;
}

/**
 * A profile's times as epoch ms, parsed once per profile object: a composite schedule reads every
 * profile at every boundary, and parsing the dates each time was most of its cost.
 */
const parsed = new WeakMap<ChargingProfileType, ProfileTimes>();
function timesOf(profile: ChargingProfileType): ProfileTimes {
  let times = parsed.get(profile);
  if (!times) {
    times = {
      from: profile.validFrom ? Date.parse(profile.validFrom) : -Infinity,
      to: profile.validTo ? Date.parse(profile.validTo) : Infinity,
      start: Date.parse(profile.chargingSchedule[0].startSchedule ?? ''),
    };
    parsed.set(profile, times);
  }
  return times;
}

/** The moment a profile's schedule starts, in the cycle that holds `t` (Recurring); undefined before it has any. */
function scheduleStart(profile: ChargingProfileType, t: number, relativeStart: number): number | undefined {
  if (profile.chargingProfileKind === 'Relative') return relativeStart; // K01.FR.41/42
  const { start } = timesOf(profile);
  if (!Number.isFinite(start)) return undefined;
  if (profile.chargingProfileKind === 'Absolute' || t < start) return start;
  const cycle = profile.recurrencyKind === 'Weekly' ? 7 * DAY_MS : DAY_MS;
  return start + Math.floor((t - start) / cycle) * cycle;
}

/**
 * The period of the profile in force at `t` (K01.FR.12), or undefined with the next instant it
 * may start. `relativeStart` anchors a Relative profile (the transaction start, else now: K08.FR.06).
 */
export function activeAt(profile: ChargingProfileType, t: number, relativeStart: number): ActivePeriod | { next: number | undefined } {
  const { from, to } = timesOf(profile);
  if (t < from) return { next: from }; // K01.FR.36
  if (t >= to) return { next: undefined }; // K01.FR.37
  const bound = (next: number | undefined): number | undefined => (to < Infinity && (next === undefined || to < next) ? to : next);
  const schedule = profile.chargingSchedule[0];
  const start = scheduleStart(profile, t, relativeStart);
  if (start === undefined) return { next: undefined };
  if (t < start) return { next: bound(start) }; // K01.FR.30
  const cycleEnd =
    profile.chargingProfileKind === 'Recurring' ? start + (profile.recurrencyKind === 'Weekly' ? 7 * DAY_MS : DAY_MS) : undefined;
  const offsetS = (t - start) / 1000;
  const durationEnd = schedule.duration === undefined ? undefined : start + schedule.duration * 1000;
  // K01.FR.11/13: past the duration nothing applies (until the next recurrence).
  if (durationEnd !== undefined && t >= durationEnd) return { next: bound(cycleEnd) };
  const periods = schedule.chargingSchedulePeriod;
  let index = -1;
  for (let i = 0; i < periods.length && periods[i]!.startPeriod <= offsetS; i++) index = i;
  if (index < 0) return { next: bound(start + periods[0]!.startPeriod * 1000) };
  const period: ChargingSchedulePeriodType = periods[index]!;
  const nextPeriod = periods[index + 1];
  const ends = [nextPeriod && start + nextPeriod.startPeriod * 1000, durationEnd, cycleEnd].filter((v): v is number => v !== undefined);
  return {
    limit: period.limit,
    unit: schedule.chargingRateUnit,
    numberPhases: period.numberPhases,
    phaseToUse: period.phaseToUse,
    minChargingRate: schedule.minChargingRate,
    next: bound(ends.length ? Math.min(...ends) : undefined),
  };
}

/**
 * A limit in W on the phases the EVSE uses (`inUse`, phaseUse; by default the period's own): A per
 * phase × 230 V × those phases (K01.FR.49: 3 unless given, never beyond the EVSE's). A limit in W
 * is a current per phase by its own numberPhases (K01.FR.50: limit / (230 V × numberPhases)), so
 * on fewer phases in use it is that current on those: 11 kW on 3 phases is 16 A, 3680 W on one.
 * On DC, A × the EV's present voltage when known, else × 400 V (K01.FR.44: numberPhases ignored):
 * a DC current is what flows into the pack, the power it takes is that current at the pack's voltage.
 */
export function toWatts(
  period: Pick<ActivePeriod, 'limit' | 'unit' | 'numberPhases'>,
  evsePhases: number,
  dc = false,
  dcVoltageV?: number,
  inUse?: number,
): number {
  if (dc) return period.unit === 'W' ? period.limit : period.limit * dcVolts(dcVoltageV);
  const own = Math.min(period.numberPhases ?? 3, evsePhases);
  const phases = Math.min(inUse ?? own, own);
  return period.unit === 'W' ? (period.limit * phases) / own : period.limit * NOMINAL_VOLTAGE_V * phases;
}

export function fromWatts(watts: number, unit: ChargingRateUnitEnumType, evsePhases: number, dc = false, dcVoltageV?: number): number {
  if (unit === 'W') return watts;
  return dc ? watts / dcVolts(dcVoltageV) : watts / (NOMINAL_VOLTAGE_V * evsePhases);
}

/** The measured DC voltage when there is one, else the 400 V nominal. */
export const dcVolts = (measuredV: number | undefined): number =>
  measuredV !== undefined && measuredV > 0 ? measuredV : DC_NOMINAL_VOLTAGE_V;

interface Winner {
  period: ActivePeriod;
  next: number | undefined;
}

/** K01.FR.17: among the candidates active at t, the highest stackLevel wins (the EVSE's own on a tie). */
function winner(
  candidates: readonly InstalledProfile[],
  t: number,
  relativeStart: number,
): Winner | { period: undefined; next: number | undefined } {
  let best: { entry: InstalledProfile; period: ActivePeriod } | undefined;
  let next: number | undefined;
  for (const entry of candidates) {
    const result = activeAt(entry.profile, t, relativeStart);
    if (result.next !== undefined) next = next === undefined ? result.next : Math.min(next, result.next);
    if (!('limit' in result)) continue;
    const better =
      !best ||
      entry.profile.stackLevel > best.entry.profile.stackLevel ||
      (entry.profile.stackLevel === best.entry.profile.stackLevel && entry.evseId > best.entry.evseId);
    if (better) best = { entry, period: result };
  }
  return { period: best?.period, next };
}

const earliest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * Who shares the ChargingStationMaxProfile with an EVSE (K04): a count gives each an equal share;
 * the other EVSEs in use, with their facts, lets the share an EVSE's own profile keeps it from
 * taking go to the rest (water-filling: the total stays the maximum).
 */
export type Sharing = number | readonly EvseFacts[];

/** The EVSE's own period at t (its TxProfile, else a TxDefaultProfile), undefined when none. */
function ownPeriodAt(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  t: number,
  origin: number,
): { period: ActivePeriod | undefined; next: number | undefined } {
  const relativeStart = evse.transaction?.startedAt ?? origin;
  const tx = evse.transaction
    ? winner(
        profiles.filter(
          (p) =>
            p.profile.chargingProfilePurpose === 'TxProfile' &&
            p.evseId === evse.evseId &&
            p.profile.transactionId === evse.transaction!.id,
        ),
        t,
        relativeStart,
      )
    : { period: undefined, next: undefined };
  // K01.FR.14/15: a TxDefaultProfile of EVSE 0 applies to every EVSE.
  const txDefault = winner(
    profiles.filter((p) => p.profile.chargingProfilePurpose === 'TxDefaultProfile' && (p.evseId === 0 || p.evseId === evse.evseId)),
    t,
    relativeStart,
  );
  return { period: tx.period ?? txDefault.period, next: earliest(tx.next, txDefault.next) }; // a TxProfile overrides the TxDefaultProfile
}

/** The phases an AC EVSE is to use (K01.FR.46/47): how many, and which one when one (undefined: the EVSE picks). */
export interface PhaseUse {
  numberPhases: number;
  phaseToUse?: number;
}

/**
 * K01.FR.43: no more phases than any period in force asks for (its own, the station maximum),
 * nor than are wired; K01.FR.49: 3 when none says. The phaseToUse comes with the period that asks
 * for one phase, the EVSE's own first. Undefined on DC (K01.FR.44).
 */
export function phaseUse(evse: EvseFacts, periods: readonly (ActivePeriod | undefined)[]): PhaseUse | undefined {
  if (evse.dc) return undefined;
  const given = periods.filter((p): p is ActivePeriod => p?.numberPhases !== undefined);
  const numberPhases = Math.min(evse.phases, 3, ...given.map((p) => p.numberPhases!));
  const phaseToUse =
    numberPhases === 1
      ? given.find((p) => p.numberPhases === 1 && p.phaseToUse !== undefined && p.phaseToUse <= evse.phases)?.phaseToUse
      : undefined;
  return phaseToUse === undefined ? { numberPhases } : { numberPhases, phaseToUse };
}

/** The smallest AC current an EV charges with, per phase (IEC 61851-1: a PWM below it means "no charging"). */
export const MIN_AC_CURRENT_A = 6;
/**
 * What a suspended DC EV keeps to resume with, A at its pack voltage: enough for the charger to
 * start its converter and the EV's contactors to close on a current, about 2 kW at 400 V.
 */
export const DC_RESUME_CURRENT_A = 5;

/** An EVSE at t: its own period and limit, the phases it uses, and the station maximum on those phases, W. */
interface EvseTerms {
  own: ActivePeriod | undefined;
  ownW: number | null;
  next: number | undefined;
  phases: PhaseUse | undefined;
  maxW: number | null;
}

/** Both limits converted on the phases in use (K01.FR.43/50): a maximum of 16 A on an EVSE using one phase is 3680 W, not 11 kW. */
function termsOf(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  max: ActivePeriod | undefined,
  t: number,
  origin: number,
): EvseTerms {
  const { period: own, next } = ownPeriodAt(profiles, evse, t, origin);
  const phases = phaseUse(evse, [own, max]);
  const watts = (p: ActivePeriod): number => toWatts(p, evse.phases, evse.dc, evse.dcVoltageV, phases?.numberPhases);
  return { own, ownW: own ? watts(own) : null, next, phases, maxW: max ? watts(max) : null };
}

/**
 * K04.FR.05: what a suspended EV keeps to resume with, W: the smallest AC current on each phase it
 * uses (one after a switch to one phase), on DC 5 A at its pack voltage.
 */
export function reserveW(evse: EvseFacts, phases: PhaseUse | undefined): number {
  if (evse.dc) return DC_RESUME_CURRENT_A * dcVolts(evse.dcVoltageV);
  return MIN_AC_CURRENT_A * NOMINAL_VOLTAGE_V * (phases?.numberPhases ?? evse.phases);
}

/**
 * K04.FR.04: below what an EVSE charges inefficiently, W: its own schedule's minChargingRate,
 * else 6 A per phase in use on AC; DC has no such floor unless the schedule gives one. Null for a
 * suspended EV: it draws nothing, it only holds its reserve.
 */
function minimumW(evse: EvseFacts, { own, phases }: EvseTerms): number | null {
  // A suspended EV draws nothing, so nothing is inefficient: what it holds is only its reserve to resume (K04.FR.05).
  if (evse.suspended) return null;
  if (own?.minChargingRate !== undefined) {
    return toWatts({ ...own, limit: own.minChargingRate }, evse.phases, evse.dc, evse.dcVoltageV, phases?.numberPhases);
  }
  return evse.dc ? 0 : MIN_AC_CURRENT_A * NOMINAL_VOLTAGE_V * (phases?.numberPhases ?? evse.phases);
}

/** K04: the most an EVSE may take of the maximum: its own limit, and a suspended EV no more than it keeps. */
function capOf(evse: EvseFacts, { ownW, phases }: EvseTerms): number | null {
  if (!evse.suspended) return ownW;
  const reserve = reserveW(evse, phases);
  return ownW === null ? reserve : Math.min(ownW, reserve);
}

/** A limit that depends on the EV's DC voltage: A on a DC EVSE, or the reserve of a suspended DC EV in the sharing. */
const followsVoltage = (evse: EvseFacts, terms: EvseTerms, max: ActivePeriod | undefined): boolean =>
  evse.dc === true && (terms.own?.unit === 'A' || (max !== undefined && (max.unit === 'A' || evse.suspended === true)));

export interface EvseLimit {
  /** W, null when no profile applies. */
  watts: number | null;
  /** When it may change next (epoch ms); undefined when only a change of the facts changes it. */
  next: number | undefined;
  /** AC: the phases to use (K01.FR.46/47). */
  phases?: PhaseUse;
  /** DC: the limit moves with the EV's pack voltage (K01.FR.44: A × V), so it is to be computed again as that moves. */
  followsVoltage?: true;
}

/**
 * The limit of an EVSE at t: the lower of its own limit and its share of the
 * ChargingStationMaxProfile (`sharing`, K04). `origin` anchors Relative profiles when the EVSE has
 * no transaction (K08.FR.06).
 *
 * The share is water-filled in this EVSE's watts of the maximum: what another EVSE takes counts as
 * the part of the maximum it uses on its own phases (one on a single phase uses all of that phase's
 * current with a third of the power), so that no phase of the grid connection carries more than the
 * maximum when every EVSE's first phase is L1.
 */
export function limitAt(profiles: readonly InstalledProfile[], evse: EvseFacts, sharing: Sharing, t: number, origin: number): EvseLimit {
  const max = winner(
    profiles.filter((p) => p.profile.chargingProfilePurpose === 'ChargingStationMaxProfile'),
    t,
    evse.transaction?.startedAt ?? origin,
  );
  const self = termsOf(profiles, evse, max.period, t, origin);
  let next = earliest(max.next, self.next);
  let follows = followsVoltage(evse, self, max.period);
  const result = (watts: number | null): EvseLimit => ({
    watts,
    next,
    ...(self.phases ? { phases: self.phases } : {}),
    ...(follows ? { followsVoltage: true as const } : {}),
  });
  if (self.maxW === null) return result(self.ownW);
  let share: number;
  if (typeof sharing === 'number') share = self.maxW / Math.max(1, sharing);
  else {
    // In the order of the sharers (EVSE ids), the EVSE itself where it stands.
    const all = sharing.some((o) => o.evseId === evse.evseId)
      ? sharing.map((o) => (o.evseId === evse.evseId ? evse : o))
      : [evse, ...sharing];
    const terms = all.map((o) => (o === evse ? self : termsOf(profiles, o, max.period, t, origin)));
    for (const [i, o] of terms.entries()) {
      next = earliest(next, o.next);
      follows ||= followsVoltage(all[i]!, o, max.period);
    }
    const scale = terms.map((o) => (o.maxW ? self.maxW! / o.maxW : 0));
    const scaled = (w: number | null, i: number): number | null => (w === null ? null : w * scale[i]!);
    share = waterFill(
      self.maxW,
      all.map((o, i) => scaled(capOf(o, terms[i]!), i)),
      all.indexOf(evse),
      all.map((o, i) => scaled(minimumW(o, terms[i]!), i)),
    );
  }
  return result(self.ownW === null ? share : Math.min(self.ownW, share));
}

export interface CompositePeriod {
  /** Seconds from the start. */
  startPeriod: number;
  watts: number | null;
  /** AC: the phases in use in the period (K01.FR.43/46), as GetCompositeSchedule reports them. */
  phases?: PhaseUse;
}

export const samePhases = (a: PhaseUse | undefined, b: PhaseUse | undefined): boolean =>
  a?.numberPhases === b?.numberPhases && a?.phaseToUse === b?.phaseToUse;

/** K08.FR.02: the limits from `from` for `durationS` seconds, one period per change of the limit or of the phases. */
export function compositePeriods(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  sharing: Sharing,
  from: number,
  durationS: number,
): CompositePeriod[] {
  const end = from + durationS * 1000;
  const periods: CompositePeriod[] = [];
  for (let t = from; t < end || periods.length === 0; ) {
    const { watts, next, phases } = limitAt(profiles, evse, sharing, t, from);
    const startPeriod = Math.round((t - from) / 1000);
    // startPeriods are whole seconds and must increase: a change within the same second replaces
    // the limit of the period it would share a start with (and may merge it into the one before).
    if (periods.at(-1)?.startPeriod === startPeriod) periods.pop();
    const last = periods.at(-1);
    if (!last || last.watts !== watts || !samePhases(last.phases, phases)) {
      periods.push(phases ? { startPeriod, watts, phases } : { startPeriod, watts });
    }
    if (next === undefined || next <= t) break;
    t = next;
  }
  return periods;
}
