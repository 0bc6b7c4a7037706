// H01 ReserveNow: decides the answer from the EVSEs' states and the reservations already held;
// the block stores an accepted reservation and, once the answer is out, reports the connectors
// that became Reserved.
//
//   ReservationCtrlr.Enabled false                          -> Rejected     (H01.FR.01)
//   no evseId and ReservationCtrlr.NonEvseSpecific not true -> Rejected     (H01.FR.19)
//   unknown EVSE, no EVSE with the connector type, expired  -> Rejected
//   a targeted EVSE is Available and keeps the others satisfiable
//                                                           -> Accepted     (H01.FR.03/04/06/23)
//   otherwise, all targeted EVSEs Faulted                   -> Faulted      (H01.FR.12)
//              all targeted Faulted or Unavailable          -> Unavailable  (H01.FR.14)
//              some Reserved or Occupied                    -> Occupied     (H01.FR.11)

import { exactId, inexactIdInfo } from '../../kernel/ids.js';
import type { ReserveNowRequest, ReserveNowResponse } from '../../generated/ocpp201/index.js';
import { fits, freeEvses, needed, satisfiable, type EvseFacts } from './evse-assignment.js';
import type { Reservation } from './reservation-store.js';

export interface ReserveNowView {
  enabled: boolean;
  nonEvseSpecific: boolean;
  /** Station time, epoch ms. */
  now: number;
  /** The reservations held now, without the one this request replaces (H01.FR.02). */
  reservations: readonly Reservation[];
  evses: readonly EvseFacts[];
}

export function decideReserveNow(request: ReserveNowRequest, view: ReserveNowView): ReserveNowResponse {
  const { evseId } = request;
  if (!view.enabled) return { status: 'Rejected', statusInfo: { reasonCode: 'Disabled' } }; // H01.FR.01
  if (!exactId(request.id)) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: inexactIdInfo('id') } };
  const expiry = Date.parse(request.expiryDateTime);
  if (!Number.isFinite(expiry) || expiry <= view.now)
    return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'expiryDateTime has passed' } };
  const wanted: Reservation = toReservation(request);
  const free = freeEvses(view.reservations, view.evses);
  if (evseId !== undefined) {
    const evse = view.evses.find((e) => e.id === evseId);
    if (!evse) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } };
    if (!fits(wanted, evse)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownConnectorType' } };
    const reservedById = view.reservations.some((r) => r.evseId === evseId);
    // H01.FR.23; an EVSE an unspecified reservation needs is reported Reserved (H01.FR.20): Occupied.
    if (evse.state === 'Available' && !reservedById && !needed(evseId, view.reservations, view.evses)) return { status: 'Accepted' };
    return { status: refusal([reservedById ? 'Occupied' : evse.state]) };
  }
  if (!view.nonEvseSpecific) return { status: 'Rejected', statusInfo: { reasonCode: 'NoEvseSpecified' } }; // H01.FR.18/19
  const targets = view.evses.filter((e) => fits(wanted, e));
  if (targets.length === 0) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownConnectorType' } };
  const open = [...view.reservations.filter((r) => r.evseId === undefined), wanted];
  if (satisfiable(open, free)) return { status: 'Accepted' }; // H01.FR.04/06
  const specific = new Set(view.reservations.map((r) => r.evseId));
  return { status: refusal(targets.map((e) => (specific.has(e.id) ? 'Occupied' : e.state))) };
}

/** H01.FR.11/12/14: why none of the targeted EVSEs can be reserved. */
function refusal(states: readonly string[]): ReserveNowResponse['status'] {
  if (states.every((s) => s === 'Faulted')) return 'Faulted';
  if (states.every((s) => s === 'Faulted' || s === 'Unavailable')) return 'Unavailable';
  return 'Occupied';
}

export function toReservation(request: ReserveNowRequest): Reservation {
  return {
    id: request.id,
    expiryDateTime: request.expiryDateTime,
    idToken: request.idToken,
    ...(request.groupIdToken ? { groupIdToken: request.groupIdToken } : {}),
    ...(request.evseId !== undefined ? { evseId: request.evseId } : {}),
    ...(request.connectorType !== undefined ? { connectorType: request.connectorType } : {}),
  };
}

/** The ReserveNow handler: the block decides and stores; the after-hook reports (H01.FR.23). */
export function reserveNow(
  request: ReserveNowRequest,
  reservations: { reserve(request: ReserveNowRequest): ReserveNowResponse },
): ReserveNowResponse {
  return reservations.reserve(request);
}
