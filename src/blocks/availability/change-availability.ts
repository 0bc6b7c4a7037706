// G03/G04 ChangeAvailability: an EVSE, a connector or the whole station (no evse / evse 0)
// becomes Operative or Inoperative; Scheduled while a transaction runs on it.

import type { ChangeAvailabilityRequest, ChangeAvailabilityResponse } from '../../generated/ocpp201/index.js';
import type { Connectors } from './connectors.js';

export function changeAvailability(request: ChangeAvailabilityRequest, connectors: Connectors): ChangeAvailabilityResponse {
  return decide(request, connectors).response;
}

/**
 * Answer first, then act: the StatusNotifications of the change follow the CALLRESULT (a CSMS may
 * refuse a station CALL while its own is open). Nothing changed in between, so the decision is the
 * handler's.
 */
export function afterChangeAvailability(request: ChangeAvailabilityRequest, connectors: Connectors): void {
  const evseId = request.evse?.id || undefined;
  if (decide(request, connectors).change) connectors.setOperational(request.operationalStatus, evseId, request.evse?.connectorId);
  // G04.FR.05: a request for the whole station is followed by the status of every connector, also
  // when it changes nothing (Part 6 TC_G_13_CS step 3: "notifies the CSMS about the current state
  // of all connectors"). A request for one EVSE or connector already in that state reports nothing.
  else if (evseId === undefined) void connectors.reportAll();
}

function decide(request: ChangeAvailabilityRequest, connectors: Connectors): { response: ChangeAvailabilityResponse; change: boolean } {
  const { operationalStatus, evse } = request;
  const evseId = evse?.id || undefined;
  const connectorId = evse?.connectorId;
  if (evseId !== undefined && !connectors.has(evseId, connectorId)) {
    return { response: { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } }, change: false };
  }
  const wanted = operationalStatus === 'Operative';
  // G03.FR.03, G04.FR.04: already in the requested state.
  if (connectors.isSetOperative(evseId, connectorId) === wanted && stateOwnedHere(connectors, evseId, connectorId, wanted)) {
    return { response: { status: 'Accepted' }, change: false };
  }
  // G03.FR.05, G04.FR.06: a transaction on an affected EVSE finishes first.
  const scheduled = !wanted && connectors.hasTransaction(evseId);
  return { response: { status: scheduled ? 'Scheduled' : 'Accepted' }, change: true };
}

/**
 * isSetOperative() also reflects the levels above (a connector of an Inoperative EVSE is not
 * operative); the change is only a no-op when this level itself already has the wanted state.
 */
function stateOwnedHere(connectors: Connectors, evseId: number | undefined, connectorId: number | undefined, wanted: boolean): boolean {
  if (evseId === undefined) return true;
  if (wanted) return true;
  return connectorId === undefined ? !connectors.isSetOperative(evseId) : !connectors.isSetOperative(evseId, connectorId);
}
