// SetChargingProfile (K01) as the test tool does it: the configured values of the Part 6 K cases,
// profiles built from them with the limit multiplier of errata 2025-02 ("Determine Charging Profile
// Limit Multiplier"), the profiles read back with GetChargingProfiles/ReportChargingProfiles, and
// what the station does with a limit: the limit it gives the EVSE and the power the simulated EV
// then draws (control API), the power it reports in meter values.

import assert from 'node:assert/strict';
import type { Booted } from './states.js';

type Json = Record<string, unknown>;

/** The tool's configuration for the K cases (one three-phase AC EVSE; the station takes A and W). */
export const CONFIGURED = {
  evseId: 1,
  evseCount: 1,
  chargingRateUnit: 'A' as 'A' | 'W',
  numberPhases: 3,
  /** <Configured duration> of a schedule, s. */
  duration: 600,
  recurrencyKind: 'Daily',
  /** <Configured max time deviation> between the tool's clock and the station's, s. */
  maxTimeDeviationS: 2,
};

/** The area's set voltage (K01.FR.50); the multiplier of errata 2025-02 is 230 per phase. */
const LINE_VOLTAGE_V = 230;

/** Errata 2025-02: 1 for A, 230 × <Configured numberPhases> for W. */
export function limitMultiplier(unit = CONFIGURED.chargingRateUnit, phases = CONFIGURED.numberPhases): number {
  return unit === 'A' ? 1 : LINE_VOLTAGE_V * phases;
}

/** What a limit of `amps` per phase on the configured phases is in W, as an EVSE applies it. */
export const wattsOf = (amps: number, phases = CONFIGURED.numberPhases): number => amps * LINE_VOLTAGE_V * phases;

/** An instant `seconds` after `from` (epoch ms, now unless given), as the tool writes it. */
export const inSeconds = (seconds: number, from = Date.now()): string => new Date(from + seconds * 1000).toISOString();

export interface ProfileFields {
  id: number;
  purpose: 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  kind?: 'Absolute' | 'Recurring' | 'Relative';
  stackLevel?: number;
  transactionId?: string;
  recurrencyKind?: string;
  validFrom?: string;
  validTo?: string;
  /** Absolute/Recurring: now unless given (K01.FR.40); never for Relative (K01.FR.41). */
  startSchedule?: string;
  duration?: number;
  /** Per period, before the multiplier: 6 means 6 A, or 6 × 230 × phases W. */
  limit?: number;
}

/** A chargingProfile of one schedule with one period (startPeriod 0) in the configured unit and phases. */
export function chargingProfile(f: ProfileFields): Json {
  const kind = f.kind ?? 'Absolute';
  const startSchedule = kind === 'Relative' ? undefined : (f.startSchedule ?? new Date().toISOString());
  return {
    id: f.id,
    stackLevel: f.stackLevel ?? 0,
    chargingProfilePurpose: f.purpose,
    chargingProfileKind: kind,
    ...(f.recurrencyKind ? { recurrencyKind: f.recurrencyKind } : {}),
    ...(f.transactionId ? { transactionId: f.transactionId } : {}),
    ...(f.validFrom ? { validFrom: f.validFrom } : {}),
    ...(f.validTo ? { validTo: f.validTo } : {}),
    chargingSchedule: [
      {
        id: f.id,
        ...(startSchedule ? { startSchedule } : {}),
        ...(f.duration === undefined ? {} : { duration: f.duration }),
        chargingRateUnit: CONFIGURED.chargingRateUnit,
        chargingSchedulePeriod: [{ startPeriod: 0, limit: (f.limit ?? 6) * limitMultiplier(), numberPhases: CONFIGURED.numberPhases }],
      },
    ],
  };
}

/** SetChargingProfileRequest; returns the response. */
export function setChargingProfile(b: Booted, evseId: number, profile: Json): Promise<Json> {
  return b.link.call<Json>('SetChargingProfile', { evseId, chargingProfile: profile });
}

/** SetChargingProfileRequest that must be Accepted at `step`. */
export async function profileSet(b: Booted, evseId: number, profile: Json, step: string): Promise<void> {
  const res = await setChargingProfile(b, evseId, profile);
  assert.equal(res.status, 'Accepted', `${step}: SetChargingProfileResponse status Accepted (${JSON.stringify(res.statusInfo)})`);
}

/**
 * GetChargingProfilesRequest with `criteria` (status Accepted at `steps.get`), then every
 * ReportChargingProfilesRequest of its requestId up to the one without tbc (`steps.report`).
 */
export async function reportedProfiles(
  b: Booted,
  requestId: number,
  criteria: Json,
  steps: { get: string; report: string },
): Promise<Json[]> {
  const res = await b.link.call<Json>('GetChargingProfiles', { requestId, chargingProfile: criteria });
  assert.equal(res.status, 'Accepted', `${steps.get}: GetChargingProfilesResponse status Accepted`);
  const reports: Json[] = [];
  for (;;) {
    const r = await b.link.next('ReportChargingProfiles', (p) => p.requestId === requestId);
    assert.equal(r.requestId, requestId, `${steps.report}: ReportChargingProfilesRequest requestId`);
    reports.push(r);
    if (r.tbc !== true) return reports;
  }
}

/** A profile with its date-times as instants, so that the same time in another notation compares equal. */
function normalized(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return Date.parse(value);
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalized(v)]));
  return value;
}

/** "The same profile is reported as sent in step 1." */
export function sameProfile(reported: unknown, sent: Json, what: string): void {
  assert.deepEqual(normalized(reported), normalized(sent), `${what}: the profile reported is the one sent`);
}

interface EvseState {
  id: number;
  limitW: number | null;
  meter: { powerW: number };
}

async function evseState(b: Booted, evseId: number): Promise<EvseState> {
  const state = await b.station.get<{ evses: EvseState[] }>('/api/state');
  const evse = state.evses.find((e) => e.id === evseId);
  assert.ok(evse, `the station reports EVSE ${evseId}`);
  return evse;
}

/** Polls the control API until `done` holds for the EVSE's state; the last state seen. */
async function until(b: Booted, evseId: number, done: (e: EvseState) => boolean, timeoutMs: number): Promise<EvseState> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const e = await evseState(b, evseId);
    if (done(e) || Date.now() > end) return e;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The limit smart charging gives the EVSE's hardware (control API limitW) becomes `watts` (null: none). */
export async function limitApplied(b: Booted, evseId: number, watts: number | null, what: string): Promise<void> {
  const e = await until(b, evseId, (s) => s.limitW === watts, 5_000);
  assert.equal(e.limitW, watts, `${what}: the EVSE ${evseId} is limited to ${watts} W`);
}

/** The EV charging at the EVSE settles at `watts` (it would take more: the limit holds it there). */
export async function drawsAtLimit(b: Booted, evseId: number, watts: number, what: string): Promise<void> {
  const e = await until(b, evseId, (s) => Math.abs(s.meter.powerW - watts) <= 1, 15_000);
  assert.ok(Math.abs(e.meter.powerW - watts) <= 1, `${what}: the EV at EVSE ${evseId} draws ${watts} W (${e.meter.powerW} W)`);
}

/** The value of a measurand (no phase) in a TransactionEventRequest's meter values, or undefined. */
export function sampled(event: Json, measurand: string): number | undefined {
  for (const mv of (event.meterValue as Json[] | undefined) ?? []) {
    const s = (mv.sampledValue as Json[]).find((v) => v.measurand === measurand && v.phase === undefined);
    if (s) return Number(s.value);
  }
  return undefined;
}
