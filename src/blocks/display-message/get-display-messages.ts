// O03 Get all DisplayMessages, O04 Get specific DisplayMessages: Accepted when configured
// messages match the request (O03.FR.01, O04.FR.01), else Unknown (O03.FR.06, O04.FR.02/07);
// after an Accepted answer the matches go to the CSMS in NotifyDisplayMessages parts
// (O03.FR.02/03, O04.FR.03/04), tbc on every part but the last (O03.FR.04, O04.FR.05), each with
// the request's requestId (O03.FR.05, O04.FR.06). The CSMS asked, so they may go while Pending.

import type {
  GetDisplayMessagesRequest,
  GetDisplayMessagesResponse,
  MessageInfoType,
  NotifyDisplayMessagesRequest,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { type PartLimits, sendInParts, splitIntoParts } from '../../kernel/report-parts.js';

export type NotifyLimits = PartLimits;

export const DEFAULT_NOTIFY_LIMITS: NotifyLimits = { maxItems: 4, maxBytes: 65_000 };

/** The messages matching every field given (O04); all of them without any (O03). */
export function matches(message: MessageInfoType, request: GetDisplayMessagesRequest): boolean {
  if (request.id !== undefined && !request.id.includes(message.id)) return false;
  if (request.priority !== undefined && message.priority !== request.priority) return false;
  if (request.state !== undefined && message.state !== request.state) return false;
  return true;
}

/** The NotifyDisplayMessagesRequests that carry `messages`, in order. */
export function notifyParts(
  requestId: number,
  messages: readonly MessageInfoType[],
  limits: NotifyLimits = DEFAULT_NOTIFY_LIMITS,
): NotifyDisplayMessagesRequest[] {
  const parts = splitIntoParts('NotifyDisplayMessages', messages, { requestId, tbc: false, messageInfo: [] }, limits);
  return parts.map((part, i) => ({
    requestId,
    ...(part.length > 0 ? { messageInfo: part as [MessageInfoType, ...MessageInfoType[]] } : {}),
    ...(i < parts.length - 1 ? { tbc: true } : {}),
  }));
}

/** What the handlers ask of the message store. */
export interface MessageQuery {
  find(request: GetDisplayMessagesRequest): MessageInfoType[];
  notify(requestId: number, found: readonly MessageInfoType[]): Promise<void>;
}

export function getDisplayMessages(request: GetDisplayMessagesRequest, messages: Pick<MessageQuery, 'find'>): GetDisplayMessagesResponse {
  return { status: messages.find(request).length > 0 ? 'Accepted' : 'Unknown' };
}

export async function afterGetDisplayMessages(
  request: GetDisplayMessagesRequest,
  response: GetDisplayMessagesResponse,
  messages: MessageQuery,
): Promise<void> {
  if (response.status !== 'Accepted') return;
  await messages.notify(request.requestId, messages.find(request));
}

export async function sendNotifyParts(ctx: StationContext, parts: readonly NotifyDisplayMessagesRequest[]): Promise<void> {
  await sendInParts(ctx, 'NotifyDisplayMessages', parts);
}
