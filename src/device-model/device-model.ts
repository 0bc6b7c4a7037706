// The station's device model (Part 1 §4, Part 2 B05-B08): seeded from device-model/components/*.json
// for the station description (a catalogue shared by stations of the same kind), overridden by
// `--set`, written by the CSMS; what differs from the seeds is kept in the station's rows. Values are the wire strings; typed getters read them for the blocks.

import { DM, DM_CATALOG, type StandardVariablePath } from '../generated/ocpp201/dm-catalog.js';
import type {
  AttributeEnumType,
  ComponentCriterionEnumType,
  ComponentType,
  ComponentVariableType,
  GetVariableDataType,
  GetVariableResultType,
  MutabilityEnumType,
  ReportBaseEnumType,
  ReportDataType,
  SetVariableDataType,
  SetVariableResultType,
} from '../generated/ocpp201/types.js';
import type { Clock } from '../clock/clock.js';
import type { StationDescription } from '../description/station-description.js';
import type { StationScope } from '../store/scope.js';
import { formatPath, parsePath, plainKey, type VariableKey } from './path.js';
import { baseReportRows, componentId, customReportRows, toReportData } from './report.js';
import type { SeedComponent } from './seeds.js';
import { catalogueFor, repositorySeeds } from './station-catalogue.js';
import { checkValue, normalizeValue, splitList } from './value-check.js';
import { type Catalogue, type Source, VariableTable, type VariableRow } from './variable-table.js';
import { LazyMap, LazySet } from '../collections/lazy.js';

export type VariableRef = StandardVariablePath | VariableKey;
export type ChangeListener = (value: string | null, change: { attribute: AttributeEnumType; source: Source }) => void;
/** A change of any variable: its key (the stored spelling) beside what a ChangeListener gets. */
export type AnyChangeListener = (key: VariableKey, value: string | null, change: { attribute: AttributeEnumType; source: Source }) => void;

/** What a monitor needs to know of a variable (N04): its characteristics and the mutability of Actual. */
export interface VariableFacts {
  key: VariableKey;
  characteristics: VariableRow['characteristics'];
  /** Actual's mutability; undefined when the variable has no Actual attribute. */
  mutability: MutabilityEnumType | undefined;
}

export interface DeviceModelOptions {
  description: StationDescription;
  /** `--set` values: path (Component[:i][@evse[:connector]]/Variable[:i]) → value. */
  overrides?: Readonly<Record<string, string>>;
  /** The charging station identity (SecurityCtrlr/Identity), when known. */
  identity?: string;
  clock?: Pick<Clock, 'now'>;
  /** Seed files; the repository's device-model/components by default. */
  seeds?: readonly SeedComponent[];
}

export class DeviceModelError extends Error {
  override readonly name = 'DeviceModelError';
}

/** Largest VariableAttribute.value / attributeValue on the wire, when ReportingValueSize is not set. */
const WIRE_VALUE_SIZE = 2500;

export class DeviceModel {
  /**
   * Per variable, copied on subscribe and unsubscribe and never changed in place (as the station
   * events are): a station subscribes to a few dozen variables, one or two listeners each, which
   * cost less as short arrays than as a Set each.
   */
  private readonly listeners = new Map<string, readonly ChangeListener[]>();
  private readonly anyListeners = new LazySet<AnyChangeListener>();
  private readonly live = new LazyMap<number, () => string>();

  /** `--set` values that were not applied because the CSMS has set the variable since. */
  readonly skippedOverrides: string[] = [];

  private constructor(
    private readonly table: VariableTable,
    private readonly catalogue: Catalogue,
  ) {}

  static open(scope: StationScope, options: DeviceModelOptions): DeviceModel {
    const clock = options.clock ?? { now: () => Date.now() };
    const now = () => new Date(clock.now()).toISOString();
    const { catalogue, values } = catalogueFor(options.seeds ?? repositorySeeds(), options.description, {
      serialNumber: options.description.serialNumber,
      identity: options.identity,
      now: now(),
    });
    const model = new DeviceModel(new VariableTable(scope, catalogue), catalogue);
    for (const { id, type, value } of values) model.table.writeValue(id, type, value, 'seed');
    model.table.load();
    model.applyOverrides(options.overrides ?? {});
    // The clock is the source of DateTime; the stored value is only its value at start-up.
    const dateTime = model.table.find(keyOf(DM.ClockCtrlr.DateTime));
    if (dateTime) model.live.set(dateTime.id, now);
    return model;
  }

