// B08 GetReport: the component-variables that meet the criteria and are listed (B08.FR.05-13,
// FR.20-25), Accepted and sent in NotifyReport parts (B08.FR.01/03), or EmptyResultSet when there
// are none (B08.FR.15); a message over the station's limits is refused (B08.FR.17/18). Every
// ComponentCriterionEnumType value is supported, so NotSupported (B08.FR.02) is never answered; a
// value outside the enum fails schema validation before it gets here.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { GetReportRequest, GetReportResponse, ReportDataType } from '../../generated/ocpp201/index.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import type { StationContext } from '../../kernel/context.js';
import { checkLimits } from './message-limits.js';
import { sendReport } from './notify-report.js';

const LIMITS = { items: DM.DeviceDataCtrlr.ItemsPerMessage.GetReport, bytes: DM.DeviceDataCtrlr.BytesPerMessage.GetReport };

// The report is taken once, when the request is answered, and that is what goes out: a state
// change before the parts are sent (an EVSE no longer Available) cannot turn an Accepted into
// an empty or different report.
const taken = new WeakMap<GetReportResponse, ReportDataType[]>();

type ReportContext = Pick<StationContext, 'dm' | 'call' | 'log' | 'now'>;

export function getReport(request: GetReportRequest, ctx: ReportContext, call: HandlerContext): GetReportResponse {
  checkLimits(ctx.dm, LIMITS, call, request, request.componentVariable?.length ?? 0);
  const data = ctx.dm.customReport(request.componentCriteria, request.componentVariable);
  if (data.length === 0) return { status: 'EmptyResultSet' };
  const response: GetReportResponse = { status: 'Accepted' };
  taken.set(response, data);
  return response;
}

export async function afterGetReport(request: GetReportRequest, response: GetReportResponse, ctx: ReportContext): Promise<void> {
  const data = taken.get(response);
  if (response.status !== 'Accepted' || !data) return;
  taken.delete(response);
  await sendReport(ctx, request.requestId, data);
}
