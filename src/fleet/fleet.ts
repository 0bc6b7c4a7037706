// A fleet of virtual stations in one process, for load tests of a CSMS: stations come up at a
// ramp rate (a real CSMS sees chargers come back one by one, not all in the same millisecond),
// share one logger, one clock and one database (in memory, or `<data dir>/fleet.db` with the
// rows of every station keyed by its id), and the device model's catalogue.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { CallObserver } from '../rpc/call-observer.js';
import { defaultDescription } from '../description/station-description.js';
import type { ScenarioDocument } from '../scenario/scenario.js';
import type { StationOptions } from '../station/station.js';
import { type Database, openDatabase } from '../store/database.js';
import type { SessionTiming } from './charging-sessions.js';
import { FleetMember } from './fleet-member.js';
import { FleetScenarios } from './fleet-scenarios.js';

export interface FleetOptions {
  /** Stations of the whole fleet; a shard runs its slice of them. */
  count: number;
  /** This process runs shard `index` (1-based) of `of`: a contiguous slice of the ids and 1/of of the ramp. */
  shard?: Shard;
  /** This fleet is worker thread `index` of `of` of its process: a contiguous part of the shard's slice and 1/of of its ramp. */
  worker?: Shard;
  /** Where stations connect, without the station id (`ws://host:port/ocpp`). */
  csmsUrl: string;
  idPrefix?: string;
  evses?: number;
  /** Stations started per second by the whole fleet; Infinity: all at once (a boot storm). */
  rampPerS?: number;
  /** Durable state in `<dataDir>/fleet.db`; in memory when absent. */
  dataDir?: string;
  /** Run charging sessions with this timing; none when absent. */
  sessions?: SessionTiming;
  /** `--set` values for every station, path → value. */
  overrides?: Readonly<Record<string, string>>;
  /** PEM roots by type, installed at every station's first start (`--csms-root`, `--mo-root`, ...). */
  rootCertificates?: StationOptions['rootCertificates'];
  /** Each station runs this scenario once it is first Accepted; none when absent. */
  scenario?: ScenarioDocument;
  clock: Clock;
  log: Logger;
  /** Told how each station's own CALLs settle (the load-test report); one observer for the whole fleet. */
  observeCalls?: CallObserver;
  /** The stations offer permessage-deflate (`--compression`); they do not when absent. */
  compression?: boolean;
}

export interface FleetStats {
  started: number;
  connected: number;
  accepted: number;
  transactions: number;
  queuedMessages: number;
  framesIn: number;
  framesOut: number;
  sessionsStarted: number;
  sessionsEnded: number;
  scenariosPassed: number;
  scenariosFailed: number;
  scenariosRunning: number;
}

export interface Shard {
  index: number;
  of: number;
}

/** Every count at zero. */
export function emptyStats(): FleetStats {
  return {
    started: 0,
    connected: 0,
    accepted: 0,
    transactions: 0,
    queuedMessages: 0,
    framesIn: 0,
    framesOut: 0,
    sessionsStarted: 0,
    sessionsEnded: 0,
    scenariosPassed: 0,
    scenariosFailed: 0,
    scenariosRunning: 0,
  };
}

/**
 * The indices of shard `index` of `of`: contiguous, disjoint and together 0..count-1, sizes differing by
 * at most one, so that processes started with the same --count make each id exactly once.
 */
export function shardSlice(count: number, shard: Shard): { first: number; size: number } {
  const first = Math.floor(((shard.index - 1) * count) / shard.of);
  return { first, size: Math.floor((shard.index * count) / shard.of) - first };
}

/** `<prefix>00001`, at least five digits so ids sort in start order. */
export function stationId(prefix: string, index: number, count: number): string {
  return `${prefix}${String(index + 1).padStart(Math.max(5, String(count).length), '0')}`;
}

export class Fleet {
  readonly members: FleetMember[] = [];
  private readonly waitingForAccepted: (() => void)[] = [];
  private acceptedCount = 0;
  private startedCount = 0;
  private rampTimer: TimerHandle | undefined;
  private rampDone: Promise<void> | undefined;
  private endRamp: (() => void) | undefined;
  private stopping = false;
  private db: Database | undefined;
  /** Clock time when the first station was started (after its batch was built), and when the last one was first Accepted. */
  startedAt: number | undefined;
  allAcceptedAt: number | undefined;
  /** The indices this fleet runs: its shard's slice, or its worker's part of that. */
  readonly slice: { first: number; size: number };
  /** The stations' scenario runs, when the fleet has a scenario. */
  readonly scenarios: FleetScenarios | undefined;

  constructor(private readonly options: FleetOptions) {
    const shard = shardSlice(options.count, options.shard ?? { index: 1, of: 1 });
    const part = options.worker ? shardSlice(shard.size, options.worker) : { first: 0, size: shard.size };
    this.slice = { first: shard.first + part.first, size: part.size };
    this.scenarios = options.scenario
      ? new FleetScenarios({ document: options.scenario, expected: this.slice.size, clock: options.clock, log: options.log })
      : undefined;
  }

