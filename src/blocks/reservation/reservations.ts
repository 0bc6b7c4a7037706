// H. Reservation: the reservations held, their expiry timers, and the connectors they keep
// Reserved. After every change (a request, an expiry, a connector status) the block reconciles:
//
//   a reservation's EVSE became Faulted or Unavailable  -> removed, ReservationStatusUpdate Removed (H01.FR.16/17)
//   unspecified-EVSE reservations no longer satisfiable -> the newest removed the same way
//   EVSEs held (evse-assignment.ts) <-> connectors.setReserved, so StatusNotification follows
//
// An EVSE already held stays free for reservations while only a cable or a transaction without
// the reserved token is on it (G01.FR.09 errata, G03.FR.09, H03 errata: "status remains Reserved").

import type { TimerHandle } from '../../clock/clock.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { IdTokenType, ReservationUpdateStatusEnumType, ReserveNowRequest, ReserveNowResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationScope } from '../../store/scope.js';
import { tokensEqual } from '../authorization/index.js';
import { connectorStatus, type Connectors } from '../availability/index.js';
import { freeEvses, heldEvses, match, satisfiable, type EvseFacts, type EvseState, type ReservationMatch } from './evse-assignment.js';
import { decideReserveNow, toReservation } from './reserve-now.js';
import { ReservationStore, type Reservation } from './reservation-store.js';
import { LazyMap, LazySet } from '../../collections/lazy.js';

export interface ReservationsDeps {
  db: StationScope;
  connectors: Connectors;
}

