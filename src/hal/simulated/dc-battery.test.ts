import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PACK_EMPTY_V, PACK_FULL_V, TAPER_FLOOR_SHARE, TAPER_KNEE_PERCENT, packVoltageV, taperW } from './dc-battery.js';

const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} is not ${expected}`);

describe('DC battery curve', () => {
  it('full power up to the 80 % knee, then falling linearly to 5 % of it at 100 %', () => {
    assert.equal(taperW(0, 50_000), 50_000);
    assert.equal(taperW(TAPER_KNEE_PERCENT, 50_000), 50_000);
    near(taperW(90, 50_000), 50_000 * (1 - 0.5 * (1 - TAPER_FLOOR_SHARE)));
    near(taperW(100, 50_000), 50_000 * TAPER_FLOOR_SHARE);
  });

  it('never rises with SoC', () => {
    let previous = Infinity;
    for (let soc = 0; soc <= 100; soc += 0.5) {
      const w = taperW(soc, 50_000);
      assert.ok(w <= previous, `${w} W at ${soc} % after ${previous} W`);
      previous = w;
    }
  });

  it('an EV without its own maximum or SoC is limited by the pack alone, without taper', () => {
    assert.equal(taperW(undefined, 50_000), 50_000);
    assert.ok(Number.isFinite(taperW(90, Infinity)));
  });

  it('pack voltage rises with SoC from 350 V empty to 420 V full', () => {
    assert.equal(packVoltageV(0), PACK_EMPTY_V);
    assert.equal(packVoltageV(100), PACK_FULL_V);
    assert.ok(packVoltageV(80) > packVoltageV(75));
    assert.equal(packVoltageV(undefined), (PACK_EMPTY_V + PACK_FULL_V) / 2);
  });
});
