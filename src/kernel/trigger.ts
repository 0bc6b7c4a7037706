// A message a block sends when the CSMS asks for it with TriggerMessage (F06).

import type { EVSEType, MessageTriggerEnumType, TriggerMessageStatusEnumType } from '../generated/ocpp201/index.js';

export interface Trigger {
  /** Whether it will be sent (F06.FR.05); Accepted when omitted. */
  check?(evse: EVSEType | undefined): TriggerMessageStatusEnumType;
  send(evse: EVSEType | undefined): void | Promise<void>;
}
export type Triggers = { readonly [T in MessageTriggerEnumType]?: Trigger };
