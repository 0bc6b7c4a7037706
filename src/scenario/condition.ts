// What a scenario waits for or expects of the station: a few facts of its snapshot (link,
// registration, one EVSE's connector status, transaction and charging state) and OCPP CALLs seen.

import type { StationSnapshot, TraceFrame } from '../control/snapshot.js';

export interface Condition {
  /** The EVSE that status/transaction/chargingState are about; 1 when not given. */
  evseId?: number;
  connected?: boolean;
  registration?: 'Accepted' | 'Pending' | 'Rejected';
  status?: string;
  /** Whether the EVSE has a transaction. */
  transaction?: boolean;
  chargingState?: string;
  /** A CALL of this action went out (to the CSMS) or came in (from it). */
  frame?: { action: string; direction?: 'in' | 'out' };
  /** waitFor only: how long to wait, s (default 60). */
  timeoutS?: number;
}

/** What does not hold, in words; empty when everything holds. */
export function unmet(condition: Condition, snapshot: StationSnapshot, frames: readonly TraceFrame[]): string[] {
  const missing: string[] = [];
  const want = (what: string, actual: unknown, expected: unknown): void => {
    if (expected !== undefined && actual !== expected)
      missing.push(`${what} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
  };
  want('connected', snapshot.connected, condition.connected);
  want('registration', snapshot.registration, condition.registration);
  const evseId = condition.evseId ?? 1;
  const evse = snapshot.evses.find((e) => e.id === evseId);
  if (!evse) {
    missing.push(`there is no EVSE ${evseId}`);
    return missing;
  }
  const status = evse.connectors.find((c) => c.status !== 'Available')?.status ?? evse.connectors[0]?.status;
  want(`EVSE ${evseId} status`, status, condition.status);
  want(`EVSE ${evseId} transaction`, evse.transaction !== null, condition.transaction);
  want(`EVSE ${evseId} chargingState`, evse.transaction?.chargingState ?? null, condition.chargingState);
  const frame = condition.frame;
  if (frame && !frames.some((f) => isCallOf(f, frame.action, frame.direction))) {
    missing.push(`no ${frame.action} CALL ${frame.direction === 'in' ? 'from' : frame.direction === 'out' ? 'to' : 'to or from'} the CSMS`);
  }
  return missing;
}

function isCallOf(frame: TraceFrame, action: string, direction: 'in' | 'out' | undefined): boolean {
  if (direction !== undefined && frame.direction !== direction) return false;
  // A CALL is [2, "<id>", "<action>", {...}]; the prefix is enough and cheaper than parsing.
  return /^\[\s*2\s*,\s*"[^"]*"\s*,\s*"([^"]+)"/.exec(frame.text)?.[1] === action;
}
