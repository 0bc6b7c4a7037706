// K09 GetChargingProfiles: Accepted when a profile matches (NoProfiles otherwise), then, once the
// answer is out, ReportChargingProfiles per EVSE with the requestId (K09.FR.01) and tbc on all
// but the last (K09.FR.02).

import type {
  ChargingLimitSourceEnumType,
  GetChargingProfilesRequest,
  GetChargingProfilesResponse,
  ReportChargingProfilesRequest,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { sendInParts } from '../../kernel/report-parts.js';
import type { InstalledProfile } from './composite-schedule.js';

/** Profiles the CSMS set have source CSO. */
const SOURCE = 'CSO';

/** An installed profile, or an external limit reported as a profile (K11.FR.06) with its source. */
export type ReportedProfile = InstalledProfile & { source?: ChargingLimitSourceEnumType };

interface ProfileSource {
  installed(): readonly InstalledProfile[];
  /** K11.FR.06, K12.FR.05: the external limits as ChargingStationExternalConstraints profiles. */
  external?(): readonly ReportedProfile[];
}

const reported = (smart: ProfileSource): ReportedProfile[] => [...smart.installed(), ...(smart.external?.() ?? [])];

/** K09.FR.03-06: the installed profiles matching every given field. */
export function matchingProfiles(request: GetChargingProfilesRequest, installed: readonly ReportedProfile[]): ReportedProfile[] {
  const { evseId, chargingProfile: c } = request;
  return installed.filter(
    ({ evseId: owner, profile, source = SOURCE }) =>
      (evseId === undefined || evseId === owner) && // K09.FR.04/05/06
      (c.chargingProfileId === undefined || c.chargingProfileId.includes(profile.id)) &&
      (c.chargingProfilePurpose === undefined || c.chargingProfilePurpose === profile.chargingProfilePurpose) &&
      (c.stackLevel === undefined || c.stackLevel === profile.stackLevel) &&
      (c.chargingLimitSource === undefined || c.chargingLimitSource.includes(source)),
  );
}

/** One report per EVSE and source (a report has one chargingLimitSource), in EVSE order. */
export function reportParts(requestId: number, profiles: readonly ReportedProfile[]): ReportChargingProfilesRequest[] {
  const keys = [...new Set(profiles.map((p) => `${p.evseId} ${p.source ?? SOURCE}`))];
  const groups = keys
    .map((key) => profiles.filter((p) => `${p.evseId} ${p.source ?? SOURCE}` === key))
    .sort((a, b) => a[0]!.evseId - b[0]!.evseId);
  return groups.map((group, i) => {
    const [first, ...rest] = group.map((p) => p.profile);
    return {
      requestId,
      chargingLimitSource: group[0]!.source ?? SOURCE,
      evseId: group[0]!.evseId,
      chargingProfile: [first!, ...rest],
      ...(i < groups.length - 1 ? { tbc: true } : {}),
    };
  });
}

export function getChargingProfiles(request: GetChargingProfilesRequest, smart: ProfileSource): GetChargingProfilesResponse {
  return { status: matchingProfiles(request, reported(smart)).length > 0 ? 'Accepted' : 'NoProfiles' };
}

export async function afterGetChargingProfiles(
  request: GetChargingProfilesRequest,
  response: GetChargingProfilesResponse,
  ctx: Pick<StationContext, 'call' | 'log'>,
  smart: ProfileSource,
): Promise<void> {
  if (response.status !== 'Accepted') return;
  await sendInParts(ctx, 'ReportChargingProfiles', reportParts(request.requestId, matchingProfiles(request, reported(smart))));
}
