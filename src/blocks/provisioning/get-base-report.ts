// B07 GetBaseReport: Accepted for the base reports of the device model (B07.FR.01, FR.12), then
// the report follows in NotifyReport parts (B07.FR.03, FR.07-11); nothing for another (B07.FR.02/05).

import type { GetBaseReportRequest, GetBaseReportResponse, ReportBaseEnumType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { sendReport } from './notify-report.js';

const SUPPORTED: ReadonlySet<ReportBaseEnumType> = new Set(['ConfigurationInventory', 'FullInventory', 'SummaryInventory']);

export function getBaseReport(request: GetBaseReportRequest): GetBaseReportResponse {
  return { status: SUPPORTED.has(request.reportBase) ? 'Accepted' : 'NotSupported' };
}

export async function afterGetBaseReport(
  request: GetBaseReportRequest,
  response: GetBaseReportResponse,
  ctx: StationContext,
): Promise<void> {
  if (response.status !== 'Accepted') return; // B07.FR.05
  await sendReport(ctx, request.requestId, ctx.dm.reportData(request.reportBase));
}
