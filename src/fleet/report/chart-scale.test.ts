import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearScale, logScale, tickLabel } from './chart-scale.js';

describe('fleet report: plot axes', () => {
  it('a linear axis runs from 0 to a round maximum with 1-2-5 steps', () => {
    const scale = linearScale(37);
    assert.deepEqual(scale.ticks, [0, 10, 20, 30, 40]);
    assert.equal(scale.at(20), 0.5);
    assert.equal(scale.at(80), 1);
    assert.deepEqual(linearScale(0).ticks.at(-1), 1);
  });

  it('a log axis spans whole decades around the data, with 1, 2, 5 ticks when there are few', () => {
    const scale = logScale(0.3, 42);
    assert.deepEqual(scale.ticks, [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]);
    assert.equal(scale.at(0.1), 0);
    assert.equal(scale.at(100), 1);
    assert.ok(Math.abs(scale.at(1) - 1 / 3) < 1e-9);
    assert.deepEqual(logScale(0.001, 30_000).ticks, [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10_000, 100_000]);
    assert.equal(tickLabel(20_000), '20k');
    assert.equal(tickLabel(0.5), '0.5');
  });
});
