// `ocpp-station fleet --workers N`: the process's slice of the fleet spread over N worker threads,
// one Fleet each, so that the stations use every core. Each worker runs a contiguous part of the
// slice (the same ids as one Fleet would make) at 1/N of the ramp. The main thread keeps what is
// one per process (the built-in CSMS, the status line, /metrics, signals) and reads the sum of the
// stats each worker posts every second.

import { Worker } from 'node:worker_threads';
import type { CallStats } from './report/call-stats.js';
import { emptyStats, type FleetStats, shardSlice } from './fleet.js';
import { MAX_FAILURES_KEPT, type ScenarioProgress } from './fleet-scenarios.js';
import type { MainMessage, WorkerData, WorkerFleetOptions, WorkerMessage } from './worker-messages.js';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

/** The stations of a worker refused their options (a bad --set): the user's mistake, not a crash. */
export class StationSetupError extends Error {
  override readonly name = 'StationSetupError';
}

export interface FleetWorkersOptions {
  fleet: WorkerFleetOptions;
  /** Worker threads; at most one per station of the slice. */
  workers: number;
  logLevel: string;
  /** Where the workers' tallies of calls to the CSMS are added up when they stop. */
  calls?: CallStats;
}

interface Part {
  worker: Worker;
  stats: FleetStats | undefined;
  startedAt: number | undefined;
  allAcceptedAt: number | undefined;
  scenarioFailures: string[];
  scenariosDone: boolean;
  started: boolean;
  ramped: boolean;
  exited: boolean;
  /** Called on the next stats message (or exit). */
  onStats: (() => void)[];
  ended: Promise<void>;
}

export { emptyStats };

/** Every field is a count over stations, so the fleet's is the sum of its parts'. */
export function sumStats(list: readonly FleetStats[]): FleetStats {
  const total = emptyStats();
  for (const stats of list) for (const key of Object.keys(total) as (keyof FleetStats)[]) total[key] += stats[key];
  return total;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Whoever waits sees the failure; nobody waiting is no unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class FleetWorkers {
  /** The stations of this process (its shard's slice), over all workers. */
  readonly slice: { first: number; size: number };
  readonly scenarios: ScenarioProgress | undefined;
  private readonly parts: Part[] = [];
  private readonly startup = deferred();
  private readonly ramp = deferred();
  private readonly scenariosDone = deferred();
  private readonly failure = deferred<never>();
  private launched = false;
  private stopping = false;

  constructor(private readonly options: FleetWorkersOptions) {
    this.slice = shardSlice(options.fleet.count, options.fleet.shard ?? { index: 1, of: 1 });
    this.scenarios = options.fleet.scenario
      ? {
          done: () => this.scenariosDone.promise,
          failures: () => this.parts.flatMap((p) => p.scenarioFailures).slice(0, MAX_FAILURES_KEPT),
        }
      : undefined;
  }

  get workers(): number {
    return Math.max(1, Math.min(this.options.workers, this.slice.size));
  }

  /** Starts the workers; resolves once every one has started all its stations. */
  start(): Promise<void> {
    if (this.launched) return this.ramp.promise;
    this.launched = true;
    for (let index = 1; index <= this.workers; index++) this.parts.push(this.spawn({ index, of: this.workers }));
    return this.ramp.promise;
  }

  /** Resolves once every worker has built its first stations; StationSetupError when they refused their options. */
  started(): Promise<void> {
    return this.startup.promise;
  }

  /** Rejects when a worker fails or its thread ends before stop(), at any time of the run, ramp included. */
  failed(): Promise<never> {
    return this.failure.promise;
  }

  /** The sum of the workers' last reports (at most a second old). */
  stats(): FleetStats {
    return sumStats(this.parts.flatMap((p) => (p.stats ? [p.stats] : [])));
  }

  /** The sum of reports the workers send when asked, for a summary that counts up to now. */
  async freshStats(): Promise<FleetStats> {
    await Promise.all(
      this.parts.map(
        (part) =>
          new Promise<void>((resolve) => {
            if (part.exited) return resolve();
            part.onStats.push(resolve);
            this.send(part, { type: 'report' });
          }),
      ),
    );
    return this.stats();
  }

  /** When the first station of any worker was started. */
  get startedAt(): number | undefined {
    const times = this.parts.flatMap((p) => (p.startedAt === undefined ? [] : [p.startedAt]));
    return times.length ? Math.min(...times) : undefined;
  }

  /** When the last worker had all its stations Accepted. */
  get allAcceptedAt(): number | undefined {
    if (this.parts.length === 0 || this.parts.some((p) => p.allAcceptedAt === undefined)) return undefined;
    return Math.max(...this.parts.map((p) => p.allAcceptedAt ?? 0));
  }

  /** Each worker stops its stations (closing their sockets and databases), then its thread ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const part of this.parts) this.send(part, { type: 'stop' });
    await Promise.all(this.parts.map((part) => part.ended));
  }

  private spawn(worker: { index: number; of: number }): Part {
    const data: WorkerData = { fleet: this.options.fleet, worker, logLevel: this.options.logLevel };
    const thread = new Worker(ENTRY, { workerData: data });
    let ended!: () => void;
    const part: Part = {
      worker: thread,
      stats: undefined,
      startedAt: undefined,
      allAcceptedAt: undefined,
      scenarioFailures: [],
      scenariosDone: false,
      started: false,
      ramped: false,
      exited: false,
      onStats: [],
      ended: new Promise((resolve) => (ended = resolve)),
    };
    thread.on('message', (message: WorkerMessage) => this.receive(part, message, ended));
    thread.on('error', (error) => this.fail(error));
    thread.on('exit', (code) => {
      part.exited = true;
      for (const resolve of part.onStats.splice(0)) resolve();
      ended();
      if (!this.stopping) this.fail(new Error(`fleet worker ${worker.index}/${worker.of} exited (code ${code})`));
    });
    return part;
  }

  private receive(part: Part, message: WorkerMessage, ended: () => void): void {
    switch (message.type) {
      case 'started':
        part.started = true;
        if (this.parts.length === this.workers && this.parts.every((p) => p.started)) this.startup.resolve();
        return;
      case 'ramped':
        part.ramped = true;
        if (this.parts.length === this.workers && this.parts.every((p) => p.ramped)) this.ramp.resolve();
        return;
      case 'failed':
        this.fail(message.usage ? new StationSetupError(message.message) : new Error(message.message));
        return;
      case 'stats':
        Object.assign(part, {
          stats: message.stats,
          startedAt: message.startedAt,
          allAcceptedAt: message.allAcceptedAt,
          scenarioFailures: message.scenarioFailures,
          scenariosDone: message.scenariosDone,
        });
        for (const resolve of part.onStats.splice(0)) resolve();
        if (this.parts.every((p) => p.scenariosDone)) this.scenariosDone.resolve();
        return;
      case 'stopped':
        this.options.calls?.absorb(message.calls);
        // The thread may hold timers of scenarios still waiting; its stations are closed, so end it.
        void part.worker.terminate().then(ended);
        return;
    }
  }

  private fail(error: Error): void {
    this.startup.reject(error);
    this.ramp.reject(error);
    this.failure.reject(error);
  }

  private send(part: Part, message: MainMessage): void {
    try {
      part.worker.postMessage(message);
    } catch {
      // The thread has ended; its exit has been seen.
    }
  }
}
