// The last events the station raised with NotifyEvent, for the dashboard: each with the severity
// of its monitor (EventDataType has none) and whether the CSMS has it yet. Kept in memory only:
// the CSMS, not the station, is where events are kept.

import type { EventDataType } from '../../generated/ocpp201/index.js';

/** How many events are kept, newest first. */
export const RECENT_EVENTS = 20;

export type EventDelivery = 'sending' | 'delivered' | 'queued' | 'failed';

export interface RecentEvent {
  event: EventDataType;
  severity: number;
  delivery: EventDelivery;
  /** The outbox entry of a queued event. */
  outboxSeq?: number;
}

const NONE: readonly RecentEvent[] = Object.freeze([]);

export class RecentEvents {
  /** Made with the first event: most stations of a fleet never raise one. */
  private events: RecentEvent[] | undefined;

  /** Newest first. */
  list(): readonly RecentEvent[] {
    return this.events ?? NONE;
  }

  add(record: RecentEvent): RecentEvent {
    this.events ??= [];
    const events = this.events;
    events.unshift(record);
    events.length = Math.min(events.length, RECENT_EVENTS);
    return record;
  }

  /** An outbox entry reached the CSMS; true when it was one of these events. */
  delivered(outboxSeq: number): boolean {
    const record = this.events?.find((r) => r.outboxSeq === outboxSeq);
    if (record) record.delivery = 'delivered';
    return record !== undefined;
  }
}
