// One way to send a report in parts (NotifyReport, NotifyMonitoringReport, NotifyDisplayMessages,
// ReportChargingProfiles, NotifyCustomerInformation): the items are split so that each
// part stays within an item count and a frame size, and the parts go out in order, each awaited;
// a part that fails ends the report (the CSMS sees tbc without its sequel).

import type { RequestOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { StationContext } from './context.js';

export interface PartLimits {
  /** Most items in one part (at least 1). */
  maxItems: number;
  /** Most bytes of one CALL frame. */
  maxBytes: number;
}

/** `[2,"<36-character message id>","<action>",` and the closing bracket. */
const frameOverhead = (action: string): number => 46 + action.length;

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Splits `items` into the parts of a report. `envelope` is one part with no items, at its largest
 * (highest seqNo, tbc set); each item costs its JSON and a comma. An item larger than the limit
 * still goes, alone. There is always at least one part, possibly empty.
 */
export function splitIntoParts<T>(action: StationToCsmsAction, items: readonly T[], envelope: object, limits: PartLimits): T[][] {
  const base = frameOverhead(action) + jsonBytes(envelope);
  const maxItems = Math.max(1, limits.maxItems);
  const parts: T[][] = [];
  let part: T[] = [];
  let bytes = base;
  for (const item of items) {
    const size = jsonBytes(item) + 1;
    if (part.length > 0 && (part.length >= maxItems || bytes + size > limits.maxBytes)) {
      parts.push(part);
      part = [];
      bytes = base;
    }
    part.push(item);
    bytes += size;
  }
  parts.push(part);
  return parts;
}

/**
 * The requests of a report whose items go in `field` (NotifyReport reportData, NotifyMonitoringReport
 * monitor): each part with the requestId and generatedAt of the report, seqNo from 0 and tbc on all
 * but the last; an empty report is one part without the field.
 */
export function reportRequests<T, F extends string>(
  action: StationToCsmsAction,
  field: F,
  report: { requestId: number; generatedAt: string },
  items: readonly T[],
  limits: PartLimits,
): ({ requestId: number; generatedAt: string; seqNo: number; tbc?: boolean } & { [K in F]?: [T, ...T[]] })[] {
  const envelope = { ...report, seqNo: items.length, tbc: false, [field]: [] };
  const parts = splitIntoParts(action, items, envelope, limits);
  return parts.map((part, seqNo) => ({
    ...report,
    seqNo,
    ...(part.length > 0 ? { [field]: part } : {}),
    ...(seqNo < parts.length - 1 ? { tbc: true } : {}),
  })) as ({ requestId: number; generatedAt: string; seqNo: number; tbc?: boolean } & { [K in F]?: [T, ...T[]] })[];
}

/** Sends the parts in order, as requested by the CSMS (allowed while Pending, B02.FR.02). */
export async function sendInParts<A extends StationToCsmsAction>(
  ctx: Pick<StationContext, 'call' | 'log'>,
  action: A,
  parts: readonly RequestOf<A>[],
): Promise<boolean> {
  for (const [i, part] of parts.entries()) {
    try {
      await ctx.call(action, part, { triggered: true });
    } catch (error) {
      ctx.log.warn({ err: error, action, part: i }, `${action} not delivered; report abandoned`);
      return false;
    }
  }
  return true;
}
