// H. Reservation as a block: ReserveNow (H01), CancelReservation (H02), expiry (H04).

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { Connectors } from '../availability/index.js';
import type { CustomerDataSource, CustomerDataSources } from '../diagnostics/index.js';
import { cancelReservation } from './cancel-reservation.js';
import { Reservations } from './reservations.js';
import { reserveNow } from './reserve-now.js';

export interface ReservationNeeds {
  availability: Connectors;
  diagnostics: { customerData: CustomerDataSources };
}

/**
 * The block is its own API, so that a station keeps no block object beside it; its routes are
 * built when the station's shared route table reads them, so that a station keeps none either.
 */
class ReservationBlock extends Reservations {
  constructor(ctx: StationContext, { availability, diagnostics }: ReservationNeeds) {
    super(ctx, { db: ctx.db, connectors: availability });
    diagnostics.customerData.add(new TokenReservations(this));
  }

  get api(): Reservations {
    return this;
  }

  get routes() {
    // H01.FR.23, H02.FR.04: StatusNotification Reserved/Available once the answer is out.
    return {
      ReserveNow: { handle: (request) => reserveNow(request, this), after: () => this.after() },
      CancelReservation: { handle: (request) => cancelReservation(request, this), after: () => this.after() },
    } satisfies Routes;
  }
}

/** N09/N10: a reservation names its token; a clear removes it. */
class TokenReservations implements CustomerDataSource {
  constructor(private readonly reservations: Reservations) {}

  describe(idToken: IdTokenType): string[] {
    return this.reservations
      .reservedFor(idToken)
      .map((r) => `Reservation ${r.id}${r.evseId !== undefined ? ` on EVSE ${r.evseId}` : ''} until ${r.expiryDateTime}`);
  }

  clear(idToken: IdTokenType): void {
    this.reservations.removeFor(idToken);
  }
}

export const reservationBlock = defineBlock({
  name: 'reservation',
  needs: ['availability', 'diagnostics'],
  create(ctx, needs: ReservationNeeds) {
    return new ReservationBlock(ctx, needs);
  },
});
