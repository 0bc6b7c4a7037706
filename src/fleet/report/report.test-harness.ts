// A small known report for the renderers' tests: three actions over five seconds.

import { CallStats } from './call-stats.js';
import type { RunMeta } from './fleet-report.js';

export const RUN: RunMeta = {
  startedAt: '2026-12-01T10:00:00.000Z',
  endedAt: '2026-12-01T10:00:05.000Z',
  durationS: 5,
  stations: 3,
  fleetStations: 3,
  shard: null,
  csmsUrl: 'ws://127.0.0.1:9000/ocpp',
  builtInCsms: true,
  sessions: false,
  evsesPerStation: 1,
  heap: 'speed',
  stopReason: 'duration',
};

/** Five seconds of calls: 100 Heartbeats of 1..100 ms in second 1, a boot, errors and a timeout in second 3. */
export function sampleStats(): CallStats {
  const clock = { t: 0 };
  const calls = new CallStats(() => clock.t);
  clock.t = 1500;
  for (let ms = 1; ms <= 100; ms++) calls.settled({ action: 'Heartbeat', ms, outcome: 'ok' });
  clock.t = 3200;
  calls.settled({ action: 'BootNotification', ms: 12, outcome: 'ok' });
  calls.settled({ action: 'BootNotification', ms: 3, outcome: 'InternalError' });
  calls.settled({ action: 'StatusNotification', ms: 30_000, outcome: 'timeout' });
  clock.t = 5000;
  return calls;
}
