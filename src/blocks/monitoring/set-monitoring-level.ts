// N05 Set Monitoring Level: a severity 0..9 is Accepted (N05.FR.01) and from then on only
// monitors of that severity or lower are reported (N05.FR.03, N07.FR.15); another is Rejected
// (N05.FR.02).

import type { SetMonitoringLevelRequest, SetMonitoringLevelResponse } from '../../generated/ocpp201/index.js';

export function setMonitoringLevel(
  request: SetMonitoringLevelRequest,
  monitors: { setLevel(severity: number): void },
): SetMonitoringLevelResponse {
  const { severity } = request;
  if (!Number.isInteger(severity) || severity < 0 || severity > 9) {
    return { status: 'Rejected', statusInfo: { reasonCode: 'ValueOutOfRange', additionalInfo: 'severity is 0..9' } };
  }
  monitors.setLevel(severity);
  return { status: 'Accepted' };
}
