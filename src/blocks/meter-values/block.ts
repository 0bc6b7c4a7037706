// J. Meter values as a block: sampling, clock-aligned data, TriggerMessage(MeterValues).

import type { EVSEType, TriggerMessageStatusEnumType } from '../../generated/ocpp201/index.js';
import { type Block, defineBlock } from '../../kernel/block.js';
import type { Trigger } from '../../kernel/trigger.js';
import { MeterValues } from './meter-values.js';

/** The block is its own MeterValues trigger: methods on the prototype rather than closures per station. */
class MeterValuesBlock implements Block<MeterValues>, Trigger {
  readonly triggers: { readonly MeterValues: Trigger };

  constructor(readonly api: MeterValues) {
    this.triggers = { MeterValues: this };
  }

  check(evse: EVSEType | undefined): TriggerMessageStatusEnumType {
    return this.api.canTrigger(evse);
  }

  send(evse: EVSEType | undefined): Promise<void> {
    return this.api.trigger(evse);
  }

  stop(): void {
    this.api.stop();
  }
}

export const meterValuesBlock = defineBlock({
  name: 'meterValues',
  needs: [],
  create(ctx): Block<MeterValues> {
    return new MeterValuesBlock(new MeterValues(ctx));
  },
});
