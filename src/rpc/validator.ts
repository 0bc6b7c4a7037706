// Schema validation of every payload, in both directions, against the official OCPP 2.0.1
// JSON schemas shipped unmodified in schemas/ocpp-2.0.1. One ajv instance per process;
// each schema is compiled the first time its action is seen and then reused.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isAction, type Action } from '../generated/ocpp201/index.js';
import { KEYWORD_TO_CODE, OcppError } from './errors.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const draft06 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object;

export const SCHEMA_DIR = new URL('../../../schemas/ocpp-2.0.1/', import.meta.url);

export type PayloadKind = 'Request' | 'Response';

// ajv's strict mode guards schemas one writes oneself; the official ones are used as published,
// with their own annotations (javaType, comment) and draft-04 habits (additionalItems beside a
// single `items` schema), which strict mode would refuse.
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
ajv.addMetaSchema(draft06);
addFormats(ajv, ['date-time', 'uri']);

// One map per kind, so the hot path looks up the action without building a string.
const compiled: Record<PayloadKind, Map<string, ValidateFunction>> = { Request: new Map(), Response: new Map() };

function validatorFor(action: Action, kind: PayloadKind): ValidateFunction {
  let validate = compiled[kind].get(action);
  if (!validate) {
    const schema: unknown = JSON.parse(readFileSync(new URL(`${action}${kind}.json`, SCHEMA_DIR), 'utf8'));
    validate = ajv.compile(schema as object);
    compiled[kind].set(action, validate);
  }
  return validate;
}

/** Compiles every validator now, e.g. before a benchmark or a fleet start. */
export function precompileAll(actions: readonly Action[]): void {
  for (const action of actions) {
    validatorFor(action, 'Request');
    validatorFor(action, 'Response');
  }
}

/**
 * Checks a payload; returns the Part 4 error to answer with, or undefined when it is valid.
 * An action that is not an OCPP 2.0.1 action is NotImplemented (Part 4 §4.3).
 */
export function validatePayload(action: string, kind: PayloadKind, payload: unknown): OcppError | undefined {
  if (!isAction(action)) return new OcppError('NotImplemented', `Unknown action ${action}`);
  const validate = validatorFor(action, kind);
  if (validate(payload)) return undefined;
  return toOcppError(validate.errors?.[0]);
}

function toOcppError(error: ErrorObject | undefined): OcppError {
  if (!error) return new OcppError('FormatViolation', 'Payload is invalid');
  const code = KEYWORD_TO_CODE[error.keyword] ?? 'FormatViolation';
  const where = error.instancePath || '/';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return new OcppError(code, `${where} ${error.message ?? 'is invalid'}${extra}`, {
    keyword: error.keyword,
    path: where,
  });
}
