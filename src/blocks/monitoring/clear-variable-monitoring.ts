// N06 Clear / Remove Monitoring: one clearMonitoringResult per id (N06.FR.05): Accepted and
// removed (N06.FR.01), NotFound (N06.FR.02), Rejected for a hard-wired monitor (N06.FR.03).
// A request over ItemsPerMessage/BytesPerMessage ClearVariableMonitoring is refused with a
// CALLERROR (N06.FR.06/07).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  ClearMonitoringResultType,
  ClearVariableMonitoringRequest,
  ClearVariableMonitoringResponse,
} from '../../generated/ocpp201/index.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { checkLimits } from '../provisioning/index.js';

const LIMITS = {
  items: DM.MonitoringCtrlr.ItemsPerMessage.ClearVariableMonitoring,
  bytes: DM.MonitoringCtrlr.BytesPerMessage.ClearVariableMonitoring,
};

export function clearVariableMonitoring(
  request: ClearVariableMonitoringRequest,
  monitors: { clear(id: number): ClearMonitoringResultType },
  dm: DeviceModel,
  call: HandlerContext,
): ClearVariableMonitoringResponse {
  checkLimits(dm, LIMITS, call, request, request.id.length);
  const results = request.id.map((id) => monitors.clear(id));
  return { clearMonitoringResult: results as ClearVariableMonitoringResponse['clearMonitoringResult'] };
}
