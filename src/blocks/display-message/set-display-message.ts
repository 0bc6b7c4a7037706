// O01 Set DisplayMessage, O02 for a transaction, O06 Replace: whether a MessageInfo can be
// stored, and which stored messages it replaces. Pure: the DisplayMessages block supplies what
// the station supports and knows.

import { exactId, inexactIdInfo } from '../../kernel/ids.js';
import type {
  ComponentType,
  DisplayMessageStatusEnumType,
  MessageInfoType,
  MessageStateEnumType,
  SetDisplayMessageRequest,
  SetDisplayMessageResponse,
  StatusInfoType,
} from '../../generated/ocpp201/index.js';

export interface SetRules {
  /** DisplayMessageCtrlr.Enabled and Available. */
  enabled: boolean;
  /** DisplayMessageCtrlr.SupportedPriorities, SupportedFormats; the states the station can tell. */
  priorities: readonly string[];
  formats: readonly string[];
  states: readonly MessageStateEnumType[];
  /** NumberOfDisplayMessages maxLimit (DisplayMessageCtrlr.DisplayMessages). */
  maxMessages: number;
  /** The messages configured now. */
  stored: readonly MessageInfoType[];
  /** Whether a transaction with this id is ongoing. */
  transactionOngoing(transactionId: string): boolean;
}

export interface SetDecision {
  status: DisplayMessageStatusEnumType;
  statusInfo?: StatusInfoType;
  /** Stored messages the new one replaces besides one with its own id (O01.FR.16, O02.FR.18). */
  replacing: number[];
}

const refuse = (status: DisplayMessageStatusEnumType, reasonCode: string, additionalInfo: string): SetDecision => ({
  status,
  statusInfo: { reasonCode, additionalInfo },
  replacing: [],
});

export function decideSet(info: MessageInfoType, rules: SetRules): SetDecision {
  if (!rules.enabled) return refuse('Rejected', 'Disabled', 'DisplayMessageCtrlr is not enabled');
  if (!exactId(info.id)) return refuse('Rejected', 'InvalidValue', inexactIdInfo('message.id'));
  // O01.FR.01, O02.FR.03
  if (!rules.priorities.includes(info.priority)) return refuse('NotSupportedPriority', 'UnsupportedParam', `priority ${info.priority}`);
  // O01.FR.02, O02.FR.04
  if (info.state !== undefined && !rules.states.includes(info.state))
    return refuse('NotSupportedState', 'UnsupportedParam', `state ${info.state}`);
  // O01.FR.03, O02.FR.05
  if (!rules.formats.includes(info.message.format))
    return refuse('NotSupportedMessageFormat', 'UnsupportedParam', `format ${info.message.format}`);
  // O02.FR.01: the transaction must be known and ongoing.
  if (info.transactionId !== undefined && !rules.transactionOngoing(info.transactionId)) {
    return refuse('UnknownTransaction', 'TxNotFound', `no ongoing transaction ${info.transactionId}`);
  }
  // O01.FR.16, O02.FR.18: a new AlwaysFront message replaces the one already set (on the same display).
  const replacing =
    info.priority === 'AlwaysFront'
      ? rules.stored
          .filter((m) => m.id !== info.id && m.priority === 'AlwaysFront' && sameDisplay(m.display, info.display))
          .map((m) => m.id)
      : [];
  // O01.FR.11, O02.FR.11: the total after this request may not exceed maxLimit (O06.FR.01: a replaced id does not count twice).
  const after = rules.stored.filter((m) => m.id !== info.id && !replacing.includes(m.id)).length + 1;
  if (after > rules.maxMessages) return refuse('Rejected', 'OutOfStorage', `at most ${rules.maxMessages} display messages`);
  return { status: 'Accepted', replacing };
}

export function sameDisplay(a: ComponentType | undefined, b: ComponentType | undefined): boolean {
  const key = (c: ComponentType | undefined): string =>
    c ? [c.name.toLowerCase(), (c.instance ?? '').toLowerCase(), c.evse?.id ?? '', c.evse?.connectorId ?? ''].join('|') : '';
  return key(a) === key(b);
}

export function setDisplayMessage(
  request: SetDisplayMessageRequest,
  messages: { set(message: MessageInfoType): SetDisplayMessageResponse },
): SetDisplayMessageResponse {
  return messages.set(request.message);
}
