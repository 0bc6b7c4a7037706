// G01-G04: every connector's status, derived from what is known about it (connector-state.ts),
// kept in the device model (AvailabilityState) and reported with StatusNotification on every
// change once the boot is accepted, and for all connectors on acceptance (B01.FR.05). A change goes
// through the outbox, in order with the other messages, and is sent again when the CSMS answers
// it with a CALLERROR (a busy CSMS rejects a call while its own is open) or not at all. After a
// time offline (B04): all connectors when it exceeded OfflineThreshold, else only those that
// changed; with QueueAllMessages a change made offline is queued durably instead.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { ConnectorStatusEnumType, OperationalStatusEnumType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationEventMap } from '../../kernel/events.js';
import { connectorStatus, type ConnectorFacts } from './connector-state.js';

/** Availability set by ChangeAvailability, persisted (G03.FR.08, G04.FR.09). Absent = Operative. */
interface Operational {
  station: boolean;
  evses: Record<string, boolean>;
  connectors: Record<string, boolean>;
}
const OPERATIONAL_KEY = 'availability';

interface Connector {
  evseId: number;
  connectorId: number;
  status: ConnectorStatusEnumType;
  reported: ConnectorStatusEnumType | undefined;
}

const at = (evseId: number, connectorId: number): string => `${evseId}/${connectorId}`;

export class Connectors {
  private readonly connectors: Connector[];
  // Made on first use: most stations of a fleet never have a transaction, reservation or
  // ChangeAvailability, and an empty Set costs its hash table.
  private transactions: Set<number> | undefined;
  private reserved: Set<string> | undefined;
  /** undefined: nothing stored, everything Operative. */
  private operational: Operational | undefined;
  private offlineSince: number | undefined;
  /** L01.FR.07/L02.FR.04: held Unavailable for a firmware update; not persisted. */
  private heldForFirmware = false;

  constructor(private readonly ctx: StationContext) {
    this.operational = ctx.state.get<Operational>(OPERATIONAL_KEY);
    // concat allocates the exact length; flatMap leaves room to grow, kept for the station's life.
    this.connectors = ([] as Connector[]).concat(
      ...ctx.description.evses.map((evse) =>
        evse.connectors.map((c) => ({ evseId: evse.id, connectorId: c.id, status: 'Available' as const, reported: undefined })),
      ),
    );
    for (const connector of this.connectors) connector.status = this.derive(connector);
    this.syncDeviceModel();
    for (const evse of ctx.description.evses) if (ctx.hal.faults(evse.id) !== null) this.syncProblem(evse.id, undefined, true);
    // One listener for the three events (told apart by their payloads), subscribed in this order:
    // a station keeps one bound function instead of three closures and their context.
    const listener = this.onStationEvent.bind(this);
    ctx.events.on('hardware', listener);
    ctx.events.on('disconnected', listener);
    ctx.events.on('accepted', listener);
  }

  /** `hardware` (a HardwareEvent), `disconnected` (no payload) or `accepted` ({ firstTime }). */
  private onStationEvent(event: StationEventMap['hardware' | 'accepted'] | undefined): void {
    if (event === undefined) {
      this.offlineSince ??= this.ctx.clock.now();
    } else if ('firstTime' in event) {
      void this.reportAfterConnecting(event.firstTime);
    } else {
      if (event.type === 'fault') this.syncProblem(event.evseId, event.connectorId, event.fault !== null);
      if (event.type === 'cable' || event.type === 'fault') this.refresh();
    }
  }

  list(): readonly Readonly<Connector>[] {
    return this.connectors;
  }

  has(evseId: number, connectorId?: number): boolean {
    return this.connectors.some((c) => c.evseId === evseId && (connectorId === undefined || c.connectorId === connectorId));
  }

  status(evseId: number, connectorId: number): ConnectorStatusEnumType | undefined {
    return this.connectors.find((c) => c.evseId === evseId && c.connectorId === connectorId)?.status;
  }

  /** Station, EVSE (evseId) or connector (evseId + connectorId) is Operative and not held for a firmware update. */
  isOperative(evseId?: number, connectorId?: number): boolean {
    return !this.heldForFirmware && this.isSetOperative(evseId, connectorId);
  }

  /** As set by ChangeAvailability. */
  isSetOperative(evseId?: number, connectorId?: number): boolean {
    if (this.operational === undefined) return true;
    const { station, evses, connectors } = this.operational;
    if (!station) return false;
    if (evseId === undefined) return true;
    if (evses[evseId] === false) return false;
    return connectorId === undefined || connectors[at(evseId, connectorId)] !== false;
  }

  /** Records a ChangeAvailability; the statuses follow (a running transaction keeps its connector Occupied). */
  setOperational(status: OperationalStatusEnumType, evseId?: number, connectorId?: number): void {
    const operative = status === 'Operative';
    this.operational ??= { station: true, evses: {}, connectors: {} };
    if (evseId === undefined || evseId === 0) this.operational.station = operative;
    else if (connectorId === undefined) this.operational.evses[evseId] = operative;
    else this.operational.connectors[at(evseId, connectorId)] = operative;
    this.ctx.state.set(OPERATIONAL_KEY, this.operational);
    this.refresh();
  }

  /**
   * L01.FR.07/L02.FR.04: while a firmware update waits for transactions to end, every EVSE not in
   * use is Unavailable (one in use stays Occupied until its transaction ends); the ChangeAvailability
   * state is left as it was.
   */
  holdForFirmware(held: boolean): void {
    if (held === this.heldForFirmware) return;
    this.heldForFirmware = held;
    this.refresh();
  }

