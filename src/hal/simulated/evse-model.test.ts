import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultElectrics, EvseModel } from './evse-model.js';

function flowing(at = 0): EvseModel {
  const evse = new EvseModel(1, [1], defaultElectrics, 2000, at);
  evse.plugged = 1;
  evse.contactor = true;
  return evse;
}

const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('EvseModel', () => {
  it('integrates a ramp that ends inside the interval exactly', () => {
    const evse = flowing();
    evse.limitW = 4000;
    evse.advance(5000); // 2 s ramp to 4000 W (4000 J), then 3 s at 4000 W (12000 J)
    assert.equal(evse.powerW, 4000);
    near(evse.energyWh, 16_000 / 3600);
  });

  it('gives the same energy whether advanced in one step or many', () => {
    const once = flowing();
    const often = flowing();
    once.advance(7300);
    for (let t = 100; t <= 7300; t += 100) often.advance(t);
    near(often.energyWh, once.energyWh);
    assert.equal(often.powerW, once.powerW);
  });

  it('counts only what the battery takes when it becomes full', () => {
    const evse = flowing();
    evse.ev = { ...evse.ev, drawing: true, maxPowerW: Infinity, socPercent: 99, batteryWh: 1000 };
    assert.equal(evse.advance(60_000), true);
    near(evse.energyWh, 10);
    assert.equal(evse.ev.socPercent, 100);
    assert.equal(evse.ev.drawing, false);
    assert.equal(evse.powerW, 0);
  });

  it('offers nothing while it cannot deliver, and the limit or rating otherwise', () => {
    const evse = flowing();
    assert.equal(evse.offeredW, 11_040);
    evse.limitW = 20_000;
    assert.equal(evse.offeredW, 11_040);
    evse.fault = { text: 'GroundFailure' };
    assert.equal(evse.offeredW, 0);
    assert.equal(evse.canFlow, false);
  });

  it('never goes back in time', () => {
    const evse = flowing(10_000);
    evse.advance(12_000);
    const energy = evse.energyWh;
    evse.advance(11_000);
    assert.equal(evse.energyWh, energy);
  });
});
