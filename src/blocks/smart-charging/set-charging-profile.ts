// K01 SetChargingProfile: Accepted when the profile is installed, else Rejected with the reason
// (profile-rules.ts). K01.FR.29: with smart charging disabled the action is not supported.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { SetChargingProfileRequest, SetChargingProfileResponse } from '../../generated/ocpp201/index.js';
import { OcppError } from '../../rpc/errors.js';
import type { StationContext } from '../../kernel/context.js';
import type { SmartCharging } from './smart-charging.js';

export function requireEnabled(ctx: Pick<StationContext, 'dm'>): void {
  if (ctx.dm.getBool(DM.SmartChargingCtrlr.Enabled) === false) throw new OcppError('NotSupported', 'Smart charging is disabled');
}

export function setChargingProfile(
  request: SetChargingProfileRequest,
  ctx: Pick<StationContext, 'dm'>,
  smart: SmartCharging,
): SetChargingProfileResponse {
  requireEnabled(ctx);
  const decision = smart.set(request.evseId, request.chargingProfile);
  if (decision.status === 'Accepted') return { status: 'Accepted' };
  return { status: 'Rejected', statusInfo: { reasonCode: decision.reasonCode, additionalInfo: decision.additionalInfo.slice(0, 512) } };
}
