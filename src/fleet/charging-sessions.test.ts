import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock/fake-clock.js';
import type { HardwareEvent } from '../hal/hardware.js';
import { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';
import { defaultDescription } from '../description/station-description.js';
import { cardOf, ChargingSessions, type SessionTiming } from './charging-sessions.js';

const timing: SessionTiming = {
  firstPauseMaxMs: 10_000,
  chargeMinMs: 60_000,
  chargeMaxMs: 120_000,
  pauseMinMs: 30_000,
  pauseMaxMs: 60_000,
  cardDelayMs: 2_000,
};

function setUp(evses = 1) {
  const clock = new FakeClock();
  const hardware = new SimulatedHardware(defaultDescription(evses), { clock });
  const seen: string[] = [];
  hardware.subscribe((event: HardwareEvent) => {
    if (event.type === 'cable') seen.push(`${clock.now() - start}ms ${event.evseId} ${event.state}`);
    if (event.type === 'token') seen.push(`${clock.now() - start}ms ${event.evseId} card ${event.idToken}`);
  });
  const start = clock.now();
  return { clock, hardware, seen };
}

describe('charging sessions of one virtual station', () => {
  it('the cards are ISO 14443 UIDs a CSMS accepts (7 bytes: 14 hex digits), one per EVSE, the same on every run', () => {
    const cards = new Set<string>();
    for (let station = 1; station <= 10_000; station++) {
      for (const evse of [1, 2]) {
        const card = cardOf(`FLEET-${String(station).padStart(5, '0')}`, evse);
        assert.match(card, /^[0-9A-F]{14}$/);
        cards.add(card);
      }
    }
    assert.equal(cards.size, 20_000, 'no two EVSEs of a 10,000-station fleet share a card');
    assert.equal(cardOf('CS1', 1), cardOf('CS1', 1));
  });

  it('plugs in, shows its card, charges, unplugs and pauses, again and again, on the clock', () => {
    const { clock, hardware, seen } = setUp();
    // first pause, charge, pause: the minimum of each (random 0), then the maximum (random ~1).
    clock.queueRandom(0, 0, 0, 0.999_999, 0.999_999);
    const sessions = new ChargingSessions({ stationId: 'CS1', evseIds: [1], hardware, clock, timing });
    sessions.start();
    clock.advance(400_000);
    sessions.stop();
    hardware.close();
    assert.deepEqual(seen.slice(0, 6), [
      '0ms 1 plugged',
      `2000ms 1 card ${cardOf('CS1', 1)}`,
      '62000ms 1 unplugged',
      '92000ms 1 plugged',
      `94000ms 1 card ${cardOf('CS1', 1)}`,
      '214000ms 1 unplugged',
    ]);
    assert.ok(sessions.plugged >= 2 && sessions.unplugged >= 2);
  });

  it('runs each EVSE on its own, each with its own card; stop() ends every timer', () => {
    const { clock, hardware, seen } = setUp(2);
    const sessions = new ChargingSessions({ stationId: 'CS2', evseIds: [1, 2], hardware, clock, timing });
    sessions.start();
    clock.advance(2_000);
    assert.deepEqual(seen, ['0ms 1 plugged', '0ms 2 plugged', `2000ms 1 card ${cardOf('CS2', 1)}`, `2000ms 2 card ${cardOf('CS2', 2)}`]);
    assert.notEqual(cardOf('CS2', 1), cardOf('CS2', 2));
    sessions.stop();
    hardware.close();
    assert.equal(clock.pending, 0);
  });
});
