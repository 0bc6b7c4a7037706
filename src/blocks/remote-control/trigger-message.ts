// F06 TriggerMessage: the CSMS asks for a message now. Each block declares the messages it can
// send (its `triggers`); the answer goes first (F06.FR.04), the message follows in the after-step.

import type { TriggerMessageRequest, TriggerMessageResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';

type Triggers = Pick<StationContext, 'trigger'>;

export function triggerMessage(request: TriggerMessageRequest, ctx: Triggers): TriggerMessageResponse {
  const trigger = ctx.trigger(request.requestedMessage);
  if (!trigger) return { status: 'NotImplemented' }; // F06.FR.08
  return { status: trigger.check?.(request.evse) ?? 'Accepted' };
}

/** After the response went out: sends what was accepted (F06.FR.10). */
export async function afterTriggerMessage(request: TriggerMessageRequest, response: TriggerMessageResponse, ctx: Triggers): Promise<void> {
  if (response.status !== 'Accepted') return;
  await ctx.trigger(request.requestedMessage)?.send(request.evse);
}
