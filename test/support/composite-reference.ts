// The simplest correct composite schedule (K08), to hold the station's against: second by second,
// every installed profile is read from scratch at that instant (validity, recurrence, duration,
// the last period started), the highest stackLevel of each purpose wins, and the EVSE's limit is
// the lowest of its share of the ChargingStationMaxProfile and its TxProfile, else TxDefaultProfile.
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

/** The limit (W) in force at `t` for the EVSE, null when no profile applies. */
export function referenceLimitAt(
  profiles: readonly ReferenceProfile[],
  evse: ReferenceEvse,
  evseCount: number,
  t: number,
  origin: number,
): number | null {
  const relativeStart = evse.transaction?.startedAt ?? origin;
  const best = (candidates: ReferenceProfile[]): number | null => {
    let level = -1;
    let evseId = -1;
    let watts: number | null = null;
    for (const { evseId: id, profile } of candidates) {
      const w = wattsAt(profile, t, relativeStart, evse.phases);
      if (w === null) continue;
      if (profile.stackLevel > level || (profile.stackLevel === level && id > evseId)) {
        level = profile.stackLevel;
        evseId = id;
        watts = w;
      }
    }
    return watts;
  };
  const of = (purpose: string): ReferenceProfile[] => profiles.filter((p) => p.profile.chargingProfilePurpose === purpose);
  const max = best(of('ChargingStationMaxProfile'));
  const tx = evse.transaction
    ? best(of('TxProfile').filter((p) => p.evseId === evse.evseId && p.profile.transactionId === evse.transaction!.id))
    : null;
  const txDefault = best(of('TxDefaultProfile').filter((p) => p.evseId === 0 || p.evseId === evse.evseId));
  const limits = [...(max === null ? [] : [max / Math.max(1, evseCount)]), ...[tx ?? txDefault].filter((w) => w !== null)];
  return limits.length ? Math.min(...limits) : null;
}

/** The limit of one profile at `t` in W, null when it has none then. */
function wattsAt(profile: ChargingProfileType, t: number, relativeStart: number, evsePhases: number): number | null {
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
  const period = started[started.length - 1];
  if (!period) return null;
  if (schedule.chargingRateUnit === 'W') return period.limit;
  return period.limit * VOLTAGE_V * Math.min(period.numberPhases ?? 3, evsePhases);
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

/** Reported periods (startPeriod in s from the start, first at 0) read as the limit of each whole second. */
export function periodsPerSecond(periods: readonly { startPeriod: number; watts: number | null }[], durationS: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let s = 0, i = 0; s < durationS; s++) {
    while (i + 1 < periods.length && periods[i + 1]!.startPeriod <= s) i++;
    out.push(periods[i]!.watts);
  }
  return out;
}
