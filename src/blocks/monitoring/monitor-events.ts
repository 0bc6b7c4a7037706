// N07 Alert Event and N08 Periodic Event: when monitors trigger, and the NotifyEvent that
// reports it.
//
//   UpperThreshold   Actual > value: Alerting; back to <= value: Alerting, cleared   N07.FR.16, FR.02
//   LowerThreshold   Actual < value: Alerting; back to >= value: Alerting, cleared   N07.FR.17, FR.02
//   Delta            numeric: |Actual - reference| >= value; else any change: Delta   N07.FR.18/19
//                    (the reference is the value when set, then the value last reported)
//   Periodic         every value seconds from when it was set (or the station started)   N08.FR.06
//   PeriodicClockAligned  on the multiples of value seconds of the station clock          N08.FR.07
//
// A triggered monitor is reported only when its severity is at most the monitoring level
// (N07.FR.15, N05.FR.03). One of severity up to OfflineQueuingSeverity is committed to the
// durable outbox, so it reaches the CSMS also when triggered offline (N07.FR.04, N08.FR.03); a
// less severe one is sent only while online. When it cannot be sent its evaluation waits (the
// reference, the alert state stay as they were) and is done again once the link is back, as the
// N07 remark suggests: the CSMS then learns the situation as it is.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { EventDataType, EventNotificationEnumType, EventTriggerEnumType, NotifyEventRequest } from '../../generated/ocpp201/index.js';
import type { TimerHandle } from '../../clock/clock.js';
import type { VariableKey } from '../../device-model/path.js';
import type { StationContext } from '../../kernel/context.js';
import type { Monitor, MonitorOrigin } from './monitor-store.js';
import type { Monitors } from './monitors.js';
import { type RecentEvent, RecentEvents } from './recent-events.js';
import { isNumeric } from './set-variable-monitoring.js';

/** EventDataType.techInfo: at most 500 characters. */
const TECH_INFO_MAX = 500;

const NOTIFICATION: Record<MonitorOrigin, EventNotificationEnumType> = {
  custom: 'CustomMonitor',
  preconfigured: 'PreconfiguredMonitor',
  hardwired: 'HardWiredMonitor',
};

/** EventDataType.actualValue is string[2500]. */
const ACTUAL_VALUE_MAX = 2500;
const EVENT_ID_KEY = 'monitoring.lastEventId';

/** What the monitors need to know of the station: its transactions, and its hardware's faults. */
export interface StationLookup {
  /** The id of the transaction ongoing on the EVSE, if any. */
  transactionOf(evseId: number): string | undefined;
  /** The hardware's fault of an EVSE, or null (the HAL's `faults`); none when absent. */
  faults?(evseId: number): string | null;
}

const NO_TRANSACTIONS: StationLookup = { transactionOf: () => undefined };

export class MonitorEvents {
  /** The periodic monitors' timers by monitor id; made when the first one is armed. */
  private timers: Map<number, TimerHandle> | undefined;
  // The station's subscriptions, while started.
  private offChange: (() => void) | undefined;
  private offAccepted: (() => void) | undefined;
  private offDelivered: (() => void) | undefined;
  /** The last events raised, for the dashboard. */
  readonly recent = new RecentEvents();

  constructor(
    private readonly ctx: StationContext,
    private readonly monitors: Monitors,
    private readonly station: StationLookup = NO_TRANSACTIONS,
    /** The hardware's fault of an EVSE, or null; when absent, the station's `faults`. */
    private readonly faults?: (evseId: number) => string | null,
  ) {}

  start(): void {
    this.offChange = this.ctx.dm.onAnyChange((key, _value, change) => {
      if (change.attribute === 'Actual') this.guard(() => this.changed(key));
    });
    // Evaluations that waited for the link (and N07.FR.14: thresholds cleared over a reboot).
    this.offAccepted = this.ctx.events.on('accepted', () => this.guard(() => this.evaluateAll()));
    // The station emits 'changed' right after, so the dashboard sees the event delivered.
    this.offDelivered = this.ctx.events.on('delivered', ({ entry }) => this.recent.delivered(entry.seq));
    this.evaluateAll();
    this.rearm();
  }

