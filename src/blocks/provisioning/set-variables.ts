// B05 SetVariables: one result per item, in order (B05.FR.01), from the device model
// (B05.FR.02-12), within the station's message limits (B05.FR.11, as B06.FR.16/17). A new
// NetworkConfigurationPriority must name slots that hold a profile (B10.FR.01/02) and is used
// after a reboot (RebootRequired). A new BasicAuthPassword is used at once: the station connects
// again with it after answering (A01).

import { DM, type StandardVariablePath } from '../../generated/ocpp201/dm-catalog.js';
import type {
  ComponentType,
  SetVariableDataType,
  SetVariableResultType,
  SetVariablesRequest,
  SetVariablesResponse,
  VariableType,
} from '../../generated/ocpp201/index.js';
import { formatPath, parsePath, plainKey } from '../../device-model/path.js';
import { splitList } from '../../device-model/value-check.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import type { StationContext } from '../../kernel/context.js';
import { checkLimits } from './message-limits.js';
import { activeSecurityProfile, storedProfile, usableSlot } from './network-profiles.js';
import { priorityUpgradeProblem, type UpgradeCertificates } from './set-network-profile.js';

const LIMITS = { items: DM.DeviceDataCtrlr.ItemsPerMessage.SetVariables, bytes: DM.DeviceDataCtrlr.BytesPerMessage.SetVariables };

export function setVariables(
  request: SetVariablesRequest,
  ctx: StationContext,
  call: HandlerContext,
  certificates?: UpgradeCertificates,
): SetVariablesResponse {
  checkLimits(ctx.dm, LIMITS, call, request, request.setVariableData.length);
  const results = request.setVariableData.map((item) => priorityProblem(item, ctx, certificates) ?? ctx.dm.setVariable(item));
  return { setVariableResult: results as [SetVariableResultType, ...SetVariableResultType[]] };
}

/** A01: once the answer is out, an accepted new BasicAuthPassword is logged and used. */
export function afterSetVariables(response: SetVariablesResponse, ctx: StationContext, securityLog: (type: string) => void): void {
  const changed = response.setVariableResult.some(
    (r) => r.attributeStatus === 'Accepted' && r.attributeType !== 'Target' && isVariable(r, DM.SecurityCtrlr.BasicAuthPassword),
  );
  if (!changed) return;
  securityLog('BasicAuthPasswordChanged'); // A01.FR.11, without the value (A01.FR.12)
  try {
    ctx.reconnect(); // A01 steps 3-4
  } catch (error) {
    ctx.log.error({ err: error }, 'cannot reconnect with the new BasicAuthPassword');
  }
}

/**
 * B10.FR.02: every slot of a new NetworkConfigurationPriority holds a valid profile (slot 0 may
 * be the command line); A05.FR.10: none of them lowers the active security profile.
 */
function priorityProblem(
  item: SetVariableDataType,
  ctx: StationContext,
  certificates?: UpgradeCertificates,
): SetVariableResultType | undefined {
  if ((item.attributeType ?? 'Actual') !== 'Actual' || !isVariable(item, DM.OCPPCommCtrlr.NetworkConfigurationPriority)) return undefined;
  const slots = splitList(item.attributeValue).map(Number).filter(Number.isInteger);
  const empty = slots.find((slot) => !usableSlot(ctx.state, slot));
  if (empty !== undefined) return rejected(item, 'InvalidNetworkConf', `slot ${empty} has no network profile`);
  const active = activeSecurityProfile(ctx.dm, ctx.state);
  const lower = slots.find((slot) => (storedProfile(ctx.state, slot)?.securityProfile ?? active) < active);
  if (lower !== undefined) return rejected(item, 'NoSecurityDowngrade', `slot ${lower} has a lower security profile`);
  const missing = certificates && priorityUpgradeProblem(slots, ctx, certificates);
  if (missing) return rejected(item, 'InvalidCertificate', missing); // A05.FR.02/03
  return undefined;
}

function rejected(item: SetVariableDataType, reasonCode: string, additionalInfo: string): SetVariableResultType {
  const { component, variable } = plainKey(item);
  return { attributeType: 'Actual', component, variable, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode, additionalInfo } };
}

function isVariable(item: { component: ComponentType; variable: VariableType }, path: StandardVariablePath): boolean {
  return formatPath(plainKey(item)).toLowerCase() === formatPath(parsePath(path)).toLowerCase();
}
