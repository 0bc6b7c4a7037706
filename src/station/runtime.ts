// The station software as a process runs it: one Station at a time over one database and one
// piece of hardware, restarted in place on Reset (B11/B12) with the boot reason persisted, as
// a real charger reboots its firmware.

import type { BootReasonEnumType } from '../generated/ocpp201/index.js';
import type { TraceDirection } from '../rpc/endpoint.js';
import { LazySet } from '../collections/lazy.js';
import { openDatabase, type Database } from '../store/database.js';
import { StationScope } from '../store/scope.js';
import { Station, type StationOptions } from './station.js';

export type RuntimeOptions = Omit<StationOptions, 'db' | 'reboot' | 'onTrace'> &
  (
    | {
        /** SQLite file of the station's durable state, or ':memory:': the station's own, closed on stop. */
        dbFile: string;
      }
    | {
        /** A database many stations share (a fleet's): the station keeps its rows there under its id; left open on stop. */
        sharedDb: Database;
      }
  );

export interface TraceRecord {
  direction: TraceDirection;
  text: string;
  time: string;
}

export class StationRuntime {
  private readonly db: StationScope;
  private current: Station;
  /** Empty on a fleet station: nothing allocated until the dashboard or a test listens. */
  private readonly traceListeners = new LazySet<(record: TraceRecord) => void>();
  /** OCPP-J frames in and out since the runtime was made, across restarts. */
  readonly frames = { in: 0, out: 0 };
  private readonly changeListeners = new Set<() => void>();
  private restarting: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: RuntimeOptions) {
    this.db = 'sharedDb' in options ? new StationScope(options.sharedDb, options.id) : new StationScope(openDatabase(options.dbFile));
    this.current = this.create();
  }

  get station(): Station {
    return this.current;
  }

  start(): void {
    this.current.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarting;
    await this.current.stop();
    if (!('sharedDb' in this.options)) this.db.db.close();
  }

  /** The charger loses power and comes back: the software starts again with boot reason PowerUp. */
  powerCycle(): Promise<void> {
    return this.restart('PowerUp');
  }

  /** Resolves once a restart that is under way has finished. */
  async settled(): Promise<void> {
    await this.restarting;
  }

  onTrace(listener: (record: TraceRecord) => void): () => void {
    this.traceListeners.add(listener);
    return () => this.traceListeners.delete(listener);
  }

  /** Called whenever what a snapshot shows may have changed, across restarts. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private create(): Station {
    const station = new Station({
      ...this.options,
      db: this.db,
      onTrace: (direction, text) => {
        this.frames[direction] += 1;
        // Every frame passes here; a fleet station has no one listening, so nothing is built for it.
        if (this.traceListeners.size === 0) return;
        const record = { direction, text, time: new Date().toISOString() };
        for (const listener of this.traceListeners) listener(record);
      },
      reboot: (reason) => void this.restart(reason),
    });
    station.ctx.events.on('changed', () => this.changed());
    return station;
  }

  private restart(reason: BootReasonEnumType): Promise<void> {
    this.restarting ??= (async () => {
      this.options.log?.info({ reason }, 'restarting the station');
      await this.current.stop();
      await this.options.hal.reboot();
      if (this.stopped) return;
      this.current = this.create();
      this.current.start();
      this.changed();
    })().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}
