// The device model's variables: the definitions and seed values come from a catalogue that is
// built once per process for each kind of station and shared by every station of that kind;
// a station holds only the values that differ from it. Those it keeps in memory, and the
// persistent ones also in its `variable_values` rows (migration 012), so that they survive a
// restart. Keys compare case-insensitively, as the device model's names do (Part 2 §1.2).

import type { AttributeEnumType, ComponentType, MutabilityEnumType, VariableCharacteristicsType } from '../generated/ocpp201/types.js';
import type { StationKey, StationScope } from '../store/scope.js';
import { parsePath, type VariableKey } from './path.js';
import type { SeedEntry } from './seeds.js';

export type Source = 'seed' | 'local' | 'csms';

export interface AttributeRow {
  type: AttributeEnumType;
  value: string | null;
  mutability: MutabilityEnumType;
  persistent: boolean;
  constant: boolean;
  source: Source;
}
export interface VariableRow {
  id: number;
  key: VariableKey;
  characteristics: Omit<VariableCharacteristicsType, 'customData'>;
  rebootRequired: boolean;
  attributes: AttributeRow[];
}

interface ValueRow {
  component: string;
  component_instance: string;
  evse_id: number;
  connector_id: number;
  variable: string;
  variable_instance: string;
  type: AttributeEnumType;
  value: string | null;
  source: Exclude<Source, 'seed'>;
}

const componentId = (c: ComponentType): string =>
  `${c.name.toLowerCase()}\0${(c.instance ?? '').toLowerCase()}\0${c.evse?.id ?? 0}\0${c.evse?.connectorId ?? 0}`;
const variableId = (k: VariableKey): string =>
  `${componentId(k.component)}\0${k.variable.name.toLowerCase()}\0${(k.variable.instance ?? '').toLowerCase()}`;
const keyParams = (k: VariableKey) => [
  k.component.name,
  k.component.instance ?? '',
  k.component.evse?.id ?? 0,
  k.component.evse?.connectorId ?? 0,
  k.variable.name,
  k.variable.instance ?? '',
];

const MAX_PATHS = 4096;

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareKeys(a: VariableKey, b: VariableKey): number {
  const [ca, cb] = [a.component, b.component];
  return (
    text(ca.name.toLowerCase(), cb.name.toLowerCase()) ||
    text((ca.instance ?? '').toLowerCase(), (cb.instance ?? '').toLowerCase()) ||
    (ca.evse?.id ?? 0) - (cb.evse?.id ?? 0) ||
    (ca.evse?.connectorId ?? 0) - (cb.evse?.connectorId ?? 0) ||
    text(a.variable.name.toLowerCase(), b.variable.name.toLowerCase()) ||
    text((a.variable.instance ?? '').toLowerCase(), (b.variable.instance ?? '').toLowerCase())
  );
}

/** The variables of one kind of station with their seed values, in report order; never changed once built. */
export class Catalogue {
  readonly rows: readonly VariableRow[];
  private readonly byKey = new Map<string, number>();
  private readonly components = new Set<string>();
  /** Paths the station's code reads (the DM constants, a bounded set): parsed once per catalogue, not per read. */
  private readonly byPath = new Map<string, number | undefined>();

  constructor(entries: readonly SeedEntry[]) {
    const rows = entries.map((e) => ({
      id: 0,
      key: e.key,
      characteristics: e.characteristics,
      rebootRequired: e.rebootRequired === true,
      attributes: e.attributes.map((a) => ({ ...a, source: 'seed' as const })),
    }));
    // The order of a report: by component, instance, EVSE, connector (as numbers), then variable.
    rows.sort((a, b) => compareKeys(a.key, b.key));
    rows.forEach((row, id) => {
      row.id = id;
      this.byKey.set(variableId(row.key), id);
      this.components.add(componentId(row.key.component));
    });
    this.rows = rows;
  }

  find(key: VariableKey): VariableRow | undefined {
    const id = this.idOf(key);
    return id === undefined ? undefined : this.rows[id];
  }

  idOf(key: VariableKey): number | undefined {
    return this.byKey.get(variableId(key));
  }

  /** The id of a path's variable; throws a PathError for a malformed path. */
  idOfPath(path: string): number | undefined {
    if (this.byPath.has(path)) return this.byPath.get(path);
    const id = this.idOf(parsePath(path));
    if (this.byPath.size < MAX_PATHS) this.byPath.set(path, id);
    return id;
  }