  stop(): void {
    for (const off of [this.offChange, this.offAccepted, this.offDelivered]) off?.();
    this.offChange = this.offAccepted = this.offDelivered = undefined;
    this.clearTimers();
  }

  /** After monitors were set, cleared or the base changed: new thresholds are checked at once (N07.FR.11), timers follow. */
  monitorsChanged(ids: readonly number[] = []): void {
    for (const id of ids) {
      const monitor = this.monitors.get(id);
      if (monitor) this.evaluate(monitor);
    }
    this.rearm();
  }

  // --- evaluation ---

  private changed(key: VariableKey): void {
    for (const monitor of this.monitors.on(key)) this.evaluate(monitor, { changed: true });
  }

  private evaluateAll(): void {
    for (const monitor of [...this.monitors.all()]) this.evaluate(monitor);
  }

  /** `changed`: called for a write of the variable (and not to check a monitor again). */
  private evaluate(monitor: Monitor, options: { changed?: boolean } = {}): void {
    if (!this.active(monitor)) return;
    // N07.FR.10: a write-only value is never shown nor kept as a reference; every write of it is a change.
    if (this.ctx.dm.facts(monitor)?.mutability === 'WriteOnly') {
      if (options.changed && monitor.type === 'Delta') this.report(monitor, 'Delta', null);
      return;
    }
    const actual = this.ctx.dm.get(monitor) ?? null;
    switch (monitor.type) {
      case 'UpperThreshold':
      case 'LowerThreshold': {
        const n = actual === null ? Number.NaN : Number(actual);
        if (Number.isNaN(n)) return;
        const exceeded = monitor.type === 'UpperThreshold' ? n > monitor.value : n < monitor.value;
        if (exceeded === monitor.tripped) return;
        if (this.report(monitor, 'Alerting', actual, !exceeded)) this.monitors.remember(monitor.id, { tripped: exceeded });
        return;
      }
      case 'Delta': {
        if (monitor.reference === null) {
          this.monitors.remember(monitor.id, { reference: actual });
          return;
        }
        if (!this.deltaReached(monitor, actual)) return;
        if (this.report(monitor, 'Delta', actual)) this.monitors.remember(monitor.id, { reference: actual });
        return;
      }
      case 'Periodic':
      case 'PeriodicClockAligned':
        return; // on their timers
    }
  }

  private deltaReached(monitor: Monitor, actual: string | null): boolean {
    const facts = this.ctx.dm.facts(monitor);
    if (facts && isNumeric(facts)) {
      const now = Number(actual);
      const before = Number(monitor.reference);
      if (!Number.isNaN(now) && !Number.isNaN(before)) return Math.abs(now - before) > monitor.value; // N07.FR.18: changed more than the value
    }
    return actual !== monitor.reference; // N07.FR.19
  }

  /** Monitoring enabled, and for a transaction monitor a transaction on its EVSE (any EVSE for a station-wide component). */
  private active(monitor: Monitor): boolean {
    if (this.ctx.dm.getBool(DM.MonitoringCtrlr.Enabled) === false) return false;
    if (!monitor.transaction) return true;
    return this.transactionId(monitor) !== undefined;
  }

