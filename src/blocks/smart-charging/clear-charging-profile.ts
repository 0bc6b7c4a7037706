// K10 ClearChargingProfile: by id (K10.FR.03) or by the criteria as a logical AND (K10.FR.04);
// Unknown when nothing matches (K10.FR.01). The limits are applied anew (K10.FR.05).

import type { ClearChargingProfileRequest, ClearChargingProfileResponse } from '../../generated/ocpp201/index.js';
import type { InstalledProfile } from './composite-schedule.js';

/** The ids of the installed profiles the request clears. */
export function profilesToClear(request: ClearChargingProfileRequest, installed: readonly InstalledProfile[]): number[] {
  const { chargingProfileId: id, chargingProfileCriteria: criteria } = request;
  return installed
    .filter(({ evseId, profile }) => {
      // K10.FR.08/09: external constraints are not the CSMS's to clear.
      if (profile.chargingProfilePurpose === 'ChargingStationExternalConstraints') return false;
      if (id !== undefined) return profile.id === id;
      if (!criteria) return true;
      return (
        (criteria.evseId === undefined || criteria.evseId === evseId) &&
        (criteria.chargingProfilePurpose === undefined || criteria.chargingProfilePurpose === profile.chargingProfilePurpose) &&
        (criteria.stackLevel === undefined || criteria.stackLevel === profile.stackLevel)
      );
    })
    .map(({ profile }) => profile.id);
}

export function clearChargingProfile(
  request: ClearChargingProfileRequest,
  smart: { installed(): readonly InstalledProfile[]; clear(ids: readonly number[]): boolean },
): ClearChargingProfileResponse {
  const ids = profilesToClear(request, smart.installed());
  return { status: smart.clear(ids) ? 'Accepted' : 'Unknown' };
}
