// One design of `npm run bench:fleet`, in a process of its own so that its RSS is its own:
//
//   shared       the fleet as it is (src/fleet): one database for all stations, the device
//                model's catalogue and the prepared statements shared, each station only its rows
//   shared-size  the same with V8 optimizing for size once every station is Accepted (`fleet --heap size`)
//   compressed   the fleet as it is with `--compression`: permessage-deflate offered, which the built-in
//                CSMS accepts (Part 4 §3.3), as any conforming CSMS does
//   workers      the fleet as it is, spread over one worker thread per core (`fleet --workers`),
//                as `ocpp-station fleet` runs it by default; its JS heap is the threads' own, not counted
//   per-station  the layout before: each station its own in-memory SQLite database, opened and
//                migrated for it, with its own prepared statements
//
// All stations are started at once (a boot storm), then the fleet idles with heartbeats only.
// Prints one JSON line: the figures the comparison prints.
//
//   argv: design count csmsUrl   env: BENCH_HEARTBEAT_S (10), BENCH_ROUNDS (2)

import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../src/clock/clock.js';
import { defaultDescription } from '../../src/description/station-description.js';
import { Fleet, stationId } from '../../src/fleet/fleet.js';
import { FleetWorkers } from '../../src/fleet/fleet-workers.js';
import { applyHeapMode } from '../../src/fleet/heap-mode.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { SimulatedHardware } from '../../src/hal/simulated/simulated-hardware.js';
import { createLogger } from '../../src/log/logger.js';
import { StationRuntime } from '../../src/station/runtime.js';

export interface RunFigures {
  design: string;
  stations: number;
  /** From starting the fleet (building its stations included) until every station is Accepted. */
  acceptedS: number;
  /** The boot storm alone: from the first station's connection until every station is Accepted. */
  stormS: number;
  bootCpuS: number;
  rssKbPerStation: number;
  /** null: the heap of worker threads is their own. */
  heapKbPerStation: number | null;
  heartbeats: number;
  idleS: number;
  idleCpuPerRoundMs: number;
  accepted: number;
  connected: number;
}