  /** The transaction on the monitor's EVSE; for a station-wide component, one on any EVSE. */
  private transactionId(monitor: Monitor): string | undefined {
    const evseId = monitor.component.evse?.id;
    if (evseId !== undefined) return this.station.transactionOf(evseId);
    for (const evse of this.ctx.description.evses) {
      const id = this.station.transactionOf(evse.id);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  // --- periodic monitors ---

  private rearm(): void {
    this.clearTimers();
    for (const monitor of this.monitors.all()) this.arm(monitor);
  }

  private clearTimers(): void {
    if (!this.timers) return;
    for (const timer of this.timers.values()) this.ctx.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private arm(monitor: Monitor): void {
    if (monitor.type !== 'Periodic' && monitor.type !== 'PeriodicClockAligned') return;
    const period = monitor.value * 1000;
    const now = this.ctx.now().getTime();
    // N08.FR.07: the next multiple of the period (a value of 900: at 0, 15, 30, 45 minutes past the hour).
    const delay = monitor.type === 'Periodic' ? period : (Math.floor(now / period) + 1) * period - now;
    const timer = this.ctx.clock.setTimeout(() => {
      this.timers?.delete(monitor.id);
      const current = this.monitors.get(monitor.id);
      if (!current) return;
      this.guard(() => {
        if (this.active(current)) this.report(current, 'Periodic', this.ctx.dm.get(current) ?? null); // N08.FR.05/06/07
      });
      this.arm(current);
    }, delay);
    this.timers ??= new Map();
    this.timers.set(monitor.id, timer);
  }

  // --- reporting ---

  /** Reports a triggered monitor; false when it could not be sent or kept (offline, above OfflineQueuingSeverity). */
  private report(monitor: Monitor, trigger: EventTriggerEnumType, actual: string | null, cleared?: boolean): boolean {
    if (monitor.severity > this.monitors.level()) return true; // N07.FR.15: triggered, not reported
    const now = this.ctx.now().toISOString();
    const event: EventDataType = {
      eventId: this.nextEventId(),
      timestamp: now,
      trigger,
      // N07.FR.10: a write-only value is not shown (the device model does not give it).
      actualValue: (actual ?? '').slice(0, ACTUAL_VALUE_MAX),
      component: monitor.component,
      variable: monitor.variable,
      variableMonitoringId: monitor.id, // N07.FR.06
      eventNotificationType: NOTIFICATION[monitor.origin],
      ...(cleared ? { cleared: true } : {}),
    };
    // The transaction ongoing on the monitored EVSE, if any (TC_N_20_CS: power flows in a transaction).
    const transactionId = monitor.component.evse ? this.station.transactionOf(monitor.component.evse.id) : undefined;
    if (transactionId !== undefined) event.transactionId = transactionId;
    const fault = this.faultOf(monitor);
    if (fault) event.techInfo = fault.slice(0, TECH_INFO_MAX);
    const request: NotifyEventRequest = { generatedAt: now, seqNo: 0, eventData: [event] }; // N07.FR.07, N08.FR.04
    const queueing = this.ctx.dm.getInt(DM.MonitoringCtrlr.OfflineQueuingSeverity);
    if (queueing !== undefined && monitor.severity <= queueing) {
      const entry = this.ctx.queue('NotifyEvent', request, { kind: 'other' }); // N07.FR.04, N08.FR.03
      this.recent.add({ event, severity: monitor.severity, delivery: 'queued', outboxSeq: entry.seq });
      this.ctx.events.emit('changed', undefined);
      return true;
    }
    if (!this.ctx.online()) return false;
    const record = this.recent.add({ event, severity: monitor.severity, delivery: 'sending' });
    this.ctx.events.emit('changed', undefined);
    this.ctx.call('NotifyEvent', request).then(
      () => this.settled(record, 'delivered'),
      (error: unknown) => {
        this.ctx.log.warn({ err: error, monitor: monitor.id }, 'NotifyEvent not sent');
        this.settled(record, 'failed');
      },
    );
    return true;
  }

  private settled(record: RecentEvent, delivery: 'delivered' | 'failed'): void {
    record.delivery = delivery;
    this.ctx.events.emit('changed', undefined);
  }

  /** An EVSE's Problem is its hardware fault: the event names it (GroundFailure, a meter failure, ...). */
  private faultOf(monitor: Monitor): string | null {
    const evseId = monitor.component.evse?.id;
    const problem = monitor.component.name.toLowerCase() === 'evse' && monitor.variable.name.toLowerCase() === 'problem';
    if (!problem || evseId === undefined || !this.ctx.description.evses.some((e) => e.id === evseId)) return null;
    if (this.faults) return this.faults(evseId);
    return this.station.faults ? this.station.faults(evseId) : null;
  }

  private nextEventId(): number {
    const id = ((this.ctx.state.get<number>(EVENT_ID_KEY) ?? 0) % 2_000_000_000) + 1;
    this.ctx.state.set(EVENT_ID_KEY, id);
    return id;
  }

  /** A monitor's failure is logged; it never fails the write of the variable that triggered it. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'variable monitor not evaluated');
    }
  }
}
