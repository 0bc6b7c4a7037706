// One station of a fleet: the station software over its rows of the fleet's database and its
// simulated hardware, the session driver when the fleet runs sessions, and the counters the
// status line sums.

import type { Clock } from '../clock/clock.js';
import type { CallObserver } from '../rpc/call-observer.js';
import { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';
import type { Logger } from '../log/logger.js';
import type { StationDescription } from '../description/station-description.js';
import { StationRuntime } from '../station/runtime.js';
import type { StationOptions } from '../station/station.js';
import type { Database } from '../store/database.js';
import { ChargingSessions, type SessionTiming } from './charging-sessions.js';

export interface FleetMemberOptions {
  id: string;
  csmsUrl: string;
  description: StationDescription;
  overrides: Readonly<Record<string, string>>;
  rootCertificates?: StationOptions['rootCertificates'];
  clock: Clock;
  log: Logger;
  /** The fleet's database: the station keeps its rows there under its id. */
  db: Database;
  /** How the sessions run; no sessions when absent. */
  sessions?: SessionTiming;
  onFirstAccepted: () => void;
  /** Told how each of the station's own CALLs settles (the load-test report). */
  observeCalls?: CallObserver;
  /**
   * Offer permessage-deflate (Part 4 §3.3). Off unless asked: a CSMS shall accept it, and then
   * each station keeps its own zlib streams, about 250 KB, several times all the rest of it.
   */
  compression?: boolean;
}

/**
 * GetLog still works on a fleet member, over its last frames: a load test runs for hours, and
 * 500 records for each of 10,000 stations would hold more memory than the stations themselves.
 * Heartbeats fill the log to its limit within minutes, so the limit is what an idle station
 * keeps: 2 KiB is the boot and a dozen frames after it.
 */
const FLEET_LOG_LIMITS = { records: 16, chars: 2 * 1024 };

export class FleetMember {
  readonly runtime: StationRuntime;
  readonly hardware: SimulatedHardware;
  readonly sessions: ChargingSessions | undefined;
  accepted = false;

  get framesIn(): number {
    return this.runtime.frames.in;
  }

  get framesOut(): number {
    return this.runtime.frames.out;
  }

  constructor(private readonly options: FleetMemberOptions) {
    const { id, description, clock } = options;
    this.hardware = new SimulatedHardware(description, { clock });
    try {
      this.runtime = new StationRuntime({
        id,
        description,
        hal: this.hardware,
        overrides: options.overrides,
        ...(options.rootCertificates ? { rootCertificates: options.rootCertificates } : {}),
        clock,
        log: options.log,
        sharedDb: options.db,
        logLimits: FLEET_LOG_LIMITS,
        link: {
          csmsUrl: options.csmsUrl,
          compression: options.compression ?? false,
          ...(options.observeCalls ? { observeCalls: options.observeCalls } : {}),
        },
      });
    } catch (error) {
      this.hardware.close();
      throw error;
    }
    // The runtime builds a new Station on each reset: follow the current one's boot answers.
    let watched = this.runtime.station;
    let unwatch = watched.ctx.events.on('accepted', () => this.noteAccepted());
    this.runtime.onChange(() => {
      if (watched === this.runtime.station) return;
      unwatch();
      watched = this.runtime.station;
      unwatch = watched.ctx.events.on('accepted', () => this.noteAccepted());
    });
    this.sessions = options.sessions
      ? new ChargingSessions({
          stationId: id,
          evseIds: description.evses.map((e) => e.id),
          hardware: this.hardware,
          clock,
          timing: options.sessions,
        })
      : undefined;
  }

  start(): void {
    this.runtime.start();
    this.sessions?.start();
  }

  async stop(): Promise<void> {
    this.sessions?.stop();
    await this.runtime.stop();
    this.hardware.close();
  }

  private noteAccepted(): void {
    if (this.accepted) return;
    this.accepted = true;
    this.options.onFirstAccepted();
  }

  /** EVSEs with a transaction running now. */
  transactions(): number {
    const { ctx, blocks } = this.runtime.station;
    return ctx.description.evses.filter((evse) => blocks.transactions.view(evse.id) !== null).length;
  }
}
