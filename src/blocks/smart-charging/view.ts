// What the dashboard shows of smart charging (GET /api/state, per EVSE `chargingProfiles` and
// `externalLimitW`): the profiles that bear on an EVSE now or later, as plain data. The shape is
// the control API's ChargingProfileSnapshot.

import type {
  ChargingProfileKindEnumType,
  ChargingProfilePurposeEnumType,
  ChargingRateUnitEnumType,
} from '../../generated/ocpp201/index.js';
import { activeAt, type InstalledProfile } from './composite-schedule.js';

export interface ChargingProfileView {
  id: number;
  /** Where it was set: the EVSE's own, or 0 for the station. */
  evseId: number;
  purpose: ChargingProfilePurposeEnumType;
  stackLevel: number;
  kind: ChargingProfileKindEnumType;
  unit: ChargingRateUnitEnumType;
  transactionId?: string;
}

/** Max first (it caps all), then the default and the transaction's; the winner of a purpose first (K01.FR.17). */
const ORDER: Record<string, number> = { ChargingStationMaxProfile: 0, TxDefaultProfile: 1, TxProfile: 2 };

/**
 * The EVSE's own profiles and those of EVSE 0 that reach it (K01.FR.14/15: TxDefaultProfile;
 * the ChargingStationMaxProfile), without those that never apply again (expired, past their
 * schedule). `relativeStart` anchors Relative profiles: the transaction's start, else now.
 */
export function profilesFor(
  evseId: number,
  installed: readonly InstalledProfile[],
  now: number,
  relativeStart: number,
): ChargingProfileView[] {
  return installed
    .filter((p) => p.evseId === evseId || (p.evseId === 0 && p.profile.chargingProfilePurpose !== 'TxProfile'))
    .filter((p) => {
      const at = activeAt(p.profile, now, relativeStart);
      return 'limit' in at || at.next !== undefined;
    })
    .sort(
      (a, b) =>
        (ORDER[a.profile.chargingProfilePurpose] ?? 9) - (ORDER[b.profile.chargingProfilePurpose] ?? 9) ||
        b.profile.stackLevel - a.profile.stackLevel ||
        b.evseId - a.evseId ||
        a.profile.id - b.profile.id,
    )
    .map(({ evseId: setOn, profile }) => ({
      id: profile.id,
      evseId: setOn,
      purpose: profile.chargingProfilePurpose,
      stackLevel: profile.stackLevel,
      kind: profile.chargingProfileKind,
      unit: profile.chargingSchedule[0].chargingRateUnit,
      ...(profile.transactionId === undefined ? {} : { transactionId: profile.transactionId }),
    }));
}
