// J. Meter values: sampling of the EVSE meters, clock-aligned MeterValues (J01), the values of
// TransactionEvent(Ended) (J02), and TriggerMessage(MeterValues) (F06.FR.06).

export type { MeterValuesApi } from './meter-values-api.js';
export { MeterValues } from './meter-values.js';
export { MAX_TX_ENDED_VALUES } from './tx-ended-collection.js';
export { SUPPORTED_MEASURANDS } from './sampled-values.js';
export { meterValuesBlock } from './block.js';
