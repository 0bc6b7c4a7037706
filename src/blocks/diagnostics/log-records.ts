// N01 what a GetLog uploads: the station keeps no log file, so it holds the recent records of each
// log in memory, bounded in count and in characters, oldest dropped first. The diagnostics log
// (N01.FR.04) is the OCPP frames in and out, already redacted by the RPC layer; the security log
// (N01.FR.03) is the security events (A04.FR.04).

import type { LogEnumType } from '../../generated/ocpp201/index.js';

/** Records kept per log: every station of a fleet keeps its own, so this stays small. */
export const MAX_RECORDS = 500;
/** Characters kept per log (256 KiB of text at most). */
export const MAX_CHARS = 256 * 1024;

interface LogRecord {
  at: number;
  line: string;
}

class Ring {
  private readonly records: LogRecord[] = [];
  private chars = 0;

  add(record: LogRecord): void {
    this.records.push(record);
    this.chars += record.line.length;
    while (this.records.length > MAX_RECORDS || (this.chars > MAX_CHARS && this.records.length > 1)) {
      this.chars -= this.records.shift()!.line.length;
    }
  }

  between(oldest: number, latest: number): LogRecord[] {
    return this.records.filter((r) => r.at >= oldest && r.at <= latest);
  }
}

export class LogRecords {
  private readonly logs: Record<LogEnumType, Ring> = { DiagnosticsLog: new Ring(), SecurityLog: new Ring() };

  /** `now` is station time in epoch milliseconds. */
  constructor(private readonly now: () => number) {}

  /** One OCPP frame, as traced (redacted). */
  frame(direction: string, text: string): void {
    this.add('DiagnosticsLog', `${direction} ${text}`);
  }

  /** One security event, also listed in the diagnostics. */
  security(type: string, techInfo?: string): void {
    const line = techInfo ? `${type} ${techInfo}` : type;
    this.add('SecurityLog', line);
    this.add('DiagnosticsLog', `security ${line}`);
  }

  /** The log as text, one record a line, limited to oldestTimestamp/latestTimestamp; undefined when empty (N01.FR.05). */
  text(logType: LogEnumType, oldestTimestamp?: string, latestTimestamp?: string): string | undefined {
    const oldest = oldestTimestamp ? Date.parse(oldestTimestamp) : -Infinity;
    const latest = latestTimestamp ? Date.parse(latestTimestamp) : Infinity;
    const records = this.logs[logType].between(oldest, latest);
    if (records.length === 0) return undefined;
    return records.map((r) => `${new Date(r.at).toISOString()} ${r.line}\n`).join('');
  }

  private add(logType: LogEnumType, line: string): void {
    this.logs[logType].add({ at: this.now(), line });
  }
}
