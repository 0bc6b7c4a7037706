// N02 Get Monitoring Report: the monitors that meet the monitoringCriteria and the
// componentVariable filters (N02.FR.05/06/08/11-14, FR.16-21), Accepted and sent in
// NotifyMonitoringReport parts (N02.FR.01/03), or EmptyResultSet when none (N02.FR.10). Every part
// carries the requestId (N02.FR.04), seqNo counts from 0 (N02.FR.09) and tbc is set on all but
// the last; parts stay within ItemsPerMessage/BytesPerMessage of GetReport, whose request
// limits apply to the componentVariables too (N02.FR.07). The CSMS asked, so parts may go while Pending.

import { matchesComponentVariable } from '../../device-model/report.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  GetMonitoringReportRequest,
  GetMonitoringReportResponse,
  MonitorEnumType,
  MonitoringCriterionEnumType,
  MonitoringDataType,
  NotifyMonitoringReportRequest,
  VariableMonitoringType,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { type PartLimits, reportRequests, sendInParts } from '../../kernel/report-parts.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { checkLimits } from '../provisioning/index.js';
import { variableId } from './monitor-key.js';
import type { Monitor } from './monitor-store.js';

const TYPES: Record<MonitoringCriterionEnumType, readonly MonitorEnumType[]> = {
  ThresholdMonitoring: ['UpperThreshold', 'LowerThreshold'], // N02.FR.12
  DeltaMonitoring: ['Delta'], // N02.FR.13
  PeriodicMonitoring: ['Periodic', 'PeriodicClockAligned'], // N02.FR.14
};

const LIMITS = { items: DM.DeviceDataCtrlr.ItemsPerMessage.GetReport, bytes: DM.DeviceDataCtrlr.BytesPerMessage.GetReport };

/** The monitors the request selects, grouped per component and variable, in id order. */
export function selectMonitors(monitors: readonly Monitor[], request: GetMonitoringReportRequest): MonitoringDataType[] {
  const { monitoringCriteria: criteria, componentVariable: filters } = request;
  const types = criteria ? new Set(criteria.flatMap((c) => TYPES[c])) : undefined;
  const groups = new Map<string, MonitoringDataType>();
  for (const m of monitors) {
    if (types && !types.has(m.type)) continue;
    if (filters && !filters.some((cv) => matchesComponentVariable(m, cv))) continue;
    const entry: VariableMonitoringType = { id: m.id, transaction: m.transaction, value: m.value, type: m.type, severity: m.severity };
    const group = groups.get(variableId(m));
    if (group) group.variableMonitoring.push(entry);
    else groups.set(variableId(m), { component: m.component, variable: m.variable, variableMonitoring: [entry] });
  }
  return [...groups.values()];
}

export function reportParts(
  requestId: number,
  generatedAt: string,
  data: readonly MonitoringDataType[],
  limits: PartLimits,
): NotifyMonitoringReportRequest[] {
  return reportRequests('NotifyMonitoringReport', 'monitor', { requestId, generatedAt }, data, limits);
}

interface ReportSource {
  all(): readonly Monitor[];
}

export function getMonitoringReport(
  request: GetMonitoringReportRequest,
  monitors: ReportSource,
  ctx: StationContext,
  call: HandlerContext,
): GetMonitoringReportResponse {
  checkLimits(ctx.dm, LIMITS, call, request, request.componentVariable?.length ?? 0); // N02.FR.07
  // Every monitoringCriterion is supported, so never NotSupported (N02.FR.02).
  return { status: selectMonitors(monitors.all(), request).length > 0 ? 'Accepted' : 'EmptyResultSet' }; // N02.FR.01/10
}

export async function afterGetMonitoringReport(
  request: GetMonitoringReportRequest,
  response: GetMonitoringReportResponse,
  monitors: ReportSource,
  ctx: StationContext,
): Promise<void> {
  if (response.status !== 'Accepted') return;
  const limits = {
    maxItems: ctx.dm.getInt(LIMITS.items) ?? 100,
    maxBytes: ctx.dm.getInt(LIMITS.bytes) ?? 65_000,
  };
  const parts = reportParts(request.requestId, ctx.now().toISOString(), selectMonitors(monitors.all(), request), limits);
  await sendInParts(ctx, 'NotifyMonitoringReport', parts);
}
