// `ocpp-station fleet`: thousands of virtual stations in one process against one CSMS, for
// load tests (contract: station-cli-and-control-api.md), spread over --workers threads. A status
// line every 5 s on stdout; a summary and the per-action table of the report (fleet/report/) when
// --duration has passed, on SIGINT/SIGTERM, or once every station's --scenario is done.

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock/clock.js';
import { startLocalCsms } from '../csms/local-csms.js';
import { DeviceModelError } from '../device-model/device-model.js';
import { PathError } from '../device-model/path.js';
import { DEFAULT_SESSION_TIMING } from '../fleet/charging-sessions.js';
import { Fleet, type Shard, shardSlice, stationId } from '../fleet/fleet.js';
import { fleetRegistry, type MetricsServer, startMetricsServer } from '../fleet/fleet-metrics.js';
import { FleetWorkers, StationSetupError } from '../fleet/fleet-workers.js';
import { applyHeapMode, fleetIsUp, HEAP_MODES, type HeapMode, isHeapMode } from '../fleet/heap-mode.js';
import type { WorkerFleetOptions } from '../fleet/worker-messages.js';
import { loadScenario, ScenarioError } from '../scenario/scenario.js';
import { sampleProcess, statusLine, summaryLine } from '../fleet/fleet-status.js';
import { CallStats } from '../fleet/report/call-stats.js';
import { fleetReport } from '../fleet/report/fleet-report.js';
import { checkReportPath, writeReportFiles } from '../fleet/report/report-files.js';
import { reportTable } from '../fleet/report/report-table.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import { createLogger } from '../log/logger.js';
import { packageVersion, type RootCertificates, readRootOptions } from './certificate-options.js';
import { checkCsmsUrl, parseSetOptions } from './command-options.js';
import { UsageError } from './usage-error.js';

const STATUS_EVERY_MS = 5_000;
const MAX_STATIONS = 100_000;
const MAX_WORKERS = 64;

/** One worker thread per core. */
export function defaultWorkers(): number {
  return Math.min(MAX_WORKERS, availableParallelism());
}

const OPTIONS = {
  count: { type: 'string' },
  csms: { type: 'string' },
  'id-prefix': { type: 'string', default: 'FLEET-' },
  evses: { type: 'string', default: '1' },
  'ramp-per-s': { type: 'string', default: '50' },
  'data-dir': { type: 'string' },
  sessions: { type: 'boolean', default: false },
  duration: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] as string[] },
  shard: { type: 'string' },
  'metrics-port': { type: 'string' },
  workers: { type: 'string' },
  heap: { type: 'string', default: 'speed' },
  compression: { type: 'boolean', default: false },
  scenario: { type: 'string' },
  report: { type: 'string' },
  'report-html': { type: 'string' },
  'manufacturer-root': { type: 'string', multiple: true, default: [] as string[] },
  'csms-root': { type: 'string', multiple: true, default: [] as string[] },
  'v2g-root': { type: 'string', multiple: true, default: [] as string[] },
  'mo-root': { type: 'string', multiple: true, default: [] as string[] },
  version: { type: 'boolean', default: false },
} as const;

export interface FleetCommandOptions {
  count: number;
  csmsUrl: string | undefined;
  idPrefix: string;
  evses: number;
  rampPerS: number;
  dataDir: string | undefined;
  sessions: boolean;
  durationS: number | undefined;
  overrides: Record<string, string>;
  /** `--shard I/N`; the whole fleet (1/1) when absent. */
  shard: Shard | undefined;
  metricsPort: number | undefined;
  /** Worker threads the stations are spread over; 1 runs them on the main thread. */
  workers: number;
  /** `--heap`: V8 tuned for speed (its defaults) or for size (--optimize-for-size), for every thread. */
  heap: HeapMode;
  /** `--compression`: the stations offer permessage-deflate (Part 4 §3.3); off by default, for memory. */
  compression: boolean;
  /** `--scenario FILE`, run by every station once Accepted. */
  scenario: string | undefined;
  /** `--report FILE.json`, `--report-html FILE.html`: absolute paths in existing directories. */
  reportJson: string | undefined;
  reportHtml: string | undefined;
  /** `--csms-root`, `--v2g-root`, `--mo-root`, `--manufacturer-root`: installed at every station's first start. */
  rootCertificates: RootCertificates;
}

function parseOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs may add hints on further lines; the contract is one line.
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

