// What one fleet station costs in JS heap: builds COUNT fleet members over one shared database,
// as the fleet does, and prints the heap and RSS per station. With `accepted`, it starts them
// against the built-in CSMS in another process and measures once every one is Accepted and idle;
// otherwise the stations are only built. With `--snapshot FILE`, it also writes a heap snapshot
// and prints the self size per constructor (or closure name) per station, the biggest first.
//
//   node --expose-gc dist/bench/fleet/station-heap.js [count=1000] [built|accepted] [--snapshot FILE]

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { systemClock } from '../../src/clock/clock.js';
import { defaultDescription } from '../../src/description/station-description.js';
import { openFleetDatabase, stationId } from '../../src/fleet/fleet.js';
import { FleetMember } from '../../src/fleet/fleet-member.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { createLogger } from '../../src/log/logger.js';

const args = process.argv.slice(2);
const snapshotAt = args.indexOf('--snapshot');
const snapshotFile = snapshotAt >= 0 ? args.splice(snapshotAt, 2)[1] : undefined;
const [countText = '1000', mode = 'built'] = args;
const COUNT = Number(countText);
const OVERRIDES = {
  [DM.OCPPCommCtrlr.HeartbeatInterval]: '60',
  [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0',
  [DM.AlignedDataCtrlr.Interval]: '0',
};
const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
  collect();
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = createLogger({ name: 'station-heap', level: 'error' });

async function startCsms(): Promise<{ url: string; process: ChildProcess }> {
  const csms = spawn(process.execPath, [fileURLToPath(new URL('./csms-process.js', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_HEARTBEAT_S: '60' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    csms.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve((JSON.parse(buffer.slice(0, end)) as { url: string }).url);
    });
    csms.on('exit', reject);
  });
  return { url, process: csms };
}

const csms = mode === 'accepted' ? await startCsms() : undefined;
// The database and the catalogue are the fleet's: open them, and build one station, before measuring.
const db = openFleetDatabase(undefined);
let accepted = 0;
const build = (i: number): FleetMember =>
  new FleetMember({
    id: stationId('HEAP-', i, COUNT + 1),
    csmsUrl: csms?.url ?? 'ws://127.0.0.1:9/ocpp',
    description: { ...defaultDescription(1), serialNumber: `HEAP-${i}` },
    overrides: OVERRIDES,
    clock: systemClock,
    log,
    db,
    onFirstAccepted: () => accepted++,
  });
const warm = build(COUNT);
gc();
const before = process.memoryUsage();
const members: FleetMember[] = [];
for (let i = 0; i < COUNT; i++) members.push(build(i));
if (csms) {
  for (const member of members) member.start();
  while (accepted < COUNT) await sleep(100);
  await sleep(2000);
}
gc();
const after = process.memoryUsage();
const kb = (bytes: number): number => Math.round((bytes / COUNT / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({ mode, stations: COUNT, heapKbPerStation: kb(after.heapUsed - before.heapUsed), rssKbPerStation: kb(after.rss - before.rss) })}\n`,
);

if (snapshotFile) {
  writeHeapSnapshot(snapshotFile);
  printBySelfSize(snapshotFile);
}
await Promise.all([warm, ...members].map((member) => member.stop()));
csms?.process.kill();
db.close();

/** Self size and count per node name (constructor, or closure's function name), per station. */
function printBySelfSize(file: string): void {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const totals = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[0][snapshot.nodes[i + typeAt]!]!;
    const name =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? '(string)'
        : snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    const key = `${type}:${name.slice(0, 60)}`;
    const total = totals.get(key) ?? { count: 0, bytes: 0 };
    total.count++;
    total.bytes += snapshot.nodes[i + sizeAt]!;
    totals.set(key, total);
  }
  const rows = [...totals]
    .filter(([, t]) => t.count >= COUNT / 2)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, 60);
  for (const [key, t] of rows) {
    process.stdout.write(`${(t.bytes / COUNT).toFixed(0).padStart(7)} B ${(t.count / COUNT).toFixed(1).padStart(7)}  ${key}\n`);
  }
}
