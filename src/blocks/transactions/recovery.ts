// E, B01 ("resumes a transaction"): after a reboot the state stored for each EVSE meets the
// hardware as it is now. An authorization without a transaction does not survive the reboot; a
// transaction resumes when it still holds on the present inputs, and ends with PowerLoss if not.

import type { Env, TxConfig } from './transaction-facts.js';
import { transition } from './transaction-state.js';
import type { Cause, EvseState } from './transaction-types.js';

/** Resets or re-runs each EVSE in `evseIds` order; `states` by EVSE id; `step` is the engine's input. */
export function recover(
  evseIds: readonly number[],
  states: EvseState[],
  stillHolds: (evseId: number, state: EvseState) => boolean,
  step: (evseId: number, cause: Cause) => void,
): void {
  for (const evseId of evseIds) {
    const state = states[evseId]!;
    if (!state.tx) {
      // Already so (an EVSE never used shares one idle state): nothing to make.
      if (state.auth !== null || state.suspended) states[evseId] = { ...state, auth: null, suspended: false };
      continue;
    }
    step(evseId, stillHolds(evseId, state) ? { kind: 'state' } : { kind: 'powerLoss' });
  }
}

/** A dry run of the transition on the present inputs: does the stored transaction go on? */
export function transactionHolds(state: EvseState, env: Env, config: TxConfig, now: string): boolean {
  return transition(state, env, { kind: 'state' }, config, '', now).state.tx != null;
}
