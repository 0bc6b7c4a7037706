// J. Meter values: what the transactions block asks of this block. Sampling turns a hardware
// meter reading into OCPP SampledValues for the configured measurands; clock-aligned data and
// the TxEnded collection run on their own intervals.

import type { MeterValueType, ReadingContextEnumType } from '../../generated/ocpp201/index.js';

export interface MeterValuesApi {
  /**
   * One MeterValue of the EVSE (id >= 1) at station time, with the given measurands (e.g.
   * TxStartedMeasurands), in `context`. Measurands the meter does not supply are skipped, and SoC
   * while the EV does not report it: `sampledValue` is then EMPTY at run time although the type
   * says one or more. Leave such a MeterValue out of a message (check `sampledValue.length`).
   */
  sample(evseId: number, measurands: readonly string[], context: ReadingContextEnumType): MeterValueType;
  /** A transaction started on the EVSE: collect TxEndedMeasurands every TxEndedInterval (J02, J03) until it ends. */
  beginTransaction(evseId: number): void;
  /**
   * The transaction ended: the values collected for its Ended event, in time order: Transaction.Begin
   * (TxEndedMeasurands at the start), Sample.Periodic / Sample.Clock values, then Transaction.End.
   * At most MAX_TX_ENDED_VALUES (200); beyond that the oldest intermediate values are dropped.
   * Empty when both TxEndedMeasurands are empty. Without beginTransaction, only the Transaction.End value.
   */
  endTransaction(evseId: number): MeterValueType[];
  /**
   * While a transaction runs on an EVSE, clock-aligned values (AlignedDataCtrlr) belong in a
   * TransactionEvent (triggerReason MeterValueClock) instead of MeterValues (J01.FR.22): the
   * transactions block subscribes here; with no subscriber they go out as MeterValues. Returns the unsubscribe function.
   */
  onAlignedForTransaction(listener: (evseId: number, value: MeterValueType) => void): () => void;
}
