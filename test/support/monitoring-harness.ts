// The monitoring block's Monitors and MonitorEvents over a real device model on in-memory
// SQLite (or a database the test passes, to restart on it) with a fake clock; the link is faked:
// NotifyEvents sent and queued are recorded, and the test says whether the station is online.

import { Monitors, MonitorEvents } from '../../src/blocks/monitoring/index.js';
import type { FakeClock } from '../../src/clock/fake-clock.js';
import type { DeviceModel } from '../../src/device-model/device-model.js';
import type { EventDataType, NotifyEventRequest, SetMonitoringDataType } from '../../src/generated/ocpp201/index.js';
import type { StationContext } from '../../src/kernel/context.js';
import type { StationEvents } from '../../src/kernel/events.js';
import type { Database } from '../../src/store/database.js';
import { makeBlockContext } from './block-context.js';

export interface MonitoringHarness {
  ctx: StationContext;
  db: Database;
  dm: DeviceModel;
  clock: FakeClock;
  events: StationEvents;
  monitors: Monitors;
  monitorEvents: MonitorEvents;
  /** NotifyEvents called directly (online, above OfflineQueuingSeverity). */
  sent: NotifyEventRequest[];
  /** NotifyEvents committed to the durable outbox. */
  queued: NotifyEventRequest[];
  /** Every event, sent or queued, in order. */
  eventData(): EventDataType[];
  link: { online: boolean };
  /** Ongoing transactions: EVSE id → transaction id. */
  transactions: Map<number, string>;
  /** Sets monitors as a SetVariableMonitoring does, its after-step included. */
  set(...data: SetMonitoringDataType[]): ReturnType<Monitors['set']>[];
  restart(): MonitoringHarness;
}

export function monitoringHarness(options: { db?: Database; overrides?: Record<string, string>; evses?: number } = {}): MonitoringHarness {
  const link = { online: true };
  const transactions = new Map<number, string>();
  const sent: NotifyEventRequest[] = [];
  const queued: NotifyEventRequest[] = [];
  const order: NotifyEventRequest[] = [];
  const { ctx, db, dm, clock, events } = makeBlockContext({
    id: 'CS-N',
    evses: options.evses ?? 2,
    ...(options.db ? { db: options.db } : {}),
    overrides: options.overrides ?? {},
    online: () => link.online,
    call: async (action: string, payload: NotifyEventRequest) => {
      if (action !== 'NotifyEvent') throw new Error(`unexpected ${action}`);
      sent.push(payload);
      order.push(payload);
      return {};
    },
  });
  (ctx as { queue: unknown }).queue = (action: string, payload: NotifyEventRequest) => {
    if (action !== 'NotifyEvent') throw new Error(`unexpected ${action}`);
    queued.push(payload);
    order.push(payload);
    return {};
  };
  const monitors = new Monitors(ctx);
  const monitorEvents = new MonitorEvents(ctx, monitors, { transactionOf: (evseId) => transactions.get(evseId) });
  monitorEvents.start();
  const h: MonitoringHarness = {
    ctx,
    db: db.db,
    dm,
    clock,
    events,
    monitors,
    monitorEvents,
    sent,
    queued,
    eventData: () => order.flatMap((r) => r.eventData),
    link,
    transactions,
    set: (...data) => {
      const results = data.map((d) => monitors.set(d));
      monitorEvents.monitorsChanged(results.filter((r) => r.status === 'Accepted').map((r) => r.id!));
      return results;
    },
    restart: () => {
      monitorEvents.stop();
      return monitoringHarness({
        db: db.db,
        ...(options.overrides ? { overrides: options.overrides } : {}),
        ...(options.evses ? { evses: options.evses } : {}),
      });
    },
  };
  return h;
}