export function parseFleetArgs(argv: string[]): FleetCommandOptions {
  const values = parseOptions(argv);
  if (values.count === undefined) throw new UsageError('--count is required');
  const count = integer('--count', values.count, 1, MAX_STATIONS);
  const prefix = values['id-prefix'];
  const digits = Math.max(5, String(count).length);
  // Identities are identifierString of at most 48 characters and double as Basic auth user names (no ':').
  if (!/^[A-Za-z0-9*\-_=+|@.]*$/.test(prefix) || prefix.length + digits > 48) {
    throw new UsageError(`--id-prefix ${prefix}: at most ${48 - digits} characters of A-Z a-z 0-9 * - _ = + | @ .`);
  }
  checkCsmsUrl(values.csms);
  const overrides = parseSetOptions(values.set);
  const reportJson = reportPath('--report', values.report);
  const reportHtml = reportPath('--report-html', values['report-html']);
  if (reportJson !== undefined && reportJson === reportHtml) throw new UsageError('--report and --report-html name the same file');
  return {
    count,
    csmsUrl: values.csms,
    idPrefix: prefix,
    evses: integer('--evses', values.evses, 1, 64),
    // `all`: a boot storm, every station built first and then started at once.
    rampPerS: values['ramp-per-s'] === 'all' ? Number.POSITIVE_INFINITY : integer('--ramp-per-s', values['ramp-per-s'], 1, MAX_STATIONS),
    dataDir: values['data-dir'] === undefined ? undefined : resolve(values['data-dir']),
    sessions: values.sessions,
    durationS: values.duration === undefined ? undefined : integer('--duration', values.duration, 1, 365 * 86_400),
    overrides,
    shard: values.shard === undefined ? undefined : parseShard(values.shard, count),
    metricsPort: values['metrics-port'] === undefined ? undefined : integer('--metrics-port', values['metrics-port'], 0, 65_535),
    workers: values.workers === undefined ? defaultWorkers() : integer('--workers', values.workers, 1, MAX_WORKERS),
    heap: heapMode(values.heap),
    compression: values.compression,
    scenario: values.scenario,
    reportJson,
    reportHtml,
    rootCertificates: readRootOptions(values),
  };
}

/** `I/N` with 1 ≤ I ≤ N ≤ --count, so that every shard runs at least one station. */
function parseShard(text: string, count: number): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const of = Number(match?.[2]);
  if (!match || index < 1 || index > of || of > count) {
    throw new UsageError(`--shard ${text}: expected I/N with 1 <= I <= N <= --count (${count})`);
  }
  return { index, of };
}

