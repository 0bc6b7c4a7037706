// The station's variable monitors (N02–N06): what the CSMS set, the station's own preconfigured
// and hard-wired ones, the monitoring base and level. Durable in the monitors table; kept in
// memory too, since every device-model change asks which monitors watch the variable.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  ClearMonitoringResultType,
  MonitoringBaseEnumType,
  SetMonitoringDataType,
  SetMonitoringResultType,
  VariableType,
  ComponentType,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { variableId } from './monitor-key.js';
import { type Monitor, type MonitorDefinition, MonitorStore } from './monitor-store.js';
import { hardwiredMonitors, highestOwnId, preconfiguredMonitors } from './preconfigured.js';
import { decideSet, resultOf, type SetFacts } from './set-variable-monitoring.js';

/** Set once the preconfigured monitors were installed the first time (later they follow SetMonitoringBase). */
const INSTALLED_KEY = 'monitoring.preconfiguredInstalled';

export class Monitors {
  private readonly store: MonitorStore;
  private cache: Monitor[] = [];

  constructor(private readonly ctx: StationContext) {
    this.store = new MonitorStore(ctx.db);
    this.install();
  }

  /** Every monitor, by id. */
  all(): readonly Monitor[] {
    return this.cache;
  }

  get(id: number): Monitor | undefined {
    return this.cache.find((m) => m.id === id);
  }

  /** The monitors that watch the variable. */
  on(key: { component: ComponentType; variable: VariableType }): Monitor[] {
    const id = variableId(key);
    return this.cache.filter((m) => variableId(m) === id);
  }

  /** N04: one element of a SetVariableMonitoringRequest. */
  set(data: SetMonitoringDataType): SetMonitoringResultType {
    const facts = this.factsOf(data);
    const decision = decideSet(data, facts);
    if (decision.status !== 'Accepted' || facts.variable === 'UnknownComponent' || facts.variable === 'UnknownVariable') {
      return resultOf(data, decision, undefined);
    }
    const id = data.id ?? this.nextId(); // N04.FR.11
    const { existing } = facts;
    const keepTrip = existing !== undefined && existing.type === data.type;
    this.store.put({
      id,
      // The stored spelling of the variable, so that changes of it find the monitor.
      component: facts.variable.key.component,
      variable: facts.variable.key.variable,
      type: data.type,
      value: data.value,
      severity: data.severity,
      transaction: data.transaction ?? false,
      origin: 'custom', // N04.FR.15: a replaced preconfigured monitor is custom from now on
      // N07.FR.11: a changed threshold is checked against the alert already reported.
      tripped: keepTrip ? existing.tripped : false,
      // N07.FR.18/19: a delta counts from the value when the monitor was set.
      reference: this.ctx.dm.get(facts.variable.key) ?? null,
    });
    this.reload();
    return resultOf(data, decision, id); // N04.FR.08
  }

  /** N06: one id of a ClearVariableMonitoringRequest. */
  clear(id: number): ClearMonitoringResultType {
    const monitor = this.get(id);
    if (!monitor) return { id, status: 'NotFound' }; // N06.FR.02
    if (monitor.origin === 'hardwired') return { id, status: 'Rejected', statusInfo: { reasonCode: 'ReadOnly' } }; // N06.FR.03
    this.store.delete(id); // N07.FR.12: no cleared event for a tripped threshold removed
    this.reload();
    return { id, status: 'Accepted' }; // N06.FR.01
  }

  /** N03 (errata 2025-01): the monitors kept and (re)activated for a monitoring base. */
  setBase(base: MonitoringBaseEnumType): void {
    if (base === 'HardWiredOnly') this.store.deleteOrigins(['custom', 'preconfigured']); // N03.FR.05
    if (base === 'FactoryDefault') this.store.deleteOrigins(['custom']); // N03.FR.04
    if (base !== 'HardWiredOnly') this.activate(preconfiguredMonitors(this.ctx.description), this.store.all()); // N03.FR.03/04
    this.ctx.dm.set(DM.MonitoringCtrlr.MonitoringBase, base);
    this.ctx.dm.set(DM.MonitoringCtrlr.ActiveMonitoringBase, base);
    this.reload();
  }

