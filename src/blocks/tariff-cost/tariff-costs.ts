// I. TariffAndCost: what the station shows an EV Driver of tariff and cost, per EVSE.
//
//   tariff text = the CSMS's personalMessage for the driver (I01: AuthorizeResponse or the
//                 TransactionEventResponse idTokenInfo), replaced by updatedPersonalMessage (I06);
//                 TariffFallbackMessage once the driver is authorized without one (I04).
//   total       = the running cost of CostUpdated (I02.FR.03) or of a TransactionEventResponse's
//                 totalCost (I02.FR.04), the final cost of the Ended event's answer (I03.FR.03);
//                 TotalCostFallbackMessage instead when the transaction ended offline (I05.FR.02).
//
// A session is what the display holds for one EVSE: opened by an authorization or a transaction,
// it stays while the transaction runs and lapses SHOW_MS after it ended (or after an authorization
// that started nothing), so the driver can read the final cost.

import type { TimerHandle } from '../../clock/clock.js';
import type { OutboxEntry } from '../../delivery/outbox.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { CostUpdatedRequest, TransactionEventRequest, TransactionEventResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationEventMap } from '../../kernel/events.js';
import type { Transactions } from '../transactions/index.js';
import { LazyMap } from '../../collections/lazy.js';

/** How long the display keeps the cost of an ended transaction (or the tariff of an unused authorization). */
export const SHOW_MS = 120_000;

/** Per EVSE in GET /api/state `cost`. `total` is null while no cost is known. */
export interface EvseCost {
  currency: string;
  total: number | null;
  /** The total is the final cost of the ended transaction (I03), not a running one (I02). */
  final: boolean;
  tariffText: string | null;
}

interface Session {
  transactionId?: string;
  /** From the CSMS (I01, I06). */
  tariffText?: string;
  total?: number;
  /** The driver was authorized: without a tariff text of the CSMS the fallback applies (I04). */
  authorized: boolean;
  ended: boolean;
  /** I03.FR.03: `total` is the one of the Ended event's answer. */
  final: boolean;
  /** I03.FR.03/I05.FR.02: the station was offline when the transaction ended. */
  endedOffline: boolean;
  lapse?: TimerHandle | undefined;
}