  /** The transaction block tells when an EVSE has a transaction (it keeps its connector Occupied). */
  setTransaction(evseId: number, active: boolean): void {
    if (active) {
      this.transactions ??= new Set();
      this.transactions.add(evseId);
    } else this.transactions?.delete(evseId);
    this.refresh();
    this.ctx.events.emit('evseTransaction', { evseId, active });
  }

  hasTransaction(evseId?: number): boolean {
    if (this.transactions === undefined) return false;
    return evseId === undefined ? this.transactions.size > 0 : this.transactions.has(evseId);
  }

  setReserved(evseId: number, connectorId: number, reserved: boolean): void {
    if (reserved) {
      this.reserved ??= new Set();
      this.reserved.add(at(evseId, connectorId));
    } else this.reserved?.delete(at(evseId, connectorId));
    this.refresh();
  }

  /** Recomputes every status and reports the ones that changed (G01.FR.03-07). */
  refresh(): void {
    let changed = false;
    for (const connector of this.connectors) {
      const status = this.derive(connector);
      if (status === connector.status) continue;
      connector.status = status;
      changed = true;
      this.ctx.events.emit('connectorStatus', { evseId: connector.evseId, connectorId: connector.connectorId, status });
      if (this.ctx.registration() !== 'Accepted') continue;
      if (this.ctx.online() || this.ctx.dm.getBool(DM.OCPPCommCtrlr.QueueAllMessages)) this.queue(connector);
    }
    if (changed) {
      this.syncDeviceModel();
      this.ctx.events.emit('changed', undefined);
    }
  }

  private async reportAfterConnecting(firstTime: boolean): Promise<void> {
    const offlineMs = this.offlineSince === undefined ? 0 : this.ctx.clock.now() - this.offlineSince;
    this.offlineSince = undefined;
    const thresholdMs = (this.ctx.dm.getInt(DM.OCPPCommCtrlr.OfflineThreshold) ?? 0) * 1000;
    // B01.FR.05, B04.FR.01: everything; B04.FR.02: only what changed while offline.
    if (firstTime || offlineMs > thresholdMs) return this.reportAll();
    for (const connector of this.connectors) if (connector.reported !== connector.status) await this.report(connector);
  }

  /** StatusNotification for every connector (after boot, on reconnect, on TriggerMessage). */
  async reportAll(options: { triggered?: boolean } = {}): Promise<void> {
    for (const connector of this.connectors) await this.report(connector, options);
  }

  async reportOne(evseId: number, connectorId: number, options: { triggered?: boolean } = {}): Promise<void> {
    const connector = this.connectors.find((c) => c.evseId === evseId && c.connectorId === connectorId);
    if (connector) await this.report(connector, options);
  }

  private derive(connector: Connector): ConnectorStatusEnumType {
    const { evseId, connectorId } = connector;
    const facts: ConnectorFacts = {
      faulted: this.ctx.hal.faults(evseId) !== null,
      operative: this.isOperative(evseId, connectorId),
      plugged: this.ctx.hal.cable(evseId, connectorId) === 'plugged',
      transaction: this.transactions?.has(evseId) ?? false,
      reserved: this.reserved?.has(at(evseId, connectorId)) ?? false,
    };
    return connectorStatus(facts);
  }

  private async report(connector: Connector, options: { triggered?: boolean } = {}): Promise<void> {
    const status = connector.status;
    try {
      await this.ctx.call('StatusNotification', this.notification(connector), options);
      connector.reported = status;
    } catch (error) {
      this.ctx.log.warn({ err: error, evseId: connector.evseId }, 'StatusNotification not delivered');
    }
  }

  private queue(connector: Connector): void {
    this.ctx.queue('StatusNotification', this.notification(connector), { kind: 'other' });
    connector.reported = connector.status;
  }

  private notification(connector: Connector) {
    return {
      timestamp: this.ctx.now().toISOString(),
      connectorStatus: connector.status,
      evseId: connector.evseId,
      connectorId: connector.connectorId,
    };
  }

  /**
   * A hardware fault is the EVSE's Problem (and its connector's, when the fault names one): the
   * station's own monitor on EVSE Problem reports it with NotifyEvent, with the time and the
   * severity a status cannot carry.
   */
  private syncProblem(evseId: number, connectorId: number | undefined, problem: boolean): void {
    const value = String(problem);
    this.ctx.dm.set({ component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'Problem' } }, value);
    if (connectorId !== undefined) {
      this.ctx.dm.set({ component: { name: 'Connector', evse: { id: evseId, connectorId } }, variable: { name: 'Problem' } }, value);
    }
  }

  /** AvailabilityState of each Connector and EVSE, and of the station, as reported in the device model. */
  private syncDeviceModel(): void {
    const { dm } = this.ctx;
    for (const c of this.connectors) {
      dm.set(
        { component: { name: 'Connector', evse: { id: c.evseId, connectorId: c.connectorId } }, variable: { name: 'AvailabilityState' } },
        c.status,
      );
    }
    for (const evse of this.ctx.description.evses) {
      const statuses = this.connectors.filter((c) => c.evseId === evse.id).map((c) => c.status);
      dm.set({ component: { name: 'EVSE', evse: { id: evse.id } }, variable: { name: 'AvailabilityState' } }, summarize(statuses));
    }
    dm.set('ChargingStation/AvailabilityState', summarize(this.connectors.map((c) => c.status)));
  }
}

/** One status for a group of connectors: Unavailable only when none is usable. */
function summarize(statuses: ConnectorStatusEnumType[]): ConnectorStatusEnumType {
  for (const status of ['Occupied', 'Reserved', 'Available'] as const) if (statuses.includes(status)) return status;
  return statuses.every((s) => s === 'Faulted') ? 'Faulted' : 'Unavailable';
}
