// A whole station for end-to-end tests: the real stack over simulated hardware and an
// in-memory database, on a fake clock (timers move only when the test says so).

import { FakeClock } from '../../src/clock/fake-clock.js';
import type { Hardware } from '../../src/hal/hardware.js';
import { SimulatedHardware } from '../../src/hal/simulated/simulated-hardware.js';
import { defaultDescription, type StationDescription } from '../../src/description/station-description.js';
import { snapshotOf } from '../../src/station/snapshot.js';
import type { LoopbackConnection } from '../../src/rpc/loopback.js';
import type { LinkOptions } from '../../src/station/link.js';
import { Station } from '../../src/station/station.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { StationScope } from '../../src/store/scope.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';

/** Device-model overrides every test station and test runtime starts with; a test's own overrides win. */
export const TEST_OVERRIDES: Readonly<Record<string, string>> = Object.freeze({
  // Pings would need the fake clock moved in step with real pongs; the link tests cover them.
  [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0',
  // Clock-aligned meter values fall on wall-clock boundaries (station time follows the CSMS's real
  // clock); tests that want them set an interval, the others must not see them by chance.
  [DM.AlignedDataCtrlr.Interval]: '0',
});

/**
 * The reconnection back-off without its random part: the first attempt comes exactly `seconds`
 * (on the test's clock) after the link dropped, so a test knows when the link is back.
 */
export function fixedBackOff(seconds: number): Record<string, string> {
  return { [DM.OCPPCommCtrlr.RetryBackOffWaitMinimum]: String(seconds), [DM.OCPPCommCtrlr.RetryBackOffRandomRange]: '0' };
}

export interface TestStation {
  station: Station;
  clock: FakeClock;
  hardware: SimulatedHardware;
  db: Database;
  snapshot(): ReturnType<typeof snapshotOf>;
  stop(): Promise<void>;
}

export interface TestStationOptions {
  id: string;
  csmsUrl: string;
  evses?: number;
  description?: StationDescription;
  overrides?: Record<string, string>;
  db?: Database;
  clock?: FakeClock;
  /** Runs the link in memory instead of over a WebSocket. */
  loopback?: LoopbackConnection;
  /** wss:// links: what the CSMS certificate must chain to, and the client certificate (security profile 3). */
  link?: Pick<LinkOptions, 'ca' | 'clientCert' | 'clientKey'>;
  /**
   * How long the simulated EV takes to draw once the contactor closes. 0 by default: the fake clock
   * moves only when a test says so; a test of that moment sets it and advances the clock.
   */
  evResponseMs?: number;
  /** What the station sees of the hardware: the simulator itself unless a driver decorator wraps it. */
  hal?: (hardware: SimulatedHardware, clock: FakeClock) => Hardware;
}

export function makeTestStation(options: TestStationOptions): TestStation {
  const clock = options.clock ?? new FakeClock();
  const description = options.description ?? defaultDescription(options.evses ?? 1);
  const hardware = new SimulatedHardware(description, { clock, evResponseMs: options.evResponseMs ?? 0 });
  const hal = options.hal?.(hardware, clock) ?? hardware;
  const db = new StationScope(options.db ?? openDatabase(':memory:'));
  const station = new Station({
    id: options.id,
    description,
    db,
    hal,
    clock,
    link: { ...options.link, csmsUrl: options.csmsUrl, ...(options.loopback ? { loopback: options.loopback } : {}) },
    overrides: { ...TEST_OVERRIDES, ...options.overrides },
  });
  return {
    station,
    clock,
    hardware,
    db: db.db,
    snapshot: () => snapshotOf(station),
    stop: async () => {
      await station.stop();
      hal.close();
    },
  };
}
