// Two real stations behind a Local Controller, on one fake clock: they boot through it, start and
// stop transactions, and `watch` moves the clock a second at a time, sampling the total power of
// the two simulated meters each second.

import { FakeClock } from '../../src/clock/fake-clock.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { LocalController } from '../../src/local-controller/local-controller.js';
import { quiet } from './quiet.js';
import { makeTestStation, type TestStation } from './test-station.js';
import { waitFor } from './wait.js';

export const METER_INTERVAL_S = 10;

/** Two stations on one clock (its own, unless given), booted through the controller at `controllerUrl`. */
export async function stationPair(
  controller: Pick<LocalController, 'idle'>,
  controllerUrl: string,
  ids: [string, string],
  overrides: Record<string, string> = {},
  clock = new FakeClock(),
) {
  const stations = ids.map((id) =>
    makeTestStation({
      id,
      csmsUrl: controllerUrl,
      clock,
      overrides: { [DM.SampledDataCtrlr.TxUpdatedInterval]: String(METER_INTERVAL_S), ...overrides },
    }),
  );
  const settled = async (): Promise<void> => {
    for (let round = 0; round < 3; round++) {
      for (const t of stations) await quiet(t);
      await waitFor(() => controller.idle, 'controller answered');
    }
  };
  for (const t of stations) t.station.start();
  for (const t of stations) await waitFor(() => t.snapshot().registration === 'Accepted' && t.snapshot().connected, 'booted');
  await settled();
  const samples: number[] = [];
  const power = (): number[] => stations.map((t) => Math.round(t.hardware.meter(1).powerW));
  const watch = async (seconds: number): Promise<void> => {
    for (let s = 0; s < seconds; s++) {
      clock.advance(1000);
      await settled();
      samples.push(power().reduce((a, b) => a + b, 0));
    }
  };
  const start = async (index: number, card: string): Promise<void> => {
    const t = stations[index]!;
    t.hardware.plug(1);
    await settled();
    t.hardware.presentToken(card, 'ISO14443', 1);
    await waitFor(() => t.hardware.contactorClosed(1), 'power path closed');
    await settled();
  };
  // Cars leave before the stations stop: a station that goes away mid-transaction keeps its share
  // of the group (it may still be charging), and the next test would find less to share.
  const stop = async (): Promise<void> => {
    for (const t of stations) t.hardware.unplug(1);
    for (const t of stations) await waitFor(() => t.station.blocks.transactions.view(1) === null, 'transaction ended');
    await settled();
    for (const t of stations) await t.stop();
  };
  return { stations: stations as [TestStation, TestStation], samples, power, watch, start, settled, stop };
}
