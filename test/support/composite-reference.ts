// The simplest correct composite schedule (K08), to hold the station's against: second by second,
// every installed profile is read from scratch at that instant (validity, recurrence, duration,
// the last period started), the highest stackLevel of each purpose wins, the EVSE uses the fewest
// phases any of them asks for, and its limit on those phases is the lowest of its share of the
// ChargingStationMaxProfile and its TxProfile, else TxDefaultProfile.
// No boundaries are computed ahead: what it lacks in speed it makes up in plainness.
//
// Times are UTC epoch ms, as OCPP's dateTime is: a Daily recurrence is 24 h of UTC and a Weekly
// one 7 × 24 h, whatever the daylight-saving rules of the station's place.

import type { ChargingProfileType } from '../../src/generated/ocpp201/index.js';

export interface ReferenceProfile {
  evseId: number;
  profile: ChargingProfileType;
}

export interface ReferenceEvse {
  evseId: number;
  phases: number;
  transaction?: { id: string; startedAt: number };
}

const DAY_MS = 86_400_000;
const VOLTAGE_V = 230;

/** The period of one profile in force at `t`, null when it has none then. */
type Period = ChargingProfileType['chargingSchedule'][0]['chargingSchedulePeriod'][0];
interface InForce {
  period: Period;
  unit: 'A' | 'W';
}

/**
 * At `t` for the EVSE: the limit in W (null when no profile applies) and the phases it uses.
 * Phases: the fewest any period in force asks for (its own, the station maximum), never more than
 * wired, 3 when none says; phaseToUse with one phase, its own period's first. Limits on those phases:
 * A × 230 V × phases; W is a current per phase by its own numberPhases, so × phases / its phases.
 */
export function referenceAt(
  profiles: readonly ReferenceProfile[],
  evse: ReferenceEvse,
  evseCount: number,
  t: number,
  origin: number,
): { watts: number | null; phases: string } {
  const relativeStart = evse.transaction?.startedAt ?? origin;
  const best = (candidates: ReferenceProfile[]): InForce | null => {
    let level = -1;
    let evseId = -1;
    let found: InForce | null = null;
    for (const { evseId: id, profile } of candidates) {
      const period = periodAt(profile, t, relativeStart);
      if (period === null) continue;
      if (profile.stackLevel > level || (profile.stackLevel === level && id > evseId)) {
        level = profile.stackLevel;
        evseId = id;
        found = { period, unit: profile.chargingSchedule[0].chargingRateUnit };
      }
    }
    return found;
  };
  const of = (purpose: string): ReferenceProfile[] => profiles.filter((p) => p.profile.chargingProfilePurpose === purpose);
  const max = best(of('ChargingStationMaxProfile'));
  const tx = evse.transaction
    ? best(of('TxProfile').filter((p) => p.evseId === evse.evseId && p.profile.transactionId === evse.transaction!.id))
    : null;
  const own = tx ?? best(of('TxDefaultProfile').filter((p) => p.evseId === 0 || p.evseId === evse.evseId));
  const inForce = [own, max].filter((p): p is InForce => p !== null);
  const numberPhases = Math.min(evse.phases, 3, ...inForce.map((p) => p.period.numberPhases ?? 3));
  const phaseToUse =
    numberPhases === 1
      ? inForce.map((p) => p.period).find((p) => p.numberPhases === 1 && p.phaseToUse !== undefined && p.phaseToUse <= evse.phases)
          ?.phaseToUse
      : undefined;
  const watts = ({ period, unit }: InForce): number => {
    const its = Math.min(period.numberPhases ?? 3, evse.phases);
    return unit === 'W' ? (period.limit * numberPhases) / its : period.limit * VOLTAGE_V * numberPhases;
  };
  const limits = [...(max === null ? [] : [watts(max) / Math.max(1, evseCount)]), ...(own === null ? [] : [watts(own)])];
  return { watts: limits.length ? Math.min(...limits) : null, phases: `${numberPhases}/${phaseToUse ?? ''}` };
}

/** The limit (W) in force at `t` for the EVSE, null when no profile applies. */
export function referenceLimitAt(
  profiles: readonly ReferenceProfile[],
  evse: ReferenceEvse,
  evseCount: number,
  t: number,
  origin: number,
): number | null {
  return referenceAt(profiles, evse, evseCount, t, origin).watts;
}

/** The period of one profile in force at `t`, null when it has none then. */
function periodAt(profile: ChargingProfileType, t: number, relativeStart: number): Period | null {
  if (profile.validFrom && t < Date.parse(profile.validFrom)) return null;
  if (profile.validTo && t >= Date.parse(profile.validTo)) return null;
  const schedule = profile.chargingSchedule[0];
  let start: number;
  if (profile.chargingProfileKind === 'Relative') start = relativeStart;
  else {
    start = Date.parse(schedule.startSchedule ?? '');
    if (profile.chargingProfileKind === 'Recurring' && t >= start) {
      const cycle = profile.recurrencyKind === 'Weekly' ? 7 * DAY_MS : DAY_MS;
      while (start + cycle <= t) start += cycle;
    }
  }
  if (t < start) return null;
  const offsetS = (t - start) / 1000;
  if (schedule.duration !== undefined && offsetS >= schedule.duration) return null;
  const started = schedule.chargingSchedulePeriod.filter((p) => p.startPeriod <= offsetS);
  return started[started.length - 1] ?? null;
}

/** The limit of every whole second from `from` on, for `durationS` seconds. */
export function referenceSeconds(
  profiles: readonly ReferenceProfile[],
  evse: ReferenceEvse,
  evseCount: number,
  from: number,
  durationS: number,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let s = 0; s < durationS; s++) out.push(referenceLimitAt(profiles, evse, evseCount, from + s * 1000, from));
  return out;
}

/** The phases of every whole second from `from` on (`numberPhases/phaseToUse`), for `durationS` seconds. */
export function referencePhaseSeconds(
  profiles: readonly ReferenceProfile[],
  evse: ReferenceEvse,
  evseCount: number,
  from: number,
  durationS: number,
): string[] {
  const out: string[] = [];
  for (let s = 0; s < durationS; s++) out.push(referenceAt(profiles, evse, evseCount, from + s * 1000, from).phases);
  return out;
}

/** Reported periods read as the phases of each whole second. */
export function phasesPerSecond(
  periods: readonly { startPeriod: number; phases?: { numberPhases: number; phaseToUse?: number } }[],
  durationS: number,
): string[] {
  const out: string[] = [];
  for (let s = 0, i = 0; s < durationS; s++) {
    while (i + 1 < periods.length && periods[i + 1]!.startPeriod <= s) i++;
    const phases = periods[i]!.phases;
    out.push(`${phases?.numberPhases}/${phases?.phaseToUse ?? ''}`);
  }
  return out;
}

/** Reported periods (startPeriod in s from the start, first at 0) read as the limit of each whole second. */
export function periodsPerSecond(periods: readonly { startPeriod: number; watts: number | null }[], durationS: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let s = 0, i = 0; s < durationS; s++) {
    while (i + 1 < periods.length && periods[i + 1]!.startPeriod <= s) i++;
    out.push(periods[i]!.watts);
  }
  return out;
}