  /**
   * Starts the stations at the ramp rate; resolves once the last one has been started. The first
   * batch starts at once and a failure there (a bad override) throws here, before any wait.
   */
  start(): Promise<void> {
    if (this.rampDone) return this.rampDone;
    const { clock } = this.options;
    const count = this.slice.size;
    const rate = (this.options.rampPerS ?? 50) / (this.options.shard?.of ?? 1) / (this.options.worker?.of ?? 1);
    // Batches at most ten times a second: a timer per station would cost more than the stations.
    // An infinite rate is a boot storm: every station in one batch.
    const periodMs = Math.max(100, 1000 / rate);
    const batch = Number.isFinite(rate) ? Math.max(1, Math.round((rate * periodMs) / 1000)) : count;
    this.launch(batch);
    const done = (): boolean => this.members.length >= count || this.stopping;
    this.rampDone = new Promise<void>((resolve, reject) => {
      this.endRamp = resolve;
      const step = (): void => {
        this.rampTimer = undefined;
        try {
          this.launch(batch);
        } catch (error) {
          reject(error);
          return;
        }
        if (done()) resolve();
        else this.rampTimer = clock.setTimeout(step, periodMs);
      };
      if (done()) resolve();
      else this.rampTimer = clock.setTimeout(step, periodMs);
    });
    return this.rampDone;
  }

  /** Resolves once every station of the fleet has been Accepted at least once. */
  allAccepted(): Promise<void> {
    if (this.acceptedCount >= this.slice.size) return Promise.resolve();
    return new Promise((resolve) => this.waitingForAccepted.push(resolve));
  }

  stats(): FleetStats {
    const stats: FleetStats = {
      ...emptyStats(),
      started: this.startedCount,
      scenariosPassed: this.scenarios?.passed ?? 0,
      scenariosFailed: this.scenarios?.failed ?? 0,
      scenariosRunning: this.scenarios?.running ?? 0,
    };
    for (const member of this.members) {
      const { ctx, outbox } = member.runtime.station;
      if (ctx.online()) stats.connected++;
      if (ctx.registration() === 'Accepted') stats.accepted++;
      stats.transactions += member.transactions();
      stats.queuedMessages += outbox.size;
      stats.framesIn += member.framesIn;
      stats.framesOut += member.framesOut;
      stats.sessionsStarted += member.sessions?.plugged ?? 0;
      stats.sessionsEnded += member.sessions?.unplugged ?? 0;
    }
    return stats;
  }

  /** Stops the ramp, then every station: each closes its WebSocket and its database. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.options.clock.clearTimeout(this.rampTimer);
    this.rampTimer = undefined;
    this.endRamp?.();
    this.scenarios?.stop();
    const results = await Promise.allSettled(this.members.map((member) => member.stop()));
    for (const result of results) {
      if (result.status === 'rejected') this.options.log.warn({ err: result.reason }, 'station did not stop cleanly');
    }
    this.db?.close();
    this.db = undefined;
  }

  /**
   * Builds a batch, then starts it. Building a station is the simulator's own work: were each started
   * as soon as built, a boot storm would reach the CSMS spread over the time the fleet takes to build it.
   */
  private launch(batch: number): void {
    const built: FleetMember[] = [];
    while (built.length < batch && this.members.length < this.slice.size && !this.stopping) built.push(this.build());
    if (built.length === 0) return;
    this.startedAt ??= this.options.clock.now();
    for (const member of built) {
      this.startedCount++;
      member.start();
    }
  }

  private build(): FleetMember {
    const { options } = this;
    this.db ??= openFleetDatabase(options.dataDir);
    const id = stationId(options.idPrefix ?? 'FLEET-', this.slice.first + this.members.length, options.count);
    const member = new FleetMember({
      id,
      csmsUrl: options.csmsUrl,
      description: { ...defaultDescription(options.evses ?? 1), serialNumber: id.slice(-25) },
      overrides: options.overrides ?? {},
      ...(options.rootCertificates ? { rootCertificates: options.rootCertificates } : {}),
      clock: options.clock,
      log: options.log,
      db: this.db,
      ...(options.sessions ? { sessions: options.sessions } : {}),
      onFirstAccepted: () => {
        this.noteAccepted();
        this.scenarios?.run(id, member);
      },
      ...(options.observeCalls ? { observeCalls: options.observeCalls } : {}),
      ...(options.compression ? { compression: true } : {}),
    });
    this.members.push(member);
    return member;
  }

  private noteAccepted(): void {
    this.acceptedCount++;
    if (this.acceptedCount < this.slice.size) return;
    this.allAcceptedAt = this.options.clock.now();
    for (const resolve of this.waitingForAccepted.splice(0)) resolve();
  }
}

/** The fleet's one database: `<dataDir>/fleet.db`, or in memory. */
export function openFleetDatabase(dataDir: string | undefined): Database {
  if (dataDir === undefined) return openDatabase(':memory:');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return openDatabase(join(dataDir, 'fleet.db'));
}
