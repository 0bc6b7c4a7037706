// Validated CALL -> CALLRESULT round trips per second on loopback, for this core, for ocpp-rpc
// (strictMode, ocpp2.0.1) and for raw ws echoing the same frame texts. `npm run bench`.
//
// Each case: N connections, each sending CALLs one after the other (Heartbeat,
// StatusNotification, MeterValues, BootNotification, ...): WARMUP_S uncounted, then MEASURE_S
// counted, in ROUNDS slices taken in turn with the other stacks (see measureAll). CPU time is
// process.cpuUsage() over the counted slices, divided by the round trips they completed.
//
// One process on purpose: station and CSMS both run the stack under test, so the CPU a round
// trip costs is the cost of both ends, and round trips/s is simply what one core can do with
// that cost. A separate client process would overlap the two ends on two cores: the figure would
// then depend on the slower end and on how the OS schedules the processes (and on this 2-core
// machine the client would compete with the server for the second core), and cpuUsage() in one
// process would see only half the work. The stacks all pay the same single-thread price here,
// so their ratios are fair.
//
// Knobs (environment): BENCH_SECONDS (3), BENCH_WARMUP_SECONDS (1), BENCH_ROUNDS (3),
// BENCH_CONNECTIONS ("1,50"), BENCH_STACKS ("raw-ws,core,ocpp-rpc").

import { fmt, pad, versionOf } from './table.js';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { coreStack, ocppRpcStack, rawWsStack, type Stack, type StackFactory } from './stacks.js';

const env = process.env;
const MEASURE_S = Number(env.BENCH_SECONDS ?? 3);
const WARMUP_S = Number(env.BENCH_WARMUP_SECONDS ?? 1);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (env.BENCH_CONNECTIONS ?? '1,50').split(',').map(Number);
const STACKS: Record<string, StackFactory> = { 'raw-ws': rawWsStack, core: coreStack, 'ocpp-rpc': ocppRpcStack };
const SELECTED = (env.BENCH_STACKS ?? Object.keys(STACKS).join(',')).split(',');
const TIME_LIMIT_MS = 60_000;

interface Row {
  stack: string;
  connections: number;
  roundTrips: number;
  perSecond: number;
  cpuMicrosPerRoundTrip: number;
  /** CPU time / wall time: below ~100 % the process did not get a whole core (or waited on I/O). */
  cpuPercent: number;
}

interface Slice {
  roundTrips: number;
  elapsedMs: number;
  cpuMicros: number;
}

/** Runs every connection's sequential calls for `ms`, then lets the calls in flight finish. */
async function runSlice(stack: Stack, ms: number): Promise<Slice> {
  let running = true;
  let roundTrips = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loops = Promise.all(
    stack.next.map(async (roundTrip) => {
      while (running) {
        await roundTrip();
        roundTrips++;
      }
    }),
  );
  loops.catch(() => (running = false)); // a failure ends the slice early; `await loops` rethrows it
  await sleep(ms);
  running = false;
  await loops;
  const cpu = process.cpuUsage(cpu0);
  return { roundTrips, elapsedMs: performance.now() - t0, cpuMicros: cpu.user + cpu.system };
}

/**
 * All selected stacks are connected at once; after a warm-up each, they take turns in ROUNDS
 * short slices, so a drift in machine load (a shared VM, a neighbour's build) hits every stack
 * alike instead of whichever happens to run last.
 */
async function measureAll(connections: number): Promise<Row[]> {
  const stacks: Array<[string, Stack]> = [];
  try {
    for (const name of SELECTED) {
      const factory = STACKS[name];
      if (!factory) throw new Error(`unknown stack ${name}; one of ${Object.keys(STACKS).join(', ')}`);
      stacks.push([name, await factory(connections)]);
    }
    for (const [, stack] of stacks) await runSlice(stack, WARMUP_S * 1000);
    const totals = new Map<string, Slice>(stacks.map(([name]) => [name, { roundTrips: 0, elapsedMs: 0, cpuMicros: 0 }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, stack] of stacks) {
        const slice = await runSlice(stack, (MEASURE_S * 1000) / ROUNDS);
        const total = totals.get(name) as Slice;
        total.roundTrips += slice.roundTrips;
        total.elapsedMs += slice.elapsedMs;
        total.cpuMicros += slice.cpuMicros;
      }
    }
    return [...totals].map(([stack, t]) => ({
      stack,
      connections,
      roundTrips: t.roundTrips,
      perSecond: t.roundTrips / (t.elapsedMs / 1000),
      cpuMicrosPerRoundTrip: t.cpuMicros / t.roundTrips,
      cpuPercent: t.cpuMicros / 10 / t.elapsedMs,
    }));
  } finally {
    for (const [, stack] of stacks) await stack.close();
  }
}

function printMachine(): void {
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}`);
  console.log(
    `         ${os.platform()} ${os.release()}, ws ${versionOf('ws')}, ocpp-rpc ${versionOf('ocpp-rpc')}, ajv ${versionOf('ajv')}`,
  );
  console.log(
    `method:  one process, 127.0.0.1, ${WARMUP_S} s warm-up + ${MEASURE_S} s counted per case in ${ROUNDS} interleaved slices, sequential calls per connection\n`,
  );
}

function printTable(rows: Row[]): void {
  const header = `${pad('case', 24)} ${pad('round trips', 12, true)} ${pad('rt/s', 10, true)} ${pad('CPU µs/rt', 10, true)} ${pad('CPU %', 6, true)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const r of rows) {
    const name = `${r.stack} × ${r.connections} conn`;
    console.log(
      `${pad(name, 24)} ${pad(fmt(r.roundTrips), 12, true)} ${pad(fmt(r.perSecond), 10, true)} ${pad(fmt(r.cpuMicrosPerRoundTrip, 1), 10, true)} ${pad(fmt(r.cpuPercent), 6, true)}`,
    );
  }
  console.log();
  for (const connections of CONNECTIONS) {
    const find = (stack: string) => rows.find((r) => r.stack === stack && r.connections === connections);
    const core = find('core');
    if (!core) continue;
    const ratio = (other: Row | undefined, target: number, label: string) => {
      if (!other) return;
      const value = core.perSecond / other.perSecond;
      const verdict = value >= target ? 'meets' : 'MISSES';
      console.log(`${pad(`${connections} conn`, 8)} ${pad(label, 14)} ${pad(value.toFixed(2), 5, true)}×  (${verdict} target ${target}×)`);
    };
    ratio(find('ocpp-rpc'), 2, 'core/ocpp-rpc');
    ratio(find('raw-ws'), 0.5, 'core/raw-ws');
  }
}

async function main(): Promise<void> {
  // Bounded: whatever happens, the bench ends.
  const watchdog = setTimeout(() => {
    console.error(`bench exceeded ${TIME_LIMIT_MS / 1000} s, aborting`);
    process.exit(2);
  }, TIME_LIMIT_MS);
  watchdog.unref();
  printMachine();
  const rows: Row[] = [];
  for (const connections of CONNECTIONS) {
    const measured = await measureAll(connections);
    for (const row of measured) console.log(`  done: ${row.stack} × ${connections} conn: ${fmt(row.perSecond)} rt/s`);
    rows.push(...measured);
  }
  console.log();
  printTable(rows);
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
