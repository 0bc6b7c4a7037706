// A fleet of virtual stations in one process, for load tests of a CSMS: stations come up at a
// ramp rate (a real CSMS sees chargers come back one by one, not all in the same millisecond),
// share one logger and one clock, and keep their state in memory unless a data dir is given.

import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { CallObserver } from '../rpc/call-observer.js';
import { defaultDescription } from '../description/station-description.js';
import type { SessionTiming } from './charging-sessions.js';
import { FleetMember } from './fleet-member.js';

export interface FleetOptions {
  /** Stations of the whole fleet; a shard runs its slice of them. */
  count: number;
  /** This process runs shard `index` (1-based) of `of`: a contiguous slice of the ids and 1/of of the ramp. */
  shard?: Shard;
  /** Where stations connect, without the station id (`ws://host:port/ocpp`). */
  csmsUrl: string;
  idPrefix?: string;
  evses?: number;
  /** Stations started per second by the whole fleet. */
  rampPerS?: number;
  dataDir?: string;
  /** Run charging sessions with this timing; none when absent. */
  sessions?: SessionTiming;
  /** `--set` values for every station, path → value. */
  overrides?: Readonly<Record<string, string>>;
  clock: Clock;
  log: Logger;
  /** Told how each station's own CALLs settle (the load-test report); one observer for the whole fleet. */
  observeCalls?: CallObserver;
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
}

export interface Shard {
  index: number;
  of: number;
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
  private rampTimer: TimerHandle | undefined;
  private rampDone: Promise<void> | undefined;
  private endRamp: (() => void) | undefined;
  private stopping = false;
  /** Clock time when the first station was started, and when the last one was first Accepted. */
  startedAt: number | undefined;
  allAcceptedAt: number | undefined;
  /** The indices this fleet (shard) runs. */
  readonly slice: { first: number; size: number };

  constructor(private readonly options: FleetOptions) {
    this.slice = shardSlice(options.count, options.shard ?? { index: 1, of: 1 });
  }

  /**
   * Starts the stations at the ramp rate; resolves once the last one has been started. The first
   * batch starts at once and a failure there (a bad override) throws here, before any wait.
   */
  start(): Promise<void> {
    if (this.rampDone) return this.rampDone;
    const { clock } = this.options;
    const count = this.slice.size;
    const rate = (this.options.rampPerS ?? 50) / (this.options.shard?.of ?? 1);
    // Batches at most ten times a second: a timer per station would cost more than the stations.
    const periodMs = Math.max(100, 1000 / rate);
    const batch = Math.max(1, Math.round((rate * periodMs) / 1000));
    this.startedAt = clock.now();
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
      started: this.members.length,
      connected: 0,
      accepted: 0,
      transactions: 0,
      queuedMessages: 0,
      framesIn: 0,
      framesOut: 0,
      sessionsStarted: 0,
      sessionsEnded: 0,
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
    const results = await Promise.allSettled(this.members.map((member) => member.stop()));
    for (const result of results) {
      if (result.status === 'rejected') this.options.log.warn({ err: result.reason }, 'station did not stop cleanly');
    }
  }

  private launch(batch: number): void {
    for (let i = 0; i < batch && this.members.length < this.slice.size && !this.stopping; i++) this.launchOne();
  }

  private launchOne(): void {
    const { options } = this;
    const id = stationId(options.idPrefix ?? 'FLEET-', this.slice.first + this.members.length, options.count);
    const member = new FleetMember({
      id,
      csmsUrl: options.csmsUrl,
      description: { ...defaultDescription(options.evses ?? 1), serialNumber: id.slice(-25) },
      overrides: options.overrides ?? {},
      clock: options.clock,
      log: options.log,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.sessions ? { sessions: options.sessions } : {}),
      onFirstAccepted: () => this.noteAccepted(),
      ...(options.observeCalls ? { observeCalls: options.observeCalls } : {}),
    });
    this.members.push(member);
    member.start();
  }

  private noteAccepted(): void {
    this.acceptedCount++;
    if (this.acceptedCount < this.slice.size) return;
    this.allAcceptedAt = this.options.clock.now();
    for (const resolve of this.waitingForAccepted.splice(0)) resolve();
  }
}
