import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { defaultDescription, type StationDescription } from '../../description/station-description.js';
import { runHardwareContract } from '../contract.js';
import type { HardwareEvent } from '../hardware.js';
import { packVoltageV, taperW } from './dc-battery.js';
import { registerFile } from './meter-register.js';
import { SimulatedHardware, type SimulatedHardwareOptions } from './simulated-hardware.js';

runHardwareContract('SimulatedHardware', () => {
  const clock = new FakeClock();
  const hw = new SimulatedHardware(defaultDescription(1), { clock });
  return {
    hw,
    clock,
    plug: (evseId) => hw.plug(evseId),
    unplug: (evseId) => hw.unplug(evseId),
    setEvDrawing: (evseId, drawing) => hw.setEv(evseId, { drawing }),
  };
});

/** One DC EVSE, a CCS2 connector rated 50 kW. */
const dcDescription: StationDescription = {
  ...defaultDescription(1),
  evses: [{ id: 1, connectors: [{ id: 1, type: 'cCCS2' }], maxPowerW: 50_000 }],
};

runHardwareContract('SimulatedHardware, DC EVSE', () => {
  const clock = new FakeClock();
  const hw = new SimulatedHardware(dcDescription, { clock });
  return {
    hw,
    clock,
    // A 20 kW EV: at the 2 kW/s ramp its power settles within the contract's 15 s.
    plug: (evseId) => hw.plug(evseId, 1, { maxPowerW: 20_000 }),
    unplug: (evseId) => hw.unplug(evseId),
    setEvDrawing: (evseId, drawing) => hw.setEv(evseId, { drawing }),
  };
});

function make(description: StationDescription = defaultDescription(1), options: Omit<SimulatedHardwareOptions, 'clock'> = {}) {
  const clock = new FakeClock();
  // The EV answers at once unless a test asks otherwise: the physics tests count from the contactor.
  const hw = new SimulatedHardware(description, { clock, evResponseMs: 0, ...options });
  const events: HardwareEvent[] = [];
  hw.subscribe((e) => events.push(e));
  return { clock, hw, events };
}

/** Plugs a drawing EV into EVSE 1 and closes the contactor. */
async function charging(options: Parameters<typeof make>[1] = {}, ev: Parameters<SimulatedHardware['plug']>[2] = {}) {
  const sim = make(defaultDescription(1), options);
  sim.hw.plug(1, 1, ev);
  await sim.hw.setContactor(1, true);
  return sim;
}