  /** `--set` overrides seeds, but never a value the CSMS set (which persists across restarts). */
  private applyOverrides(overrides: Readonly<Record<string, string>>): void {
    for (const [path, raw] of Object.entries(overrides)) {
      const id = this.catalogue.idOfPath(path);
      const row = id === undefined ? undefined : this.table.byId(id);
      const actual = row?.attributes.find((a) => a.type === 'Actual');
      if (!row || !actual) throw new DeviceModelError(`--set ${path}: no such variable`);
      if (actual.source === 'csms') {
        this.skippedOverrides.push(path);
        continue;
      }
      const value = normalizeValue(raw, row.characteristics.dataType);
      const problem = checkValue(value, row.characteristics);
      if (problem) throw new DeviceModelError(`--set ${path}=${raw}: ${problem.additionalInfo ?? problem.reasonCode}`);
      this.table.writeValue(row.id, 'Actual', value, 'local');
    }
  }

  /** Throws unless every required variable (catalogue) of every seeded component has an Actual value. */
  checkRequired(): void {
    const missing: string[] = [];
    for (const { key, id } of requiredVariables(this.catalogue)) {
      const actual = id === undefined ? undefined : this.catalogue.rows[id]?.attributes.find((a) => a.type === 'Actual');
      if (id === undefined || !actual || this.table.value(id, actual) === null) missing.push(formatPath(key));
    }
    if (missing.length > 0) throw new DeviceModelError(`required variables without a value: ${missing.join(', ')}`);
  }

  // --- typed access for the station's own code ---

  /** The value of an attribute; undefined when absent, unset, or WriteOnly (read those with secret()). */
  get(ref: VariableRef, attribute: AttributeEnumType = 'Actual'): string | undefined {
    const found = this.attribute(ref, attribute);
    if (!found || found.mutability === 'WriteOnly') return undefined;
    return found.value ?? undefined;
  }

  getInt(ref: VariableRef, attribute: AttributeEnumType = 'Actual'): number | undefined {
    const value = this.get(ref, attribute);
    const n = value === undefined ? NaN : Number.parseInt(value, 10);
    return Number.isNaN(n) ? undefined : n;
  }

  getBool(ref: VariableRef, attribute: AttributeEnumType = 'Actual'): boolean | undefined {
    const value = this.get(ref, attribute);
    return value === undefined ? undefined : value === 'true';
  }

  getList(ref: VariableRef, attribute: AttributeEnumType = 'Actual'): string[] {
    return splitList(this.get(ref, attribute) ?? '');
  }

  /** A WriteOnly value (BasicAuthPassword), for the one piece of code that needs it. */
  secret(ref: VariableRef): string | undefined {
    const found = this.attribute(ref, 'Actual');
    return found?.mutability === 'WriteOnly' ? (found.value ?? undefined) : undefined;
  }

  /**
   * A write by the station itself (AvailabilityState, Entries, HeartbeatInterval from a boot
   * response): mutability does not apply, the value must still fit the data type.
   */
  set(ref: VariableRef, value: string, options: { attribute?: AttributeEnumType; source?: Exclude<Source, 'seed'> } = {}): void {
    const key = toKey(ref);
    const attribute = options.attribute ?? 'Actual';
    const row = this.table.find(key);
    if (!row?.attributes.some((a) => a.type === attribute)) throw new DeviceModelError(`${formatPath(key)} has no ${attribute} attribute`);
    const normalized = normalizeValue(value, row.characteristics.dataType);
    const problem = checkValue(normalized, row.characteristics);
    if (problem) throw new DeviceModelError(`${formatPath(key)}=${value}: ${problem.additionalInfo ?? problem.reasonCode}`);
    this.write(row, attribute, normalized, options.source ?? 'local');
  }

  /** Calls the listener after each change of any attribute of the variable, by anyone. Returns an unsubscribe function. */
  onChange(ref: VariableRef, listener: ChangeListener): () => void {
    const id = listenerId(toKey(ref));
    this.listeners.set(id, (this.listeners.get(id) ?? []).concat(listener));
    return () => {
      const listeners = this.listeners.get(id) ?? [];
      const at = listeners.indexOf(listener);
      if (at < 0) return;
      if (listeners.length === 1) this.listeners.delete(id);
      else this.listeners.set(id, listeners.slice(0, at).concat(listeners.slice(at + 1)));
    };
  }

