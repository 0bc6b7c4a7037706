// B06 GetVariables: one result per requested item, in order (B06.FR.01), from the device model
// (B06.FR.02-15); a message over the station's limits is refused as a whole (B06.FR.16/17).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { GetVariableResultType, GetVariablesRequest, GetVariablesResponse } from '../../generated/ocpp201/index.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import type { StationContext } from '../../kernel/context.js';
import { checkLimits } from './message-limits.js';

const LIMITS = { items: DM.DeviceDataCtrlr.ItemsPerMessage.GetVariables, bytes: DM.DeviceDataCtrlr.BytesPerMessage.GetVariables };

export function getVariables(request: GetVariablesRequest, ctx: StationContext, call: HandlerContext): GetVariablesResponse {
  checkLimits(ctx.dm, LIMITS, call, request, request.getVariableData.length);
  const results = request.getVariableData.map((item) => ctx.dm.getVariable(item));
  return { getVariableResult: results as [GetVariableResultType, ...GetVariableResultType[]] };
}
