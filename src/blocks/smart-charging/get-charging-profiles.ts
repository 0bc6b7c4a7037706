// K09 GetChargingProfiles: Accepted when a profile matches (NoProfiles otherwise), then, once the
// answer is out, ReportChargingProfiles per EVSE with the requestId (K09.FR.01) and tbc on all
// but the last (K09.FR.02).

import type {
  GetChargingProfilesRequest,
  GetChargingProfilesResponse,
  ReportChargingProfilesRequest,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { sendInParts } from '../../kernel/report-parts.js';
import type { InstalledProfile } from './composite-schedule.js';

/** Profiles the CSMS set have source CSO. */
const SOURCE = 'CSO';

/** K09.FR.03-06: the installed profiles matching every given field. */
export function matchingProfiles(request: GetChargingProfilesRequest, installed: readonly InstalledProfile[]): InstalledProfile[] {
  const { evseId, chargingProfile: c } = request;
  return installed.filter(
    ({ evseId: owner, profile }) =>
      (evseId === undefined || evseId === owner) && // K09.FR.04/05/06
      (c.chargingProfileId === undefined || c.chargingProfileId.includes(profile.id)) &&
      (c.chargingProfilePurpose === undefined || c.chargingProfilePurpose === profile.chargingProfilePurpose) &&
      (c.stackLevel === undefined || c.stackLevel === profile.stackLevel) &&
      (c.chargingLimitSource === undefined || c.chargingLimitSource.includes(SOURCE)),
  );
}

/** One report per EVSE, in EVSE order. */
export function reportParts(requestId: number, profiles: readonly InstalledProfile[]): ReportChargingProfilesRequest[] {
  const evses = [...new Set(profiles.map((p) => p.evseId))].sort((a, b) => a - b);
  return evses.map((evseId, i) => {
    const [first, ...rest] = profiles.filter((p) => p.evseId === evseId).map((p) => p.profile);
    return {
      requestId,
      chargingLimitSource: SOURCE,
      evseId,
      chargingProfile: [first!, ...rest],
      ...(i < evses.length - 1 ? { tbc: true } : {}),
    };
  });
}

export function getChargingProfiles(
  request: GetChargingProfilesRequest,
  smart: { installed(): readonly InstalledProfile[] },
): GetChargingProfilesResponse {
  return { status: matchingProfiles(request, smart.installed()).length > 0 ? 'Accepted' : 'NoProfiles' };
}

export async function afterGetChargingProfiles(
  request: GetChargingProfilesRequest,
  response: GetChargingProfilesResponse,
  ctx: Pick<StationContext, 'call' | 'log'>,
  smart: { installed(): readonly InstalledProfile[] },
): Promise<void> {
  if (response.status !== 'Accepted') return;
  await sendInParts(ctx, 'ReportChargingProfiles', reportParts(request.requestId, matchingProfiles(request, smart.installed())));
}
