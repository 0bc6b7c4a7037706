import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LazyMap, LazySet } from './lazy.js';

describe('LazyMap and LazySet answer as a Map and a Set do', () => {
  it('a map never written is empty; written, it holds, iterates in order and forgets', () => {
    const map = new LazyMap<number, string>();
    assert.equal(map.size, 0);
    assert.equal(map.get(1), undefined);
    assert.equal(map.has(1), false);
    assert.equal(map.delete(1), false);
    assert.deepEqual([...map], []);
    map.set(2, 'b').set(1, 'a');
    assert.deepEqual(
      [...map],
      [
        [2, 'b'],
        [1, 'a'],
      ],
    );
    assert.deepEqual([...map.keys()], [2, 1]);
    assert.deepEqual([...map.values()], ['b', 'a']);
    assert.deepEqual(
      [...map.entries()],
      [
        [2, 'b'],
        [1, 'a'],
      ],
    );
    assert.equal(map.delete(2), true);
    assert.equal(map.size, 1);
    map.clear();
    assert.equal(map.size, 0);
  });

  it('what an iteration of a map never written adds is visited, as a Map visits it', () => {
    const map = new LazyMap<number, number>();
    const seen: number[] = [];
    for (const key of map.keys()) seen.push(key);
    const it = map.keys();
    map.set(1, 1);
    for (const key of it) seen.push(key);
    assert.deepEqual(seen, [1]);
  });

  it('a set never written is empty; written, it holds, iterates in order and forgets', () => {
    const set = new LazySet<string>();
    assert.equal(set.size, 0);
    assert.equal(set.has('a'), false);
    assert.equal(set.delete('a'), false);
    const it = set.values();
    set.add('b').add('a').add('b');
    assert.deepEqual([...it], ['b', 'a']);
    assert.deepEqual([...set], ['b', 'a']);
    assert.equal(set.delete('b'), true);
    set.clear();
    assert.equal(set.size, 0);
  });
});
