// H. Reservation (H01-H04): ReserveNow, CancelReservation, expiry, and the API the transactions
// block asks before it lets a token charge on an EVSE (match) and when a reservation is used (consume).

export { Reservations, type ReservationsDeps } from './reservations.js';
export { reserveNow } from './reserve-now.js';
export { cancelReservation } from './cancel-reservation.js';
export type { Reservation } from './reservation-store.js';
export type { ReservationMatch } from './evse-assignment.js';
export { reservationBlock } from './block.js';
