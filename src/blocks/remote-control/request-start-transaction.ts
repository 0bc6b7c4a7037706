// F01/F02 RequestStartTransaction: answer first (Accepted/Rejected), then, in the after-hook,
// authorize the token (AuthCtrlr.AuthorizeRemoteStart, F01.FR.01/F02.FR.09) or take it as it is
// (F01.FR.02/F02.FR.10). The transaction itself follows the TxStartPoint rules like any other,
// with triggerReason RemoteStart and the remoteStartId in the next event (F01.FR.19/25, F02.FR.01/21).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { RequestStartTransactionRequest, RequestStartTransactionResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { Authorizer } from '../authorization/index.js';
import type { Connectors } from '../availability/index.js';
import type { Reservations } from '../reservation/index.js';
import type { Transactions } from '../transactions/index.js';

export interface RemoteStartDeps {
  ctx: StationContext;
  connectors: Connectors;
  transactions: Pick<Transactions, 'view' | 'isAuthorized' | 'authorize'>;
  authorizer: Authorizer;
  /** H03: an EVSE reserved for another token is not started on. */
  reservations: Pick<Reservations, 'match'>;
}

export function requestStartTransaction(request: RequestStartTransactionRequest, deps: RemoteStartDeps): RequestStartTransactionResponse {
  // F01.FR.12/F02.FR.20, K05: the chargingProfile is checked and taken as the transaction's
  // TxProfile by the smart-charging block (its route wrapper and after-hook in station/routes.ts).
  // B02.FR.05: while Pending, no remote start (the CSMS must accept the station first).
  if (deps.ctx.registration() === 'Pending') return { status: 'Rejected', statusInfo: { reasonCode: 'NotAccepted' } };
  const evseId = targetEvse(request, deps);
  if (evseId === undefined)
    return { status: 'Rejected', statusInfo: { reasonCode: request.evseId === undefined ? 'NoEvseAvailable' : 'UnknownEvse' } };
  if (!usable(evseId, deps)) return { status: 'Rejected', statusInfo: { reasonCode: 'Unavailable' } }; // F01.FR.23/F02.FR.25
  if (deps.transactions.isAuthorized(evseId)) return { status: 'Rejected', statusInfo: { reasonCode: 'TxInProgress' } }; // F01.FR.24/F02.FR.26
  // F01.FR.21/22, F02.FR.23/24: Reserved for another idToken and another (or no) groupIdToken.
  if (reservedForOther(evseId, request, deps)) return { status: 'Rejected', statusInfo: { reasonCode: 'Reserved' } };
  const ongoing = deps.transactions.view(evseId);
  // F01.FR.13: a transaction not yet authorized gives its id.
  return { status: 'Accepted', ...(ongoing ? { transactionId: ongoing.transactionId } : {}) };
}

export async function afterRequestStartTransaction(
  request: RequestStartTransactionRequest,
  response: RequestStartTransactionResponse,
  deps: RemoteStartDeps,
): Promise<void> {
  if (response.status !== 'Accepted') return;
  const evseId = targetEvse(request, deps);
  if (evseId === undefined) return;
  const { idToken, groupIdToken, remoteStartId } = request;
  const check = deps.ctx.dm.getBool(DM.AuthCtrlr.AuthorizeRemoteStart) ?? true;
  if (!check) {
    deps.transactions.authorize(evseId, idToken, groupIdToken ? { groupIdToken } : {}, remoteStartId);
    return;
  }
  const result = await deps.authorizer.authorize({ idToken, evseId });
  if (result.status !== 'Accepted') {
    deps.ctx.log.info({ evseId, status: result.status }, 'remote start token not authorized');
    return;
  }
  const group = result.info.groupIdToken ?? groupIdToken;
  deps.transactions.authorize(evseId, idToken, group ? { groupIdToken: group } : {}, remoteStartId);
}

/** F01.FR.20/F02.FR.22: without evseId, an EVSE with a cable and no authorization, else a free one. */
function targetEvse(request: RequestStartTransactionRequest, deps: RemoteStartDeps): number | undefined {
  const { ctx, connectors, transactions } = deps;
  if (request.evseId !== undefined) return connectors.has(request.evseId) ? request.evseId : undefined;
  const candidates = ctx.description.evses
    .map((e) => e.id)
    .filter((id) => usable(id, deps) && !transactions.isAuthorized(id) && !reservedForOther(id, request, deps));
  const plugged = candidates.find((id) =>
    ctx.description.evses.find((e) => e.id === id)!.connectors.some((c) => ctx.hal.cable(id, c.id) === 'plugged'),
  );
  return plugged ?? candidates.find((id) => transactions.view(id) === null);
}

function reservedForOther(
  evseId: number,
  { idToken, groupIdToken }: RequestStartTransactionRequest,
  { reservations }: RemoteStartDeps,
): boolean {
  return reservations.match(evseId, idToken, groupIdToken) === 'blocks';
}

function usable(evseId: number, { ctx, connectors }: RemoteStartDeps): boolean {
  return connectors.isOperative(evseId) && ctx.hal.faults(evseId) === null;
}
