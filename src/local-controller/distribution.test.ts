import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Claim, distribute } from './distribution.js';

const claim = (key: string, priority = 0, demandW = Number.POSITIVE_INFINITY): Claim => ({ key, priority, demandW });
/** A claim with a minimum (K03.FR.07). */
const min = (key: string, minW: number, priority = 0, demandW = Number.POSITIVE_INFINITY): Claim => ({ key, priority, demandW, minW });
const shares = (limitW: number, claims: Claim[]) => Object.fromEntries(distribute(limitW, claims));
/** 6 A on three phases at 230 V. */
const SIX_AMPS_W = 4140;

describe('K03 group limit distribution', () => {
  it('K03.FR.01 – one EVSE alone gets the whole group limit', () => {
    assert.deepEqual(shares(11_000, [claim('a')]), { a: 11_000 });
  });

  it('K03.FR.02 – EVSEs of the same priority share the limit equally, never more than it together', () => {
    assert.deepEqual(shares(11_000, [claim('a'), claim('b')]), { a: 5500, b: 5500 });
    const three = distribute(10_000, [claim('a'), claim('b'), claim('c')]);
    assert.deepEqual([...three.values()], [3333, 3333, 3334]);
    assert.ok([...three.values()].reduce((s, w) => s + w, 0) <= 10_000);
  });

  it('K03.FR.02 – what an EVSE does not use goes to the others of its priority', () => {
    assert.deepEqual(shares(11_000, [claim('a', 0, 2000), claim('b'), claim('c')]), { a: 2000, b: 4500, c: 4500 });
  });

  it('K03.FR.04 – a higher chargingPriority is fulfilled first, even if the others get nothing', () => {
    assert.deepEqual(shares(11_000, [claim('low', 0), claim('high', 5)]), { high: 11_000, low: 0 });
    assert.deepEqual(shares(11_000, [claim('low', 0), claim('high', 5, 7000)]), { high: 7000, low: 4000 });
    assert.deepEqual(shares(11_000, [claim('low', -1), claim('mid', 0, 3000), claim('high', 9, 7000)]), {
      high: 7000,
      mid: 3000,
      low: 1000,
    });
  });

  it('K03.FR.06 – a transaction of priority 0 shares with others of 0, below a positive one', () => {
    assert.deepEqual(shares(9000, [claim('a', 0), claim('b', 0), claim('c', 1, 3000)]), { c: 3000, a: 3000, b: 3000 });
  });

  it('K03.FR.07 – when the share is enough for every minimum, the minimums change nothing', () => {
    assert.deepEqual(shares(11_000, [min('a', SIX_AMPS_W), min('b', SIX_AMPS_W)]), { a: 5500, b: 5500 });
    assert.deepEqual(shares(11_000, [min('a', 1380), claim('b')]), { a: 5500, b: 5500 });
  });

  it('K03.FR.07 – not enough for every minimum: one EVSE is suspended (0) and the others share what it would have had', () => {
    assert.deepEqual(shares(11_000, [min('a', SIX_AMPS_W), min('b', SIX_AMPS_W), min('c', SIX_AMPS_W)]), { a: 5500, b: 5500, c: 0 });
    assert.deepEqual(shares(7000, [min('a', SIX_AMPS_W), min('b', SIX_AMPS_W)]), { a: 7000, b: 0 });
  });

  it('K03.FR.07 – the EVSE with the highest minimum is the one suspended, so that the most EVSEs charge', () => {
    assert.deepEqual(shares(9000, [min('a', 1380), min('big', 6000), claim('c')]), { a: 4500, big: 0, c: 4500 });
    assert.deepEqual(shares(9000, [min('a', 1380), min('big', 6000), min('b', 4500)]), { a: 4500, big: 0, b: 4500 });
  });

  it('K03.FR.07 – a share below the minimum of an EVSE alone is 0, not a trickle', () => {
    assert.deepEqual(shares(3000, [min('a', SIX_AMPS_W)]), { a: 0 });
    assert.deepEqual(shares(SIX_AMPS_W, [min('a', SIX_AMPS_W)]), { a: SIX_AMPS_W }, 'exactly the minimum is enough');
  });

  it('K03.FR.07 – a fractional minimum is met in whole watts, rounded up', () => {
    assert.deepEqual(shares(8282, [min('a', 4140.5), min('b', 4140.5)]), { a: 4141, b: 4141 });
    assert.deepEqual(shares(8281, [min('a', 4140.5), min('b', 4140.5)]), { a: 8281, b: 0 });
  });

  it('K03.FR.07 – an EVSE known to use less than its minimum is given its minimum, the rest goes to the others', () => {
    assert.deepEqual(shares(11_000, [min('a', SIX_AMPS_W, 0, 2000), claim('b')]), { a: SIX_AMPS_W, b: 11_000 - SIX_AMPS_W });
  });

  it('K03.FR.07 with K03.FR.04 – the minimum counts within a priority; what a suspended tier leaves goes to the next one', () => {
    const result = shares(11_000, [min('high', 1380, 5, 7000), min('a', SIX_AMPS_W, 0), min('b', SIX_AMPS_W, 0), claim('low', -1)]);
    assert.deepEqual(result, { high: 7000, a: 0, b: 0, low: 4000 }, '4 kW left is below either minimum');
    assert.deepEqual(shares(11_000, [min('high', 9000, 5), claim('low', 0)]), { high: 11_000, low: 0 }, 'K03.FR.04 still first');
  });

  it('K03.FR.07 – for any claims and limit: together never more than the limit, each share 0 or at least its minimum, none above what it can use', () => {
    const claimArb = fc.record(
      {
        priority: fc.integer({ min: -2, max: 2 }),
        demandW: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 0, max: 22_000 })),
        minW: fc.integer({ min: 0, max: 110_000 }).map((tenths) => tenths / 10),
      },
      { requiredKeys: ['priority', 'demandW'] },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 60_000 }), fc.array(claimArb, { maxLength: 8 }), (limitW, drawn) => {
        const claims: Claim[] = drawn.map((c, i) => ({ key: `k${i}`, ...c }));
        const result = distribute(limitW, claims);
        assert.equal(result.size, claims.length, 'a share for every claim');
        const total = [...result.values()].reduce((sum, w) => sum + w, 0);
        assert.ok(total <= Math.max(0, limitW), `${total} W given of ${limitW} W`);
        for (const c of claims) {
          const share = result.get(c.key)!;
          assert.ok(Number.isInteger(share) && share >= 0, `${c.key}: ${share} W`);
          assert.ok(share === 0 || share >= (c.minW ?? 0), `${c.key}: ${share} W, neither 0 nor its minimum ${c.minW} W`);
          assert.ok(share <= Math.max(c.demandW, Math.ceil(c.minW ?? 0)), `${c.key}: ${share} W, more than it can use`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a zero or negative limit gives every EVSE 0', () => {
    assert.deepEqual(shares(0, [claim('a'), claim('b', 3)]), { a: 0, b: 0 });
    assert.deepEqual(shares(-5, [claim('a')]), { a: 0 });
  });
});