const [design = 'shared', countText = '1000', csmsUrl = ''] = process.argv.slice(2);
const COUNT = Number(countText);
const HEARTBEAT_S = Number(process.env.BENCH_HEARTBEAT_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const OVERRIDES = {
  [DM.OCPPCommCtrlr.HeartbeatInterval]: String(HEARTBEAT_S),
  [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0',
  [DM.AlignedDataCtrlr.Interval]: '0',
};

const log = createLogger({ name: 'bench-fleet', level: 'error' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const cpuUs = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** What the comparison needs of either design. */
interface Stations {
  start(): void;
  allAccepted(): Promise<void>;
  frames(): { out: number; accepted: number; connected: number };
  /** System-clock times of the first station's start and of the last one's first Accepted. */
  storm(): { startedAt: number | undefined; allAcceptedAt: number | undefined };
  stop(): Promise<void>;
}

function sharedDesign(compression: boolean): Stations {
  const fleet = new Fleet({
    count: COUNT,
    csmsUrl,
    idPrefix: 'BENCH-',
    rampPerS: Number.POSITIVE_INFINITY,
    overrides: OVERRIDES,
    clock: systemClock,
    log,
    compression,
  });
  return {
    start: () => void fleet.start(),
    allAccepted: () => fleet.allAccepted(),
    frames: () => {
      const s = fleet.stats();
      return { out: s.framesOut, accepted: s.accepted, connected: s.connected };
    },
    storm: () => ({ startedAt: fleet.startedAt, allAcceptedAt: fleet.allAcceptedAt }),
    stop: () => fleet.stop(),
  };
}

function workersDesign(): Stations {
  const fleet = new FleetWorkers({
    fleet: { count: COUNT, csmsUrl, idPrefix: 'BENCH-', rampPerS: Number.POSITIVE_INFINITY, overrides: OVERRIDES },
    workers: availableParallelism(),
    logLevel: 'error',
  });
  return {
    start: () => void fleet.start(),
    // The workers post their stats every second: the first that shows every station Accepted.
    allAccepted: async () => {
      while ((await fleet.freshStats()).accepted < COUNT) await sleep(100);
    },
    frames: () => {
      const s = fleet.stats();
      return { out: s.framesOut, accepted: s.accepted, connected: s.connected };
    },
    storm: () => ({ startedAt: fleet.startedAt, allAcceptedAt: fleet.allAcceptedAt }),
    stop: () => fleet.stop(),
  };
}

function perStationDesign(): Stations {
  const runtimes: StationRuntime[] = [];
  let out = 0;
  let accepted = 0;
  let onAll: (() => void) | undefined;
  let startedAt: number | undefined;
  let allAcceptedAt: number | undefined;
  return {
    start: () => {
      for (let i = 0; i < COUNT; i++) {
        const id = stationId('BENCH-', i, COUNT);
        const description = { ...defaultDescription(1), serialNumber: id.slice(-25) };
        const runtime = new StationRuntime({
          id,
          description,
          hal: new SimulatedHardware(description, { clock: systemClock }),
          overrides: OVERRIDES,
          clock: systemClock,
          log,
          dbFile: ':memory:',
          // As before compression was negotiated: the CSMS of that time did not accept it.
          link: { csmsUrl, compression: false },
        });
        runtime.onTrace((record) => record.direction === 'out' && out++);
        const off = runtime.station.ctx.events.on('accepted', () => {
          off();
          if (++accepted < COUNT) return;
          allAcceptedAt = Date.now();
          onAll?.();
        });
        runtimes.push(runtime);
      }
      // As the fleet does: all built, then all started at once.
      startedAt = Date.now();
      for (const runtime of runtimes) runtime.start();
    },
    allAccepted: () => (accepted === COUNT ? Promise.resolve() : new Promise((resolve) => (onAll = resolve))),
    frames: () => ({
      out,
      accepted: runtimes.filter((r) => r.station.ctx.registration() === 'Accepted').length,
      connected: runtimes.filter((r) => r.station.ctx.online()).length,
    }),
    storm: () => ({ startedAt, allAcceptedAt }),
    stop: async () => {
      await Promise.all(runtimes.map((r) => r.stop()));
    },
  };
}

const stations =
  design === 'per-station' ? perStationDesign() : design === 'workers' ? workersDesign() : sharedDesign(design === 'compressed');
gc();
const rssBefore = process.memoryUsage.rss();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const cpu0 = cpuUs();
stations.start();
await stations.allAccepted();
const acceptedS = (performance.now() - t0) / 1000;
const bootCpuS = (cpuUs() - cpu0) / 1e6;
// As `fleet --heap size` does, once the fleet is up.
if (design === 'shared-size') applyHeapMode('size');
const storm = stations.storm();
const stormS =
  storm.startedAt === undefined || storm.allAcceptedAt === undefined ? Number.NaN : (storm.allAcceptedAt - storm.startedAt) / 1000;

// Idle: heartbeats only, each station once per interval from its own boot. RSS is taken at the end of it.
await sleep(1000);
const before = stations.frames();
const cpu1 = cpuUs();
const t1 = performance.now();
await sleep(ROUNDS * HEARTBEAT_S * 1000);
const idleS = (performance.now() - t1) / 1000;
const idleCpuUs = cpuUs() - cpu1;
const after = stations.frames();
gc();
const rss = process.memoryUsage.rss();
const heap = process.memoryUsage().heapUsed;
const heartbeats = after.out - before.out;

const figures: RunFigures = {
  design,
  stations: COUNT,
  acceptedS,
  stormS,
  bootCpuS,
  rssKbPerStation: (rss - rssBefore) / COUNT / 1024,
  heapKbPerStation: design === 'workers' ? null : (heap - heapBefore) / COUNT / 1024,
  heartbeats,
  idleS,
  idleCpuPerRoundMs: idleCpuUs / 1000 / Math.max(heartbeats / COUNT, 1e-9),
  accepted: after.accepted,
  connected: after.connected,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
await stations.stop();
process.exit(0);
