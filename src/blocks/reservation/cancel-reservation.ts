// H02 CancelReservation: Accepted and the reservation cancelled when it is known (H02.FR.02),
// Rejected otherwise (H02.FR.01). No ReservationStatusUpdate: the CSMS asked for it (H02 remark).
// The connectors it held are reported Available once the answer is out (H02.FR.03-06, errata).

import type { CancelReservationRequest, CancelReservationResponse } from '../../generated/ocpp201/index.js';

export function cancelReservation(
  request: CancelReservationRequest,
  reservations: { cancel(reservationId: number): boolean },
): CancelReservationResponse {
  if (reservations.cancel(request.reservationId)) return { status: 'Accepted' }; // H02.FR.02
  return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownReservation' } }; // H02.FR.01
}
