// N04 Set Variable Monitoring: one SetMonitoringResult per SetMonitoringData, in order
// (N04.FR.01), echoing its type, severity, component and variable (N04.FR.02). Pure: the
// Monitors block supplies the variable's facts and the monitors already set.
//
//   id given, no such monitor ................................. Rejected        N04.FR.13
//   id given, monitor on another component/variable ........... Rejected        N04.FR.16
//   id given, hard-wired monitor .............................. Rejected        N04.FR.18
//   severity outside 0..9 ..................................... Rejected
//   unknown component ......................................... UnknownComponent N04.FR.03
//   unknown variable of the component ......................... UnknownVariable N04.FR.04
//   variable not monitorable, or a threshold on a non-number .. UnsupportedMonitorType N04.FR.05
//   Delta below 0 ............................................. Rejected        N04.FR.14
//   Periodic / PeriodicClockAligned under 1 second ............ Rejected
//   threshold below minLimit or above maxLimit ................ Rejected        N04.FR.06 (errata 2025-01)
//   same type and severity on the variable, other id .......... Duplicate       N04.FR.10
//   otherwise ................................................. Accepted        N04.FR.08, id generated N04.FR.11

import type {
  SetMonitoringDataType,
  SetMonitoringResultType,
  SetMonitoringStatusEnumType,
  SetVariableMonitoringRequest,
  SetVariableMonitoringResponse,
  StatusInfoType,
} from '../../generated/ocpp201/index.js';
import type { VariableFacts } from '../../device-model/device-model.js';
import { exactId, inexactIdInfo } from '../../kernel/ids.js';
import { sameVariable } from './monitor-key.js';
import type { Monitor } from './monitor-store.js';

export interface SetFacts {
  /** The monitored variable, or which part of its address is unknown. */
  variable: VariableFacts | 'UnknownComponent' | 'UnknownVariable';
  /** The monitor with the request's id, when an id is given and exists. */
  existing: Monitor | undefined;
  /** The monitors set now on any variable. */
  monitors: readonly Monitor[];
}

export interface SetDecision {
  status: SetMonitoringStatusEnumType;
  statusInfo?: StatusInfoType;
}

const refuse = (status: SetMonitoringStatusEnumType, reasonCode: string, additionalInfo: string): SetDecision => ({
  status,
  statusInfo: { reasonCode, additionalInfo },
});

const NUMERIC: ReadonlySet<string> = new Set(['integer', 'decimal']);
const THRESHOLDS: ReadonlySet<string> = new Set(['UpperThreshold', 'LowerThreshold']);

export const isNumeric = (facts: VariableFacts): boolean => NUMERIC.has(facts.characteristics.dataType);

export function decideSet(data: SetMonitoringDataType, facts: SetFacts): SetDecision {
  if (data.id !== undefined) {
    if (!exactId(data.id)) return refuse('Rejected', 'InvalidValue', inexactIdInfo('id'));
    const { existing } = facts;
    if (!existing) return refuse('Rejected', 'NotFound', `no monitor with id ${data.id}`); // N04.FR.13
    if (!sameVariable(existing, data)) return refuse('Rejected', 'InvalidValue', 'a monitor cannot move to another variable'); // N04.FR.16
    if (existing.origin === 'hardwired') return refuse('Rejected', 'ReadOnly', 'a hard-wired monitor cannot be changed'); // N04.FR.18
  }
  if (!Number.isInteger(data.severity) || data.severity < 0 || data.severity > 9) {
    return refuse('Rejected', 'ValueOutOfRange', 'severity is 0..9');
  }
  if (facts.variable === 'UnknownComponent' || facts.variable === 'UnknownVariable') return { status: facts.variable }; // N04.FR.03/04
  const variable = facts.variable;
  const { minLimit, maxLimit, supportsMonitoring } = variable.characteristics;
  if (!supportsMonitoring) return refuse('UnsupportedMonitorType', 'UnsupportedParam', 'the variable cannot be monitored'); // N04.FR.05
  const threshold = THRESHOLDS.has(data.type);
  if (threshold && !isNumeric(variable)) {
    return refuse('UnsupportedMonitorType', 'UnsupportedParam', `${data.type} needs a numeric variable`); // N04.FR.05
  }
  if (data.type === 'Delta' && data.value < 0) return refuse('Rejected', 'ValuePositiveOnly', 'a Delta value is 0 or more'); // N04.FR.14
  if ((data.type === 'Periodic' || data.type === 'PeriodicClockAligned') && data.value < 1) {
    return refuse('Rejected', 'ValueOutOfRange', 'a period is at least 1 second');
  }
  if (threshold && ((minLimit !== undefined && data.value < minLimit) || (maxLimit !== undefined && data.value > maxLimit))) {
    return refuse('Rejected', 'ValueOutOfRange', `the variable ranges ${minLimit ?? '-∞'}..${maxLimit ?? '∞'}`); // N04.FR.06
  }
  const duplicate = facts.monitors.find(
    (m) => m.id !== data.id && m.type === data.type && m.severity === data.severity && sameVariable(m, data),
  );
  if (duplicate) return refuse('Duplicate', 'Duplicate', `monitor ${duplicate.id} has this type and severity`); // N04.FR.10
  return { status: 'Accepted' };
}

/** The result of one element, echoing what N04.FR.02 asks for. */
export function resultOf(data: SetMonitoringDataType, decision: SetDecision, id: number | undefined): SetMonitoringResultType {
  return {
    ...(id !== undefined ? { id } : {}),
    status: decision.status,
    ...(decision.statusInfo ? { statusInfo: decision.statusInfo } : {}),
    type: data.type,
    severity: data.severity,
    component: data.component,
    variable: data.variable,
  };
}

export function setVariableMonitoring(
  request: SetVariableMonitoringRequest,
  monitors: { set(data: SetMonitoringDataType): SetMonitoringResultType },
): SetVariableMonitoringResponse {
  const results = request.setMonitoringData.map((data) => monitors.set(data)); // in order: a later element sees the earlier ones
  return { setMonitoringResult: results as SetVariableMonitoringResponse['setMonitoringResult'] };
}