const near = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`);

describe('SimulatedHardware', () => {
  it('Energy.Active.Import.Register never decreases across a power cut: a new process on the same register file starts from the last reading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-meters-'));
    try {
      const file = join(dir, 'meters.json');
      const first = await charging({ registers: registerFile(file) });
      first.clock.advance(60_000);
      const reported = first.hw.meter(1).energyWh;
      assert.ok(reported > 100, `${reported} Wh charged`);
      // kill -9: no close(), nothing written after the last reading.
      first.clock.advance(60_000);
      const second = make(defaultDescription(1), { registers: registerFile(file) });
      assert.equal(second.hw.meter(1).energyWh, reported, 'the register the station last read');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      writeFileSync(file, 'not json');
      assert.throws(() => make(defaultDescription(1), { registers: registerFile(file) }), new RegExp(`${file}: not a meter register file`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the EV starts drawing a moment (evResponseMs) after the contactor closes, not when it is plugged', async () => {
    const { clock, hw, events } = make(defaultDescription(1), { evResponseMs: 500 });
    hw.plug(1);
    assert.equal(hw.evDrawing(1), false, 'plugged, nothing offered: state B');
    await hw.setContactor(1, true);
    assert.equal(hw.evDrawing(1), false, 'offered just now');
    clock.advance(499);
    assert.equal(hw.meter(1).energyWh, 0);
    assert.deepEqual(
      events.filter((e) => e.type === 'ev'),
      [],
    );
    clock.advance(1);
    assert.equal(hw.evDrawing(1), true);
    assert.deepEqual(
      events.filter((e) => e.type === 'ev'),
      [{ type: 'ev', evseId: 1, drawing: true }],
    );
    clock.advance(1000);
    near(hw.meter(1).energyWh, 1000 / 3600); // the ramp starts at the answer, not at the contactor
    await hw.setContactor(1, false);
    assert.equal(hw.evDrawing(1), false, 'the offer withdrawn');
  });

  it('ramps up at 2 kW/s to the 11 kW rating of a 3 × 16 A × 230 V EVSE', async () => {
    const { clock, hw } = await charging();
    assert.equal(hw.meter(1).powerW, 0);
    clock.advance(1000);
    assert.equal(hw.meter(1).powerW, 2000);
    near(hw.meter(1).energyWh, 1000 / 3600); // the average of 0 and 2000 W for one second
    clock.advance(2000);
    assert.equal(hw.meter(1).powerW, 6000);
    clock.advance(10_000);
    assert.equal(hw.meter(1).powerW, 11_040);
    assert.equal(hw.meter(1).offeredW, 11_040);
    near(hw.meter(1).offeredA, 16);
    hw.close();
  });

  it('ramps down to a lowered limit, and the EV takes no more than its own maximum', async () => {
    const { clock, hw } = await charging({}, { maxPowerW: 7000 });
    clock.advance(10_000);
    assert.equal(hw.meter(1).powerW, 7000);
    hw.setPowerLimit(1, 4000);
    assert.equal(hw.meter(1).offeredW, 4000);
    clock.advance(1000);
    assert.equal(hw.meter(1).powerW, 5000);
    clock.advance(1000);
    assert.equal(hw.meter(1).powerW, 4000);
    hw.setPowerLimit(1, null);
    clock.advance(10_000);
    assert.equal(hw.meter(1).powerW, 7000);
    hw.close();
  });

  it('a 1-phase EVSE is rated 3680 W and reports one current and one voltage', async () => {
    const { clock, hw } = await charging({ electrics: { 1: { phases: 1 } } });
    clock.advance(10_000);
    const r = hw.meter(1);
    assert.equal(r.phases, 1);
    assert.equal(r.powerW, 3680);
    assert.equal(r.currentA.length, 1);
    assert.equal(r.voltageV.length, 1);
    hw.close();
  });

  it('K01.FR.46 – switched to one phase (L2), the EV draws 16 A on L2 alone, 3680 W; switched back, 11 kW on all three', async () => {
    const { clock, hw } = await charging();
    clock.advance(10_000);
    assert.equal(hw.meter(1).powerW, 11_040);
    hw.setPhases(1, 1, 2);
    assert.equal(hw.meter(1).powerW, 0, 'the current stops while the phases switch');
    clock.advance(10_000);
    clock.queueRandom(0.5, 0.5, 0.5); // 230 V on every phase
    const single = hw.meter(1);
    assert.equal(single.phases, 3, 'still wired for three');
    assert.equal(single.powerW, 3680, 'the rated 16 A on one phase');
    assert.deepEqual(
      single.currentA.map((a) => Math.round(a * 100) / 100),
      [0, 16, 0],
    );
    assert.equal(single.voltageV.length, 3);
    near(single.offeredA, 16);
    hw.setPhases(1, 3);
    clock.advance(10_000);
    const all = hw.meter(1);
    assert.equal(all.powerW, 11_040);
    for (const a of all.currentA) near(a, 16, 0.2);
    assert.throws(() => hw.setPhases(1, 2, 1), RangeError, 'phaseToUse only with one phase');
    assert.throws(() => hw.setPhases(1, 1, 4 as 1), RangeError);
    hw.close();
  });

  it('a limit on one phase: 2300 W is 10 A on the phase the driver picks (L1) when none is asked for', async () => {
    const { clock, hw } = await charging();
    hw.setPhases(1, 1);
    hw.setPowerLimit(1, 2300);
    clock.advance(10_000);
    clock.queueRandom(0.5, 0.5, 0.5);
    const r = hw.meter(1);
    assert.deepEqual(
      r.currentA.map((a) => Math.round(a * 100) / 100),
      [10, 0, 0],
    );
    near(r.offeredA, 10);
    hw.close();
  });

  it('reboot puts the EV back on every wired phase', async () => {
    const { clock, hw } = await charging();
    hw.setPhases(1, 1, 3);
    await hw.reboot();
    await hw.setContactor(1, true);
    clock.advance(10_000);
    assert.equal(hw.meter(1).powerW, 11_040);
    hw.close();
  });

  for (const phases of [1, 3] as const) {
    it(`voltage and current agree with power, P = V·I·phases within 2 % (${phases} phase)`, async () => {
      const { clock, hw } = await charging({ electrics: { 1: { phases } } });
      clock.advance(10_000);
      clock.queueRandom(0.99, 0.01, 0.5);
      const r = hw.meter(1);
      for (const v of r.voltageV) assert.ok(v >= 228 && v <= 232, `${v} V is not 230 V ± 2 V`);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const p = mean(r.voltageV) * mean(r.currentA) * phases;
      assert.ok(Math.abs(p - r.powerW) <= r.powerW * 0.02, `${p} W from V·I against ${r.powerW} W`);
      hw.close();
    });
  }

  it('SoC rises with the energy and the EV stops drawing at 100 %, without anyone reading the meter', async () => {
    const { clock, hw, events } = await charging({}, { socPercent: 90, batteryWh: 1000 });
    clock.advance(20_000);
    const r = hw.meter(1);
    near(r.socPercent ?? NaN, 90 + (r.energyWh / 1000) * 100);
    events.length = 0;
    clock.advance(60_000); // 100 Wh are left: about 33 s at 11 kW
    assert.deepEqual(events, [{ type: 'ev', evseId: 1, drawing: false }]);
    const full = hw.meter(1);
    assert.equal(full.socPercent, 100);
    near(full.energyWh, 100);
    assert.equal(full.powerW, 0);
    assert.equal(hw.evDrawing(1), false);
    assert.equal(clock.pending, 0, 'an idle wallbox runs no timer');
    hw.close();
  });

  it('reports SoC only while an EV that reports one is plugged', () => {
    const { hw } = make();
    hw.setEv(1, { socPercent: 40 });
    assert.equal('socPercent' in hw.meter(1), false);
    hw.plug(1);
    assert.equal(hw.meter(1).socPercent, 40);
    hw.setEv(1, { socPercent: undefined });
    assert.equal('socPercent' in hw.meter(1), false);
    assert.throws(() => hw.setEv(1, { socPercent: 101 }), RangeError);
    hw.close();
  });

  it('a failed lock resolves false and leaves the lock where it was; the next one works', async () => {
    const { hw, events } = make();
    hw.failNextLock(1);
    assert.equal(await hw.setConnectorLock(1, 1, true), false);
    assert.equal(hw.connectorLocked(1, 1), false);
    assert.deepEqual(events, []);
    assert.equal(await hw.setConnectorLock(1, 1, true), true);
    assert.equal(hw.connectorLocked(1, 1), true);
    assert.deepEqual(events, [{ type: 'lock', evseId: 1, connectorId: 1, locked: true }]);
    hw.close();
  });

  it('a lock failure armed for a cable that was never locked leaves with the cable', async () => {
    const { hw } = make();
    hw.plug(1);
    hw.failNextLock(1);
    hw.unplug(1);
    hw.plug(1);
    assert.equal(await hw.setConnectorLock(1, 1, true), true, 'the next cable locks');
    assert.equal(hw.connectorLocked(1, 1), true);
    hw.close();
  });

  it('a fault stops the power at once, and the ramp starts again from 0 once cleared', async () => {
    const { clock, hw, events } = await charging();
    clock.advance(10_000);
    const energy = hw.meter(1).energyWh;
    hw.setFault(1, true, 1);
    assert.equal(hw.faults(1), 'GroundFailure');
    assert.equal(hw.meter(1).powerW, 0);
    assert.equal(hw.meter(1).offeredW, 0);
    clock.advance(10_000);
    assert.equal(hw.meter(1).energyWh, energy);
    hw.setFault(1, false);
    assert.equal(hw.faults(1), null);
    clock.advance(1000);
    assert.equal(hw.meter(1).powerW, 2000);
    assert.deepEqual(
      events.filter((e) => e.type === 'fault'),
      [
        { type: 'fault', evseId: 1, connectorId: 1, fault: 'GroundFailure' },
        { type: 'fault', evseId: 1, connectorId: 1, fault: null },
      ],
    );
    hw.close();
  });

  it('unplugging stops the power at once but leaves the contactor to the stack', async () => {
    const { clock, hw, events } = await charging();
    clock.advance(10_000);
    events.length = 0;
    hw.unplug(1);
    assert.equal(hw.meter(1).powerW, 0);
    assert.equal(hw.contactorClosed(1), true);
    assert.deepEqual(events, [
      { type: 'ev', evseId: 1, drawing: false },
      { type: 'cable', evseId: 1, connectorId: 1, state: 'unplugged' },
    ]);
    assert.equal(clock.pending, 0);
    hw.close();
  });

  it('an EVSE uses one connector at a time', () => {
    const description: StationDescription = {
      ...defaultDescription(1),
      evses: [
        {
          id: 1,
          connectors: [
            { id: 1, type: 'cType2' },
            { id: 2, type: 'sType2' },
          ],
        },
      ],
    };
    const { hw } = make(description);
    hw.plug(1, 2);
    assert.equal(hw.cable(1, 2), 'plugged');
    assert.equal(hw.cable(1, 1), 'unplugged');
    assert.throws(() => hw.plug(1, 1), /already has connector 2/);
    hw.unplug(1);
    hw.plug(1, 1);
    assert.equal(hw.cable(1, 1), 'plugged');
    hw.close();
  });

  it('EVSEs are independent', async () => {
    const { clock, hw } = make(defaultDescription(2));
    hw.plug(2);
    await hw.setContactor(2, true);
    clock.advance(10_000);
    assert.equal(hw.meter(1).powerW, 0);
    assert.equal(hw.meter(2).powerW, 11_040);
    hw.close();
  });

  it('presentToken delivers the token, by default as ISO14443', () => {
    const { hw, events } = make();
    hw.presentToken('04A2B3C4');
    hw.presentToken('1234', 'KeyCode', 1);
    assert.deepEqual(events, [
      { type: 'token', idToken: '04A2B3C4', tokenType: 'ISO14443' },
      { type: 'token', idToken: '1234', tokenType: 'KeyCode', evseId: 1 },
    ]);
    assert.throws(() => hw.presentToken('x', 'ISO14443', 5), RangeError);
    hw.close();
  });

  it('reboot opens the contactors and clears limits, keeps the energy register, then calls onReboot', async () => {
    const { clock, hw } = await charging();
    hw.setPowerLimit(1, 3000);
    clock.advance(10_000);
    const energy = hw.meter(1).energyWh;
    let seen: { contactor: boolean; offeredW: number } | undefined;
    hw.onReboot(() => (seen = { contactor: hw.contactorClosed(1), offeredW: hw.meter(1).offeredW }));
    await hw.reboot();
    assert.deepEqual(seen, { contactor: false, offeredW: 0 });
    assert.equal(hw.meter(1).energyWh, energy);
    await hw.setContactor(1, true);
    assert.equal(hw.meter(1).offeredW, 11_040, 'the limit went with the reboot');
    hw.close();
  });

  it('installFirmware keeps the image, reports its version and refuses an empty one', async () => {
    const { hw } = make();
    assert.equal(await hw.installFirmware(new Uint8Array([1, 2, 3])), 'sim-039058c6f2c0');
    assert.deepEqual(hw.installedFirmware, new Uint8Array([1, 2, 3]));
    await assert.rejects(hw.installFirmware(new Uint8Array()), /empty/);
    hw.close();
  });

  it('an AC EVSE with a maxPowerW in its description is rated by it: 22 kW is 32 A on three phases', async () => {
    const ac: StationDescription = {
      ...defaultDescription(1),
      evses: [{ id: 1, connectors: [{ id: 1, type: 'cType2' }], maxPowerW: 22_080 }],
    };
    const { clock, hw } = make(ac);
    hw.plug(1);
    await hw.setContactor(1, true);
    clock.advance(20_000);
    assert.equal(hw.meter(1).powerW, 22_080);
    assert.equal(hw.meter(1).dc, undefined);
    near(hw.meter(1).offeredA, 32);
    hw.close();
  });

  describe('DC EVSE (CCS2 connector)', () => {
    it('is rated by its description (50 kW) and meters the DC output: one current and one voltage, no phases, P = U·I', async () => {
      const { clock, hw } = make(dcDescription);
      assert.equal(hw.meter(1).voltageV[0], 0, 'no pack on the output while unplugged');
      hw.plug(1, 1, { socPercent: 20 });
      await hw.setContactor(1, true);
      clock.advance(30_000);
      const r = hw.meter(1);
      assert.equal(r.dc, true);
      assert.equal(r.phases, 1);
      assert.equal(r.powerW, 50_000);
      assert.equal(r.offeredW, 50_000);
      assert.equal(r.voltageV.length, 1);
      assert.equal(r.currentA.length, 1);
      near(r.voltageV[0]!, packVoltageV(r.socPercent));
      near(r.currentA[0]! * r.voltageV[0]!, r.powerW);
      near(r.offeredA * r.voltageV[0]!, r.offeredW);
      hw.close();
    });

    it('a DC EV at 75 %: SoC rises with the energy, the power stays within every limit at every second, tapers past the 80 % knee and stops (SuspendedEV) at 100 %', async () => {
      const { clock, hw, events } = make(dcDescription);
      const batteryWh = 20_000;
      const evMaxW = 40_000;
      const limitW = 30_000;
      hw.plug(1, 1, { socPercent: 75, batteryWh, maxPowerW: evMaxW });
      hw.setPowerLimit(1, limitW);
      await hw.setContactor(1, true);
      let previous = hw.meter(1);
      const atSoc = new Map<number, number>(); // power at the first second past each whole %
      for (let s = 1; s <= 4 * 3600 && hw.evDrawing(1); s++) {
        clock.advance(1000);
        const r = hw.meter(1);
        const soc = r.socPercent!;
        assert.ok(soc >= previous.socPercent!, `SoC fell from ${previous.socPercent} to ${soc} at ${s} s`);
        near(soc, 75 + (r.energyWh / batteryWh) * 100, 1e-9);
        const bound = Math.min(limitW, evMaxW, 50_000, taperW(soc, evMaxW));
        assert.ok(r.powerW <= bound + 1e-6, `${r.powerW} W over ${bound} W at ${soc.toFixed(2)} %`);
        assert.ok(r.voltageV[0]! >= previous.voltageV[0]!, 'the pack voltage rises with SoC');
        if (r.powerW > 0) near(r.currentA[0]! * r.voltageV[0]!, r.powerW);
        if (!atSoc.has(Math.floor(soc))) atSoc.set(Math.floor(soc), r.powerW);
        previous = r;
      }
      assert.equal(atSoc.get(79), limitW, 'below the knee the limit caps it');
      const at90 = atSoc.get(90)!;
      const at98 = atSoc.get(98)!;
      assert.ok(at90 < limitW && at98 < at90, `tapering: ${at90} W at 90 %, ${at98} W at 98 %`);
      near(at90, taperW(90, evMaxW), 300);
      const full = hw.meter(1);
      assert.equal(full.socPercent, 100);
      assert.equal(full.powerW, 0);
      near(full.energyWh, batteryWh / 4, 1e-6);
      assert.equal(hw.evDrawing(1), false);
      assert.deepEqual(events.filter((e) => e.type === 'ev').at(-1), { type: 'ev', evseId: 1, drawing: false });
      hw.close();
    });
  });
});
