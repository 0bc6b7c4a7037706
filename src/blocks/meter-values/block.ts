// J. Meter values as a block: sampling, clock-aligned data, TriggerMessage(MeterValues).

import { defineBlock } from '../../kernel/block.js';
import { MeterValues } from './meter-values.js';

export const meterValuesBlock = defineBlock({
  name: 'meterValues',
  needs: [],
  create(ctx) {
    const meterValues = new MeterValues(ctx);
    return {
      api: meterValues,
      triggers: { MeterValues: { check: (evse) => meterValues.canTrigger(evse), send: (evse) => meterValues.trigger(evse) } },
      stop: () => meterValues.stop(),
    };
  },
});
