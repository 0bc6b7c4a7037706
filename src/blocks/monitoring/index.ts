// N. Diagnostics, variable monitoring: SetVariableMonitoring (N04), ClearVariableMonitoring (N06),
// SetMonitoringBase (N03), SetMonitoringLevel (N05), GetMonitoringReport with
// NotifyMonitoringReport (N02), and the NotifyEvents of triggered monitors (N07, N08).

export { Monitors } from './monitors.js';
export { MonitorEvents } from './monitor-events.js';
export type { Monitor, MonitorOrigin } from './monitor-store.js';
export { decideSet, setVariableMonitoring, type SetFacts, type SetDecision } from './set-variable-monitoring.js';
export { afterGetMonitoringReport, getMonitoringReport, reportParts, selectMonitors } from './get-monitoring-report.js';
export { clearVariableMonitoring } from './clear-variable-monitoring.js';
export { setMonitoringBase } from './set-monitoring-base.js';
export { setMonitoringLevel } from './set-monitoring-level.js';
export { monitoringBlock } from './block.js';
