// The station as a process for the crash test: StationRuntime over a SQLite file, simulated
// hardware driven from here (plug, card, charge, unplug, card again...), the system clock. The
// parent kills it with SIGKILL at random instants. `drain` mode touches no hardware: it boots,
// recovers and delivers what is queued, then exits 0 once the outbox is empty.
//
//   node crash-child.js <dataDir> <csmsUrl> <stationId> <seed> <run|drain>

import { join } from 'node:path';
import { systemClock } from '../../src/clock/clock.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { registerFile } from '../../src/hal/simulated/meter-register.js';
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
// A real meter's register survives a power cut: the simulated one keeps it in the data directory.
const hal = new SimulatedHardware(description, {
  clock: systemClock,
  rampWPerS: 1e9,
  registers: registerFile(join(dataDir, 'meters.json')),
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
    hal.plug(1);
    await sleep(20 + random() * 200);
    hal.presentToken(`CARD-${i % 3}`);
    await sleep(200 + random() * 1200);
    if (random() < 0.5) hal.presentToken(`CARD-${i % 3}`);
    await sleep(random() * 200);
    hal.unplug(1);
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
  hal.close();
  process.exit(0);
}

process.send?.('started');
void (mode === 'drain' ? drain() : drive());
