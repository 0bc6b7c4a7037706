// The body of an external limit (K11–K14), as both the station's control API and the Local
// Controller's API take it: `limitW` a number of W (0 or more) or null to clear, and an optional
// `source` other than CSO (K11.FR.05). The caller checks which other fields it allows.

import { EXTERNAL_LIMIT_SOURCES, type ExternalLimitSource } from '../hal/hardware.js';
import { HttpError } from './json-body.js';

export function externalLimitOf(body: Record<string, unknown>): { limitW: number | null; source?: ExternalLimitSource } {
  const { limitW, source } = body;
  if (limitW !== null && (typeof limitW !== 'number' || !Number.isFinite(limitW)))
    throw new HttpError(400, 'limitW must be a number of W, or null to clear the limit');
  if (limitW !== null && limitW < 0) throw new HttpError(400, `limitW ${limitW} is out of range (0 <= value)`);
  if (source !== undefined && !(EXTERNAL_LIMIT_SOURCES as readonly unknown[]).includes(source))
    throw new HttpError(400, `source must be one of ${EXTERNAL_LIMIT_SOURCES.join(', ')}`);
  return source === undefined ? { limitW } : { limitW, source: source as ExternalLimitSource };
}
