// B08 GetReport: the component-variables that meet the criteria and are listed (B08.FR.05-13,
// FR.20-25), Accepted and sent in NotifyReport parts (B08.FR.01/03), or EmptyResultSet when there
// are none (B08.FR.15); a message over the station's limits is refused (B08.FR.17/18).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { GetReportRequest, GetReportResponse, ReportDataType } from '../../generated/ocpp201/index.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import type { StationContext } from '../../kernel/context.js';
import { checkLimits } from './message-limits.js';
import { sendReport } from './notify-report.js';

const LIMITS = { items: DM.DeviceDataCtrlr.ItemsPerMessage.GetReport, bytes: DM.DeviceDataCtrlr.BytesPerMessage.GetReport };

export function getReport(request: GetReportRequest, ctx: StationContext, call: HandlerContext): GetReportResponse {
  checkLimits(ctx.dm, LIMITS, call, request, request.componentVariable?.length ?? 0);
  return { status: reportOf(request, ctx).length > 0 ? 'Accepted' : 'EmptyResultSet' };
}

export async function afterGetReport(request: GetReportRequest, response: GetReportResponse, ctx: StationContext): Promise<void> {
  if (response.status !== 'Accepted') return;
  await sendReport(ctx, request.requestId, reportOf(request, ctx));
}

const reportOf = (request: GetReportRequest, ctx: StationContext): ReportDataType[] =>
  ctx.dm.customReport(request.componentCriteria, request.componentVariable);
