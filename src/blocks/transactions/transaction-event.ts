// E, J: the TransactionEventRequest of each event the transition emits (transaction-state.ts
// Emit), with the meter values its kind asks for, and of a clock-aligned value during a
// transaction (J01.FR.22). Built before the commit, so what is queued is what was decided.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { MeterValueType, TransactionEventRequest } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { MeterValuesApi } from '../meter-values/index.js';
import { connectorOf } from './power-path.js';
import type { Emit, OngoingTx } from './transaction-types.js';

export function transactionEventRequest(
  ctx: StationContext,
  meterValues: MeterValuesApi,
  evseId: number,
  emit: Emit,
  timestamp: string,
): TransactionEventRequest {
  const request: TransactionEventRequest = {
    eventType: emit.eventType,
    timestamp,
    triggerReason: emit.triggerReason,
    seqNo: emit.seqNo,
    transactionInfo: {
      transactionId: emit.transactionId,
      ...(emit.chargingState ? { chargingState: emit.chargingState } : {}),
      ...(emit.stoppedReason ? { stoppedReason: emit.stoppedReason } : {}),
      ...(emit.remoteStartId !== undefined ? { remoteStartId: emit.remoteStartId } : {}),
    },
  };
  // E04.FR.03, E08.FR.07, E11.FR.02: created while offline.
  if (!ctx.online()) request.offline = true;
  if (emit.evse) request.evse = { id: evseId, connectorId: connectorOf(ctx, evseId) };
  if (emit.idToken) request.idToken = emit.idToken;
  // E03.FR.03/H01.FR.15/F02.FR.06: the reservation this transaction ended, once.
  if (emit.reservationId !== undefined) request.reservationId = emit.reservationId;
  const meter = meterValuesOf(ctx, meterValues, evseId, emit);
  if (meter.length > 0) request.meterValue = meter as [MeterValueType, ...MeterValueType[]];
  return request;
}

/**
 * J01.FR.22: a clock-aligned value during a transaction goes in a TransactionEvent (the next seqNo).
 * The event is that reading, so it has the reading's aligned time, also when the timer fired a
 * little late: the events of consecutive intervals are exactly one interval apart (TC_J_02_CS).
 */
export function alignedEventRequest(ctx: StationContext, tx: OngoingTx, value: MeterValueType): TransactionEventRequest {
  return {
    eventType: 'Updated',
    timestamp: value.timestamp,
    triggerReason: 'MeterValueClock',
    seqNo: tx.seqNo,
    transactionInfo: { transactionId: tx.transactionId },
    meterValue: [value],
    ...(ctx.online() ? {} : { offline: true }),
  };
}

/** The transactionId of a queued TransactionEvent payload. */
export function txIdOf(payload: unknown): string | undefined {
  return (payload as Partial<TransactionEventRequest> | undefined)?.transactionInfo?.transactionId;
}

function meterValuesOf(ctx: StationContext, api: MeterValuesApi, evseId: number, emit: Emit): MeterValueType[] {
  const { dm } = ctx;
  const values = (() => {
    switch (emit.meter) {
      case 'begin': // E01.FR.09
        return [api.sample(evseId, dm.getList(DM.SampledDataCtrlr.TxStartedMeasurands), 'Transaction.Begin')];
      case 'periodic': // E02.FR.10
        return [api.sample(evseId, dm.getList(DM.SampledDataCtrlr.TxUpdatedMeasurands), 'Sample.Periodic')];
      case 'sample': // F06.FR.07
        return [api.sample(evseId, dm.getList(DM.SampledDataCtrlr.TxUpdatedMeasurands), 'Trigger')];
      case 'end': // E06.FR.11
        return api.endTransaction(evseId);
      case 'none':
        return [];
    }
  })();
  return values.filter((v) => v.sampledValue.length > 0);
}
