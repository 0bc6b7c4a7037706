import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdTokenInfoType, IdTokenType } from '../../generated/ocpp201/index.js';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { AuthCache, type AuthCacheOptions } from './auth-cache.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const rfid = (idToken: string): IdTokenType => ({ idToken, type: 'ISO14443' });

function makeCache(overrides: Partial<AuthCacheOptions> = {}, db: StationScope = new StationScope(openDatabase(':memory:'))) {
  const clock = { time: T0 };
  const reported: number[] = [];
  const cache = new AuthCache(db, {
    now: () => clock.time,
    lifeTimeS: () => 3600,
    maxBytes: () => 1024 * 1024,
    onStorage: (bytes) => reported.push(bytes),
    ...overrides,
  });
  return { cache, clock, reported, db };
}

describe('C10 Authorization Cache storage', () => {
  it('C10.FR.01 – keeps the latest IdTokenInfo of every token, whatever its status', () => {
    const { cache } = makeCache();
    cache.put(rfid('A'), { status: 'Accepted', groupIdToken: { idToken: 'G', type: 'Central' } });
    cache.put(rfid('B'), { status: 'Blocked' });
    cache.put(rfid('A'), { status: 'Expired' });
    assert.deepEqual(cache.get(rfid('a')), { status: 'Expired' });
    assert.deepEqual(cache.get(rfid('B')), { status: 'Blocked' });
    assert.equal(cache.get(rfid('C')), undefined);
    assert.equal(cache.size, 2);
  });

  it('C10.FR.02 – entries survive a restart (same database, new cache object)', () => {
    const { cache, db } = makeCache();
    cache.put(rfid('A'), { status: 'Accepted' });
    const { cache: again } = makeCache({}, db);
    assert.deepEqual(again.get(rfid('A')), { status: 'Accepted' });
  });

  it('C10.FR.12 – the token itself is not stored', () => {
    const { cache, db } = makeCache();
    cache.put(rfid('SECRETCARD42'), { status: 'Accepted' });
    const dump = JSON.stringify(db.db.prepare('SELECT * FROM auth_cache').all());
    assert.ok(!dump.toLowerCase().includes('secretcard42'));
  });

  it('C10.FR.13 – an entry with cacheExpiryDateTime is removed once that time has passed', () => {
    const { cache, clock } = makeCache({ lifeTimeS: () => 10 });
    const expiry = new Date(T0 + 60_000).toISOString();
    cache.put(rfid('A'), { status: 'Accepted', cacheExpiryDateTime: expiry });
    clock.time = T0 + 60_000; // LifeTime (10 s) does not apply to it
    assert.equal(cache.get(rfid('A'))?.status, 'Accepted');
    clock.time = T0 + 60_001;
    assert.equal(cache.get(rfid('A')), undefined);
    assert.equal(cache.size, 0, 'removed, not only hidden');
  });

  it('C10.FR.10 (errata 2025-01) – without cacheExpiryDateTime, LifeTime counts from the last update, not the last use', () => {
    const { cache, clock } = makeCache({ lifeTimeS: () => 100 });
    cache.put(rfid('A'), { status: 'Accepted' });
    clock.time = T0 + 90_000;
    cache.touch(rfid('A'));
    clock.time = T0 + 100_000;
    assert.equal(cache.get(rfid('A'))?.status, 'Accepted');
    clock.time = T0 + 100_001;
    assert.equal(cache.get(rfid('A')), undefined);
  });

  it('C10.FR.10 – a new IdTokenInfo restarts the LifeTime', () => {
    const { cache, clock } = makeCache({ lifeTimeS: () => 100 });
    cache.put(rfid('A'), { status: 'Accepted' });
    clock.time = T0 + 90_000;
    cache.put(rfid('A'), { status: 'Accepted' });
    clock.time = T0 + 150_000;
    assert.equal(cache.get(rfid('A'))?.status, 'Accepted');
  });

  it('C10.FR.10 note (errata 2025-01) – a cacheExpiryDateTime already past keeps the token out, and removes it', () => {
    const { cache } = makeCache();
    cache.put(rfid('A'), { status: 'Accepted' });
    cache.put(rfid('A'), { status: 'Accepted', cacheExpiryDateTime: new Date(T0 - 1_000).toISOString() });
    assert.equal(cache.get(rfid('A')), undefined);
    assert.equal(cache.size, 0);
  });

  it('C10.FR.07 – when full, expired entries go first', () => {
    const { cache, clock } = makeCache({ lifeTimeS: () => 100, maxBytes: () => 3 * entryBytes() });
    cache.put(rfid('OLD'), { status: 'Accepted' });
    clock.time = T0 + 50_000;
    cache.put(rfid('B'), { status: 'Accepted' });
    cache.put(rfid('C'), { status: 'Accepted' });
    cache.touch(rfid('B'));
    clock.time = T0 + 101_000; // OLD has expired; B and C are valid (C the least recently used)
    cache.put(rfid('D'), { status: 'Accepted' });
    assert.equal(cache.size, 3);
    assert.ok(cache.get(rfid('B')) && cache.get(rfid('C')) && cache.get(rfid('D')));
  });

  it('C10.FR.07 – when full, entries not Accepted go before valid ones, then the least recently used (Policy LRU)', () => {
    const { cache, clock } = makeCache({ maxBytes: () => 3 * entryBytes() });
    cache.put(rfid('A'), { status: 'Accepted' });
    clock.time += 1_000;
    cache.put(rfid('B'), { status: 'Accepted' });
    clock.time += 1_000;
    cache.put(rfid('X'), { status: 'Invalid' });
    clock.time += 1_000;
    cache.touch(rfid('A')); // B is now the least recently used Accepted entry
    cache.put(rfid('C'), { status: 'Accepted' });
    assert.equal(cache.get(rfid('X')), undefined, 'the Invalid entry went first');
    clock.time += 1_000;
    cache.put(rfid('D'), { status: 'Accepted' });
    assert.equal(cache.get(rfid('B')), undefined, 'then the least recently used');
    assert.ok(cache.get(rfid('A')) && cache.get(rfid('C')) && cache.get(rfid('D')));
    assert.ok(cache.bytes <= 3 * entryBytes());
  });

  it('AuthCacheCtrlr.Storage – reports the estimated bytes in use after each change', () => {
    const { cache, reported } = makeCache();
    cache.put(rfid('A'), { status: 'Accepted' });
    assert.equal(reported.at(-1), cache.bytes);
    assert.ok(cache.bytes > 64);
    cache.clear();
    assert.equal(reported.at(-1), 0);
    assert.equal(cache.size, 0);
  });
});

/** The estimated size of a `{ status: 'Accepted' }` entry. */
function entryBytes(): number {
  const { cache } = makeCache();
  cache.put(rfid('A'), { status: 'Accepted' } satisfies IdTokenInfoType);
  return cache.bytes;
}
