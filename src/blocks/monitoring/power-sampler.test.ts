// EVSE Power follows the meter while monitored, over the real device model on a fake clock;
// the hardware is faked (its meter's power).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitoringHarness } from '../../../test/support/monitoring-harness.js';
import { POWER_SAMPLE_MS, PowerSampler } from './power-sampler.js';

const POWER = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' } };

function sampled() {
  const h = monitoringHarness();
  const meter = { powerW: 0 };
  (h.ctx as { hal: unknown }).hal = { meter: () => ({ powerW: meter.powerW }) };
  const sampler = new PowerSampler(h.ctx, h.monitors);
  sampler.start();
  return { h, meter, sampler };
}

describe('N07 EVSE Power for monitors', () => {
  it('TC_N_20_CS – an UpperThreshold on EVSE Power alerts when the EV draws more, and clears when it stops', () => {
    const { h, meter, sampler } = sampled();
    h.set({ ...POWER, type: 'UpperThreshold', value: 100, severity: 5 });
    sampler.refresh();
    meter.powerW = 7360.4;
    h.transactions.set(1, 'TX-1');
    h.clock.advance(POWER_SAMPLE_MS);
    assert.equal(h.dm.get(POWER), '7360');
    meter.powerW = 0;
    h.events.emit('hardware', { type: 'ev', evseId: 1, drawing: false });
    assert.deepEqual(
      h.eventData().map((e) => [e.trigger, e.actualValue, e.cleared ?? false, e.transactionId]),
      [
        ['Alerting', '7360', false, 'TX-1'],
        ['Alerting', '0', true, 'TX-1'],
      ],
    );
    sampler.stop();
  });

  it('nothing is sampled, and no timer runs, without a monitor on EVSE Power; above maxLimit it is held at maxLimit', () => {
    const { h, meter, sampler } = sampled();
    meter.powerW = 5000;
    h.clock.advance(10 * POWER_SAMPLE_MS);
    assert.equal(h.dm.get(POWER), '0');
    assert.equal(h.clock.pending, 0);
    h.set({ ...POWER, type: 'Delta', value: 1000, severity: 5 });
    meter.powerW = 50_000;
    sampler.refresh();
    assert.equal(h.dm.get(POWER), '22000');
    h.monitors.clear(h.monitors.on(POWER)[0]!.id);
    sampler.refresh();
    assert.equal(h.clock.pending, 0);
  });
});
