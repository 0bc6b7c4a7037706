// SQL access to the device-model tables of migration 001. Keys are stored with '' for an absent
// instance and 0 for an absent EVSE/connector id; this file is the only one that knows that.

import type { Database } from '../store/database.js';
import type { AttributeEnumType, ComponentType, MutabilityEnumType, VariableCharacteristicsType } from '../generated/ocpp201/types.js';
import type { VariableKey } from './path.js';
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

interface RawVariable {
  id: number;
  component: string;
  component_instance: string;
  evse_id: number;
  connector_id: number;
  variable: string;
  variable_instance: string;
  data_type: VariableCharacteristicsType['dataType'];
  unit: string | null;
  min_limit: number | null;
  max_limit: number | null;
  values_list: string | null;
  supports_monitoring: number;
  reboot_required: number;
}
interface RawAttribute extends Omit<AttributeRow, 'persistent' | 'constant'> {
  variable_id: number;
  persistent: number;
  constant: number;
}

const componentParams = (c: ComponentType) => [c.name, c.instance ?? '', c.evse?.id ?? 0, c.evse?.connectorId ?? 0];
const keyParams = (k: VariableKey) => [...componentParams(k.component), k.variable.name, k.variable.instance ?? ''];
const KEY_WHERE = `component = ? AND component_instance = ? AND evse_id = ? AND connector_id = ? AND variable = ? AND variable_instance = ?`;

export class VariableTable {
  // Lookups run on hot paths (every message reads MessageTimeout, every heartbeat its interval),
  // so their statements are prepared once.
  private readonly lookups;

  constructor(private readonly db: Database) {
    this.lookups = {
      component: db.prepare(
        `SELECT 1 FROM variables WHERE component = ? AND component_instance = ? AND evse_id = ? AND connector_id = ? LIMIT 1`,
      ),
      variable: db.prepare(`SELECT * FROM variables WHERE ${KEY_WHERE}`),
      attributes: db.prepare(`SELECT * FROM variable_attributes WHERE variable_id = ?`),
    };
  }

  hasComponent(c: ComponentType): boolean {
    return this.lookups.component.get(...componentParams(c)) !== undefined;
  }

  find(key: VariableKey): VariableRow | undefined {
    const raw = this.lookups.variable.get(...keyParams(key)) as RawVariable | undefined;
    if (!raw) return undefined;
    const attributes = this.lookups.attributes.all(raw.id) as RawAttribute[];
    return toRow(raw, attributes);
  }

  /** Every variable with its attributes, in a stable order (by component, then variable). */
  all(): VariableRow[] {
    const raws = this.db
      .prepare(`SELECT * FROM variables ORDER BY component, component_instance, evse_id, connector_id, variable, variable_instance`)
      .all() as RawVariable[];
    const byId = new Map<number, RawAttribute[]>();
    for (const a of this.db.prepare(`SELECT * FROM variable_attributes ORDER BY variable_id, type`).all() as RawAttribute[]) {
      byId.set(a.variable_id, [...(byId.get(a.variable_id) ?? []), a]);
    }
    return raws.map((r) => toRow(r, byId.get(r.id) ?? []));
  }

  writeValue(variableId: number, type: AttributeEnumType, value: string | null, source: Source): void {
    this.db
      .prepare(`UPDATE variable_attributes SET value = ?, source = ? WHERE variable_id = ? AND type = ?`)
      .run(value, source, variableId, type);
  }

  /**
   * Brings the tables in line with the seeds, in one transaction. Definitions (characteristics,
   * mutability, persistent, constant) always come from the seeds. A value comes from the seed
   * when the attribute is new, when the seed set it last, or when it is not persistent (a
   * state such as AvailabilityState starts afresh); a value set by the station or by the CSMS
   * is kept. Variables no longer seeded (an EVSE removed from the description) are dropped.
   */
  applySeeds(entries: readonly SeedEntry[]): void {
    const upsertVariable = this.db.prepare(`
      INSERT INTO variables (component, component_instance, evse_id, connector_id, variable, variable_instance,
                             data_type, unit, min_limit, max_limit, values_list, supports_monitoring, reboot_required)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET data_type = excluded.data_type, unit = excluded.unit, min_limit = excluded.min_limit,
        max_limit = excluded.max_limit, values_list = excluded.values_list,
        supports_monitoring = excluded.supports_monitoring, reboot_required = excluded.reboot_required
      RETURNING id`);
    const upsertAttribute = this.db.prepare(`
      INSERT INTO variable_attributes (variable_id, type, value, mutability, persistent, constant, source)
      VALUES (?, ?, ?, ?, ?, ?, 'seed')
      ON CONFLICT DO UPDATE SET mutability = excluded.mutability, persistent = excluded.persistent, constant = excluded.constant,
        value = CASE WHEN source = 'seed' OR excluded.persistent = 0 THEN excluded.value ELSE value END,
        source = CASE WHEN source = 'seed' OR excluded.persistent = 0 THEN 'seed' ELSE source END`);
    this.db.transaction(() => {
      this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS seeded (id INTEGER PRIMARY KEY); DELETE FROM seeded;`);
      const seeded = this.db.prepare(`INSERT OR IGNORE INTO seeded (id) VALUES (?)`);
      for (const e of entries) {
        const c = e.characteristics;
        const { id } = upsertVariable.get(
          ...keyParams(e.key),
          c.dataType,
          c.unit ?? null,
          c.minLimit ?? null,
          c.maxLimit ?? null,
          c.valuesList ?? null,
          c.supportsMonitoring ? 1 : 0,
          e.rebootRequired ? 1 : 0,
        ) as { id: number };
        seeded.run(id);
        for (const a of e.attributes) upsertAttribute.run(id, a.type, a.value, a.mutability, a.persistent ? 1 : 0, a.constant ? 1 : 0);
        const types = e.attributes.map((a) => a.type);
        this.db
          .prepare(`DELETE FROM variable_attributes WHERE variable_id = ? AND type NOT IN (${types.map(() => '?').join(',')})`)
          .run(id, ...types);
      }
      this.db.exec(`DELETE FROM variables WHERE id NOT IN (SELECT id FROM seeded); DROP TABLE seeded;`);
    })();
  }
}

function toRow(r: RawVariable, attributes: RawAttribute[]): VariableRow {
  const key: VariableKey = { component: { name: r.component }, variable: { name: r.variable } };
  if (r.component_instance) key.component.instance = r.component_instance;
  if (r.evse_id) key.component.evse = r.connector_id ? { id: r.evse_id, connectorId: r.connector_id } : { id: r.evse_id };
  if (r.variable_instance) key.variable.instance = r.variable_instance;
  const characteristics: VariableRow['characteristics'] = { dataType: r.data_type, supportsMonitoring: r.supports_monitoring === 1 };
  if (r.unit !== null) characteristics.unit = r.unit;
  if (r.min_limit !== null) characteristics.minLimit = r.min_limit;
  if (r.max_limit !== null) characteristics.maxLimit = r.max_limit;
  if (r.values_list !== null) characteristics.valuesList = r.values_list;
  return {
    id: r.id,
    key,
    characteristics,
    rebootRequired: r.reboot_required === 1,
    attributes: attributes.map((a) => ({
      type: a.type,
      value: a.value,
      mutability: a.mutability,
      persistent: a.persistent === 1,
      constant: a.constant === 1,
      source: a.source,
    })),
  };
}