  /** Calls the listener after each change of any attribute of any variable. Returns an unsubscribe function. */
  onAnyChange(listener: AnyChangeListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /**
   * Whether the component exists (has any variable). `anyEvse`: a component given without an
   * EVSE also exists when it does for some EVSE (EVSE, Connector).
   */
  hasComponent(component: ComponentType, options: { anyEvse?: boolean } = {}): boolean {
    if (this.table.hasComponent(plainKey({ component, variable: { name: '' } }).component)) return true;
    if (!options.anyEvse || component.evse) return false;
    const name = component.name.toLowerCase();
    const instance = (component.instance ?? '').toLowerCase();
    return this.table
      .all()
      .some((r) => r.key.component.name.toLowerCase() === name && (r.key.component.instance ?? '').toLowerCase() === instance);
  }

  /** The characteristics of a variable and the mutability of its Actual value; undefined when unknown. */
  facts(ref: VariableRef): VariableFacts | undefined {
    const row = this.table.find(toKey(ref));
    if (!row) return undefined;
    return { key: row.key, characteristics: row.characteristics, mutability: row.attributes.find((a) => a.type === 'Actual')?.mutability };
  }

  /** Actual values by path, for logs and the dashboard; WriteOnly values are left out. */
  toJSON(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const row of this.rows()) {
      const actual = row.attributes.find((a) => a.type === 'Actual');
      if (actual && actual.mutability !== 'WriteOnly') out[formatPath(row.key)] = actual.value;
    }
    return out;
  }

  // --- message semantics for the provisioning block ---

