// B07/B08: a report goes to the CSMS in NotifyReport parts, each with the requestId of the
// request (B07.FR.04, B08.FR.04), seqNo counting from 0 (B07.FR.10, B08.FR.14) and tbc on every
// part but the last, each within ItemsPerMessage.GetReport entries and BytesPerMessage.GetReport
// bytes. The CSMS asked for it, so it may be sent while Pending (B02.FR.02).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NotifyReportRequest, ReportDataType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { type PartLimits, reportRequests, sendInParts } from '../../kernel/report-parts.js';

export function reportParts(
  requestId: number,
  generatedAt: string,
  data: readonly ReportDataType[],
  limits: PartLimits,
): NotifyReportRequest[] {
  return reportRequests('NotifyReport', 'reportData', { requestId, generatedAt }, data, limits);
}

export async function sendReport(
  ctx: Pick<StationContext, 'dm' | 'call' | 'log' | 'now'>,
  requestId: number,
  data: readonly ReportDataType[],
): Promise<void> {
  const limits = {
    maxItems: ctx.dm.getInt(DM.DeviceDataCtrlr.ItemsPerMessage.GetReport) ?? 100,
    maxBytes: ctx.dm.getInt(DM.DeviceDataCtrlr.BytesPerMessage.GetReport) ?? 65_000,
  };
  await sendInParts(ctx, 'NotifyReport', reportParts(requestId, ctx.now().toISOString(), data, limits));
}
