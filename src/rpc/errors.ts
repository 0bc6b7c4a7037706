// One error vocabulary for OCPP-J. The codes are exactly those of OCPP 2.0.1 Part 4 §4.3
// (Table 8); nothing else may appear in a CALLERROR we send.

export const RPC_ERROR_CODES = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;

export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

const codeSet: ReadonlySet<string> = new Set(RPC_ERROR_CODES);

/**
 * Reads an error code received from a peer. OCPP 1.6 spelled one code
 * `OccurenceConstraintViolation`, and some 2.0.1 stacks still send it; anything
 * unknown becomes GenericError so callers only ever see the Part 4 vocabulary.
 */
export function readErrorCode(code: unknown): RpcErrorCode {
  if (code === 'OccurenceConstraintViolation') return 'OccurrenceConstraintViolation';
  return typeof code === 'string' && codeSet.has(code) ? (code as RpcErrorCode) : 'GenericError';
}

/** ErrorDescription is string[255] (Part 4 Table 7). */
const MAX_DESCRIPTION = 255;

/** A protocol error: thrown by handlers to answer with a CALLERROR, or received from the peer. */
export class OcppError extends Error {
  override readonly name = 'OcppError';
  constructor(
    readonly code: RpcErrorCode,
    readonly description: string = '',
    readonly details: Record<string, unknown> = {},
  ) {
    super(description ? `${code}: ${description}` : code);
  }

  /** The CALLERROR frame answering `messageId`. */
  toCallError(messageId: string): [4, string, RpcErrorCode, string, Record<string, unknown>] {
    return [4, messageId, this.code, this.description.slice(0, MAX_DESCRIPTION), this.details];
  }
}

/**
 * Failures of our own side that are not protocol errors: a call that timed out, was
 * made while offline, or was abandoned when the connection closed.
 */
export type LocalErrorCode =
  | 'OCPP_ERR_CALL_TIMEOUT'
  | 'OCPP_ERR_OFFLINE'
  | 'OCPP_ERR_CLOSED'
  | 'OCPP_ERR_ABORTED'
  | 'OCPP_ERR_QUEUE_FULL'
  | 'OCPP_ERR_NOT_ACCEPTED'
  | 'OCPP_ERR_INVALID_RESPONSE';

export class LocalCallError extends Error {
  override readonly name = 'LocalCallError';
  constructor(
    readonly code: LocalErrorCode,
    message: string,
    readonly violation?: OcppError,
  ) {
    super(message);
  }
}

/**
 * ajv keyword -> Part 4 code. A missing or extra field breaks an occurrence constraint,
 * a wrong JSON type a type constraint, and a value out of its allowed set or range a
 * property constraint.
 */
export const KEYWORD_TO_CODE: Readonly<Record<string, RpcErrorCode>> = {
  required: 'OccurrenceConstraintViolation',
  additionalProperties: 'OccurrenceConstraintViolation',
  minItems: 'OccurrenceConstraintViolation',
  maxItems: 'OccurrenceConstraintViolation',
  additionalItems: 'OccurrenceConstraintViolation',
  minProperties: 'OccurrenceConstraintViolation',
  maxProperties: 'OccurrenceConstraintViolation',
  type: 'TypeConstraintViolation',
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  maxLength: 'PropertyConstraintViolation',
  minLength: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  format: 'PropertyConstraintViolation',
  uniqueItems: 'PropertyConstraintViolation',
};
