// B09 SetNetworkProfile: the connectionData of a configuration slot is checked and stored; the
// link uses it from the next start on, in NetworkConfigurationPriority order (B10).
// A05 upgrade of the security profile: a profile above the active one needs a valid CSMS root
// for TLS (2/3, A05.FR.02) and a Charging Station certificate for 3 (A05.FR.03). That is checked
// when the CSMS puts its slot into NetworkConfigurationPriority (SetVariables): the CSMS may store
// the profile first and see to the certificates afterwards (A05 prerequisites; TC_A_20/21 step 2
// Accepted, step 4 Rejected). A slot already in the list would be used at the next connection with
// no such check, so a profile stored there is checked at once. Once the station connected with
// it, SecurityCtrlr.SecurityProfile takes its value and the slots with a lower one leave
// NetworkConfigurationPriority (A05.FR.06, adoptConnectedProfile, called by the link).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NetworkConnectionProfileType, SetNetworkProfileRequest, SetNetworkProfileResponse } from '../../generated/ocpp201/index.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationState } from '../../store/station-state.js';
import type { CertificateManagementApi } from '../certificate-management/index.js';
import { COMMAND_LINE_SLOT, activeSecurityProfile, allowedSlots, prioritySlots, storeProfile, storedProfile } from './network-profiles.js';

/** What an upgrade needs to know of the certificate store (A05). */
export type UpgradeCertificates = Pick<CertificateManagementApi, 'hasValidRoot' | 'hasStationCertificate'>;

export function setNetworkProfile(
  request: SetNetworkProfileRequest,
  ctx: StationContext,
  certificates?: UpgradeCertificates,
): SetNetworkProfileResponse {
  const { configurationSlot: slot, connectionData: profile } = request;
  // B09.FR.05: only a slot of the valuesList of NetworkConfigurationPriority.
  if (!allowedSlots(ctx.dm).includes(slot)) return rejected('InvalidConfSlot', `slot ${slot} does not exist`);
  // B09.FR.04 (errata 2025-09): AllowSecurityProfileDowngrade is not implemented, so never lower.
  if (profile.securityProfile < activeSecurityProfile(ctx.dm, ctx.state)) {
    return rejected('NoSecurityDowngrade', 'lower than the active security profile');
  }
  const problem = invalidContent(profile, ctx);
  if (problem) return rejected('InvalidNetworkConf', problem); // B09.FR.02
  const inUse = prioritySlots(ctx.dm).includes(slot);
  const missing = inUse && certificates && upgradeProblem(profile.securityProfile, ctx, certificates);
  if (missing) return rejected('InvalidCertificate', `slot ${slot} is in NetworkConfigurationPriority: ${missing}`); // A05.FR.02/03
  try {
    storeProfile(ctx.state, slot, profile);
  } catch (error) {
    ctx.log.error({ err: error, slot }, 'network profile not stored');
    return { status: 'Failed' }; // B09.FR.03
  }
  return { status: 'Accepted' }; // B09.FR.01
}

/**
 * A05.FR.02/03: what a profile with `securityProfile` lacks when it is above the active one;
 * undefined when nothing. Also for a NetworkConfigurationPriority naming such a slot (TC_A_20).
 */
export function upgradeProblem(
  securityProfile: number,
  ctx: Pick<StationContext, 'dm' | 'state'>,
  certificates: UpgradeCertificates,
): string | undefined {
  if (securityProfile <= activeSecurityProfile(ctx.dm, ctx.state)) return undefined;
  if (securityProfile >= 2 && !certificates.hasValidRoot('CSMSRootCertificate')) return 'no valid CSMSRootCertificate installed';
  if (securityProfile === 3 && !certificates.hasStationCertificate()) return 'no valid ChargingStationCertificate installed';
  return undefined;
}

/**
 * A05.FR.02/03 for SetVariables of NetworkConfigurationPriority (TC_A_20_CS step 4): the first
 * slot whose stored profile is an upgrade the station lacks certificates for, with why.
 */
export function priorityUpgradeProblem(
  slots: readonly number[],
  ctx: Pick<StationContext, 'dm' | 'state'>,
  certificates: UpgradeCertificates,
): string | undefined {
  for (const slot of slots) {
    const stored = storedProfile(ctx.state, slot);
    const problem = stored && upgradeProblem(stored.securityProfile, ctx, certificates);
    if (problem) return `slot ${slot}: ${problem}`;
  }
  return undefined;
}

/**
 * A05.FR.06: connected on `slot`; when its profile is above SecurityCtrlr.SecurityProfile, that
 * takes its value, and every slot with a lower profile (the command-line slot counts with the old
 * SecurityProfile) leaves NetworkConfigurationPriority. Returns whether it upgraded.
 */
export function adoptConnectedProfile(dm: DeviceModel, state: StationState, slot: number): boolean {
  const profile = storedProfile(state, slot);
  const current = dm.getInt(DM.SecurityCtrlr.SecurityProfile) ?? 0;
  if (!profile || profile.securityProfile <= current) return false;
  dm.set(DM.SecurityCtrlr.SecurityProfile, String(profile.securityProfile));
  const level = (s: number): number => storedProfile(state, s)?.securityProfile ?? (s === COMMAND_LINE_SLOT ? current : 0);
  const kept = prioritySlots(dm).filter((s) => s === slot || level(s) >= profile.securityProfile);
  dm.set(DM.OCPPCommCtrlr.NetworkConfigurationPriority, kept.join(','));
  return true;
}

function rejected(reasonCode: string, additionalInfo: string): SetNetworkProfileResponse {
  return { status: 'Rejected', statusInfo: { reasonCode, additionalInfo } };
}

/** What this station cannot connect with: only OCPP 2.0.1 over JSON, ws:// or wss:// (Part 4). */
/** The limits of OCPPCommCtrlr.MessageTimeout: a profile outside them would time every CALL out, or never. */
const MESSAGE_TIMEOUT_S = { min: 1, max: 3600 };

function invalidContent(profile: NetworkConnectionProfileType, ctx: StationContext): string | undefined {
  if (profile.ocppTransport !== 'JSON') return 'only the JSON transport is supported';
  const timeout = profile.messageTimeout;
  if (!Number.isInteger(timeout) || timeout < MESSAGE_TIMEOUT_S.min || timeout > MESSAGE_TIMEOUT_S.max) {
    return `messageTimeout must be ${MESSAGE_TIMEOUT_S.min} to ${MESSAGE_TIMEOUT_S.max} s`;
  }
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
