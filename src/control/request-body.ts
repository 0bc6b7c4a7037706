// Reading and checking request bodies of the control API. Every rejection is an HttpError with
// a reason a person can act on; nothing here trusts the client.

import type { IncomingMessage } from 'node:http';
import type { IdTokenEnumType } from '../generated/ocpp201/index.js';

/** Bodies are small JSON objects; anything larger is refused before it is buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The body as a JSON object; an empty body is `{}`. A non-empty body must be declared
 * application/json: this also makes a cross-site form post impossible without a preflight.
 */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  if (text.trim() === '') return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(400, `content-type must be application/json, got ${type || 'none'}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

function readText(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      // Invalid UTF-8 becomes U+FFFD and then fails JSON parsing or validation.
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!failed) reject(new HttpError(400, `body not readable: ${error.message}`));
      failed = true;
    });
  });
}

function tooLarge(): HttpError {
  return new HttpError(413, `the body exceeds ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
}

/** Fails on any field not in `allowed`, so a misspelled field is not silently ignored. */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const expected = allowed.length === 0 ? 'no fields' : allowed.join(', ');
    throw new HttpError(400, `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')} (expected ${expected})`);
  }
}

export function requiredBoolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (typeof value !== 'boolean') throw new HttpError(400, `${field} must be true or false`);
  return value;
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
