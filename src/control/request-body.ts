// Reading and checking request bodies of the control API. Every rejection is an HttpError with
// a reason a person can act on; nothing here trusts the client.

import type { IdTokenEnumType } from '../generated/ocpp201/index.js';

export { HttpError, onlyFields, readJsonObject } from '../http/json-body.js';
import { HttpError } from '../http/json-body.js';

export function requiredBoolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (typeof value !== 'boolean') throw new HttpError(400, `${field} must be true or false`);
  return value;
}

/** `where` prefixes the field's name in the reason (`ev.` for a field of a nested object). */
export function optionalBoolean(body: Record<string, unknown>, field: string, where = ''): boolean | undefined {
  const value = body[field];
  if (value !== undefined && typeof value !== 'boolean') throw new HttpError(400, `${where}${field} must be true or false`);
  return value as boolean | undefined;
}

/** A finite number within [min, max]; `above` makes the lower bound exclusive. */
export function optionalNumber(
  body: Record<string, unknown>,
  field: string,
  range: { min?: number; above?: number; max?: number },
): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new HttpError(400, `${field} must be a number`);
  const tooLow = (range.min !== undefined && value < range.min) || (range.above !== undefined && value <= range.above);
  if (tooLow || (range.max !== undefined && value > range.max))
    throw new HttpError(400, `${field} ${value} is out of range (${describeRange(range)})`);
  return value;
}

function describeRange(range: { min?: number; above?: number; max?: number }): string {
  const low = range.min !== undefined ? `${range.min} <= ` : range.above !== undefined ? `${range.above} < ` : '';
  return `${low}value${range.max !== undefined ? ` <= ${range.max}` : ''}`;
}

export function optionalPositiveInteger(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new HttpError(400, `${field} must be a positive integer`);
  return value;
}

/** A positive integer written in a path segment or query parameter. */
export function positiveIntegerText(name: string, text: string): number {
  const value = Number(text);
  if (!/^[1-9][0-9]{0,8}$/.test(text))
    throw new HttpError(400, `${name} must be a positive integer, got ${JSON.stringify(text.slice(0, 40))}`);
  return value;
}

export function requiredString(body: Record<string, unknown>, field: string, minLength: number, maxLength: number): string {
  const value = body[field];
  if (typeof value !== 'string') throw new HttpError(400, `${field} must be a string`);
  if (value.length < minLength || value.length > maxLength)
    throw new HttpError(400, `${field} must be ${minLength} to ${maxLength} characters`);
  return value;
}

/** IdTokenEnumType of OCPP 2.0.1; the check below keeps this list equal to the generated type. */
export const ID_TOKEN_TYPES = ['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization'] as const;
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const idTokenTypesComplete: Exactly<(typeof ID_TOKEN_TYPES)[number], IdTokenEnumType> = true;
void idTokenTypesComplete;

export function optionalIdTokenType(body: Record<string, unknown>, field: string): IdTokenEnumType | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(ID_TOKEN_TYPES as readonly string[]).includes(value)) {
    throw new HttpError(400, `${field} must be one of ${ID_TOKEN_TYPES.join(', ')}`);
  }
  return value as IdTokenEnumType;
}
