import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBlockContext } from '../../../test/support/block-context.js';
import type { MeterValueType } from '../../generated/ocpp201/index.js';
import { alignedEventRequest } from './transaction-event.js';

describe('alignedEventRequest', () => {
  it('J01.FR.22 – a clock-aligned value in a TransactionEvent(MeterValueClock): the event has the aligned time of the value, also when taken late', () => {
    const { ctx, clock } = makeBlockContext({ id: 'TE-ALIGNED', call: async () => ({}) });
    const aligned = Math.ceil(clock.now() / 60_000) * 60_000;
    clock.advance(aligned - clock.now() + 400); // the timer fired 400 ms after the boundary
    const value: MeterValueType = {
      timestamp: new Date(aligned).toISOString(),
      sampledValue: [{ value: 12, context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register' }],
    };
    const tx = {
      transactionId: 'tx-1',
      startedAt: new Date(aligned - 60_000).toISOString(),
      seqNo: 3,
      chargingState: 'Charging' as const,
      held: [],
    };
    const request = alignedEventRequest(ctx, tx, value);
    assert.equal(request.timestamp, value.timestamp);
    assert.deepEqual([request.eventType, request.triggerReason, request.seqNo], ['Updated', 'MeterValueClock', 3]);
    assert.deepEqual(request.meterValue, [value]);
  });
});
