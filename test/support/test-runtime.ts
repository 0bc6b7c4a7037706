// The station software as the process runs it, for tests of what survives a restart (Reset,
// network profiles): a StationRuntime over a temporary SQLite file, on a fake clock.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { SimulatedHardware } from '../../src/hal/simulated/simulated-hardware.js';
import { defaultDescription, type StationDescription } from '../../src/description/station-description.js';
import { StationRuntime } from '../../src/station/runtime.js';
import { TEST_OVERRIDES } from './test-station.js';

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
  description?: StationDescription;
  overrides?: Record<string, string>;
  manufacturerRootCertificates?: string[];
}): TestRuntime {
  const clock = new FakeClock();
  const description = options.description ?? defaultDescription(options.evses ?? 1);
  // As in makeTestStation: the EV draws as soon as the contactor closes.
  const hardware = new SimulatedHardware(description, { clock, evResponseMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-station-'));
  const dbFile = join(dir, 'station.db');
  const runtime = new StationRuntime({
    id: options.id,
    description,
    hal: hardware,
    clock,
    link: { csmsUrl: options.csmsUrl },
    // As in makeTestStation: no pings on the fake clock, no clock-aligned meter values by chance.
    overrides: { ...TEST_OVERRIDES, ...options.overrides },
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