  /** One GetVariableResult of a GetVariablesResponse (B06). */
  getVariable(item: GetVariableDataType): GetVariableResultType {
    const attributeType = item.attributeType ?? 'Actual'; // B06.FR.03, B06.FR.11
    const result = { attributeType, component: item.component, variable: item.variable }; // B06.FR.02
    const key = plainKey(item);
    if (!this.table.hasComponent(key.component)) return { ...result, attributeStatus: 'UnknownComponent' }; // B06.FR.06, FR.15
    const row = this.table.find(key);
    if (!row) return { ...result, attributeStatus: 'UnknownVariable' }; // B06.FR.07, FR.15
    const attribute = this.withLive(row).attributes.find((a) => a.type === attributeType);
    if (!attribute) return { ...result, attributeStatus: 'NotSupportedAttributeType' }; // B06.FR.08
    if (attribute.mutability === 'WriteOnly')
      return { ...result, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'WriteOnly' } }; // B06.FR.09
    // B06.FR.10, FR.13 (unset → ''), truncated to ReportingValueSize.
    return { ...result, attributeStatus: 'Accepted', attributeValue: (attribute.value ?? '').slice(0, this.reportingValueSize()) };
  }

  /**
   * One SetVariableResult of a SetVariablesResponse (B05). An accepted value is stored as set
   * by the CSMS, survives restarts and `--set`, and is passed to the change listeners, except
   * for a variable marked rebootRequired in its seed (NetworkConfigurationPriority, B10.FR.01/04):
   * that one is stored and answered RebootRequired, and the station uses it from its next start.
   */
  setVariable(item: SetVariableDataType): SetVariableResultType {
    const attributeType = item.attributeType ?? 'Actual'; // B05.FR.03, B05.FR.12
    const result = { attributeType, component: item.component, variable: item.variable }; // B05.FR.02
    const key = plainKey(item);
    if (!this.table.hasComponent(key.component)) return { ...result, attributeStatus: 'UnknownComponent' }; // B05.FR.04
    const row = this.table.find(key);
    if (!row) return { ...result, attributeStatus: 'UnknownVariable' }; // B05.FR.05
    const attribute = row.attributes.find((a) => a.type === attributeType);
    if (!attribute) return { ...result, attributeStatus: 'NotSupportedAttributeType' }; // B05.FR.06
    if (attribute.mutability === 'ReadOnly')
      return { ...result, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'ReadOnly' } }; // B05.FR.09
    const value = normalizeValue(item.attributeValue, row.characteristics.dataType);
    const problem = checkValue(value, row.characteristics, this.getInt(DM.DeviceDataCtrlr.ConfigurationValueSize));
    if (problem) return { ...result, attributeStatus: 'Rejected', attributeStatusInfo: problem }; // B05.FR.07, FR.08
    if (row.rebootRequired) {
      this.table.writeValue(row.id, attributeType, value, 'csms');
      return { ...result, attributeStatus: 'RebootRequired' };
    }
    this.write(row, attributeType, value, 'csms');
    return { ...result, attributeStatus: 'Accepted' }; // B05.FR.10
  }

  /** The ReportData of a base report (B07.FR.07-09). */
  reportData(base: ReportBaseEnumType): ReportDataType[] {
    const size = this.reportingValueSize();
    return baseReportRows(this.rows(), base).map((r) => toReportData(r, size));
  }

  /** The ReportData of a custom report (B08); empty means the handler answers EmptyResultSet (B08.FR.15). */
  customReport(criteria?: readonly ComponentCriterionEnumType[], componentVariables?: readonly ComponentVariableType[]): ReportDataType[] {
    const size = this.reportingValueSize();
    return customReportRows(this.rows(), criteria, componentVariables).map((r) => toReportData(r, size));
  }

  // --- internals ---

  /** The hot path of every typed read: no parsing after the first read of a path, no merged row. */
  private attribute(ref: VariableRef, type: AttributeEnumType): { value: string | null; mutability: MutabilityEnumType } | undefined {
    const id = typeof ref === 'string' ? this.catalogue.idOfPath(ref) : this.catalogue.idOf(plainKey(ref));
    const seed = id === undefined ? undefined : this.catalogue.rows[id]?.attributes.find((a) => a.type === type);
    if (id === undefined || !seed) return undefined;
    const read = type === 'Actual' ? this.live.get(id) : undefined;
    return { value: read ? read() : this.table.value(id, seed), mutability: seed.mutability };
  }

  private rows(): VariableRow[] {
    return this.table.all().map((r) => this.withLive(r));
  }

  private withLive(row: VariableRow): VariableRow {
    const read = this.live.get(row.id);
    if (!read) return row;
    return { ...row, attributes: row.attributes.map((a) => (a.type === 'Actual' ? { ...a, value: read() } : a)) };
  }

  private write(row: VariableRow, attribute: AttributeEnumType, value: string, source: Source): void {
    const before = row.attributes.find((a) => a.type === attribute)?.value;
    this.table.writeValue(row.id, attribute, value, source);
    if (before === value) return;
    for (const listener of this.listeners.get(listenerId(row.key)) ?? []) listener(value, { attribute, source });
    for (const listener of [...this.anyListeners]) listener(row.key, value, { attribute, source });
  }

  private reportingValueSize(): number {
    return Math.min(this.getInt(DM.DeviceDataCtrlr.ReportingValueSize) ?? WIRE_VALUE_SIZE, WIRE_VALUE_SIZE);
  }
}

function toKey(ref: VariableRef): VariableKey {
  return typeof ref === 'string' ? parsePath(ref) : plainKey(ref);
}
const keyOf = (path: StandardVariablePath): VariableKey => parsePath(path);

const required = new WeakMap<Catalogue, { key: VariableKey; id: number | undefined }[]>();

/** The catalogue's required variables (DM_CATALOG) of every seeded component, with their rows' ids when seeded. */
function requiredVariables(catalogue: Catalogue): { key: VariableKey; id: number | undefined }[] {
  const known = required.get(catalogue);
  if (known) return known;
  const rows = catalogue.rows;
  const components = new Map(rows.map((r) => [componentId(r.key.component), r.key.component]));
  const out: { key: VariableKey; id: number | undefined }[] = [];
  for (const component of components.values()) {
    for (const entry of DM_CATALOG) {
      if (!entry.required || entry.component.toLowerCase() !== component.name.toLowerCase()) continue;
      const key: VariableKey = {
        component,
        variable: entry.instance ? { name: entry.variable, instance: entry.instance } : { name: entry.variable },
      };
      out.push({ key, id: catalogue.find(key)?.id });
    }
  }
  required.set(catalogue, out);
  return out;
}
const listenerId = (key: VariableKey) => formatPath(plainKey(key)).toLowerCase();
