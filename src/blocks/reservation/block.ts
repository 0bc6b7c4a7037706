// H. Reservation as a block: ReserveNow (H01), CancelReservation (H02), expiry (H04).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { CustomerDataSources } from '../diagnostics/index.js';
import { cancelReservation } from './cancel-reservation.js';
import { Reservations } from './reservations.js';
import { reserveNow } from './reserve-now.js';

export const reservationBlock = defineBlock({
  name: 'reservation',
  needs: ['availability', 'diagnostics'],
  create(ctx, { availability, diagnostics }: { availability: Connectors; diagnostics: { customerData: CustomerDataSources } }) {
    const reservations = new Reservations(ctx, { db: ctx.db, connectors: availability });
    // N09/N10: a reservation names its token; a clear removes it.
    diagnostics.customerData.add({
      describe: (idToken) =>
        reservations
          .reservedFor(idToken)
          .map((r) => `Reservation ${r.id}${r.evseId !== undefined ? ` on EVSE ${r.evseId}` : ''} until ${r.expiryDateTime}`),
      clear: (idToken) => reservations.removeFor(idToken),
    });
    // H01.FR.23, H02.FR.04: StatusNotification Reserved/Available once the answer is out.
    const after = () => reservations.after();
    return {
      api: reservations,
      routes: {
        ReserveNow: { handle: (request) => reserveNow(request, reservations), after },
        CancelReservation: { handle: (request) => cancelReservation(request, reservations), after },
      } satisfies Routes,
      stop: () => reservations.stop(),
    };
  },
});
