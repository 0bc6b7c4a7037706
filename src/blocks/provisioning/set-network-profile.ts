// B09 SetNetworkProfile: the connectionData of a configuration slot is checked and stored; the
// link uses it from the next start on, in NetworkConfigurationPriority order (B10).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NetworkConnectionProfileType, SetNetworkProfileRequest, SetNetworkProfileResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { activeSecurityProfile, allowedSlots, storeProfile } from './network-profiles.js';

export function setNetworkProfile(request: SetNetworkProfileRequest, ctx: StationContext): SetNetworkProfileResponse {
  const { configurationSlot: slot, connectionData: profile } = request;
  // B09.FR.05: only a slot of the valuesList of NetworkConfigurationPriority.
  if (!allowedSlots(ctx.dm).includes(slot)) return rejected('InvalidConfSlot', `slot ${slot} does not exist`);
  // B09.FR.04 (errata 2025-09): AllowSecurityProfileDowngrade is not implemented, so never lower.
  if (profile.securityProfile < activeSecurityProfile(ctx.dm, ctx.state)) {
    return rejected('NoSecurityDowngrade', 'lower than the active security profile');
  }
  const problem = invalidContent(profile, ctx);
  if (problem) return rejected('InvalidNetworkConf', problem); // B09.FR.02
  try {
    storeProfile(ctx.state, slot, profile);
  } catch (error) {
    ctx.log.error({ err: error, slot }, 'network profile not stored');
    return { status: 'Failed' }; // B09.FR.03
  }
  return { status: 'Accepted' }; // B09.FR.01
}

function rejected(reasonCode: string, additionalInfo: string): SetNetworkProfileResponse {
  return { status: 'Rejected', statusInfo: { reasonCode, additionalInfo } };
}

/** What this station cannot connect with: only OCPP 2.0.1 over JSON, ws:// or wss:// (Part 4). */
function invalidContent(profile: NetworkConnectionProfileType, ctx: StationContext): string | undefined {
  if (profile.ocppTransport !== 'JSON') return 'only the JSON transport is supported';
  if (profile.ocppVersion !== 'OCPP20') return 'only OCPP 2.0.1 is supported';
  let url: URL;
  try {
    url = new URL(profile.ocppCsmsUrl);
  } catch {
    return 'ocppCsmsUrl is not a URL';
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return 'ocppCsmsUrl must be ws:// or wss://';
  if (url.username || url.password) return 'ocppCsmsUrl must not carry credentials';
  if (profile.securityProfile < 0 || profile.securityProfile > 3) return 'securityProfile must be 0 to 3';
  // A00.FR.312/415: profiles 2 and 3 run over TLS only.
  if (profile.securityProfile >= 2 && url.protocol !== 'wss:') return 'securityProfile 2 and 3 need wss://';
  const basic = profile.securityProfile === 1 || profile.securityProfile === 2;
  if (basic && ctx.dm.secret(DM.SecurityCtrlr.BasicAuthPassword) === undefined) return 'no BasicAuthPassword is set';
  return undefined;
}