export class TariffCosts {
  private readonly sessions = new LazyMap<number, Session>();
  /** The EVSE of each transaction seen, also once it ended (its Ended event is answered later). */
  private readonly evseOfTransaction = new LazyMap<string, number>();
  /**
   * Set by stop: the listeners then do nothing. The station's events end with the station, so
   * they are not taken off one by one, which would keep an unsubscribe closure each.
   */
  private stopped = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly transactions: Pick<Transactions, 'evseOf' | 'view'>,
  ) {
    ctx.events.on('personalMessage', (event) => this.stopped || this.onPersonalMessage(event));
    ctx.events.on('evseTransaction', ({ evseId, active }) => this.stopped || (active ? this.started(evseId) : this.ended(evseId)));
    ctx.events.on('delivered', ({ entry, response }) => this.stopped || this.delivered(entry, response));
  }

  stop(): void {
    this.stopped = true;
    for (const session of this.sessions.values()) this.ctx.clock.clearTimeout(session.lapse);
    this.sessions.clear();
  }

  /** I02.FR.02/03: the running total cost of a transaction. */
  costUpdated(request: CostUpdatedRequest): void {
    const session = this.sessionOf(request.transactionId);
    if (!session || session.ended) return; // not (any more) on the display
    session.total = request.totalCost;
    this.changed();
  }

  /** What the display shows of tariff and cost for the EVSE; null: nothing. */
  cost(evseId: number): EvseCost | null {
    const session = this.sessions.get(evseId);
    if (!session) return null;
    const { dm } = this.ctx;
    if (this.transactions.view(evseId)?.authorized) session.authorized = true;
    const tariffOn = on(dm.getBool(DM.TariffCostCtrlr.Enabled.Tariff), dm.getBool(DM.TariffCostCtrlr.Available.Tariff));
    const costOn = on(dm.getBool(DM.TariffCostCtrlr.Enabled.Cost), dm.getBool(DM.TariffCostCtrlr.Available.Cost));
    let tariffText: string | null = null;
    if (tariffOn)
      tariffText = session.tariffText ?? (session.authorized ? fallback(dm.get(DM.TariffCostCtrlr.TariffFallbackMessage)) : null);
    let total: number | null = null;
    if (costOn && session.ended && session.endedOffline) {
      tariffText = fallback(dm.get(DM.TariffCostCtrlr.TotalCostFallbackMessage)) ?? tariffText; // I05.FR.02
    } else if (costOn) {
      total = session.total ?? null;
    }
    if (tariffText === null && total === null) return null;
    return { currency: dm.get(DM.TariffCostCtrlr.Currency) ?? '', total, final: total !== null && session.final, tariffText };
  }

  // --- what the CSMS and the transactions tell ---

  /** I01.FR.03: the AuthorizeResponse's personalMessage; those of TransactionEvents come with `delivered`. */
  private onPersonalMessage(event: StationEventMap['personalMessage']): void {
    if (event.via === 'TransactionEvent') return;
    const evses = this.ctx.description.evses;
    const evseId = event.evseId ?? (evses.length === 1 ? evses[0]?.id : undefined);
    if (evseId === undefined) return; // no EVSE chosen yet on a station with several: nowhere to show it
    const session = this.open(evseId);
    session.tariffText = event.message.content;
    session.authorized = true;
    this.changed();
  }

  private started(evseId: number): void {
    const current = this.sessions.get(evseId);
    const session = current && !current.ended && current.transactionId === undefined ? current : this.renew(evseId);
    this.ctx.clock.clearTimeout(session.lapse);
    session.lapse = undefined;
    const transactionId = this.transactions.view(evseId)?.transactionId;
    if (transactionId !== undefined) {
      session.transactionId = transactionId;
      this.evseOfTransaction.set(transactionId, evseId);
    }
    this.changed();
  }

  private ended(evseId: number): void {
    const session = this.sessions.get(evseId);
    if (!session || session.ended) return;
    session.ended = true;
    session.endedOffline = !this.ctx.online();
    this.lapseLater(evseId, session);
    this.changed();
  }

  /** I02.FR.04 totalCost, I03.FR.03 the final totalCost, I06.FR.03 updatedPersonalMessage, I01 idTokenInfo.personalMessage. */
  private delivered(entry: OutboxEntry, response: unknown): void {
    if (entry.action !== 'TransactionEvent') return;
    const request = entry.payload as TransactionEventRequest;
    const answer = (response ?? {}) as TransactionEventResponse;
    const session = this.sessionOf(request.transactionInfo.transactionId, request.evse?.id);
    if (!session) return;
    const text = answer.updatedPersonalMessage?.content ?? answer.idTokenInfo?.personalMessage?.content;
    // I03 remarks: a cost answered after an offline end reaches a driver who has left.
    if (session.endedOffline) return;
    if (text !== undefined) session.tariffText = text;
    if (answer.totalCost !== undefined) {
      session.total = answer.totalCost;
      session.final = request.eventType === 'Ended';
    }
    if (text !== undefined || answer.totalCost !== undefined) this.changed();
  }

  // --- sessions ---

  private sessionOf(transactionId: string, evseId?: number): Session | undefined {
    const id = this.transactions.evseOf(transactionId) ?? this.evseOfTransaction.get(transactionId) ?? evseId;
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session?.transactionId === undefined && session && !session.ended && this.transactions.view(id)?.transactionId === transactionId) {
      session.transactionId = transactionId; // the first event is answered before `started` ran
      this.evseOfTransaction.set(transactionId, id);
    }
    return session?.transactionId === transactionId ? session : undefined;
  }

  /** The EVSE's current session, a new one when there is none or it ended; lapses unless a transaction starts. */
  private open(evseId: number): Session {
    const current = this.sessions.get(evseId);
    if (current && !current.ended) return current;
    const session = this.renew(evseId);
    this.lapseLater(evseId, session);
    return session;
  }

  private renew(evseId: number): Session {
    const previous = this.sessions.get(evseId);
    this.ctx.clock.clearTimeout(previous?.lapse);
    if (previous?.transactionId !== undefined) this.evseOfTransaction.delete(previous.transactionId);
    const session: Session = { authorized: false, ended: false, final: false, endedOffline: false };
    this.sessions.set(evseId, session);
    return session;
  }

  private lapseLater(evseId: number, session: Session): void {
    this.ctx.clock.clearTimeout(session.lapse);
    session.lapse = this.ctx.clock.setTimeout(() => {
      if (this.sessions.get(evseId) !== session) return;
      this.sessions.delete(evseId);
      if (session.transactionId !== undefined) this.evseOfTransaction.delete(session.transactionId);
      this.changed();
    }, SHOW_MS);
  }

  private changed(): void {
    this.ctx.events.emit('changed', undefined);
  }
}

/** Available and Enabled: a variable the station does not have counts as true. */
function on(enabled: boolean | undefined, available: boolean | undefined): boolean {
  return enabled !== false && available !== false;
}

/** A configured fallback message; an empty one is none. */
function fallback(value: string | undefined): string | null {
  return value ? value : null;
}
