// Formatting shared by the benchmarks' tables.

import { createRequire } from 'node:module';

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const pad = (s: string, width: number, right = false): string => (right ? s.padStart(width) : s.padEnd(width));

/** The installed version of a package, for the machine line of a report. */
export function versionOf(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}
