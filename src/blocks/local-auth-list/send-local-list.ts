// D01 Send Local Authorization List. The checks, in order:
//
//   1. the message's size: ItemsPerMessage / BytesPerMessage (D01.FR.11) -> CALLERROR
//   2. LocalAuthListCtrlr.Enabled false -> Failed (D01 prerequisite; the list stays as it was)
//   3. versionNumber not > 0 (D01.FR.18) -> Failed; Differential not newer than the list's
//      version (D01.FR.19) -> VersionMismatch
//   4. an idToken twice (D01.FR.06), or a Full entry without idTokenInfo -> Failed
//   5. apply all or nothing: Full replaces (D01.FR.04/15), Differential adds, updates and
//      removes (D01.FR.05/16/17); beyond Entries' or Storage's maxLimit -> Failed
//
// D01 names no CALLERROR for an oversized message; as for the other device-model messages
// (B06.FR.16/17) too many items is OccurrenceConstraintViolation and too many bytes
// FormatViolation.

import type { AuthorizationData, SendLocalListRequest, SendLocalListResponse } from '../../generated/ocpp201/index.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import type { Logger } from '../../log/logger.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { tokensEqual } from '../authorization/index.js';
import { checkLimits } from '../provisioning/index.js';
import type { LocalAuthList, UpdateRefusal } from './local-auth-list.js';

export interface SendLocalListContext {
  dm: DeviceModel;
  list: LocalAuthList;
  log?: Logger;
}

export function sendLocalList(request: SendLocalListRequest, ctx: SendLocalListContext, call: HandlerContext): SendLocalListResponse {
  const { updateType, versionNumber } = request;
  const entries: readonly AuthorizationData[] = request.localAuthorizationList ?? [];
  // D01.FR.11
  checkLimits(
    ctx.dm,
    { items: DM.LocalAuthListCtrlr.ItemsPerMessage, bytes: DM.LocalAuthListCtrlr.BytesPerMessage },
    call,
    request,
    entries.length,
  );
  if (!ctx.list.enabled()) return failed('NotEnabled', 'LocalAuthListCtrlr.Enabled is false');
  if (!Number.isInteger(versionNumber) || versionNumber <= 0) return failed('ValuePositiveOnly', 'versionNumber must be greater than 0'); // D01.FR.18
  if (updateType === 'Differential' && versionNumber <= ctx.list.version) {
    return {
      status: 'VersionMismatch',
      statusInfo: { reasonCode: 'InvalidValue', additionalInfo: `the list is at version ${ctx.list.version}` },
    }; // D01.FR.19
  }
  const duplicate = entries.findIndex((entry, i) => entries.findIndex((other) => tokensEqual(other.idToken, entry.idToken)) !== i);
  if (duplicate >= 0) return failed('InvalidValue', `localAuthorizationList[${duplicate}] repeats an idToken`); // D01.FR.06
  try {
    let refusal: UpdateRefusal | undefined;
    if (updateType === 'Full') {
      const missing = entries.findIndex((entry) => entry.idTokenInfo === undefined);
      if (missing >= 0) return failed('MissingParam', `localAuthorizationList[${missing}] has no idTokenInfo`);
      refusal = ctx.list.replace(versionNumber, entries as Required<AuthorizationData>[]); // D01.FR.04, D01.FR.15
    } else {
      refusal = ctx.list.update(versionNumber, entries); // D01.FR.05, D01.FR.16, D01.FR.17
    }
    if (refusal === 'TooManyEntries') return failed('TooManyElements', 'the list would exceed LocalAuthListCtrlr.Entries maxLimit');
    if (refusal === 'OutOfStorage') return failed('OutOfStorage', 'the list would exceed LocalAuthListCtrlr.Storage maxLimit');
    return { status: 'Accepted' };
  } catch (error) {
    ctx.log?.error({ err: error }, 'cannot update the local authorization list');
    return failed('InternalError');
  }
}

function failed(reasonCode: string, additionalInfo?: string): SendLocalListResponse {
  return { status: 'Failed', statusInfo: { reasonCode, ...(additionalInfo !== undefined ? { additionalInfo } : {}) } };
}
