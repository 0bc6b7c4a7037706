// What the main thread of `ocpp-station fleet --workers N` and its worker threads tell each other.
// Plain data only: every message is copied by structured clone.

import type { FleetOptions, FleetStats, Shard } from './fleet.js';
import type { CallStatsSnapshot } from './report/call-stats.js';

/** A worker's fleet options: those of the process without its clock and logger, which each thread makes its own. */
export type WorkerFleetOptions = Omit<FleetOptions, 'clock' | 'log' | 'worker' | 'observeCalls'>;

export interface WorkerData {
  fleet: WorkerFleetOptions;
  /** This thread's part of the shard's slice. */
  worker: Shard;
  logLevel: string;
}

/** Main → worker: send stats now; stop the stations (stats once more, then `stopped`). */
export type MainMessage = { type: 'report' } | { type: 'stop' };

/** Worker → main. */
export type WorkerMessage =
  /** The first batch of stations was built: the options were good. */
  | { type: 'started' }
  /** Every station of the worker has been started. */
  | { type: 'ramped' }
  /** `usage`: the stations refused their options (a bad --set), which is the user's mistake. */
  | { type: 'failed'; usage: boolean; message: string }
  | {
      type: 'stats';
      stats: FleetStats;
      startedAt: number | undefined;
      allAcceptedAt: number | undefined;
      scenarioFailures: string[];
      scenariosDone: boolean;
    }
  /** The stations are stopped; `calls`: the tally of their calls to the CSMS, for the report. */
  | { type: 'stopped'; calls: CallStatsSnapshot };
