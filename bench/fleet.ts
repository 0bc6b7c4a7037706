// `npm run bench:fleet`: what a station costs in a load-test fleet, against the built-in CSMS in
// another process on 127.0.0.1, for the fleet as it is and for the layout before (each station
// its own SQLite database), in the same run. Each design runs in a fresh process of its own
// (bench/fleet/fleet-run.ts) against a fresh CSMS process, and prints:
//
//   built and Accepted   wall time from starting the fleet until every station has had its
//                 BootNotification Accepted, building the stations included
//   boot storm    the same from the moment the built stations all connect at once
//   RSS/station   the fleet process's RSS at idle, after ROUNDS heartbeat intervals, less its RSS
//                 before the stations were built, per station (sockets, buffers, heap, SQLite)
//   CPU/round     the fleet process's CPU per heartbeat round of the whole fleet (its side only)
//
// Knobs (environment): BENCH_STATIONS (10000) for the fleet as it is, BENCH_BASELINE_STATIONS
// (1000) for the layout before (each of its stations costs about seven times as much, so ten
// thousand would take minutes and gigabytes), BENCH_HEARTBEAT_S (10), BENCH_ROUNDS (2).
// The ratios compare per-station figures, and the time to Accepted per station. A third column
// runs the fleet as it is over one worker thread per core, as `ocpp-station fleet` does by default;
// a fourth, the fleet as it is with V8 optimizing for size once every station is Accepted (`fleet --heap size`), with its ratio to
// the second (size / speed: below 1 it costs less, above 1 more). The last runs BENCH_BASELINE_STATIONS
// with `fleet --compression` against the same CSMS, which accepts permessage-deflate as Part 4 §3.3
// requires of a CSMS: what each station's zlib streams cost.

import { type ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunFigures } from './fleet/fleet-run.js';
import { fmt, pad } from './table.js';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 10_000);
const BASELINE = Number(process.env.BENCH_BASELINE_STATIONS ?? 1000);
const GIVE_UP_MS = 15 * 60_000;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

const giveUp = setTimeout(() => {
  process.stderr.write(`bench:fleet gave up after ${GIVE_UP_MS / 60_000} min\n`);
  process.exit(1);
}, GIVE_UP_MS);
giveUp.unref();

/** Runs a child until it prints one JSON line; the child is left running (a CSMS) or exits by itself. */
function firstLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(JSON.parse(buffer.slice(0, end)) as T);
    });
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code} before its figures`)));
    child.on('error', reject);
  });
}

async function runDesign(design: 'shared' | 'shared-size' | 'workers' | 'per-station' | 'compressed', count: number): Promise<RunFigures> {
  const csms = spawn(process.execPath, [here('./fleet/csms-process.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const { url } = await firstLine<{ url: string }>(csms, 'the CSMS');
    const fleet = spawn(process.execPath, ['--expose-gc', here('./fleet/fleet-run.js'), design, String(count), url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return await firstLine<RunFigures>(fleet, `the ${design} fleet`);
  } finally {
    csms.kill();
  }
}

const before = await runDesign('per-station', BASELINE);
const now = await runDesign('shared', STATIONS);
const threads = await runDesign('workers', STATIONS);
const small = await runDesign('shared-size', STATIONS);
const zipped = await runDesign('compressed', BASELINE);

const rows: [string, (f: RunFigures) => string, (f: RunFigures) => number][] = [
  ['stations', (f) => fmt(f.stations), () => Number.NaN],
  ['Accepted / connected', (f) => `${fmt(f.accepted)} / ${fmt(f.connected)}`, () => Number.NaN],
  ['built and Accepted, s', (f) => fmt(f.acceptedS, 2), (f) => f.acceptedS / f.stations],
  ['boot storm to Accepted, s', (f) => fmt(f.stormS, 2), (f) => f.stormS / f.stations],
  ['boot CPU per station, ms', (f) => fmt((f.bootCpuS * 1000) / f.stations, 2), (f) => f.bootCpuS / f.stations],
  ['RSS per station at idle, KB', (f) => fmt(f.rssKbPerStation, 1), (f) => f.rssKbPerStation],
  [
    'of which JS heap, KB',
    (f) => (f.heapKbPerStation === null ? '-' : fmt(f.heapKbPerStation, 1)),
    (f) => f.heapKbPerStation ?? Number.NaN,
  ],
  [
    'CPU per heartbeat round per station, µs',
    (f) => fmt((f.idleCpuPerRoundMs * 1000) / f.stations, 1),
    (f) => f.idleCpuPerRoundMs / f.stations,
  ],
];
const lines = [
  `fleet bench: built-in CSMS in another process, boot storm, heartbeat every ${process.env.BENCH_HEARTBEAT_S ?? 10} s, Node ${process.version}, ${cpus().length} cores`,
  `${pad('', 42)}${pad('one database per station', 26, true)}${pad('one database per fleet', 24, true)}${pad('before / now', 14, true)}${pad(`and ${cpus().length} workers`, 16, true)}${pad('one database, --heap size', 27, true)}${pad('size / speed', 14, true)}${pad('--compression', 16, true)}`,
  ...rows.map(([name, show, per]) => {
    const ratio = (a: RunFigures, b: RunFigures, digits: number): string => {
      const value = per(a) / per(b);
      return Number.isNaN(value) ? '' : `${fmt(value, digits)}x`;
    };
    return `  ${pad(name, 40)}${pad(show(before), 26, true)}${pad(show(now), 24, true)}${pad(ratio(before, now, 1), 14, true)}${pad(show(threads), 16, true)}${pad(show(small), 27, true)}${pad(ratio(small, now, 2), 14, true)}${pad(show(zipped), 16, true)}`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
clearTimeout(giveUp);
