// What durability costs: 10,000 TransactionEvents committed to the durable outbox of an offline
// station, then replayed to the local CSMS after the link comes up, against the same 10,000 sent
// as plain sequential validated CALLs without the outbox. `npm run bench:replay`.
//
//   enqueue   a real Station (SimulatedHardware, SQLite FILE in a temp dir, WAL, synchronous=FULL),
//             never started, so offline: ctx.queue('TransactionEvent', ...) N times, the path the
//             transactions block takes (a commit per message, then Delivery.kick() finds the link
//             down). Wall vs CPU shows how much of it is waiting for fsync.
//   replay    the database is closed and opened again by a new Station (a reboot: the queue must
//             survive it) that points at startLocalCsms(); timed from the station's 'connected'
//             event until the CSMS has received all N TransactionEvents (count, seqNo order, no
//             duplicate checked) and the outbox is empty. Includes the BootNotification and the
//             boot's StatusNotifications, which must come first (B01.FR.08).
//   plain     the same N payloads, to the same CSMS, as sequential CALLs from a bare RpcEndpoint
//             on a ws client (validated both ways, as the station does), after one BootNotification:
//             no outbox, no SQLite. The ratio replay / plain is what the outbox costs when draining.
//
// One process on purpose (as rpc-roundtrip.ts): station and CSMS both run here, so
// process.cpuUsage() is the CPU of BOTH ends per message, and messages/s is what one core does.
// Before anything is timed, a short warm-up of plain calls compiles the validators and warms the
// JIT on both ends for both timed cases alike.
//
// Knobs (environment): BENCH_MESSAGES (10000), BENCH_WARMUP_MESSAGES (1000).

import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as immediate } from 'node:timers/promises';
import { fmt, pad, versionOf } from './table.js';
import { WebSocket } from 'ws';
import { systemClock } from '../src/clock/clock.js';
import { startLocalCsms, type LocalCsms } from '../src/csms/local-csms.js';
import { DM } from '../src/generated/ocpp201/dm-catalog.js';
import type {
  CsmsToStationAction,
  MeasurandEnumType,
  MeterValueType,
  PhaseEnumType,
  SampledValueType,
  StationToCsmsAction,
  TransactionEventRequest,
} from '../src/generated/ocpp201/index.js';
import { SimulatedHardware } from '../src/hal/simulated/simulated-hardware.js';
import { silentLogger } from '../src/log/logger.js';
import { RpcEndpoint } from '../src/rpc/endpoint.js';
import { precompileAll, validatePayload } from '../src/rpc/validator.js';
import { defaultDescription } from '../src/description/station-description.js';
import { Station } from '../src/station/station.js';
import { openDatabase, type Database } from '../src/store/database.js';
import { StationScope } from '../src/store/scope.js';

const env = process.env;
const N = Number(env.BENCH_MESSAGES ?? 10_000);
const WARMUP = Number(env.BENCH_WARMUP_MESSAGES ?? 1_000);
const TIME_LIMIT_MS = 85_000;
const PROTOCOL = 'ocpp2.0.1';
const STATION_ID = 'BENCH-OUTBOX';
const PLAIN_ID = 'BENCH-PLAIN';
const WARMUP_ID = 'BENCH-WARMUP';
const TRANSACTION_ID = '3f0d5c2e-8b1a-4c7e-9d26-5a4b3c2d1e0f';
const T0 = Date.parse('2025-01-01T12:00:00.000Z');

// --- payloads -------------------------------------------------------------------------------

const sample = (value: number, measurand: MeasurandEnumType, unit: string, phase?: PhaseEnumType): SampledValueType => ({
  value,
  measurand,
  context: 'Sample.Periodic',
  location: 'Outlet',
  ...(phase ? { phase } : {}),
  unitOfMeasure: { unit },
});

