// Reading JSON request bodies for the station's control API and the built-in CSMS's HTTP API:
// bounded before buffering, one error type with a status and a reason; nothing here trusts the client.

import type { IncomingMessage } from 'node:http';

/** Bodies are small JSON objects; anything larger is refused before it is buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A request that cannot be served: the status, a reason a person can act on, and a stable code. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly code = 'BadRequest',
  ) {
    super(message);
  }
}

export interface BodyOptions {
  maxBytes?: number;
  /** A non-empty body must be declared application/json (the control API: no cross-site form posts). */
  requireJsonType?: boolean;
}

/**
 * The body as a JSON object; an empty body is `{}`. A non-empty body must be declared
 * application/json: this also makes a cross-site form post impossible without a preflight.
 */
export async function readJsonObject(req: IncomingMessage, options: BodyOptions = {}): Promise<Record<string, unknown>> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const text = await readText(req, maxBytes);
  if (text.trim() === '') return {};
  if (options.requireJsonType === false) return parseObject(text);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(400, `content-type must be application/json, got ${type || 'none'}`);
  return parseObject(text);
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`, {}, 'BadJson');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, 'the body must be a JSON object', {}, 'BadJson');
  return value as Record<string, unknown>;
}

function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes));
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

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `the body exceeds ${maxBytes} bytes`, { connection: 'close' }, 'BodyTooLarge');
}

/** Fails on any field not in `allowed`, so a misspelled field is not silently ignored. */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const expected = allowed.length === 0 ? 'no fields' : allowed.join(', ');
    throw new HttpError(400, `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')} (expected ${expected})`);
  }
}