/** The longest delay a Node timer takes; a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Reservations {
  private readonly store: ReservationStore;
  private reservations: Reservation[];
  private readonly timers = new LazyMap<number, TimerHandle>();
  private readonly held = new LazySet<number>();
  private reconciling = false;
  private dirty = false;
  /**
   * Set by stop: the listeners then do nothing. The station's events end with the station, so
   * they are not taken off one by one, which would keep an unsubscribe closure each.
   */
  private stopped = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly deps: ReservationsDeps,
  ) {
    this.store = new ReservationStore(deps.db);
    this.reservations = this.store.all();
    // H04.FR.01: what expired while the station was off is reported now (durably queued).
    for (const r of [...this.reservations]) {
      if (this.dueIn(r) <= 0) this.end(r.id, 'Expired', { reconcile: false });
      else this.arm(r);
    }
    ctx.events.on('connectorStatus', () => this.stopped || this.reconcile());
    // Station time may have moved to the CSMS's currentTime (B01.FR.06): the timers follow.
    ctx.events.on('accepted', () => {
      if (this.stopped) return;
      for (const r of this.reservations.values()) this.arm(r);
    });
    // B01: Reserved persists over a reboot.
    this.reconcile();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) this.ctx.clock.clearTimeout(timer);
    this.timers.clear();
  }

  list(): readonly Reservation[] {
    return this.reservations;
  }

  /** H01: ReserveNow. Stores an accepted reservation; `after` reports the connectors. */
  reserve(request: ReserveNowRequest): ReserveNowResponse {
    const { dm } = this.ctx;
    const others = this.reservations.filter((r) => r.id !== request.id); // H01.FR.02
    const response = decideReserveNow(request, {
      // ReservationCtrlr.Available is "supported"; Enabled may be switched off (H01.FR.01).
      enabled: (dm.getBool(DM.ReservationCtrlr.Available) ?? true) && (dm.getBool(DM.ReservationCtrlr.Enabled) ?? true),
      nonEvseSpecific: dm.getBool(DM.ReservationCtrlr.NonEvseSpecific) ?? false, // H01.FR.19: absent is false
      now: this.ctx.now().getTime(),
      reservations: others,
      evses: this.evseFacts(),
    });
    if (response.status !== 'Accepted') return response;
    const reservation = toReservation(request);
    this.store.put(reservation); // H01.FR.02: replaces the one with the same id
    this.reservations = [...others, reservation];
    this.arm(reservation);
    return response;
  }

  /** H02: cancels a known reservation (no ReservationStatusUpdate: the CSMS asked for it). */
  cancel(reservationId: number): boolean {
    if (!this.reservations.some((r) => r.id === reservationId)) return false;
    this.end(reservationId, undefined, { reconcile: false });
    return true;
  }

  /** N09: the reservations made for a token (not those it may use as a member of the group). */
  reservedFor(idToken: IdTokenType): readonly Reservation[] {
    return this.reservations.filter((r) => tokensEqual(r.idToken, idToken));
  }

  /**
   * N10.FR.03/06: the reservations made for a token are its data and go; the CSMS hears of each
   * (ReservationStatusUpdate Removed), since it did not cancel them itself, and the connectors
   * they held are reported.
   */
  removeFor(idToken: IdTokenType): void {
    const ids = this.reservedFor(idToken).map((r) => r.id);
    for (const id of ids) this.end(id, 'Removed', { reconcile: false });
    if (ids.length > 0) this.reconcile();
  }

  /** After the ReserveNow or CancelReservation answer: report what changed (H01.FR.23, H02.FR.04/06). */
  after(): void {
    this.reconcile();
  }

  /**
   * H03: the reservation `idToken` may use on this EVSE (its groupIdToken from the authorization,
   * H03.FR.07/08), `blocks` when the EVSE is held for another token, undefined when no
   * reservation concerns it.
   */
  match(evseId: number, idToken: IdTokenType, groupIdToken?: IdTokenType): ReservationMatch {
    return match(evseId, idToken, groupIdToken, this.reservations, this.evseFacts());
  }

  /**
   * H03.FR.09: the reservation is used. It is removed and its connectors are no longer Reserved
   * (H03.FR.10: Available, or Occupied with a cable). Nothing is sent: the transaction's next
   * TransactionEvent carries the reservationId (H01.FR.15, E03.FR.03, F02.FR.06).
   */
  consume(reservationId: number): boolean {
    if (!this.reservations.some((r) => r.id === reservationId)) return false;
    this.end(reservationId, undefined);
    return true;
  }

  private end(id: number, status: ReservationUpdateStatusEnumType | undefined, options = { reconcile: true }): void {
    this.ctx.clock.clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.store.remove(id);
    this.reservations = this.reservations.filter((r) => r.id !== id);
    // H04.FR.02/03: the EVSE is released (StatusNotification Available) before the update is sent.
    if (options.reconcile) this.reconcile();
    // H04.FR.01, H01.FR.16/17: queued durably, so it reaches the CSMS after an outage too.
    if (status) this.ctx.queue('ReservationStatusUpdate', { reservationId: id, reservationUpdateStatus: status }, { kind: 'other' });
  }

  private dueIn(r: Reservation): number {
    return Date.parse(r.expiryDateTime) - this.ctx.now().getTime();
  }

  private arm(r: Reservation): void {
    this.ctx.clock.clearTimeout(this.timers.get(r.id));
    const fire = (): void => {
      this.timers.delete(r.id);
      if (!this.reservations.some((x) => x.id === r.id && x.expiryDateTime === r.expiryDateTime)) return;
      if (this.dueIn(r) > 0) this.arm(r);
      else this.end(r.id, 'Expired'); // H04.FR.01
    };
    this.timers.set(r.id, this.ctx.clock.setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(0, this.dueIn(r)))));
  }

  /** Removes what can no longer be kept, then makes the connectors' Reserved flags follow. */
  private reconcile(): void {
    if (this.reconciling) {
      this.dirty = true;
      return;
    }
    this.reconciling = true;
    try {
      do {
        this.dirty = false;
        this.removeUnusable();
        this.applyHeld();
      } while (this.dirty);
    } finally {
      this.reconciling = false;
    }
  }

  private removeUnusable(): void {
    const evses = this.evseFacts();
    for (const r of this.reservations) {
      const state = evses.find((e) => e.id === r.evseId)?.state;
      // H01.FR.16/17: the targeted EVSE became Faulted or Unavailable.
      if (state === 'Faulted' || state === 'Unavailable') this.end(r.id, 'Removed', { reconcile: false });
    }
    // H01.FR.07/09 can no longer be kept (EVSEs faulted or made Unavailable): the newest goes first.
    for (;;) {
      const open = this.reservations.filter((r) => r.evseId === undefined);
      if (open.length === 0 || satisfiable(open, freeEvses(this.reservations, evses))) return;
      this.end(open.at(-1)!.id, 'Removed', { reconcile: false });
    }
  }

  private applyHeld(): void {
    const wanted = heldEvses(this.reservations, this.evseFacts());
    for (const evse of this.ctx.description.evses) {
      const hold = wanted.has(evse.id);
      if (hold === this.held.has(evse.id)) continue;
      if (hold) this.held.add(evse.id);
      else this.held.delete(evse.id);
      // H01.FR.20/23/24: all connectors of a reserved EVSE are Reserved.
      for (const c of evse.connectors) this.deps.connectors.setReserved(evse.id, c.id, hold);
    }
  }

  /** Each EVSE's state, reservations aside; an EVSE held ignores cables and foreign transactions. */
  private evseFacts(): EvseFacts[] {
    const { hal, description } = this.ctx;
    const { connectors } = this.deps;
    return description.evses.map((evse) => {
      const held = this.held.has(evse.id);
      const statuses = evse.connectors.map((c) =>
        connectorStatus({
          faulted: hal.faults(evse.id) !== null,
          operative: connectors.isOperative(evse.id, c.id),
          plugged: !held && hal.cable(evse.id, c.id) === 'plugged',
          transaction: !held && connectors.hasTransaction(evse.id),
          reserved: false,
        }),
      );
      return { id: evse.id, connectorTypes: evse.connectors.map((c) => c.type), state: summarize(statuses) };
    });
  }
}

function summarize(statuses: readonly string[]): EvseState {
  if (statuses.includes('Occupied')) return 'Occupied';
  if (statuses.includes('Available')) return 'Available';
  return statuses.every((s) => s === 'Faulted') ? 'Faulted' : 'Unavailable';
}