  hasComponent(c: ComponentType): boolean {
    return this.components.has(componentId(c));
  }
}

type OwnValues = Partial<Record<AttributeEnumType, { value: string | null; source: Source }>>;

/** One station's view: the catalogue with the station's own values over it. */
export class VariableTable {
  /**
   * Values that differ from the catalogue, by variable id then attribute. The attributes of one
   * variable are a plain object, not a Map: a station has a dozen such variables (its identity,
   * overrides, states) and a Map's hash table costs several times a small object's.
   */
  private readonly own = new Map<number, OwnValues>();
  private readonly key: StationKey;

  constructor(
    private readonly scope: StationScope,
    private readonly catalogue: Catalogue,
  ) {
    this.key = scope.key;
  }

  hasComponent(c: ComponentType): boolean {
    return this.catalogue.hasComponent(c);
  }

  find(key: VariableKey): VariableRow | undefined {
    const row = this.catalogue.find(key);
    return row && this.merged(row);
  }

  byId(variableId: number): VariableRow | undefined {
    const row = this.catalogue.rows[variableId];
    return row && this.merged(row);
  }

  /** Every variable with its attributes, in a stable order (by component, then variable). */
  all(): VariableRow[] {
    return this.catalogue.rows.map((row) => this.merged(row));
  }

  /** One attribute's value, the station's own over the seed's, without building the merged row. */
  value(variableId: number, seed: AttributeRow): string | null {
    const own = this.own.get(variableId)?.[seed.type];
    return own ? own.value : seed.value;
  }

  writeValue(variableId: number, type: AttributeEnumType, value: string | null, source: Source): void {
    const row = this.catalogue.rows[variableId];
    const attribute = row?.attributes.find((a) => a.type === type);
    if (!row || !attribute) return;
    // The station writing what its seed already says (a count of 0 at start) stores nothing: a
    // fleet's every station would otherwise hold the same values. A CSMS's write is kept, since
    // it outranks `--set` (DeviceModel.applyOverrides).
    if (source !== 'csms' && value === attribute.value && this.own.get(variableId)?.[type] === undefined) return;
    let values = this.own.get(variableId);
    if (!values) {
      values = {};
      this.own.set(variableId, values);
    }
    values[type] = { value, source };
    // What does not persist (a state such as AvailabilityState) starts afresh: memory is enough.
    if (!attribute.persistent || source === 'seed') return;
    this.scope
      .prepare(
        `INSERT INTO variable_values (station, component, component_instance, evse_id, connector_id, variable, variable_instance, type, value, source)
         VALUES (@station, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET value = excluded.value, source = excluded.source`,
      )
      .run(...keyParams(row.key), type, value, source, this.key);
  }

  /**
   * Takes the station's stored values. A value is the seed's again when its variable or attribute
   * is no longer seeded (an EVSE removed from the description) or does not persist: such rows go.
   */
  load(): void {
    const rows = this.scope.prepare<[StationKey], ValueRow>('SELECT * FROM variable_values WHERE station = @station').all(this.key);
    const gone: ValueRow[] = [];
    for (const r of rows) {
      const key: VariableKey = {
        component: { name: r.component, instance: r.component_instance, evse: { id: r.evse_id, connectorId: r.connector_id } },
        variable: { name: r.variable, instance: r.variable_instance },
      };
      const row = this.catalogue.find(key);
      const attribute = row?.attributes.find((a) => a.type === r.type);
      if (!row || !attribute?.persistent) {
        gone.push(r);
        continue;
      }
      const values = this.own.get(row.id) ?? {};
      values[r.type] = { value: r.value, source: r.source };
      this.own.set(row.id, values);
    }
    const remove = this.scope.prepare(
      `DELETE FROM variable_values WHERE station = @station AND component = ? AND component_instance = ? AND evse_id = ?
         AND connector_id = ? AND variable = ? AND variable_instance = ? AND type = ?`,
    );
    for (const r of gone) {
      remove.run(r.component, r.component_instance, r.evse_id, r.connector_id, r.variable, r.variable_instance, r.type, this.key);
    }
  }

  private merged(row: VariableRow): VariableRow {
    const values = this.own.get(row.id);
    if (!values) return row;
    return { ...row, attributes: row.attributes.map((a) => ({ ...a, ...values[a.type] })) };
  }
}
