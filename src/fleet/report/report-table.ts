// The report as `ocpp-station fleet` prints it on exit: one row per action and one for all, then
// the CALLERROR codes of the actions that had any.

import type { ActionRow, FleetReport } from './fleet-report.js';

const COLUMNS = ['action', 'count', 'ok', 'errors', 'timeouts', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'] as const;

export function reportTable(report: FleetReport): string {
  const rows = [...report.actions, report.total].map(cells);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (values: readonly string[]): string =>
    values.map((value, i) => (i === 0 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join('  ');
  const lines = [line(COLUMNS), ...rows.map(line)];
  for (const action of report.actions) {
    const codes = errorList(action);
    if (codes) lines.push(`errors of ${action.action}: ${codes}`);
  }
  return lines.join('\n');
}

/** `InternalError=2 invalid=1`, or '' when the action had none. */
export function errorList(row: ActionRow): string {
  const parts = Object.entries(row.errors).map(([code, n]) => `${code}=${n}`);
  if (row.invalid > 0) parts.push(`invalid=${row.invalid}`);
  return parts.join(' ');
}

export function errorCount(row: ActionRow): number {
  return Object.values(row.errors).reduce((sum, n) => sum + n, 0) + row.invalid;
}

function cells(row: ActionRow): string[] {
  const { latencyMs: l } = row;
  const ms = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(value < 10 ? 2 : 1));
  return [
    row.action,
    String(row.count),
    String(row.ok),
    String(errorCount(row)),
    String(row.timeouts),
    ms(l?.p50),
    ms(l?.p95),
    ms(l?.p99),
    ms(l?.max),
  ];
}
