// K. The schedule maths, pure: which period of a profile is active at an instant (Absolute,
// Recurring Daily/Weekly, Relative to the transaction start), which profile of a purpose wins
// (highest stackLevel, K01.FR.17), and the composite of an EVSE: the lowest of the
// ChargingStationMaxProfile share and the TxProfile, else TxDefaultProfile (K08.FR.04).
// Limits are compared in W: A per phase × nominal voltage × phases (K01.FR.50/51); on a DC EVSE,
// A of the DC output × its nominal voltage, numberPhases ignored (K01.FR.44).
//
//   profile ──activeAt(t)──> {limit, unit, phases, next boundary}
//   profiles of a purpose ──winner(t)──> highest stackLevel among those active
//   EVSE ──limitAt(t)──> min(max share, tx) in W, next boundary ──walk──> CompositeScheduleType
//   max share: equal among the EVSEs in use, what one's own limit (or a suspended EV) leaves goes to the others (K04)

import type { ChargingProfileType, ChargingRateUnitEnumType, ChargingSchedulePeriodType } from '../../generated/ocpp201/index.js';

/** K01.FR.50: the set voltage of the area, not the measured one. */
export const NOMINAL_VOLTAGE_V = 230;
/** The DC counterpart: the nominal voltage of a 400 V pack, not the measured one, so limits stay put. */
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
  /** The ongoing transaction: its id and start (epoch ms). */
  transaction?: { id: string; startedAt: number };
  /**
   * K04: its EV charged and draws nothing now (SuspendedEV): what it keeps of the station maximum
   * to resume with, W; the rest of its share goes to the others.
   */
  suspendedW?: number;
}

export interface ActivePeriod {
  limit: number;
  unit: ChargingRateUnitEnumType;
  numberPhases: number | undefined;
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
    next: bound(ends.length ? Math.min(...ends) : undefined),
  };
}

/**
 * A limit in W: A per phase × voltage × phases (K01.FR.49: 3 unless given, never beyond the EVSE's);
 * on DC, A × the DC nominal voltage (K01.FR.44: numberPhases ignored).
 */
export function toWatts(period: Pick<ActivePeriod, 'limit' | 'unit' | 'numberPhases'>, evsePhases: number, dc = false): number {
  if (period.unit === 'W') return period.limit;
  if (dc) return period.limit * DC_NOMINAL_VOLTAGE_V;
  return period.limit * NOMINAL_VOLTAGE_V * Math.min(period.numberPhases ?? 3, evsePhases);
}

export function fromWatts(watts: number, unit: ChargingRateUnitEnumType, evsePhases: number, dc = false): number {
  if (unit === 'W') return watts;
  return dc ? watts / DC_NOMINAL_VOLTAGE_V : watts / (NOMINAL_VOLTAGE_V * evsePhases);
}

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

/** The EVSE's own limit at t in W (its TxProfile, else a TxDefaultProfile), null when none. */
function ownLimitAt(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  t: number,
  origin: number,
): { watts: number | null; next: number | undefined } {
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
  const own = tx.period ?? txDefault.period; // a TxProfile overrides the TxDefaultProfile
  return { watts: own ? toWatts(own, evse.phases, evse.dc) : null, next: earliest(tx.next, txDefault.next) };
}

/** K04: the most an EVSE may take of the maximum: its own limit, and a suspended EV no more than it keeps. */
function capOf(evse: EvseFacts, own: number | null): number | null {
  if (evse.suspendedW === undefined) return own;
  return own === null ? evse.suspendedW : Math.min(own, evse.suspendedW);
}

/**
 * `maxW` shared among the EVSEs whose own limits are `caps` (null: none): each gets an equal part
 * of what is left, and one whose cap is lower gets its cap and leaves the rest to the others.
 * Returns the share of the EVSE at `index`.
 */
export function waterFill(maxW: number, caps: readonly (number | null)[], index: number): number {
  const order = caps.map((cap, i) => ({ cap: cap ?? Number.POSITIVE_INFINITY, i })).sort((x, y) => x.cap - y.cap);
  let left = maxW;
  for (const [k, { cap, i }] of order.entries()) {
    const fair = left / (order.length - k);
    if (cap >= fair) return fair; // this one and every one after it take the fair part
    if (i === index) return cap;
    left -= cap;
  }
  return 0;
}

/**
 * The limit of an EVSE at t in W, null when no profile applies, and when it may change next:
 * the lower of its own limit and its share of the ChargingStationMaxProfile (`sharing`, K04).
 * `origin` anchors Relative profiles when the EVSE has no transaction (K08.FR.06).
 */
export function limitAt(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  sharing: Sharing,
  t: number,
  origin: number,
): { watts: number | null; next: number | undefined } {
  const max = winner(
    profiles.filter((p) => p.profile.chargingProfilePurpose === 'ChargingStationMaxProfile'),
    t,
    evse.transaction?.startedAt ?? origin,
  );
  const own = ownLimitAt(profiles, evse, t, origin);
  let next = earliest(max.next, own.next);
  if (!max.period) return { watts: own.watts, next };
  const maxW = toWatts(max.period, evse.phases, evse.dc);
  let share: number;
  if (typeof sharing === 'number') share = maxW / Math.max(1, sharing);
  else {
    const others = sharing.filter((o) => o.evseId !== evse.evseId);
    const limits = others.map((o) => ownLimitAt(profiles, o, t, origin));
    for (const o of limits) next = earliest(next, o.next);
    share = waterFill(maxW, [capOf(evse, own.watts), ...others.map((o, i) => capOf(o, limits[i]!.watts))], 0);
  }
  return { watts: own.watts === null ? share : Math.min(own.watts, share), next };
}

export interface CompositePeriod {
  /** Seconds from the start. */
  startPeriod: number;
  watts: number | null;
}

/** K08.FR.02: the limits from `from` for `durationS` seconds, one period per change. */
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
    const { watts, next } = limitAt(profiles, evse, sharing, t, from);
    const startPeriod = Math.round((t - from) / 1000);
    // startPeriods are whole seconds and must increase: a change within the same second replaces
    // the limit of the period it would share a start with (and may merge it into the one before).
    if (periods.at(-1)?.startPeriod === startPeriod) periods.pop();
    if (periods.at(-1)?.watts !== watts || periods.length === 0) periods.push({ startPeriod, watts });
    if (next === undefined || next <= t) break;
    t = next;
  }
  return periods;
}