/** The seqNo-th periodic update of a 3-phase 11 kW charge, queued while offline (one a minute). */
function transactionEvent(seqNo: number): TransactionEventRequest {
  const timestamp = new Date(T0 + seqNo * 60_000).toISOString();
  const energyWh = 12_345.6 + seqNo * 183; // 11 kW for a minute
  const meterValue: MeterValueType = {
    timestamp,
    sampledValue: [
      sample(Math.round(energyWh * 10) / 10, 'Energy.Active.Import.Register', 'Wh'),
      sample(10_980.4, 'Power.Active.Import', 'W'),
      sample(15.9, 'Current.Import', 'A', 'L1'),
      sample(16.0, 'Current.Import', 'A', 'L2'),
      sample(15.8, 'Current.Import', 'A', 'L3'),
      sample(230.1, 'Voltage', 'V', 'L1-N'),
      sample(229.8, 'Voltage', 'V', 'L2-N'),
      sample(231.0, 'Voltage', 'V', 'L3-N'),
    ],
  };
  return {
    eventType: 'Updated',
    timestamp,
    triggerReason: 'MeterValuePeriodic',
    seqNo,
    offline: true,
    transactionInfo: { transactionId: TRANSACTION_ID, chargingState: 'Charging' },
    evse: { id: 1, connectorId: 1 },
    meterValue: [meterValue],
  };
}

// --- CSMS side: what it received --------------------------------------------------------------

interface Received {
  seqNos: number[];
  /** Resolves once `count` TransactionEvents arrived. */
  all(count: number): Promise<void>;
}

/**
 * Watches the requests the local CSMS records (after it validated them): the TransactionEvent
 * seqNos per station, in arrival order. The store keeps only the last 5,000 requests, hence
 * this tap rather than store.requests().
 */
function tapTransactionEvents(csms: LocalCsms): Map<string, Received> {
  const byStation = new Map<string, Received & { waiter?: { count: number; resolve: () => void } }>();
  const receivedOf = (stationId: string) => {
    let r = byStation.get(stationId);
    if (!r) {
      const created: Received & { waiter?: { count: number; resolve: () => void } } = {
        seqNos: [],
        all: (count) =>
          created.seqNos.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (created.waiter = { count, resolve })),
      };
      byStation.set(stationId, created);
      r = created;
    }
    return r;
  };
  const store = csms.store;
  const original = store.recordRequest.bind(store);
  store.recordRequest = (stationId, action, request) => {
    original(stationId, action, request);
    if (action !== 'TransactionEvent') return;
    const r = receivedOf(stationId);
    r.seqNos.push((request as TransactionEventRequest).seqNo);
    if (r.waiter && r.seqNos.length >= r.waiter.count) r.waiter.resolve();
  };
  // Created up front so callers can hold the object before the first message.
  for (const id of [STATION_ID, PLAIN_ID, WARMUP_ID]) receivedOf(id);
  return byStation as Map<string, Received>;
}

/** Count, order and uniqueness of what the CSMS got; throws on any difference. */
function checkReceived(label: string, seqNos: readonly number[]): void {
  if (seqNos.length !== N) throw new Error(`${label}: CSMS received ${seqNos.length} TransactionEvents, expected ${N}`);
  const seen = new Set<number>();
  seqNos.forEach((seqNo, i) => {
    if (seen.has(seqNo)) throw new Error(`${label}: seqNo ${seqNo} received twice`);
    seen.add(seqNo);
    if (seqNo !== i) throw new Error(`${label}: arrival ${i} has seqNo ${seqNo}, expected ${i} (out of order)`);
  });
}

// --- station side -----------------------------------------------------------------------------

function makeStation(db: Database, csmsUrl: string): { station: Station; close(): Promise<void> } {
  const description = defaultDescription(1);
  const hardware = new SimulatedHardware(description, { clock: systemClock });
  const station = new Station({
    id: STATION_ID,
    description,
    db: new StationScope(db),
    hal: hardware,
    clock: systemClock,
    log: silentLogger,
    link: { csmsUrl },
    overrides: { [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0' },
  });
  return {
    station,
    close: async () => {
      await station.stop();
      hardware.close();
    },
  };
}

/** A bare station-role RpcEndpoint on a ws client, booted; its `call` validates both ways. */
async function plainClient(csms: LocalCsms, stationId: string) {
  const ws = new WebSocket(`${csms.url}/${stationId}`, PROTOCOL);
  await once(ws, 'open');
  const endpoint = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>({
    clock: systemClock,
    log: silentLogger,
    callTimeoutMs: () => 30_000,
  });
  endpoint.attach((text) => ws.send(text));
  ws.on('message', (data) => endpoint.receive(String(data)));
  ws.on('close', () => endpoint.detach());
  const boot = await endpoint.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { model: 'VirtualWallbox-22', vendorName: 'ocpp-station' },
  });
  if (boot.status !== 'Accepted') throw new Error(`plain client boot ${boot.status}`);
  return {
    endpoint,
    close: async () => {
      const closed = once(ws, 'close');
      ws.close();
      await closed;
    },
  };
}

