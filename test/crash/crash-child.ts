// The station as a process for the crash test: StationRuntime over a SQLite file, simulated
// hardware driven from here (plug, card, charge, unplug, card again...), the system clock. The
// parent kills it with SIGKILL at random instants. `drain` mode touches no hardware: it boots,
// recovers and delivers what is queued, then exits 0 once the outbox is empty.
//
//   node crash-child.js <dataDir> <csmsUrl> <stationId> <seed> <run|drain>

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/clock/clock.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { Hardware, MeterReading } from '../../src/hal/hardware.js';
import { SimulatedHardware } from '../../src/hal/simulated/simulated-hardware.js';
import { defaultDescription } from '../../src/description/station-description.js';
import { StationRuntime } from '../../src/station/runtime.js';

const [dataDir, csmsUrl, stationId, seedText, mode] = process.argv.slice(2) as [string, string, string, string, string];
let seed = Number(seedText) >>> 0;
const random = (): number => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const description = defaultDescription(1);
const sim = new SimulatedHardware(description, { clock: systemClock, rampWPerS: 1e9 });

// A real meter's register survives a power cut; the simulated one starts at 0 in a new process.
// The register is written through (fsync) before any reading leaves the meter, so a value the
// station reports is never above what the next process starts from.
const meterFile = join(dataDir, 'meter-wh');
let base = 0;
try {
  base = Number(readFileSync(meterFile, 'utf8')) || 0;
} catch {
  base = 0;
}
let persisted = base;
function persist(value: number): void {
  if (value <= persisted) return;
  // Written beside and renamed over: a kill in the middle leaves the old register, never an empty file.
  const next = `${meterFile}.next`;
  const fd = openSync(next, 'w');
  writeSync(fd, String(value));
  fsyncSync(fd);
  closeSync(fd);
  renameSync(next, meterFile);
  persisted = value;
}
const hal: Hardware = new Proxy(sim, {
  get(target, prop, receiver) {
    if (prop === 'meter') {
      return (evseId: number): MeterReading => {
        const reading = target.meter(evseId);
        const energyWh = base + reading.energyWh;
        persist(energyWh);
        return { ...reading, energyWh };
      };
    }
    const value = Reflect.get(target, prop, receiver) as unknown;
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

const runtime = new StationRuntime({
  id: stationId,
  description,
  dbFile: join(dataDir, 'station.db'),
  hal,
  link: { csmsUrl },
  overrides: {
    [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0',
    [DM.OCPPCommCtrlr.RetryBackOffWaitMinimum]: '0',
    [DM.OCPPCommCtrlr.RetryBackOffRandomRange]: '0',
    [DM.SampledDataCtrlr.TxUpdatedInterval]: '1',
    [DM.TxCtrlr.TxStartPoint]: 'PowerPathClosed',
    [DM.TxCtrlr.TxStopPoint]: 'EVConnected,Authorized',
    [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true',
  },
});
runtime.start();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function drive(): Promise<void> {
  for (let i = 0; ; i++) {
    sim.plug(1);
    await sleep(20 + random() * 200);
    sim.presentToken(`CARD-${i % 3}`);
    await sleep(200 + random() * 1200);
    if (random() < 0.5) sim.presentToken(`CARD-${i % 3}`);
    await sleep(random() * 200);
    sim.unplug(1);
    await sleep(20 + random() * 200);
  }
}

async function drain(): Promise<void> {
  for (;;) {
    await sleep(50);
    const station = runtime.station;
    if (station.ctx.registration() === 'Accepted' && station.outbox.size === 0) break;
  }
  await runtime.stop();
  sim.close();
  process.exit(0);
}

process.send?.('started');
void (mode === 'drain' ? drain() : drive());
