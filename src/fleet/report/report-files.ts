// Where `fleet --report FILE.json` and `--report-html FILE.html` go: checked when the fleet
// starts (a run of an hour must not end with "no such directory"), written when it stops.

import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FleetReport } from './fleet-report.js';
import { reportHtml } from './report-html.js';

export interface ReportFiles {
  json?: string;
  html?: string;
}

/** The absolute path, or the reason it cannot be written: its directory is missing or not writable, or it is a directory. */
export function checkReportPath(path: string): { path: string } | { problem: string } {
  const absolute = resolve(path);
  const parent = dirname(absolute);
  try {
    if (!statSync(parent).isDirectory()) return { problem: `${parent} is not a directory` };
    accessSync(parent, constants.W_OK);
  } catch {
    return { problem: `directory ${parent} does not exist or is not writable` };
  }
  try {
    if (statSync(absolute).isDirectory()) return { problem: `${absolute} is a directory` };
  } catch {
    // Not there yet: it will be created.
  }
  return { path: absolute };
}

export function writeReportFiles(report: FleetReport, files: ReportFiles): void {
  if (files.json !== undefined) writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  if (files.html !== undefined) writeFileSync(files.html, reportHtml(report));
}
