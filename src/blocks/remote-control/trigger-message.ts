// F06 TriggerMessage: the CSMS asks for a message now. Each block registers the messages it can
// send; the answer goes first (F06.FR.04), the message follows in the after-hook.

import type {
  EVSEType,
  MessageTriggerEnumType,
  TriggerMessageRequest,
  TriggerMessageResponse,
  TriggerMessageStatusEnumType,
} from '../../generated/ocpp201/index.js';

export interface Trigger {
  /** Whether the message will be sent (F06.FR.05); Accepted when omitted. */
  check?(evse: EVSEType | undefined): TriggerMessageStatusEnumType;
  send(evse: EVSEType | undefined): Promise<void>;
}

export class Triggers {
  private readonly triggers = new Map<MessageTriggerEnumType, Trigger>();

  register(message: MessageTriggerEnumType, trigger: Trigger): void {
    if (this.triggers.has(message)) throw new Error(`${message} already has a trigger`);
    this.triggers.set(message, trigger);
  }

  handle(request: TriggerMessageRequest): TriggerMessageResponse {
    const trigger = this.triggers.get(request.requestedMessage);
    // F06.FR.08
    if (!trigger) return { status: 'NotImplemented' };
    return { status: trigger.check?.(request.evse) ?? 'Accepted' };
  }

  /** After the response went out: sends what was accepted (F06.FR.10). */
  async after(request: TriggerMessageRequest, response: TriggerMessageResponse): Promise<void> {
    if (response.status !== 'Accepted') return;
    await this.triggers.get(request.requestedMessage)?.send(request.evse);
  }
}
