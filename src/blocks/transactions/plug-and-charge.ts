// C07 Plug & Charge at the EVSE: the EV's ISO 15118 session presented its contract (HAL
// 'contract'). With ISO15118Ctrlr.PnCEnabled the station authorizes the eMAID with its contract
// certificate chain (the C block decides, against the MO roots of M) and authorizes the EVSE when
// accepted; the EV is told the outcome either way. Without PnCEnabled the contract is not used:
// the EV waits for external identification (C08, a card).
// E15: the EV ends its session (HAL 'sessionStop'): the authorization ends, StoppedByEV.

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { StationContext } from '../../kernel/context.js';
import type { Authorizer } from '../authorization/index.js';
import type { Authorization, Cause, EvseState } from './transaction-types.js';

export interface ContractEngine {
  state(evseId: number): EvseState | undefined;
  step(evseId: number, cause: Cause): void;
  grant(evseId: number, auth: Authorization): boolean;
  /** Tells the EV's session the authorization was refused. */
  refused(evseId: number): void;
  stopped(): boolean;
}

export interface ContractEvent {
  evseId: number;
  emaid: string;
  certificateChain: string;
}

export async function plugAndCharge(
  ctx: StationContext,
  engine: ContractEngine,
  authorizer: Authorizer,
  moRoots: () => readonly string[],
  event: ContractEvent,
): Promise<void> {
  const { evseId, emaid, certificateChain } = event;
  if (ctx.dm.getBool(DM.ISO15118Ctrlr.PnCEnabled) !== true) {
    ctx.log.info({ evseId }, 'Plug & Charge is not enabled: the contract is not used');
    return;
  }
  // Already authorized (a card came first): nothing to add.
  if (engine.state(evseId)?.auth) return;
  const result = await authorizer.authorizeContract({ evseId, emaid, certificateChain, moRoots: moRoots() });
  if (engine.stopped()) return;
  if (result.status !== 'Accepted') {
    engine.refused(evseId);
    return;
  }
  const idToken: IdTokenType = { idToken: emaid, type: 'eMAID' };
  const { groupIdToken } = result.info;
  engine.grant(evseId, { idToken, at: ctx.now().toISOString(), reported: false, ...(groupIdToken ? { groupIdToken } : {}) });
}

/** E15.FR.04/05: only an authorization not yet ended by StopAuthorized is ended by the EV. */
export function sessionStop(engine: Pick<ContractEngine, 'state' | 'step'>, evseId: number): void {
  if (!engine.state(evseId)?.auth) return;
  engine.step(evseId, { kind: 'stopAuthorized', byEv: true });
}