// --- measurements -----------------------------------------------------------------------------

interface Row {
  name: string;
  messages: number;
  elapsedMs: number;
  cpuMicros: number;
  note?: string;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** a. N commits to the outbox of a station that was never started. */
async function enqueue(dbFile: string, payloads: readonly TransactionEventRequest[]): Promise<Row> {
  const db = openDatabase(dbFile);
  const { station, close } = makeStation(db, 'ws://127.0.0.1:9/ocpp'); // never started: offline
  try {
    if (station.ctx.online()) throw new Error('station should be offline');
    const cpu0 = cpuNow();
    const t0 = performance.now();
    for (const payload of payloads) station.ctx.queue('TransactionEvent', payload, { kind: 'transaction', droppable: true });
    const elapsedMs = performance.now() - t0;
    const cpuMicros = cpuNow() - cpu0;
    if (station.outbox.size !== N) throw new Error(`outbox holds ${station.outbox.size}, expected ${N}`);
    return { name: 'enqueue (offline, FULL)', messages: N, elapsedMs, cpuMicros };
  } finally {
    await close();
    db.close();
  }
}

/** b. A restarted station drains the N queued messages once connected and accepted. */
async function replay(dbFile: string, csms: LocalCsms, received: Received): Promise<Row> {
  const db = openDatabase(dbFile);
  const { station, close } = makeStation(db, csms.url);
  try {
    const queued = station.outbox.size;
    if (queued !== N) throw new Error(`after reopening the database the outbox holds ${queued}, expected ${N}`);
    let t0 = 0;
    let cpu0 = 0;
    const connected = new Promise<void>((resolve) =>
      station.ctx.events.on('connected', () => {
        t0 = performance.now();
        cpu0 = cpuNow();
        resolve();
      }),
    );
    const tStart = performance.now();
    station.start();
    await connected;
    await received.all(N);
    // The CSMS has the last one; the station removes it once the CALLRESULT is back.
    while (station.outbox.size > 0) await immediate();
    const elapsedMs = performance.now() - t0;
    const cpuMicros = cpuNow() - cpu0;
    checkReceived('replay', received.seqNos);
    return {
      name: 'outbox replay',
      messages: N,
      elapsedMs,
      cpuMicros,
      note: `start() to connected ${(t0 - tStart).toFixed(0)} ms, not counted`,
    };
  } finally {
    await close();
    db.close();
  }
}

/** c. The same payloads as plain sequential validated CALLs: no outbox, no SQLite. */
async function plain(csms: LocalCsms, stationId: string, payloads: readonly TransactionEventRequest[]): Promise<Row> {
  const client = await plainClient(csms, stationId);
  try {
    const cpu0 = cpuNow();
    const t0 = performance.now();
    for (const payload of payloads) await client.endpoint.call('TransactionEvent', payload);
    const elapsedMs = performance.now() - t0;
    const cpuMicros = cpuNow() - cpu0;
    return { name: 'plain sequential CALLs', messages: payloads.length, elapsedMs, cpuMicros };
  } finally {
    await client.close();
  }
}

// --- output -----------------------------------------------------------------------------------

function printMachine(dir: string, payloadBytes: number): void {
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}`);
  console.log(
    `         ${os.platform()} ${os.release()}, better-sqlite3 ${versionOf('better-sqlite3')}, ws ${versionOf('ws')}, ajv ${versionOf('ajv')}`,
  );
  console.log(`         database file in ${dir} (WAL, synchronous=FULL)`);
  console.log(
    `method:  one process, 127.0.0.1, ${fmt(N)} TransactionEvent Updated (${payloadBytes} B JSON each), ${fmt(WARMUP)} plain calls warm-up;`,
  );
  console.log('         CPU = process.cpuUsage(), station AND CSMS (both ends run in this process)\n');
}

function printTable(rows: Row[]): void {
  const header = `${pad('case', 24)} ${pad('messages', 9, true)} ${pad('msg/s', 9, true)} ${pad('µs/msg wall', 12, true)} ${pad('CPU µs/msg', 11, true)} ${pad('CPU %', 6, true)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const r of rows) {
    console.log(
      `${pad(r.name, 24)} ${pad(fmt(r.messages), 9, true)} ${pad(fmt(r.messages / (r.elapsedMs / 1000)), 9, true)} ${pad(fmt((r.elapsedMs * 1000) / r.messages, 1), 12, true)} ${pad(fmt(r.cpuMicros / r.messages, 1), 11, true)} ${pad(fmt(r.cpuMicros / 10 / r.elapsedMs), 6, true)}`,
    );
  }
  console.log();
  for (const r of rows) if (r.note) console.log(`${r.name}: ${r.note}`);
  const byName = (name: string) => rows.find((r) => r.name === name);
  const replayRow = byName('outbox replay');
  const plainRow = byName('plain sequential CALLs');
  if (replayRow && plainRow) {
    const rate = (r: Row) => r.messages / r.elapsedMs;
    const cpu = (r: Row) => r.cpuMicros / r.messages;
    console.log(
      `outbox replay / plain calls: ${(rate(replayRow) / rate(plainRow)).toFixed(2)}× the rate, ` +
        `${(cpu(replayRow) / cpu(plainRow)).toFixed(2)}× the CPU per message`,
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocpp-outbox-bench-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  // Bounded: whatever happens, the bench ends, and leaves no database behind.
  const watchdog = setTimeout(() => {
    console.error(`bench exceeded ${TIME_LIMIT_MS / 1000} s, aborting`);
    cleanup();
    process.exit(2);
  }, TIME_LIMIT_MS);
  watchdog.unref();
  let csms: LocalCsms | undefined;
  try {
    const dbFile = path.join(dir, 'station.db');
    const payloads = Array.from({ length: N }, (_, seqNo) => transactionEvent(seqNo));
    for (const p of [payloads[0], payloads[N - 1]]) {
      const error = validatePayload('TransactionEvent', 'Request', p);
      if (error) throw new Error(`bench payload is invalid: ${error.message}`);
    }
    precompileAll(['BootNotification', 'StatusNotification', 'TransactionEvent', 'Heartbeat']);
    printMachine(dir, JSON.stringify(payloads[0]).length);

    csms = await startLocalCsms({ log: silentLogger, clock: systemClock });
    const received = tapTransactionEvents(csms);
    // Warm-up: both ends' endpoints, validators and CSMS handlers, for both timed cases alike.
    await plain(csms, WARMUP_ID, payloads.slice(0, WARMUP));

    const rows: Row[] = [];
    const enqueued = await enqueue(dbFile, payloads);
    console.log(`  done: ${enqueued.name}: ${fmt((enqueued.elapsedMs * 1000) / N, 1)} µs/msg`);
    rows.push(enqueued);
    const replayed = await replay(dbFile, csms, received.get(STATION_ID) as Received);
    console.log(`  done: ${replayed.name}: ${fmt(N / (replayed.elapsedMs / 1000))} msg/s`);
    rows.push(replayed);
    const plainReceived = received.get(PLAIN_ID) as Received;
    const plainRow = await plain(csms, PLAIN_ID, payloads);
    await plainReceived.all(N);
    checkReceived('plain', plainReceived.seqNos);
    console.log(`  done: ${plainRow.name}: ${fmt(N / (plainRow.elapsedMs / 1000))} msg/s`);
    rows.push(plainRow);
    console.log();
    printTable(rows);
  } finally {
    await csms?.close();
    cleanup();
    clearTimeout(watchdog);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
