// K. The schedule maths, pure: which period of a profile is active at an instant (Absolute,
// Recurring Daily/Weekly, Relative to the transaction start), which profile of a purpose wins
// (highest stackLevel, K01.FR.17), and the composite of an EVSE: the lowest of the
// ChargingStationMaxProfile share and the TxProfile, else TxDefaultProfile (K08.FR.04).
// Limits are compared in W: A per phase × nominal voltage × phases (K01.FR.50/51); on a DC EVSE,
// A of the DC output × the EV's measured voltage (400 V when unknown), numberPhases ignored (K01.FR.44).
// The phases an AC EVSE uses follow the periods in force (phaseUse, K01.FR.43/46/47).
//
//   profile ──activeAt(t)──> {limit, unit, phases, next boundary}
//   profiles of a purpose ──winner(t)──> highest stackLevel among those active
//   EVSE ──limitAt(t)──> min(max share, tx) in W, next boundary ──walk──> CompositeScheduleType
//   max share: equal among the EVSEs in use, what one's own limit (or a suspended EV) leaves goes to the others (K04)

import type { ChargingProfileType, ChargingRateUnitEnumType, ChargingSchedulePeriodType } from '../../generated/ocpp201/index.js';

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
   * K04: its EV charged and draws nothing now (SuspendedEV): what it keeps of the station maximum
   * to resume with, W; the rest of its share goes to the others.
   */
  suspendedW?: number;
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
 * A limit in W: A per phase × voltage × phases (K01.FR.49: 3 unless given, never beyond the EVSE's);
 * on DC, A × the EV's present voltage when known, else × 400 V (K01.FR.44: numberPhases ignored).
 * A DC current is what flows into the pack: the power it takes is that current at the pack's voltage.
 */
export function toWatts(
  period: Pick<ActivePeriod, 'limit' | 'unit' | 'numberPhases'>,
  evsePhases: number,
  dc = false,
  dcVoltageV?: number,
): number {
  if (period.unit === 'W') return period.limit;
  if (dc) return period.limit * dcVolts(dcVoltageV);
  return period.limit * NOMINAL_VOLTAGE_V * Math.min(period.numberPhases ?? 3, evsePhases);
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

/** The EVSE's own limit at t in W (its TxProfile, else a TxDefaultProfile), null when none, and the period that sets it. */
function ownLimitAt(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  t: number,
  origin: number,
): { watts: number | null; next: number | undefined; period: ActivePeriod | undefined } {
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
  return { watts: own ? toWatts(own, evse.phases, evse.dc, evse.dcVoltageV) : null, next: earliest(tx.next, txDefault.next), period: own };
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
 * K04.FR.04: below what an EVSE charges inefficiently, W: its own schedule's minChargingRate,
 * else 6 A per phase in use on AC; DC has no such floor unless the schedule gives one. Null for a
 * suspended EV: it draws nothing, it only holds its reserve.
 */
function minimumW(evse: EvseFacts, own: ActivePeriod | undefined, phases: PhaseUse | undefined): number | null {
  // A suspended EV draws nothing, so nothing is inefficient: what it holds is only its reserve to resume (K04.FR.05).
  if (evse.suspendedW !== undefined) return null;
  if (own?.minChargingRate !== undefined) return toWatts({ ...own, limit: own.minChargingRate }, evse.phases, evse.dc, evse.dcVoltageV);
  return evse.dc ? 0 : MIN_AC_CURRENT_A * NOMINAL_VOLTAGE_V * (phases?.numberPhases ?? evse.phases);
}

/** K04: the most an EVSE may take of the maximum: its own limit, and a suspended EV no more than it keeps. */
function capOf(evse: EvseFacts, own: number | null): number | null {
  if (evse.suspendedW === undefined) return own;
  return own === null ? evse.suspendedW : Math.min(own, evse.suspendedW);
}

/** Plain water-filling, every share in one pass: each gets an equal part of what is left; one whose cap is lower gets its cap. */
function fill(maxW: number, caps: readonly (number | null)[]): number[] {
  const order = caps.map((cap, i) => ({ cap: cap ?? Number.POSITIVE_INFINITY, i })).sort((x, y) => x.cap - y.cap);
  const shares = new Array<number>(caps.length).fill(0);
  let left = maxW;
  for (const [k, { cap, i }] of order.entries()) {
    const fair = left / (order.length - k);
    if (cap >= fair) {
      // this one and every one after it take the fair part
      for (const rest of order.slice(k)) shares[rest.i] = fair;
      break;
    }
    shares[i] = cap;
    left -= cap;
  }
  return shares;
}

/** Rounding slack: a share equal to the minimum is not below it. */
const EPSILON_W = 1e-6;

/**
 * `maxW` shared among the EVSEs whose own limits are `caps` (null: none): each gets an equal part
 * of what is left, and one whose cap is lower gets its cap and leaves the rest to the others.
 * Returns the share of the EVSE at `index`.
 *
 * K04.FR.04 (MAY), with `mins` (W, per EVSE): an EVSE that the sharing would push below its
 * minimum — below what it charges efficiently, and below its own cap (a limit the CSMS set lower
 * is the CSMS's choice, not the sharing's) — pauses with 0 instead of trickling, and its part goes
 * to the others. When several are below, the last in `caps` order (the highest EVSE id) pauses
 * first and the shares are computed again. A min of null marks a suspended EV: it draws nothing,
 * is never paused, and pausing another would only feed its reserve; so an EVSE pauses only for
 * another one that draws, and one left alone keeps what there is.
 */
export function waterFill(maxW: number, caps: readonly (number | null)[], index: number, mins: readonly (number | null)[] = []): number {
  const active = caps.map((_, i) => i);
  for (;;) {
    const shares = fill(
      maxW,
      active.map((j) => caps[j] ?? null),
    );
    const shareOf = (i: number): number => shares[active.indexOf(i)] ?? 0;
    const below = active.filter((i) => {
      const share = shareOf(i);
      return share + EPSILON_W < (mins[i] ?? 0) && share + EPSILON_W < (caps[i] ?? Number.POSITIVE_INFINITY);
    });
    const drawing = active.filter((i) => mins[i] !== null).length;
    if (below.length === 0 || drawing < 2) return active.includes(index) ? shareOf(index) : 0;
    active.splice(active.indexOf(below.at(-1)!), 1);
  }
}

/**
 * The limit of an EVSE at t in W, null when no profile applies, when it may change next, and the
 * phases it is to use (AC): the lower of its own limit and its share of the ChargingStationMaxProfile
 * (`sharing`, K04). `origin` anchors Relative profiles when the EVSE has no transaction (K08.FR.06).
 */
export function limitAt(
  profiles: readonly InstalledProfile[],
  evse: EvseFacts,
  sharing: Sharing,
  t: number,
  origin: number,
): { watts: number | null; next: number | undefined; phases?: PhaseUse } {
  const max = winner(
    profiles.filter((p) => p.profile.chargingProfilePurpose === 'ChargingStationMaxProfile'),
    t,
    evse.transaction?.startedAt ?? origin,
  );
  const own = ownLimitAt(profiles, evse, t, origin);
  const phases = phaseUse(evse, [own.period, max.period]);
  const withPhases = phases ? { phases } : {};
  let next = earliest(max.next, own.next);
  if (!max.period) return { watts: own.watts, next, ...withPhases };
  const maxW = toWatts(max.period, evse.phases, evse.dc, evse.dcVoltageV);
  let share: number;
  if (typeof sharing === 'number') share = maxW / Math.max(1, sharing);
  else {
    // In the order of the sharers (EVSE ids), the EVSE itself where it stands.
    const all = sharing.some((o) => o.evseId === evse.evseId)
      ? sharing.map((o) => (o.evseId === evse.evseId ? evse : o))
      : [evse, ...sharing];
    const limits = all.map((o) => (o === evse ? own : ownLimitAt(profiles, o, t, origin)));
    for (const o of limits) next = earliest(next, o.next);
    const mins = all.map((o, i) => minimumW(o, limits[i]!.period, phaseUse(o, [limits[i]!.period, max.period])));
    share = waterFill(
      maxW,
      all.map((o, i) => capOf(o, limits[i]!.watts)),
      all.indexOf(evse),
      mins,
    );
  }
  return { watts: own.watts === null ? share : Math.min(own.watts, share), next, ...withPhases };
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
