// N03 Set Monitoring Base: every base is supported and Accepted (N03.FR.01). All activates the
// preconfigured monitors and keeps the custom ones (N03.FR.03); FactoryDefault removes the custom
// ones, also those that replaced a preconfigured monitor, and restores the preconfigured
// (N03.FR.04); HardWiredOnly removes all but the hard-wired monitors (N03.FR.05).

import type { MonitoringBaseEnumType, SetMonitoringBaseRequest, SetMonitoringBaseResponse } from '../../generated/ocpp201/index.js';

export function setMonitoringBase(
  request: SetMonitoringBaseRequest,
  monitors: { setBase(base: MonitoringBaseEnumType): void },
): SetMonitoringBaseResponse {
  monitors.setBase(request.monitoringBase);
  return { status: 'Accepted' };
}
