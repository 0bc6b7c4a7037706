// The station software as the process runs it, for tests of what survives a restart (Reset,
// network profiles): a StationRuntime over a temporary SQLite file, on a fake clock.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { SimulatedHardware } from '../../src/hal/simulated/simulated-hardware.js';
import { defaultDescription } from '../../src/station/description.js';
import { StationRuntime } from '../../src/station/runtime.js';

export interface TestRuntime {
  runtime: StationRuntime;
  clock: FakeClock;
  hardware: SimulatedHardware;
  dbFile: string;
  stop(): Promise<void>;
}

export function makeTestRuntime(options: {
  id: string;
  csmsUrl: string;
  evses?: number;
  overrides?: Record<string, string>;
  manufacturerRootCertificates?: string[];
}): TestRuntime {
  const clock = new FakeClock();
  const description = defaultDescription(options.evses ?? 1);
  const hardware = new SimulatedHardware(description, { clock });
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-station-'));
  const dbFile = join(dir, 'station.db');
  const runtime = new StationRuntime({
    id: options.id,
    description,
    hal: hardware,
    clock,
    link: { csmsUrl: options.csmsUrl },
    // As in makeTestStation: no pings on the fake clock.
    overrides: {
      [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0',
      // Clock-aligned meter values fall on wall-clock boundaries (station time follows the CSMS's real
      // clock); tests that want them set an interval, the others must not see them by chance.
      [DM.AlignedDataCtrlr.Interval]: '0',
      ...options.overrides,
    },
    dbFile,
    ...(options.manufacturerRootCertificates ? { manufacturerRootCertificates: options.manufacturerRootCertificates } : {}),
  });
  return {
    runtime,
    clock,
    hardware,
    dbFile,
    stop: async () => {
      await runtime.stop();
      hardware.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
