import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distribute } from './distribution.js';

const claim = (key: string, priority = 0, demandW = Number.POSITIVE_INFINITY) => ({ key, priority, demandW });
const shares = (limitW: number, claims: ReturnType<typeof claim>[]) => Object.fromEntries(distribute(limitW, claims));

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

  it('a zero or negative limit gives every EVSE 0', () => {
    assert.deepEqual(shares(0, [claim('a'), claim('b', 3)]), { a: 0, b: 0 });
    assert.deepEqual(shares(-5, [claim('a')]), { a: 0 });
  });
});
