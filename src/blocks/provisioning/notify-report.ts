// B07/B08: a report goes to the CSMS in NotifyReport parts, each with the requestId of the
// request (B07.FR.04, B08.FR.04), seqNo counting from 0 (B07.FR.10, B08.FR.14) and tbc on every
// part but the last, each within ItemsPerMessage.GetReport entries and BytesPerMessage.GetReport
// bytes. The CSMS asked for it, so it may be sent while Pending (B02.FR.02).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NotifyReportRequest, ReportDataType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';

/** `[2,"<36-character message id>","NotifyReport",` and the closing bracket. */
const FRAME_OVERHEAD = 60;

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

export function reportParts(
  requestId: number,
  generatedAt: string,
  data: readonly ReportDataType[],
  limits: { maxItems: number; maxBytes: number },
): NotifyReportRequest[] {
  const chunks: ReportDataType[][] = [];
  // Everything but the entries: the largest seqNo and tbc, and the reportData brackets.
  const base = FRAME_OVERHEAD + bytesOf({ requestId, generatedAt, seqNo: data.length, tbc: false, reportData: [] });
  let chunk: ReportDataType[] = [];
  let bytes = base;
  for (const entry of data) {
    const size = bytesOf(entry) + 1;
    // A single entry larger than the limit still goes, alone.
    if (chunk.length > 0 && (chunk.length >= limits.maxItems || bytes + size > limits.maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = base;
    }
    chunk.push(entry);
    bytes += size;
  }
  chunks.push(chunk);
  return chunks.map((part, seqNo) => ({
    requestId,
    generatedAt,
    seqNo,
    ...(part.length > 0 ? { reportData: part as [ReportDataType, ...ReportDataType[]] } : {}),
    ...(seqNo < chunks.length - 1 ? { tbc: true } : {}),
  }));
}

/** Sends the parts in order; a part that fails ends the report (the CSMS sees tbc without its sequel). */
export async function sendReport(ctx: StationContext, requestId: number, data: readonly ReportDataType[]): Promise<void> {
  const limits = {
    maxItems: Math.max(1, ctx.dm.getInt(DM.DeviceDataCtrlr.ItemsPerMessage.GetReport) ?? 100),
    maxBytes: ctx.dm.getInt(DM.DeviceDataCtrlr.BytesPerMessage.GetReport) ?? 65_000,
  };
  for (const part of reportParts(requestId, ctx.now().toISOString(), data, limits)) {
    try {
      await ctx.call('NotifyReport', part, { triggered: true });
    } catch (error) {
      ctx.log.warn({ err: error, requestId, seqNo: part.seqNo }, 'NotifyReport not delivered; report abandoned');
      return;
    }
  }
}
