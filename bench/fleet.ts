// What a station costs in a load-test fleet: 1,000 stations (ocpp-station fleet's Fleet: in-memory
// SQLite each, one shared warn-level logger, one clock) against the built-in CSMS in this same
// process, on 127.0.0.1. `npm run bench:fleet`.
//
//   to Accepted   wall time from the first station started until every station has had its
//                 BootNotification Accepted, ramp as given (BENCH_RAMP_PER_S); includes building
//                 each station (migrations, device model) and the boot's StatusNotifications.
//   RSS           process RSS once all are Accepted and settled, less RSS before the fleet, per
//                 station. Includes the CSMS's side of each connection and its store.
//   idle CPU      process CPU (user + system) over BENCH_ROUNDS heartbeat intervals with no other
//                 traffic, per round, i.e. what 1,000 Heartbeat round trips cost, both ends. Pings
//                 and clock-aligned meter values are off so that heartbeats are all there is.
//
// Bounded: the whole run gives up after 120 s. Knobs (environment): BENCH_STATIONS (1000),
// BENCH_RAMP_PER_S (1000), BENCH_HEARTBEAT_S (5), BENCH_ROUNDS (3).

import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/clock/clock.js';
import { startLocalCsms } from '../src/csms/local-csms.js';
import { Fleet } from '../src/fleet/fleet.js';
import { DM } from '../src/generated/ocpp201/dm-catalog.js';
import { createLogger } from '../src/log/logger.js';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 1000);
const RAMP_PER_S = Number(process.env.BENCH_RAMP_PER_S ?? 1000);
const HEARTBEAT_S = Number(process.env.BENCH_HEARTBEAT_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GIVE_UP_MS = 120_000;

const giveUp = setTimeout(() => {
  process.stderr.write(`bench:fleet gave up after ${GIVE_UP_MS / 1000} s\n`);
  process.exit(1);
}, GIVE_UP_MS);
giveUp.unref();

const cpuUs = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const log = createLogger({ name: 'bench-fleet', level: 'error' });
const csms = await startLocalCsms({ heartbeatIntervalS: HEARTBEAT_S });
const fleet = new Fleet({
  count: STATIONS,
  csmsUrl: csms.url,
  idPrefix: 'BENCH-',
  rampPerS: RAMP_PER_S,
  overrides: {
    [DM.OCPPCommCtrlr.HeartbeatInterval]: String(HEARTBEAT_S),
    [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0',
    [DM.AlignedDataCtrlr.Interval]: '0',
  },
  clock: systemClock,
  log,
});

const rssBefore = process.memoryUsage.rss();
const t0 = performance.now();
const cpu0 = cpuUs();
await fleet.start();
const rampMs = performance.now() - t0;
await fleet.allAccepted();
const acceptedMs = performance.now() - t0;
const bootCpuS = (cpuUs() - cpu0) / 1e6;

// Settle: the boot's StatusNotifications answered, garbage collected where allowed.
await sleep(2000);
(globalThis as { gc?: () => void }).gc?.();
const rssAccepted = process.memoryUsage.rss();
const heap = process.memoryUsage();

// Idle: heartbeats only. Each station beats once per interval, from its own boot time.
const before = fleet.stats();
const cpu1 = cpuUs();
const t1 = performance.now();
await sleep(ROUNDS * HEARTBEAT_S * 1000);
const idleS = (performance.now() - t1) / 1000;
const idleCpuUs = cpuUs() - cpu1;
const after = fleet.stats();
const heartbeats = after.framesOut - before.framesOut;
const rounds = heartbeats / STATIONS;

const tStop = performance.now();
await fleet.stop();
const stopMs = performance.now() - tStop;
await csms.close();

const lines = [
  `fleet bench: ${STATIONS} stations, ramp ${RAMP_PER_S}/s, built-in CSMS in-process, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
  `  all started after     ${(rampMs / 1000).toFixed(2)} s`,
  `  all Accepted after    ${(acceptedMs / 1000).toFixed(2)} s   (${(STATIONS / (acceptedMs / 1000)).toFixed(0)} stations/s, CPU ${bootCpuS.toFixed(1)} s = ${((bootCpuS * 1e3) / STATIONS).toFixed(2)} ms/station)`,
  `  RSS                   ${mb(rssBefore)} MB before, ${mb(rssAccepted)} MB with the fleet: ${((rssAccepted - rssBefore) / STATIONS / 1024).toFixed(0)} KiB/station (heap used ${mb(heap.heapUsed)} MB, external ${mb(heap.external)} MB)`,
  `  idle, heartbeat ${HEARTBEAT_S} s   ${heartbeats} heartbeats in ${idleS.toFixed(1)} s (${rounds.toFixed(2)} rounds), frames in ${after.framesIn - before.framesIn}`,
  `  CPU per round         ${(idleCpuUs / 1e3 / Math.max(rounds, 1e-9)).toFixed(0)} ms (${(idleCpuUs / Math.max(heartbeats, 1)).toFixed(0)} µs/heartbeat both ends; ${((idleCpuUs / 1e6 / idleS) * 100).toFixed(1)} % of one core)`,
  `  accepted/connected    ${after.accepted}/${after.connected}, queued ${after.queuedMessages}`,
  `  stop                  ${(stopMs / 1000).toFixed(2)} s`,
];
process.stdout.write(`${lines.join('\n')}\n`);
clearTimeout(giveUp);
