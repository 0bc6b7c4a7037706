// One worker thread of `ocpp-station fleet --workers N`: a Fleet of its part of the shard's
// slice, on its own event loop and so on its own core. It reports its stats every second, at
// once when asked and when its scenarios are done; the main thread sums them.

import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, type TimerHandle } from '../clock/clock.js';
import { DeviceModelError } from '../device-model/device-model.js';
import { PathError } from '../device-model/path.js';
import { createLogger } from '../log/logger.js';
import { Fleet } from './fleet.js';
import { CallStats } from './report/call-stats.js';
import type { MainMessage, WorkerData, WorkerMessage } from './worker-messages.js';

const REPORT_EVERY_MS = 1000;

function main(port: NonNullable<typeof parentPort>, data: WorkerData): void {
  const post = (message: WorkerMessage): void => port.postMessage(message);
  const log = createLogger({ name: 'fleet', level: data.logLevel });
  const calls = new CallStats();
  const fleet = new Fleet({ ...data.fleet, worker: data.worker, clock: systemClock, log, observeCalls: calls });
  let scenariosDone = false;
  let timer: TimerHandle | undefined;
  let stopping: Promise<void> | undefined;
  const report = (): void =>
    post({
      type: 'stats',
      stats: fleet.stats(),
      startedAt: fleet.startedAt,
      allAcceptedAt: fleet.allAcceptedAt,
      scenarioFailures: [...(fleet.scenarios?.failures() ?? [])],
      scenariosDone,
    });
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      systemClock.clearTimeout(timer);
      report();
      await fleet.stop();
      post({ type: 'stopped', calls: calls.snapshot() });
      log.flush();
      port.close();
    })());

  let ramp: Promise<void>;
  try {
    ramp = fleet.start();
  } catch (error) {
    const usage = error instanceof DeviceModelError || error instanceof PathError;
    post({ type: 'failed', usage, message: error instanceof Error ? error.message : String(error) });
    void stop();
    return;
  }
  post({ type: 'started' });
  ramp.then(
    () => post({ type: 'ramped' }),
    (error: unknown) => post({ type: 'failed', usage: false, message: error instanceof Error ? error.message : String(error) }),
  );
  fleet.scenarios?.done().then(() => {
    scenariosDone = true;
    report();
  });
  timer = systemClock.setTimeout(function tick() {
    report();
    timer = systemClock.setTimeout(tick, REPORT_EVERY_MS);
  }, REPORT_EVERY_MS);
  port.on('message', (message: MainMessage) => {
    if (message.type === 'report') report();
    else void stop();
  });
}

if (parentPort) main(parentPort, workerData as WorkerData);