export async function runFleetCommand(argv: string[]): Promise<void> {
  if (parseOptions(argv).version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const options = parseFleetArgs(argv);
  const scenario = options.scenario === undefined ? undefined : readScenario(options.scenario);
  // One logger for the whole fleet; at warn, thousands of stations do not flood stderr.
  const log = createLogger({ name: 'fleet', level: process.env.LOG_LEVEL ?? 'warn' });
  const heartbeat = Number(options.overrides[DM.OCPPCommCtrlr.HeartbeatInterval]);
  // The built-in CSMS answers boots with the heartbeat interval, which the station adopts (B01.FR.04): give it the one asked for.
  const csms =
    options.csmsUrl === undefined
      ? await startLocalCsms({
          log: log.child({ csms: true }),
          ...(Number.isInteger(heartbeat) && heartbeat > 0 ? { heartbeatIntervalS: heartbeat } : {}),
        })
      : undefined;
  const csmsUrl = options.csmsUrl ?? csms!.url;
  const calls = new CallStats();
  const fleetOptions: WorkerFleetOptions = {
    count: options.count,
    ...(options.shard ? { shard: options.shard } : {}),
    csmsUrl,
    idPrefix: options.idPrefix,
    evses: options.evses,
    rampPerS: options.rampPerS,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.sessions ? { sessions: DEFAULT_SESSION_TIMING } : {}),
    overrides: options.overrides,
    rootCertificates: options.rootCertificates,
    ...(scenario ? { scenario } : {}),
    ...(options.compression ? { compression: true } : {}),
  };
  // More workers than stations would idle; one runs the stations on this thread, as before workers.
  const workers = Math.min(options.workers, shardSlice(options.count, options.shard ?? { index: 1, of: 1 }).size);
  const fleet =
    workers > 1
      ? new FleetWorkers({ fleet: fleetOptions, workers, logLevel: log.level, calls })
      : new Fleet({ ...fleetOptions, clock: systemClock, log, observeCalls: calls });
  const extras = { ...(workers > 1 ? { workers } : {}), scenarios: scenario !== undefined, heap: options.heap };
  const shard = options.shard ? `${options.shard.index}/${options.shard.of}` : undefined;
  let metrics: MetricsServer | undefined;
  let ramp: Promise<void>;
  try {
    if (options.metricsPort !== undefined) metrics = await startMetricsServer(fleetRegistry(fleet, shard ?? '1/1'), options.metricsPort);
    ramp = fleet.start();
    if (fleet instanceof FleetWorkers) await fleet.started();
  } catch (error) {
    await fleet.stop();
    await metrics?.close();
    await csms?.close();
    // A bad --set value (unknown variable, wrong type, out of range) is a usage error.
    if (error instanceof DeviceModelError || error instanceof PathError || error instanceof StationSetupError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  process.stdout.write(`csms: ${csmsUrl}\n${csms ? `csms api: ${csms.httpUrl}\n` : ''}${metrics ? `metrics: ${metrics.url}\n` : ''}`);
  if (shard !== undefined) {
    const { first, size } = fleet.slice;
    const ids = `${stationId(options.idPrefix, first, options.count)}..${stationId(options.idPrefix, first + size - 1, options.count)}`;
    process.stdout.write(`shard ${shard}: ${ids} (${size} of ${options.count})\n`);
  }

  const startedAt = systemClock.now();
  const startCpu = sampleProcess(fleet.stats(), 0).cpuUs;
  let previous = sampleProcess(fleet.stats(), 0);
  let heapApplied = options.heap === 'speed';
  let statusTimer = systemClock.setTimeout(function status() {
    // V8's flags are the process's: the main thread's heap and the worker threads' follow them.
    if (!heapApplied && fleetIsUp(fleet.allAcceptedAt, startedAt, systemClock.now())) {
      applyHeapMode(options.heap);
      heapApplied = true;
      process.stdout.write(
        `heap: optimized for size from now on (${fleet.allAcceptedAt === undefined ? 'a minute after the start' : 'every station Accepted'})\n`,
      );
    }
    const stats = fleet.stats();
    const now = sampleProcess(stats, systemClock.now() - startedAt);
    process.stdout.write(`${statusLine(stats, now, previous, fleet.slice.size, shard, extras)}\n`);
    previous = now;
    statusTimer = systemClock.setTimeout(status, STATUS_EVERY_MS);
  }, STATUS_EVERY_MS);

  const reason = await new Promise<string>((done) => {
    const onSignal = (signal: NodeJS.Signals): void => done(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (options.durationS !== undefined) systemClock.setTimeout(() => done('duration'), options.durationS * 1000);
    // Without --duration, a scenario run ends when every station's scenario has passed or failed.
    else fleet.scenarios?.done().then(() => done('scenarios done'));
    // A worker thread can also fail once its ramp is over.
    (fleet instanceof FleetWorkers ? fleet.failed() : ramp).catch((error: unknown) => {
      log.error({ err: error }, 'a station could not be started or a fleet worker failed');
      done('error');
    });
  });
  systemClock.clearTimeout(statusTimer);
  const stats = fleet instanceof FleetWorkers ? await fleet.freshStats() : fleet.stats();
  const runMs = systemClock.now() - startedAt;
  // Worker threads hand over their tallies of calls as they stop.
  await fleet.stop();
  const report = fleetReport(calls, {
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(startedAt + runMs).toISOString(),
    durationS: runMs / 1000,
    stations: fleet.slice.size,
    fleetStations: options.count,
    shard: shard ?? null,
    csmsUrl,
    builtInCsms: csms !== undefined,
    sessions: options.sessions,
    evsesPerStation: options.evses,
    heap: options.heap,
    stopReason: reason,
  });
  await metrics?.close();
  await csms?.close();
  const toAccepted = fleet.allAcceptedAt === undefined || fleet.startedAt === undefined ? undefined : fleet.allAcceptedAt - fleet.startedAt;
  process.stdout.write(
    `stopped (${reason})\n${summaryLine(stats, runMs, toAccepted, sampleProcess(stats, 0).cpuUs - startCpu, shard, extras)}\n`,
  );
  if (fleet.scenarios) process.stdout.write(scenarioFailures(fleet.scenarios.failures(), stats.scenariosFailed));
  process.stdout.write(`${reportTable(report)}\n`);
  let written = true;
  try {
    writeReportFiles(report, {
      ...(options.reportJson === undefined ? {} : { json: options.reportJson }),
      ...(options.reportHtml === undefined ? {} : { html: options.reportHtml }),
    });
  } catch (error) {
    process.stderr.write(`ocpp-station: the report could not be written: ${(error as Error).message}\n`);
    written = false;
  }
  log.flush();
  // A scenario run passes when every station's scenario passed; one failed, or not run to its end, fails it.
  const scenarioFailed = scenario !== undefined && stats.scenariosPassed < fleet.slice.size;
  process.exit(reason === 'error' || scenarioFailed || !written ? 1 : 0);
}

function readScenario(file: string) {
  try {
    return loadScenario(file);
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}

/** The first failures word for word, then how many more. */
function scenarioFailures(lines: readonly string[], failed: number): string {
  const more = failed - lines.length;
  return [...lines.map((line) => `scenario failed: ${line}\n`), more > 0 ? `scenario failed: ... and ${more} more\n` : ''].join('');
}

function reportPath(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const checked = checkReportPath(text);
  if ('problem' in checked) throw new UsageError(`${name} ${text}: ${checked.problem}`);
  return checked.path;
}

function heapMode(text: string): HeapMode {
  if (!isHeapMode(text)) throw new UsageError(`--heap ${text}: expected ${HEAP_MODES.join(' or ')}`);
  return text;
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${name} ${text}: expected an integer from ${min} to ${max}`);
  return value;
}
