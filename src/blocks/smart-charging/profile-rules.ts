// K01 SetChargingProfile, pure: whether the station takes a profile (the Rejected reasonCode
// otherwise) and which installed profiles it replaces (K01.FR.05, K01.FR.06/39).

import { exactId, inexactIdInfo } from '../../kernel/ids.js';
import type { ChargingProfileType, ChargingRateUnitEnumType, SetChargingProfileRequest } from '../../generated/ocpp201/index.js';
import type { InstalledProfile } from './composite-schedule.js';

export interface SetRules {
  evseIds: readonly number[];
  /** The transaction ongoing on each EVSE. */
  transactionOf: (evseId: number) => string | undefined;
  /** Phases wired to each EVSE. */
  phasesOf: (evseId: number) => number;
  rateUnits: readonly ChargingRateUnitEnumType[];
  /** SmartChargingCtrlr.ProfileStackLevel, PeriodsPerSchedule, Entries maxLimit. */
  maxStackLevel: number;
  maxPeriods: number;
  maxEntries: number;
  phaseSwitching: boolean;
}

export type SetDecision = { status: 'Accepted'; replaces: number[] } | { status: 'Rejected'; reasonCode: string; additionalInfo: string };

const reject = (reasonCode: string, additionalInfo: string): SetDecision => ({ status: 'Rejected', reasonCode, additionalInfo });

/** The reason a schedule cannot be taken, or undefined. */
function scheduleProblem(profile: ChargingProfileType, rules: SetRules, evseId: number): SetDecision | undefined {
  if (profile.chargingSchedule.length !== 1) return reject('InvalidSchedule', 'one chargingSchedule only (K01.FR.34)');
  const schedule = profile.chargingSchedule[0];
  const relative = profile.chargingProfileKind === 'Relative';
  if (!relative && schedule.startSchedule === undefined) return reject('InvalidSchedule', 'startSchedule is required (K01.FR.40)');
  if (relative && schedule.startSchedule !== undefined) return reject('InvalidSchedule', 'startSchedule must be absent (K01.FR.41)');
  if (profile.chargingProfileKind === 'Recurring' && !profile.recurrencyKind)
    return reject('InvalidSchedule', 'recurrencyKind is required');
  if (!rules.rateUnits.includes(schedule.chargingRateUnit)) return reject('UnsupportedRateUnit', 'K01.FR.26');
  const periods = schedule.chargingSchedulePeriod;
  if (periods.length > rules.maxPeriods) return reject('InvalidSchedule', `at most ${rules.maxPeriods} periods`);
  if (periods[0].startPeriod !== 0) return reject('InvalidSchedule', 'the first startPeriod must be 0 (K01.FR.31)');
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod) return reject('InvalidSchedule', 'startPeriod must increase (K01.FR.35)');
  }
  for (const period of periods) {
    if (period.limit < 0) return reject('InvalidSchedule', 'a limit must not be negative');
    // K01.FR.19/20/48: phaseToUse only with numberPhases 1 on an EVSE that can switch phases.
    if (period.phaseToUse !== undefined && (period.numberPhases !== 1 || !rules.phaseSwitching))
      return reject('InvalidSchedule', 'phaseToUse (K01.FR.48)');
    // K01.FR.43: fewer phases than wired cannot be ensured without phase switching (more: K01.FR.45).
    const wired = evseId === 0 ? Math.max(...rules.evseIds.map(rules.phasesOf)) : rules.phasesOf(evseId);
    // K01.FR.48: a phase the EVSE is not wired to is one it is not going to use.
    if (period.phaseToUse !== undefined && period.phaseToUse > wired)
      return reject('InvalidSchedule', `phaseToUse beyond the ${wired} phases (K01.FR.48)`);
    if (period.numberPhases !== undefined && period.numberPhases < wired && !rules.phaseSwitching) {
      return reject('InvalidSchedule', 'numberPhases cannot be ensured (K01.FR.43)');
    }
  }
  return undefined;
}

