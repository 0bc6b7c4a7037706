// The monitors table (migration 011): every variable monitor of the station, custom,
// preconfigured or hard-wired, with the little evaluation state that must survive a reboot
// (a threshold alert not yet cleared, N07.FR.14; a delta monitor's reference value).

import type { ComponentType, MonitorEnumType, VariableType } from '../../generated/ocpp201/index.js';
import type { StationKey, StationScope } from '../../store/scope.js';

export type MonitorOrigin = 'custom' | 'preconfigured' | 'hardwired';

export interface MonitorDefinition {
  id: number;
  component: ComponentType;
  variable: VariableType;
  type: MonitorEnumType;
  value: number;
  severity: number;
  transaction: boolean;
  origin: MonitorOrigin;
}

export interface Monitor extends MonitorDefinition {
  /** A threshold monitor whose alert went out and was not cleared yet. */
  tripped: boolean;
  /** A delta monitor's value when set or last reported; null: none yet. */
  reference: string | null;
}

interface Row {
  id: number;
  component: string;
  component_instance: string;
  evse_id: number;
  connector_id: number;
  variable: string;
  variable_instance: string;
  type: MonitorEnumType;
  value: number;
  severity: number;
  in_transaction: number;
  origin: MonitorOrigin;
  tripped: number;
  reference: string | null;
}

const COLUMNS = `id, component, component_instance, evse_id, connector_id, variable, variable_instance,
  type, value, severity, in_transaction, origin, tripped, reference`;

// Prepared once per database by the scope, and looked up there at each use rather than kept per station.
const SQL = {
  all: `SELECT ${COLUMNS} FROM monitors WHERE station = @station ORDER BY id`,
  get: `SELECT ${COLUMNS} FROM monitors WHERE station = @station AND id = ?`,
  put: `INSERT OR REPLACE INTO monitors (${COLUMNS}, station) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @station)`,
  delete: 'DELETE FROM monitors WHERE station = @station AND id = ?',
  tripped: 'UPDATE monitors SET tripped = ? WHERE station = @station AND id = ?',
  reference: 'UPDATE monitors SET reference = ? WHERE station = @station AND id = ?',
  maxId: 'SELECT max(id) AS id FROM monitors WHERE station = @station',
} as const;

export class MonitorStore {
  constructor(private readonly scope: StationScope) {}

  /** Every monitor, by id. */
  all(): Monitor[] {
    return this.scope.prepare<[StationKey], Row>(SQL.all).all(this.scope.key).map(toMonitor);
  }

  get(id: number): Monitor | undefined {
    const row = this.scope.prepare<[number, StationKey], Row>(SQL.get).get(id, this.scope.key);
    return row ? toMonitor(row) : undefined;
  }

  /** Stores the monitor, replacing one with the same id. */
  put(monitor: Monitor): void {
    const { component: c, variable: v } = monitor;
    this.scope
      .prepare(SQL.put)
      .run(
        monitor.id,
        c.name,
        c.instance ?? '',
        c.evse?.id ?? 0,
        c.evse?.connectorId ?? 0,
        v.name,
        v.instance ?? '',
        monitor.type,
        monitor.value,
        monitor.severity,
        monitor.transaction ? 1 : 0,
        monitor.origin,
        monitor.tripped ? 1 : 0,
        monitor.reference,
        this.scope.key,
      );
  }

  /** Deletes the monitor; true when it existed. */
  delete(id: number): boolean {
    return this.scope.prepare<[number, StationKey]>(SQL.delete).run(id, this.scope.key).changes > 0;
  }

  /** Deletes every monitor of the origins, in one SQLite transaction. */
  deleteOrigins(origins: readonly MonitorOrigin[]): void {
    this.scope.transaction(() => {
      for (const m of this.all())
        if (origins.includes(m.origin)) this.scope.prepare<[number, StationKey]>(SQL.delete).run(m.id, this.scope.key);
    });
  }

  setTripped(id: number, tripped: boolean): void {
    this.scope.prepare<[number, number, StationKey]>(SQL.tripped).run(tripped ? 1 : 0, id, this.scope.key);
  }

  setReference(id: number, reference: string | null): void {
    this.scope.prepare<[string | null, number, StationKey]>(SQL.reference).run(reference, id, this.scope.key);
  }

  /** The highest id in use, 0 when none. */
  maxId(): number {
    return this.scope.prepare<[StationKey], { id: number | null }>(SQL.maxId).get(this.scope.key)?.id ?? 0;
  }
}

function toMonitor(r: Row): Monitor {
  const component: ComponentType = { name: r.component };
  if (r.component_instance) component.instance = r.component_instance;
  if (r.evse_id) component.evse = r.connector_id ? { id: r.evse_id, connectorId: r.connector_id } : { id: r.evse_id };
  const variable: VariableType = { name: r.variable };
  if (r.variable_instance) variable.instance = r.variable_instance;
  return {
    id: r.id,
    component,
    variable,
    type: r.type,
    value: r.value,
    severity: r.severity,
    transaction: r.in_transaction === 1,
    origin: r.origin,
    tripped: r.tripped === 1,
    reference: r.reference,
  };
}
