// The size limits the station reports in DeviceDataCtrlr for the device-model messages it
// receives: ItemsPerMessage<X> and BytesPerMessage<X> (B06.FR.16/17, B08.FR.17/18; B05.FR.11
// is the CSMS's side of the same limit for SetVariables).

import type { VariableRef } from '../../device-model/device-model.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { OcppError } from '../../rpc/errors.js';

export interface MessageLimits {
  items: VariableRef;
  bytes: VariableRef;
}

/** Bytes of the CALL frame as the CSMS sent it (without insignificant white space). */
export function frameBytes(call: HandlerContext, payload: unknown): number {
  return Buffer.byteLength(JSON.stringify([2, call.messageId, call.action, payload]), 'utf8');
}

/** Throws the CALLERROR a message over the limits is answered with. */
export function checkLimits(dm: DeviceModel, limits: MessageLimits, call: HandlerContext, payload: unknown, items: number): void {
  const maxItems = dm.getInt(limits.items);
  if (maxItems !== undefined && items > maxItems) {
    throw new OcppError('OccurrenceConstraintViolation', `${items} items, at most ${maxItems} per message`);
  }
  const maxBytes = dm.getInt(limits.bytes);
  const bytes = frameBytes(call, payload);
  if (maxBytes !== undefined && bytes > maxBytes) {
    throw new OcppError('FormatViolation', `${bytes} bytes, at most ${maxBytes} per message`);
  }
}
