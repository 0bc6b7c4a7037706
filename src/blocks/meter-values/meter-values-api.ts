// J. Meter values: what the transactions block asks of this block. Sampling turns a hardware
// meter reading into OCPP SampledValues for the configured measurands; clock-aligned data and
// the TxEnded collection run on their own intervals.

import type { MeterValueType, ReadingContextEnumType } from '../../generated/ocpp201/index.js';

export interface MeterValuesApi {
  /** One MeterValue of the EVSE now, with the given measurands (e.g. TxStartedMeasurands), in `context`. */
  sample(evseId: number, measurands: readonly string[], context: ReadingContextEnumType): MeterValueType;
  /** A transaction started on the EVSE: collect TxEndedMeasurands every TxEndedInterval (J02, J03) until it ends. */
  beginTransaction(evseId: number): void;
  /** The transaction ended: the values collected for its Ended event (each MeterValue in context Sample.Periodic / Sample.Clock, plus Transaction.End). */
  endTransaction(evseId: number): MeterValueType[];
  /**
   * While a transaction runs on an EVSE, clock-aligned values (AlignedDataCtrlr) belong in a
   * TransactionEvent (triggerReason MeterValueClock) instead of MeterValues (J01.FR.xx): the
   * transactions block subscribes here. Returns the unsubscribe function.
   */
  onAlignedForTransaction(listener: (evseId: number, value: MeterValueType) => void): () => void;
}
