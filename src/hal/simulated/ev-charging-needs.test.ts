import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { defaultDescription, type StationDescription } from '../../description/station-description.js';
import type { ChargingScheduleType } from '../../generated/ocpp201/index.js';
import type { HardwareEvent } from '../hardware.js';
import { SimulatedHardware } from './simulated-hardware.js';

function make(description: StationDescription = defaultDescription(1)) {
  const clock = new FakeClock();
  const hw = new SimulatedHardware(description, { clock, evResponseMs: 0 });
  const events: HardwareEvent[] = [];
  hw.subscribe((e) => events.push(e));
  return { clock, hw, events, of: <T extends HardwareEvent['type']>(type: T) => events.filter((e) => e.type === type) };
}

const schedule = (limit: number, unit: 'A' | 'W' = 'A'): ChargingScheduleType => ({
  id: 7,
  chargingRateUnit: unit,
  chargingSchedulePeriod: [{ startPeriod: 0, limit }],
});

describe('Simulated ISO 15118 EV (K15–K17)', () => {
  it('K15: sends its AC charging needs once authorized, and draws only after choosing the first schedule offered', async () => {
    const { clock, hw, of } = make();
    const departureTime = new Date(clock.now() + 3_600_000).toISOString();
    hw.plug(1, 1, { protocol: 'ISO15118-2', energyRequestWh: 15_000, departureTime });
    await hw.setContactor(1, true);
    assert.equal(hw.evDrawing(1), false, 'no schedule yet: the EV waits');
    hw.authorizationResult(1, true);
    await clock.tick(1000);
    const [needs] = of('chargingNeeds');
    assert.ok(needs?.type === 'chargingNeeds');
    assert.deepEqual(needs.needs, {
      requestedEnergyTransfer: 'AC_three_phase',
      departureTime,
      acChargingParameters: { energyAmount: 15_000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 253 },
    });
    hw.offerSchedules(1, [schedule(10), schedule(6)]);
    const [chosen] = of('evChargingSchedule');
    assert.ok(chosen?.type === 'evChargingSchedule');
    assert.equal(chosen.schedule.chargingSchedulePeriod[0]?.limit, 10, 'the first schedule');
    assert.equal(hw.evDrawing(1), true);
    await clock.tick(10_000);
    assert.equal(Math.round(hw.meter(1).powerW), 10 * 230 * 3, 'the EV keeps within 10 A although the EVSE offers 16 A');
  });

  it('K17: a new energy request during the session is a renegotiation: new charging needs', async () => {
    const { clock, hw, of } = make();
    hw.plug(1, 1, { protocol: 'ISO15118-2', socPercent: 50, batteryWh: 40_000 });
    hw.authorizationResult(1, true);
    await clock.tick(1000);
    const first = of('chargingNeeds')[0];
    assert.ok(first?.type === 'chargingNeeds');
    assert.equal(first.needs.acChargingParameters?.energyAmount, 20_000, 'without a request: the room left in the battery');
    hw.setEv(1, { energyRequestWh: 5_000 });
    await clock.tick(1000);
    const second = of('chargingNeeds')[1];
    assert.ok(second?.type === 'chargingNeeds');
    assert.equal(second.needs.acChargingParameters?.energyAmount, 5_000);
  });

  it('an IEC 61851 EV takes no part: no charging needs, it draws as soon as energy is offered', async () => {
    const { clock, hw, of } = make();
    hw.plug(1);
    await hw.setContactor(1, true);
    hw.authorizationResult(1, true);
    await clock.tick(1000);
    assert.deepEqual(of('chargingNeeds'), []);
    assert.equal(hw.evDrawing(1), true);
  });

  it('unplugged, the session ends: an offer is ignored and the next EV starts afresh', async () => {
    const { clock, hw, of } = make();
    hw.plug(1, 1, { protocol: 'ISO15118-2' });
    hw.authorizationResult(1, true);
    hw.unplug(1);
    await clock.tick(1000);
    hw.offerSchedules(1, [schedule(6)]);
    assert.deepEqual(of('chargingNeeds'), [], 'the EV left before it sent its needs');
    assert.deepEqual(of('evChargingSchedule'), []);
  });

  it('E15: the EV that stopped its session follows no schedule and takes no offer', async () => {
    const { clock, hw, of } = make();
    hw.plug(1, 1, { protocol: 'ISO15118-2', emaid: 'NLTSTC000000001', contractCertificateChain: '-----BEGIN CERTIFICATE-----' });
    await hw.setContactor(1, true);
    hw.authorizationResult(1, true);
    await clock.tick(1000);
    hw.offerSchedules(1, [schedule(10)]);
    assert.equal(hw.evDrawing(1), true);
    hw.evStopsSession(1);
    assert.equal(hw.chargingSession(1), null, 'no smart-charging session left');
    hw.offerSchedules(1, [schedule(6)]);
    assert.equal(of('evChargingSchedule').length, 1, 'the later offer is not taken');
    await clock.tick(10_000);
    assert.equal(hw.meter(1).powerW, 0);
  });

  it('K15: a DC EV sends DC charging needs (its power, pack voltage, SoC, capacity) and keeps a schedule in A as DC current', async () => {
    const dc: StationDescription = {
      ...defaultDescription(1),
      evses: [{ id: 1, connectors: [{ id: 1, type: 'cCCS2' }], maxPowerW: 50_000 }],
    };
    const { clock, hw, of } = make(dc);
    hw.plug(1, 1, { protocol: 'ISO15118-20', socPercent: 50, batteryWh: 60_000, maxPowerW: 100_000 });
    await hw.setContactor(1, true);
    hw.authorizationResult(1, true);
    await clock.tick(1000);
    const [needs] = of('chargingNeeds');
    assert.ok(needs?.type === 'chargingNeeds');
    assert.deepEqual(needs.needs, {
      requestedEnergyTransfer: 'DC',
      dcChargingParameters: {
        evMaxCurrent: 129, // 50 kW of the EVSE at 385 V
        evMaxVoltage: 420,
        energyAmount: 30_000,
        evMaxPower: 50_000,
        evEnergyCapacity: 60_000,
        fullSoC: 100,
        bulkSoC: 80,
        stateOfCharge: 50,
      },
    });
    hw.offerSchedules(1, [schedule(50)]);
    await clock.tick(30_000);
    const r = hw.meter(1);
    assert.ok(Math.abs(r.powerW - 50 * r.voltageV[0]!) < 50, `${r.powerW} W at 50 A × ${r.voltageV[0]} V`);
  });
});
