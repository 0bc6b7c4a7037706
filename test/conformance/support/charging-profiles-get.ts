// Charging profiles as the Part 6 K cases on Get/Clear/GetCompositeSchedule install and read them:
// the <Configured ...> values of the tool, a profile builder, SetChargingProfile that must be
// Accepted, GetChargingProfiles with its reports, and the limits of a composite schedule.

import assert from 'node:assert/strict';
import type { Booted } from './states.js';

type Json = Record<string, unknown>;

/** <Configured chargingRateUnit> (A: the <limit multiplier> is 1), <Configured numberPhases>, <Configured evseId>. */
export const UNIT = 'A';
export const PHASES = 3;
export const EVSE = 1;
/** <Configured max time deviation>, seconds. */
export const MAX_DEVIATION_S = 5;

export interface ProfileOptions {
  purpose: 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  stackLevel?: number;
  kind?: 'Absolute' | 'Relative';
  /** [startPeriod, limit] pairs. */
  periods?: [number, number][];
  /** Absolute profiles: the schedule's start, ms since the epoch (default: now). */
  start?: number;
  duration?: number;
  transactionId?: string;
}

/** A chargingProfile of the tool, in <Configured chargingRateUnit> with <Configured numberPhases>. */
export function chargingProfile(id: number, o: ProfileOptions): Json {
  const kind = o.kind ?? 'Absolute';
  return {
    id,
    stackLevel: o.stackLevel ?? 0,
    chargingProfilePurpose: o.purpose,
    chargingProfileKind: kind,
    ...(o.transactionId ? { transactionId: o.transactionId } : {}),
    chargingSchedule: [
      {
        id,
        chargingRateUnit: UNIT,
        ...(kind === 'Absolute' ? { startSchedule: new Date(o.start ?? Date.now()).toISOString() } : {}),
        ...(o.duration !== undefined ? { duration: o.duration } : {}),
        chargingSchedulePeriod: (o.periods ?? [[0, 6]]).map(([startPeriod, limit]) => ({ startPeriod, limit, numberPhases: PHASES })),
      },
    ],
  };
}

/** Memory state: SetChargingProfile on `evseId`, status Accepted. Returns the profile sent. */
export async function profileSet(cs: Booted, evseId: number, profile: Json, where: string): Promise<Json> {
  const res = (await cs.link.call('SetChargingProfile', { evseId, chargingProfile: profile })) as Json;
  assert.equal(res.status, 'Accepted', `${where}: SetChargingProfileResponse status Accepted for profile ${profile.id}`);
  return profile;
}

/** Removes every profile the CSMS installed (between cases that share a station). */
export async function clearAllProfiles(cs: Booted): Promise<void> {
  const res = (await cs.link.call('ClearChargingProfile', {})) as Json;
  assert.match(String(res.status), /^(Accepted|Unknown)$/, 'ClearChargingProfileResponse to a clear of all profiles');
}

/**
 * GetChargingProfilesRequest (`step`: its step number), the response's status, and, when Accepted,
 * the ReportChargingProfilesRequests with its requestId while tbc is true (step + 2), each from
 * `source` (the CSO's profiles unless the case reads an external limit).
 */
export async function chargingProfilesReported(
  cs: Booted,
  step: number,
  request: { requestId: number; evseId?: number; chargingProfile: Json },
  status: 'Accepted' | 'NoProfiles' = 'Accepted',
  source = 'CSO',
): Promise<Json[]> {
  const res = (await cs.link.call('GetChargingProfiles', request)) as Json;
  assert.equal(res.status, status, `step ${step + 1}: GetChargingProfilesResponse status ${status}`);
  if (status !== 'Accepted') return [];
  const reports: Json[] = [];
  for (;;) {
    const r = await cs.link.next('ReportChargingProfiles', (p) => p.requestId === request.requestId);
    assert.equal(r.chargingLimitSource, source, `step ${step + 2}: ReportChargingProfilesRequest chargingLimitSource ${source}`);
    reports.push(r);
    if (r.tbc !== true) break;
  }
  return reports;
}

/** The profiles of the reports, each with the EVSE it was reported for. */
export function reportedProfiles(reports: Json[]): { evseId: number; profile: Json }[] {
  return reports.flatMap((r) => (r.chargingProfile as Json[]).map((profile) => ({ evseId: r.evseId as number, profile })));
}

/** A profile as reported equals the one the tool set: every field the tool sent, same value. */
export function sameProfile(reported: Json, sent: Json, ignore: string[] = []): boolean {
  const strip = (p: Json): Json => Object.fromEntries(Object.entries(p).filter(([k]) => !ignore.includes(k)));
  const norm = (v: unknown): unknown =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T/.test(v)
      ? new Date(v).getTime()
      : Array.isArray(v)
        ? v.map(norm)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, norm(x)]))
          : v;
  try {
    assert.deepEqual(norm(strip(reported)), norm(strip(sent)));
    return true;
  } catch {
    return false;
  }
}

/** GetCompositeScheduleRequest; the response. */
export async function compositeSchedule(cs: Booted, evseId: number, duration: number, unit: string | undefined = UNIT): Promise<Json> {
  return (await cs.link.call('GetCompositeSchedule', { evseId, duration, ...(unit ? { chargingRateUnit: unit } : {}) })) as Json;
}

/**
 * The periods of a composite schedule checked against the expected [startPeriod, limit] list:
 * same number, each limit equal and each startPeriod within `toleranceS` (the tool computes x
 * from timestamps the station rounds to whole seconds).
 */
export function assertPeriods(schedule: Json, expected: [number, number][], where: string, toleranceS = 2): void {
  const got = (schedule.chargingSchedulePeriod as Json[]).map((p) => [p.startPeriod as number, p.limit as number]);
  const text = `${where}: periods ${JSON.stringify(got)}, expected about ${JSON.stringify(expected.map(([s, l]) => [Math.round(s), l]))}`;
  assert.equal(got.length, expected.length, text);
  expected.forEach(([start, limit], i) => {
    assert.equal(got[i]![1], limit, `${text} (limit of period ${i})`);
    assert.ok(Math.abs(got[i]![0]! - start) <= toleranceS, `${text} (startPeriod of period ${i})`);
  });
}
