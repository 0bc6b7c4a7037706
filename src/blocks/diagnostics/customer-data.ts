// N09/N10: what the station holds about a customer, gathered from the blocks that hold it. A
// block that keeps data tied to an idToken adds a source; CustomerInformation asks every source
// for a report and, on a clear, has every source erase what it may.

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { tokensEqual } from '../authorization/index.js';

export interface CustomerDataSource {
  /** What this source holds about the token, one line each (none: []); never the token itself. */
  describe(idToken: IdTokenType): string[];
  /**
   * N10.FR.03/06: erases what it holds about the token. Absent: it keeps it (the Local
   * Authorization List, N10.FR.02; an ongoing transaction), and its lines say so.
   */
  clear?(idToken: IdTokenType): void;
}

/** What other blocks are given: a way to add their source. */
export interface CustomerDataSources {
  add(source: CustomerDataSource): void;
}

/** Whether a message payload names the token anywhere (TransactionEventRequest.idToken, say). */
export function namesToken(value: unknown, idToken: IdTokenType): boolean {
  if (Array.isArray(value)) return value.some((v) => namesToken(v, idToken));
  if (value === null || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (typeof o.idToken === 'string' && typeof o.type === 'string' && tokensEqual(o as unknown as IdTokenType, idToken)) return true;
  return Object.values(o).some((v) => namesToken(v, idToken));
}
