// OCPP-J frames (Part 4 §4): text <-> typed message. Pure: no sockets, no clock.
//
//   CALL        [2, messageId, action, payload]
//   CALLRESULT  [3, messageId, payload]
//   CALLERROR   [4, messageId, errorCode, errorDescription, errorDetails]

import { OcppError, readErrorCode, type RpcErrorCode } from './errors.js';

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** messageId is string[36] (Part 4 Table 4). */
export const MAX_MESSAGE_ID_LENGTH = 36;
/** The id a CALLERROR carries when the offending frame's id cannot be read (Part 4 §4.2.3). */
export const UNREADABLE_ID = '-1';

export type Payload = Record<string, unknown>;

export interface Call {
  type: typeof CALL;
  messageId: string;
  action: string;
  payload: Payload;
}
export interface CallResult {
  type: typeof CALLRESULT;
  messageId: string;
  payload: Payload;
}
export interface CallError {
  type: typeof CALLERROR;
  messageId: string;
  error: OcppError;
}
/** A frame that cannot be accepted, with the CALLERROR to answer (if any). */
export interface BadFrame {
  type: 'bad';
  /** The id to answer to; UNREADABLE_ID when it cannot be read. */
  messageId: string;
  error: OcppError;
  /** False for a broken CALLRESULT/CALLERROR: those are never answered. */
  answer: boolean;
}

export type Frame = Call | CallResult | CallError | BadFrame;

const isObject = (v: unknown): v is Payload => typeof v === 'object' && v !== null && !Array.isArray(v);

const bad = (messageId: string, code: RpcErrorCode, description: string, answer = true): BadFrame => ({
  type: 'bad',
  messageId,
  error: new OcppError(code, description),
  answer,
});

export function parseFrame(text: string): Frame {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return bad(UNREADABLE_ID, 'RpcFrameworkError', 'Message is not valid JSON');
  }
  if (!Array.isArray(message)) return bad(UNREADABLE_ID, 'RpcFrameworkError', 'Message is not a JSON array');

  const [type, messageId] = message as unknown[];
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > MAX_MESSAGE_ID_LENGTH) {
    // A broken CALLRESULT/CALLERROR is never answered, not even with id "-1".
    const answer = type !== CALLRESULT && type !== CALLERROR;
    return bad(UNREADABLE_ID, 'RpcFrameworkError', 'MessageId is not a string of 1 to 36 characters', answer);
  }
  switch (type) {
    case CALL:
      return parseCall(message, messageId);
    case CALLRESULT:
      if (message.length !== 3 || !isObject(message[2])) {
        return bad(messageId, 'FormatViolation', 'CALLRESULT must be [3, messageId, {payload}]', false);
      }
      return { type: CALLRESULT, messageId, payload: message[2] };
    case CALLERROR: {
      const [, , code, description, details] = message as unknown[];
      if (message.length !== 5 || typeof code !== 'string' || typeof description !== 'string' || !isObject(details)) {
        return bad(messageId, 'FormatViolation', 'CALLERROR must be [4, messageId, code, description, {details}]', false);
      }
      return { type: CALLERROR, messageId, error: new OcppError(readErrorCode(code), description, details) };
    }
    default:
      // Part 4 §4.4: an unknown message type number is answered, its payload ignored.
      return bad(messageId, 'MessageTypeNotSupported', `Message type ${describeType(type)} is not supported`);
  }
}

/** Names a message type for a description; never serializes it (a deeply nested value would overflow the stack). */
const describeType = (type: unknown): string =>
  typeof type === 'number' ? String(type) : typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type;

function parseCall(message: unknown[], messageId: string): Call | BadFrame {
  const [, , action, payload] = message;
  if (message.length !== 4 || typeof action !== 'string') {
    return bad(messageId, 'ProtocolError', 'CALL must be [2, messageId, action, {payload}]');
  }
  if (!isObject(payload)) return bad(messageId, 'FormatViolation', 'CALL payload must be a JSON object');
  return { type: CALL, messageId, action, payload };
}

export const serializeCall = (messageId: string, action: string, payload: unknown): string =>
  JSON.stringify([CALL, messageId, action, payload]);

export const serializeCallResult = (messageId: string, payload: unknown): string => JSON.stringify([CALLRESULT, messageId, payload]);

export const serializeCallError = (messageId: string, error: OcppError): string => JSON.stringify(error.toCallError(messageId));
