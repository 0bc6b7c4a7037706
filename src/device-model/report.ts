// Report contents for GetBaseReport (B07) and GetReport (B08): which component-variables a
// report holds, each as a NotifyReport ReportDataType. Splitting into NotifyReport messages
// (seqNo, tbc, ItemsPerMessage) is the provisioning block's work.

import type {
  ComponentCriterionEnumType,
  ComponentType,
  ComponentVariableType,
  ReportBaseEnumType,
  ReportDataType,
  VariableAttributeType,
} from '../generated/ocpp201/types.js';
import type { VariableKey } from './path.js';
import type { VariableRow } from './variable-table.js';

/** A component instance as a string, to group variables by the component they belong to. */
export const componentId = (c: ComponentType): string =>
  [c.name.toLowerCase(), (c.instance ?? '').toLowerCase(), c.evse?.id ?? 0, c.evse?.connectorId ?? 0].join('|');

const same = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export function toReportData(row: VariableRow, maxValueSize: number): ReportDataType {
  const attributes = row.attributes.map((a) => {
    const attribute: VariableAttributeType = { type: a.type, mutability: a.mutability, persistent: a.persistent, constant: a.constant };
    // A WriteOnly value is never reported (TC_B_53: WriteOnly variables carry no value);
    // an unset one is reported without value, so the CSMS still learns the type exists (B07.FR.11).
    if (a.mutability !== 'WriteOnly' && a.value !== null) attribute.value = a.value.slice(0, maxValueSize);
    return attribute;
  });
  return {
    component: row.key.component,
    variable: row.key.variable,
    variableAttribute: attributes as ReportDataType['variableAttribute'],
    variableCharacteristics: row.characteristics, // B08.FR.12
  };
}

export function baseReportRows(rows: readonly VariableRow[], base: ReportBaseEnumType): VariableRow[] {
  switch (base) {
    case 'FullInventory': // B07.FR.08
      return [...rows];
    case 'ConfigurationInventory': // B07.FR.07: what the operator can set
      return rows.filter((r) => r.attributes.some((a) => a.mutability !== 'ReadOnly'));
    case 'SummaryInventory': // B07.FR.09
      return summaryRows(rows);
  }
}

const ABNORMAL = ['Problem', 'Tripped', 'Overload', 'Fallback'];

/**
 * AvailabilityState of the station and every EVSE, of a connector where it differs from its
 * EVSE, and the abnormal-state variables (Problem, Tripped, Overload, Fallback) that are true.
 */
function summaryRows(rows: readonly VariableRow[]): VariableRow[] {
  const actual = (r: VariableRow) => r.attributes.find((a) => a.type === 'Actual')?.value;
  const evseState = new Map<number, string | null | undefined>();
  for (const r of rows) {
    if (same(r.key.variable.name, 'AvailabilityState') && r.key.component.evse && r.key.component.evse.connectorId === undefined) {
      evseState.set(r.key.component.evse.id, actual(r));
    }
  }
  return rows.filter((r) => {
    const { component, variable } = r.key;
    if (same(variable.name, 'AvailabilityState')) {
      if (component.evse?.connectorId === undefined) return true;
      return actual(r) !== evseState.get(component.evse.id);
    }
    return ABNORMAL.some((n) => same(variable.name, n)) && actual(r) === 'true';
  });
}

/**
 * B08: the variables of the components that meet any of the criteria (B08.FR.07-10, FR.13),
 * limited to the listed component-variables (B08.FR.05, FR.11, FR.20-25). Absent or empty
 * filters do not limit.
 */
export function customReportRows(
  rows: readonly VariableRow[],
  criteria?: readonly ComponentCriterionEnumType[],
  componentVariables?: readonly ComponentVariableType[],
): VariableRow[] {
  let out = [...rows];
  if (criteria && criteria.length > 0) {
    const byComponent = new Map<string, VariableRow[]>();
    for (const r of rows) byComponent.set(componentId(r.key.component), [...(byComponent.get(componentId(r.key.component)) ?? []), r]);
    const meets = (component: VariableRow[]) =>
      criteria.some((criterion) => {
        const v = component.find((r) => same(r.key.variable.name, criterion) && !r.key.variable.instance);
        const value = v?.attributes.find((a) => a.type === 'Actual')?.value;
        // Active/Available/Enabled: true, or the component has no such variable; Problem: true.
        return value === 'true' || (v === undefined && criterion !== 'Problem');
      });
    const kept = new Set([...byComponent].filter(([, vars]) => meets(vars)).map(([id]) => id));
    out = out.filter((r) => kept.has(componentId(r.key.component)));
  }
  if (componentVariables && componentVariables.length > 0) {
    out = out.filter((r) => componentVariables.some((cv) => matches(r, cv)));
  }
  return out;
}

function matches(row: VariableRow, cv: ComponentVariableType): boolean {
  return matchesComponentVariable(row.key, cv);
}

/** Whether a component-variable filter of a GetReport (B08) or GetMonitoringReport (N02.FR.16-21) selects the variable. */
export function matchesComponentVariable(key: VariableKey, cv: ComponentVariableType): boolean {
  const c = key.component;
  if (!same(c.name, cv.component.name)) return false;
  // B08.FR.24/25: an instance given selects that instance; none selects every instance.
  if (cv.component.instance !== undefined && !same(c.instance, cv.component.instance)) return false;
  // B08.FR.22/23: an evse id selects that EVSE and its connectors; none selects all, and the top level.
  if (cv.component.evse) {
    if (c.evse?.id !== cv.component.evse.id) return false;
    if (cv.component.evse.connectorId !== undefined && c.evse.connectorId !== cv.component.evse.connectorId) return false;
  }
  if (!cv.variable) return true; // B08.FR.20: every variable of the component
  if (!same(key.variable.name, cv.variable.name)) return false;
  // B08.FR.21: no instance given: every instance of the variable.
  return cv.variable.instance === undefined || same(key.variable.instance, cv.variable.instance);
}
