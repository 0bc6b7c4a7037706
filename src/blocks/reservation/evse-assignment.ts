// H01/H03: which EVSEs reservations hold. A reservation for a specific EVSE holds that EVSE
// (H01.FR.23). Reservations for an unspecified EVSE (possibly of a connector type) each need one
// free EVSE of their type at any time (H01.FR.07/09): they are satisfiable when each can be given
// its own free EVSE (a bipartite matching), and a free EVSE is held (reported Reserved) exactly
// when the others could no longer satisfy them without it (H01.FR.20/24: as many reservations as
// available EVSEs, of that type).

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { sameGroup, tokensEqual } from '../authorization/index.js';
import type { Reservation } from './reservation-store.js';

/** An EVSE's state for reservations, reservations aside (connector statuses summarised). */
export type EvseState = 'Available' | 'Occupied' | 'Faulted' | 'Unavailable';

export interface EvseFacts {
  id: number;
  connectorTypes: readonly string[];
  state: EvseState;
}

/** What `match` answers: the reservation the token may use, `blocks`, or undefined (no reservation concerned). */
export type ReservationMatch = number | 'blocks' | undefined;

export function fits(r: Pick<Reservation, 'connectorType'>, evse: EvseFacts): boolean {
  return r.connectorType === undefined || evse.connectorTypes.includes(r.connectorType);
}

const unspecified = (reservations: readonly Reservation[]): Reservation[] => reservations.filter((r) => r.evseId === undefined);

/** EVSEs that are Available and not reserved by id. */
export function freeEvses(reservations: readonly Reservation[], evses: readonly EvseFacts[]): EvseFacts[] {
  const specific = new Set(reservations.map((r) => r.evseId));
  return evses.filter((e) => e.state === 'Available' && !specific.has(e.id));
}

/** H01.FR.07/09: every reservation can be given its own free EVSE that fits it (Kuhn's augmenting paths). */
export function satisfiable(open: readonly Reservation[], free: readonly EvseFacts[]): boolean {
  const owner = new Map<number, number>();
  const assign = (i: number, seen: Set<number>): boolean => {
    for (const evse of free) {
      if (seen.has(evse.id) || !fits(open[i]!, evse)) continue;
      seen.add(evse.id);
      const previous = owner.get(evse.id);
      if (previous === undefined || assign(previous, seen)) {
        owner.set(evse.id, i);
        return true;
      }
    }
    return false;
  };
  return open.every((_, i) => assign(i, new Set()));
}

/** H01.FR.20/23/24: the EVSEs whose connectors are reported Reserved. */
export function heldEvses(reservations: readonly Reservation[], evses: readonly EvseFacts[]): Set<number> {
  const held = new Set<number>();
  for (const r of reservations) if (r.evseId !== undefined) held.add(r.evseId);
  const open = unspecified(reservations);
  if (open.length === 0) return held;
  const free = freeEvses(reservations, evses);
  for (const evse of free)
    if (
      !satisfiable(
        open,
        free.filter((e) => e !== evse),
      )
    )
      held.add(evse.id);
  return held;
}

/** Taking this EVSE for anything else leaves some unspecified-EVSE reservation without one. */
export function needed(evseId: number, reservations: readonly Reservation[], evses: readonly EvseFacts[]): boolean {
  const open = unspecified(reservations);
  const free = freeEvses(reservations, evses);
  return (
    satisfiable(open, free) &&
    !satisfiable(
      open,
      free.filter((e) => e.id !== evseId),
    )
  );
}

/**
 * H03: the reservation `idToken` (whose group is `groupIdToken`) may use on this EVSE, or
 * `blocks` when the EVSE is held for another token.
 */
export function match(
  evseId: number,
  idToken: IdTokenType,
  groupIdToken: IdTokenType | undefined,
  reservations: readonly Reservation[],
  evses: readonly EvseFacts[],
): ReservationMatch {
  // H03.FR.01-06: the same idToken, or the reservation's groupIdToken is the token's group.
  const own = (r: Reservation): boolean => tokensEqual(r.idToken, idToken) || sameGroup(r.groupIdToken, groupIdToken);
  const specific = reservations.find((r) => r.evseId === evseId);
  if (specific) return own(specific) ? specific.id : 'blocks'; // H03.FR.01/04
  const evse = evses.find((e) => e.id === evseId);
  const mine = reservations.find((r) => r.evseId === undefined && own(r) && (evse === undefined || fits(r, evse))); // H03.FR.02/03/05/06
  if (mine) return mine.id;
  return needed(evseId, reservations, evses) ? 'blocks' : undefined; // H01.FR.07/09
}