const overlaps = (a: ChargingProfileType, b: ChargingProfileType): boolean => {
  const from = (p: ChargingProfileType): number => (p.validFrom ? Date.parse(p.validFrom) : -Infinity);
  const to = (p: ChargingProfileType): number => (p.validTo ? Date.parse(p.validTo) : Infinity);
  return from(a) < to(b) && from(b) < to(a);
};

export function decideSet(request: SetChargingProfileRequest, installed: readonly InstalledProfile[], rules: SetRules): SetDecision {
  const { evseId, chargingProfile: profile } = request;
  const purpose = profile.chargingProfilePurpose;
  if (evseId !== 0 && !rules.evseIds.includes(evseId)) return reject('UnknownEvse', `no EVSE ${evseId} (K01.FR.28)`);
  if (!exactId(profile.id)) return reject('InvalidValue', inexactIdInfo('chargingProfile.id'));
  if (profile.chargingSchedule.some((s) => !exactId(s.id))) return reject('InvalidValue', inexactIdInfo('chargingSchedule.id'));
  if (purpose === 'ChargingStationExternalConstraints') return reject('InvalidProfile', 'not settable by the CSMS (K01.FR.22)');
  if (purpose === 'ChargingStationMaxProfile' && evseId !== 0) return reject('InvalidProfile', 'ChargingStationMaxProfile is for EVSE 0');
  if (purpose === 'ChargingStationMaxProfile' && profile.chargingProfileKind === 'Relative') return reject('InvalidProfile', 'K01.FR.38');
  if (purpose === 'TxProfile') {
    if (evseId === 0) return reject('InvalidProfile', 'TxProfile needs an EVSE (K01.FR.16)');
    const ongoing = rules.transactionOf(evseId);
    if (ongoing === undefined) return reject('TxNotFound', 'no transaction on the EVSE (K01.FR.09)');
    if (profile.transactionId !== ongoing) return reject('TxNotFound', 'transactionId unknown on the EVSE (K01.FR.03/33)');
  }
  if (profile.stackLevel > rules.maxStackLevel) return reject('InvalidStackLevel', `stackLevel at most ${rules.maxStackLevel}`);
  if (profile.validFrom && profile.validTo && Date.parse(profile.validTo) <= Date.parse(profile.validFrom)) {
    return reject('InvalidProfile', 'validTo is not after validFrom');
  }
  const problem = scheduleProblem(profile, rules, evseId);
  if (problem) return problem;
  // K01.FR.52/53: a TxDefaultProfile of the same stackLevel on EVSE 0 and on a specific EVSE.
  if (purpose === 'TxDefaultProfile') {
    const clash = installed.find(
      (p) =>
        p.profile.chargingProfilePurpose === 'TxDefaultProfile' &&
        p.profile.stackLevel === profile.stackLevel &&
        p.profile.id !== profile.id &&
        (evseId === 0) !== (p.evseId === 0),
    );
    if (clash) return reject('DuplicateProfile', `TxDefaultProfile ${clash.profile.id} has this stackLevel (K01.FR.52/53)`);
  }
  // K01.FR.05: the same id is replaced; K01.FR.06/39: so is one of the same purpose, stackLevel and
  // EVSE (TxProfile: transaction) valid at the same time, so that never two compete.
  const replaces = installed
    .filter(
      (p) =>
        p.profile.id === profile.id ||
        (p.profile.chargingProfilePurpose === purpose &&
          p.profile.stackLevel === profile.stackLevel &&
          (purpose === 'TxProfile' ? p.profile.transactionId === profile.transactionId : p.evseId === evseId) &&
          overlaps(p.profile, profile)),
    )
    .map((p) => p.profile.id);
  if (installed.length - replaces.length + 1 > rules.maxEntries) return reject('MaxEntries', `at most ${rules.maxEntries} profiles`);
  return { status: 'Accepted', replaces };
}