  /** N05: reports only monitors of this severity or lower from now on (N05.FR.03). */
  setLevel(severity: number): void {
    this.ctx.dm.set(DM.MonitoringCtrlr.MonitoringLevel, String(severity));
    this.ctx.dm.set(DM.MonitoringCtrlr.ActiveMonitoringLevel, String(severity));
  }

  /** The active monitoring level: 9 (everything) unless the CSMS set one. */
  level(): number {
    return this.ctx.dm.getInt(DM.MonitoringCtrlr.ActiveMonitoringLevel) ?? 9;
  }

  /** Keeps the evaluation state of a monitor (a reported threshold alert, a delta's reference). */
  remember(id: number, state: { tripped?: boolean; reference?: string | null }): void {
    const monitor = this.get(id);
    if (!monitor) return;
    if (state.tripped !== undefined && state.tripped !== monitor.tripped) {
      this.store.setTripped(id, state.tripped);
      monitor.tripped = state.tripped;
    }
    if (state.reference !== undefined && state.reference !== monitor.reference) {
      this.store.setReference(id, state.reference);
      monitor.reference = state.reference;
    }
  }

  // --- internals ---

  /**
   * At start: the hard-wired monitors always exist; the preconfigured ones are installed the
   * first time; a monitor whose variable is gone or no longer monitorable is removed (N04 remark).
   * The table is read once: every station of a fleet does this at start.
   */
  private install(): void {
    const present = this.store.all().filter((m) => {
      const monitorable = this.ctx.dm.facts(m)?.characteristics.supportsMonitoring === true;
      if (!monitorable) this.store.delete(m.id);
      return monitorable;
    });
    this.activate(hardwiredMonitors(), present);
    if (!this.ctx.state.get<boolean>(INSTALLED_KEY)) {
      if (this.ctx.dm.get(DM.MonitoringCtrlr.ActiveMonitoringBase) !== 'HardWiredOnly') {
        this.activate(preconfiguredMonitors(this.ctx.description), present);
      }
      this.ctx.state.set(INSTALLED_KEY, true);
    }
    this.cache = present.sort((a, b) => a.id - b.id);
  }

  /**
   * Stores the definitions missing by id, unless the variable does not exist or has a monitor of
   * that type and severity; `present` (the stored monitors) gains those stored.
   */
  private activate(definitions: readonly MonitorDefinition[], present: Monitor[]): void {
    for (const d of definitions) {
      if (present.some((m) => m.id === d.id)) continue;
      if (present.some((m) => m.type === d.type && m.severity === d.severity && variableId(m) === variableId(d))) continue;
      if (!this.ctx.dm.facts(d)?.characteristics.supportsMonitoring) continue;
      // Spelled out, in the stored monitors' order: every station's monitors then share one
      // hidden class (a spread gave each station's its own).
      const monitor: Monitor = {
        id: d.id,
        component: d.component,
        variable: d.variable,
        type: d.type,
        value: d.value,
        severity: d.severity,
        transaction: d.transaction,
        origin: d.origin,
        tripped: false,
        reference: this.ctx.dm.get(d) ?? null,
      };
      this.store.put(monitor);
      present.push(monitor);
    }
  }

  private factsOf(data: SetMonitoringDataType): SetFacts {
    const facts = this.ctx.dm.facts(data);
    // N04.FR.03/04: an EVSE named without its id is a known component (TC_N_37_CS), EVSE 99 is not (TC_N_11_CS).
    const known = this.ctx.dm.hasComponent(data.component, { anyEvse: true });
    const variable = facts ?? (known ? 'UnknownVariable' : 'UnknownComponent');
    const existing = data.id === undefined ? undefined : this.get(data.id);
    return { variable, existing, monitors: this.cache };
  }

  private nextId(): number {
    return Math.max(this.store.maxId(), highestOwnId(this.ctx.description)) + 1;
  }

  private reload(): void {
    this.cache = this.store.all();
  }
}
