// N01 what a GetLog uploads: the station keeps no log file, so it holds the recent records of each
// log in memory, bounded in count and in characters, oldest dropped first. The diagnostics log
// (N01.FR.04) is the OCPP frames in and out, already redacted by the RPC layer; the security log
// (N01.FR.03) is the security events (A04.FR.04).

import type { LogEnumType } from '../../generated/ocpp201/index.js';

/** Records kept per log by a station of its own. */
export const MAX_RECORDS = 500;
/** Characters kept per log (256 KiB of text at most). */
export const MAX_CHARS = 256 * 1024;

/**
 * How much of each log a station keeps in memory. A fleet member keeps far less: every station of
 * the fleet has its own logs, and at 500 records each would outgrow all the rest of it.
 */
export interface LogLimits {
  records: number;
  chars: number;
}

interface LogRecord {
  at: number;
  line: string;
}

/** What a station keeps when not told otherwise. */
const DEFAULT_LIMITS: LogLimits = { records: MAX_RECORDS, chars: MAX_CHARS };

class Ring {
  private readonly records: LogRecord[] = [];
  private chars = 0;

  constructor(private readonly limits: LogLimits) {}

  add(record: LogRecord): void {
    this.records.push(record);
    this.chars += record.line.length;
    while (this.records.length > this.limits.records || (this.chars > this.limits.chars && this.records.length > 1)) {
      this.chars -= this.records.shift()!.line.length;
    }
  }

  /** Drops the records `drop` picks; the number dropped. */
  remove(drop: (line: string) => boolean): number {
    const before = this.records.length;
    const kept = this.records.filter((r) => !drop(r.line));
    this.records.splice(0, this.records.length, ...kept);
    this.chars = kept.reduce((n, r) => n + r.line.length, 0);
    return before - kept.length;
  }

  count(pick: (line: string) => boolean): number {
    return this.records.filter((r) => pick(r.line)).length;
  }

  between(oldest: number, latest: number): LogRecord[] {
    return this.records.filter((r) => r.at >= oldest && r.at <= latest);
  }
}

export class LogRecords {
  /** Each log's records, made with its first record: a log never written to reads as empty. */
  private diagnostics: Ring | undefined;
  private securityLog: Ring | undefined;

  /** `time.now()` is station time. */
  constructor(
    private readonly time: { now(): Date },
    private readonly limits: LogLimits = DEFAULT_LIMITS,
  ) {}

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
    const records = this.ring(logType)?.between(oldest, latest) ?? [];
    if (records.length === 0) return undefined;
    return records.map((r) => `${new Date(r.at).toISOString()} ${r.line}\n`).join('');
  }

  /**
   * N09: the records, of both logs, that name the idToken (a frame that carries it), but for the
   * CSMS's own CustomerInformation requests, which name it to ask (a clear erases those too).
   */
  naming(idToken: string): number {
    const pick = (line: string) => names(idToken)(line) && !line.includes('"CustomerInformation"');
    return (this.diagnostics?.count(pick) ?? 0) + (this.securityLog?.count(pick) ?? 0);
  }

  /** N10.FR.03/06: a cleared customer's token leaves the logs with the records that name it. */
  erase(idToken: string): void {
    const pick = names(idToken);
    this.diagnostics?.remove(pick);
    this.securityLog?.remove(pick);
  }

  private ring(logType: LogEnumType): Ring | undefined {
    return logType === 'SecurityLog' ? this.securityLog : this.diagnostics;
  }

  private add(logType: LogEnumType, line: string): void {
    const record = { at: this.time.now().getTime(), line };
    if (logType === 'SecurityLog') {
      this.securityLog ??= new Ring(this.limits);
      this.securityLog.add(record);
    } else {
      this.diagnostics ??= new Ring(this.limits);
      this.diagnostics.add(record);
    }
  }
}

/** A record names a token where it holds it as an idToken field, compared case-insensitively (C01.FR.25). */
const names = (idToken: string) => {
  const field = `"idtoken":${JSON.stringify(idToken.toLowerCase())}`;
  return (line: string) => line.toLowerCase().includes(field);
};
