// What a load test measures of our own CALLs: each one that settles (answered or timed out) is
// reported once, with the time from writing it to its settling. Calls that never went out
// (offline, queue full) and calls cut by a closed connection are not reported: they say nothing
// about how fast the peer answers.

import { LocalCallError, OcppError, type RpcErrorCode } from './errors.js';

/** 'ok': a valid CALLRESULT; a code: the peer's CALLERROR; 'invalid': a CALLRESULT that fails its schema. */
export type CallOutcome = 'ok' | 'timeout' | 'invalid' | RpcErrorCode;

export interface SettledCall {
  action: string;
  /** From writing the CALL to its answer (or its timeout), on the observer's time scale. */
  ms: number;
  outcome: CallOutcome;
}

export interface CallObserver {
  settled(call: SettledCall): void;
  /** Milliseconds on a monotonic scale (fractions welcome, e.g. performance.now); the endpoint's clock when absent. */
  now?(): number;
}

/** The outcome of a call that failed with `error`, or undefined when it says nothing of the peer. */
export function outcomeOf(error: unknown): CallOutcome | undefined {
  if (error instanceof OcppError) return error.code;
  if (!(error instanceof LocalCallError)) return undefined;
  if (error.code === 'OCPP_ERR_CALL_TIMEOUT') return 'timeout';
  if (error.code === 'OCPP_ERR_INVALID_RESPONSE') return 'invalid';
  return undefined;
}
