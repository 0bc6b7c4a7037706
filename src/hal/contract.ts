// The behaviour every Hardware driver owes the stack, as one test suite. Each driver's test calls
// runHardwareContract with a factory; the factory wires the driver to a FakeClock and to a way of
// playing the EV (for a real driver: a test rig or a mocked pilot/meter bus). Only EVSE 1,
// connector 1 is used, so any station layout will do. Tolerances leave room for a real meter.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeClock } from '../clock/fake-clock.js';
import type { Hardware, HardwareEvent } from './hardware.js';

export interface DriverUnderTest {
  hw: Hardware;
  clock: FakeClock;
  /** An EV plugs into connector 1 of the EVSE. */
  plug(evseId: number): void;
  unplug(evseId: number): void;
  setEvDrawing(evseId: number, drawing: boolean): void;
}

/** Long enough for any ramp to settle. */
const SETTLE_MS = 15_000;
/** How long the current may take to stop once a condition for it is gone. */
const STOP_MS = 2_000;

export function runHardwareContract(name: string, makeDriver: () => DriverUnderTest): void {
  const test = (title: string, body: (d: DriverUnderTest) => Promise<void>) =>
    it(title, async () => {
      const d = makeDriver();
      try {
        await body(d);
      } finally {
        d.hw.close();
      }
    });

  describe(`Hardware contract: ${name}`, () => {
    test('starts unplugged, with the contactor open, no fault and no power', async ({ hw }) => {
      assert.equal(hw.cable(1, 1), 'unplugged');
      assert.equal(hw.contactorClosed(1), false);
      assert.equal(hw.evDrawing(1), false);
      assert.equal(hw.faults(1), null);
      assert.equal(hw.meter(1).powerW, 0);
    });

    test('delivers power only when plugged, the contactor closed and the EV drawing', async (d) => {
      const { hw, clock } = d;
      const power = async (ms: number) => {
        await elapse(clock, ms);
        return hw.meter(1).powerW;
      };
      await settle(clock, hw.setContactor(1, true));
      assert.equal(hw.contactorClosed(1), true);
      assert.equal(await power(SETTLE_MS), 0, 'no EV plugged');
      d.plug(1);
      d.setEvDrawing(1, false);
      assert.equal(hw.cable(1, 1), 'plugged');
      assert.equal(hw.evDrawing(1), false);
      assert.equal(await power(SETTLE_MS), 0, 'EV not drawing');
      d.setEvDrawing(1, true);
      assert.equal(hw.evDrawing(1), true);
      assert.ok((await power(SETTLE_MS)) > 0, 'all conditions met');
      await settle(clock, hw.setContactor(1, false));
      assert.equal(hw.contactorClosed(1), false);
      assert.equal(await power(STOP_MS), 0, 'contactor open');
      await settle(clock, hw.setContactor(1, true));
      assert.ok((await power(SETTLE_MS)) > 0);
      d.setEvDrawing(1, false);
      assert.equal(await power(STOP_MS), 0, 'EV suspended');
      d.setEvDrawing(1, true);
      assert.ok((await power(SETTLE_MS)) > 0);
      d.unplug(1);
      assert.equal(hw.cable(1, 1), 'unplugged');
      assert.equal(hw.evDrawing(1), false);
      assert.equal(await power(STOP_MS), 0, 'EV gone');
    });

    test('the energy register never decreases, whatever happens', async (d) => {
      const { hw, clock } = d;
      let last = hw.meter(1).energyWh;
      const watch = async (ms: number) => {
        for (let t = 0; t < ms; t += 500) {
          await elapse(clock, 500);
          const energy = hw.meter(1).energyWh;
          assert.ok(energy >= last, `energy went from ${last} to ${energy} Wh`);
          last = energy;
        }
      };
      const first = last;
      await startCharging(d);
      await watch(10_000);
      hw.setPowerLimit(1, 1000);
      await watch(10_000);
      d.setEvDrawing(1, false);
      await watch(3_000);
      d.setEvDrawing(1, true);
      await watch(5_000);
      await settle(clock, hw.setContactor(1, false));
      await watch(3_000);
      d.unplug(1);
      await watch(3_000);
      assert.ok(last > first, 'energy grew while power flowed');
    });

    test('energy follows the power over time', async (d) => {
      const { hw, clock } = d;
      await startCharging(d);
      await elapse(clock, SETTLE_MS);
      const before = hw.meter(1);
      assert.ok(before.powerW > 0);
      await elapse(clock, 60_000);
      const after = hw.meter(1);
      const expectedWh = (before.powerW * 60) / 3600;
      assert.ok(
        Math.abs(after.energyWh - before.energyWh - expectedWh) <= expectedWh * 0.05,
        `${after.energyWh - before.energyWh} Wh in 60 s at ${before.powerW} W`,
      );
    });

    test('power stays within the limit once the ramp has settled', async (d) => {
      const { hw, clock } = d;
      const within = (watts: number) => hw.meter(1).powerW <= watts * 1.01 + 1;
      hw.setPowerLimit(1, 4000);
      await startCharging(d);
      await elapse(clock, SETTLE_MS);
      assert.ok(hw.meter(1).powerW > 0);
      assert.ok(within(4000), `${hw.meter(1).powerW} W over a 4000 W limit`);
      assert.ok(hw.meter(1).offeredW <= 4000);
      hw.setPowerLimit(1, 1500);
      await elapse(clock, SETTLE_MS);
      assert.ok(within(1500), `${hw.meter(1).powerW} W over a 1500 W limit`);
      hw.setPowerLimit(1, 0);
      await elapse(clock, SETTLE_MS);
      assert.ok(within(0), `${hw.meter(1).powerW} W over a 0 W limit`);
      hw.setPowerLimit(1, null);
      await elapse(clock, SETTLE_MS);
      assert.ok(hw.meter(1).powerW > 1500, 'back to full power without a limit');
      assert.throws(() => hw.setPowerLimit(1, -1), RangeError);
    });

    test('meter readings are consistent: one value per phase, active power within V·I', async (d) => {
      const { hw, clock } = d;
      const check = () => {
        const r = hw.meter(1);
        assert.ok([1, 2, 3].includes(r.phases));
        assert.equal(r.currentA.length, r.phases);
        assert.equal(r.voltageV.length, r.phases);
        for (const v of [r.energyWh, r.powerW, r.offeredW, r.offeredA, ...r.currentA, ...r.voltageV])
          assert.ok(Number.isFinite(v) && v >= 0, `bad value ${v}`);
        const apparentW = r.currentA.reduce((sum, a, i) => sum + a * (r.voltageV[i] ?? 0), 0);
        assert.ok(r.powerW <= apparentW * 1.02 + 1, `${r.powerW} W from ${apparentW} VA`);
        assert.ok(r.powerW <= r.offeredW * 1.01 + 1, `${r.powerW} W above the ${r.offeredW} W offered`);
        return r;
      };
      check();
      await startCharging(d);
      await elapse(clock, SETTLE_MS);
      assert.ok(check().powerW > 0);
    });

    test('K01.FR.46 – setPhases, where the driver has it: the EV draws on the chosen phase alone, then on all again', async (d) => {
      const { hw, clock } = d;
      if (!hw.setPhases) return; // a charger that cannot switch phases has no such output
      await startCharging(d);
      await elapse(clock, SETTLE_MS);
      const wired = hw.meter(1);
      if (wired.dc) {
        hw.setPhases(1, 1, 1); // K01.FR.44: ignored on DC
        await elapse(clock, SETTLE_MS);
        assert.ok(hw.meter(1).powerW > 0);
        return;
      }
      const phase = wired.phases >= 2 ? 2 : 1;
      hw.setPhases(1, 1, phase);
      await elapse(clock, SETTLE_MS);
      const single = hw.meter(1);
      assert.equal(single.currentA.length, single.phases, 'one entry per wired phase, whatever is in use');
      for (const [i, a] of single.currentA.entries()) {
        if (i === phase - 1) assert.ok(a > 0, `L${i + 1} carries the current`);
        else assert.equal(a, 0, `no current on L${i + 1}`);
      }
      const apparentW = single.currentA[phase - 1]! * single.voltageV[phase - 1]!;
      assert.ok(Math.abs(single.powerW - apparentW) <= apparentW * 0.02 + 1, `${single.powerW} W from ${apparentW} VA on one phase`);
      assert.throws(() => hw.setPhases?.(1, 1, 4 as 1), RangeError);
      hw.setPhases(1, wired.phases);
      await elapse(clock, SETTLE_MS);
      assert.ok(
        hw.meter(1).currentA.every((a) => a > 0),
        'back on every wired phase',
      );
    });

    test('reports cable and EV changes as events', async (d) => {
      const { hw, clock } = d;
      const events: HardwareEvent[] = [];
      hw.subscribe((e) => events.push(e));
      await settle(clock, hw.setContactor(1, true));
      d.plug(1);
      d.setEvDrawing(1, true);
      await elapse(clock, STOP_MS);
      assert.ok(events.some((e) => e.type === 'cable' && e.evseId === 1 && e.connectorId === 1 && e.state === 'plugged'));
      events.length = 0;
      d.setEvDrawing(1, false);
      assert.deepEqual(
        events.filter((e) => e.type === 'ev'),
        [{ type: 'ev', evseId: 1, drawing: false }],
      );
      d.setEvDrawing(1, true);
      assert.deepEqual(events.filter((e) => e.type === 'ev').at(-1), { type: 'ev', evseId: 1, drawing: true });
      events.length = 0;
      d.unplug(1);
      assert.deepEqual(
        events.filter((e) => e.type === 'cable'),
        [{ type: 'cable', evseId: 1, connectorId: 1, state: 'unplugged' }],
      );
      assert.deepEqual(
        events.filter((e) => e.type === 'ev').at(-1),
        { type: 'ev', evseId: 1, drawing: false },
        'an EV that left draws nothing',
      );
    });

    test('unsubscribe stops delivery to that listener only', async (d) => {
      const { hw } = d;
      const kept: HardwareEvent[] = [];
      const dropped: HardwareEvent[] = [];
      hw.subscribe((e) => kept.push(e));
      const unsubscribe = hw.subscribe((e) => dropped.push(e));
      unsubscribe();
      d.plug(1);
      d.unplug(1);
      assert.equal(dropped.length, 0);
      assert.ok(kept.length >= 2);
    });

    test('setConnectorLock resolves to a boolean that connectorLocked agrees with', async ({ hw, clock }) => {
      for (const wanted of [true, false]) {
        const ok = await settle(clock, hw.setConnectorLock(1, 1, wanted));
        assert.equal(typeof ok, 'boolean');
        if (ok) assert.equal(hw.connectorLocked(1, 1), wanted);
      }
    });

    test('close() leaves no timer pending and delivers no more events', async (d) => {
      const { hw, clock } = d;
      const events: HardwareEvent[] = [];
      await startCharging(d);
      await elapse(clock, 5_000);
      hw.subscribe((e) => events.push(e));
      hw.close();
      assert.equal(clock.pending, 0);
      await elapse(clock, 5_000);
      assert.equal(events.length, 0);
    });

    test('an id that does not exist throws a RangeError', async ({ hw }) => {
      assert.throws(() => hw.meter(99), RangeError);
      assert.throws(() => hw.cable(1, 99), RangeError);
      assert.throws(() => hw.evDrawing(99), RangeError);
      await assert.rejects(hw.setContactor(99, true), RangeError);
    });
  });
}

async function startCharging(d: DriverUnderTest): Promise<void> {
  d.plug(1);
  d.setEvDrawing(1, true);
  await settle(d.clock, d.hw.setContactor(1, true));
}

/** Lets clock time pass in small steps, so that drivers doing I/O between timers keep up. */
async function elapse(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 250) await clock.tick(Math.min(250, ms - t));
}

/** Waits for an output to finish, letting up to 10 s of clock time pass for actuators that take time. */
async function settle<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const watched = promise.finally(() => (done = true));
  watched.catch(() => {}); // the caller sees the rejection; this only keeps it from counting as unhandled meanwhile
  for (let i = 0; !done; i++) {
    if (i > 100) assert.fail('output did not complete within 10 s of clock time');
    await clock.tick(i === 0 ? 0 : 100);
  }
  return watched;
}
