// The collector of the fleet report: per-action HDR percentiles against data whose percentiles
// are known, errors by code, timeouts, and the timeline's buckets on a fake clock.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { CallStats, type CallStatsSnapshot } from './call-stats.js';

function stats() {
  const clock = { t: 0 };
  return { clock, calls: new CallStats(() => clock.t) };
}

/** Within HdrHistogram's 3 significant figures. */
function near(actualUs: number, expectedUs: number): void {
  assert.ok(Math.abs(actualUs - expectedUs) <= expectedUs * 0.001 + 1, `${actualUs} µs, expected ${expectedUs} µs`);
}

describe('fleet report: CallStats', () => {
  it('percentiles of 1..1000 ms per action are those of the data (p50 500, p95 950, p99 990, max 1000)', () => {
    const { calls } = stats();
    for (let ms = 1000; ms >= 1; ms--) calls.settled({ action: 'Heartbeat', ms, outcome: 'ok' });
    calls.settled({ action: 'Authorize', ms: 0.25, outcome: 'ok' });
    const latency = calls.actions.get('Heartbeat')!.latencyUs;
    assert.equal(latency.count, 1000);
    near(latency.percentile(50), 500_000);
    near(latency.percentile(95), 950_000);
    near(latency.percentile(99), 990_000);
    near(latency.max, 1_000_000);
    near(latency.min, 1000);
    near(latency.mean, 500_500);
    assert.equal(calls.actions.get('Authorize')!.latencyUs.max, 250);
  });

  it('counts CALLERRORs by code, invalid answers and timeouts; only answers are timed', () => {
    const { calls } = stats();
    calls.settled({ action: 'BootNotification', ms: 2, outcome: 'ok' });
    calls.settled({ action: 'BootNotification', ms: 3, outcome: 'InternalError' });
    calls.settled({ action: 'BootNotification', ms: 4, outcome: 'InternalError' });
    calls.settled({ action: 'BootNotification', ms: 5, outcome: 'SecurityError' });
    calls.settled({ action: 'BootNotification', ms: 6, outcome: 'invalid' });
    calls.settled({ action: 'BootNotification', ms: 30_000, outcome: 'timeout' });
    const tally = calls.actions.get('BootNotification')!;
    assert.equal(tally.count, 6);
    assert.equal(tally.ok, 1);
    assert.deepEqual(Object.fromEntries(tally.errors), { InternalError: 2, SecurityError: 1 });
    assert.equal(tally.invalid, 1);
    assert.equal(tally.timeouts, 1);
    assert.equal(tally.latencyUs.count, 5);
    near(tally.latencyUs.max, 6000);
  });

  it('puts each settled call in the 1-s bucket of its settling, with a p95 per bucket', () => {
    const { clock, calls } = stats();
    clock.t = 200;
    calls.settled({ action: 'Heartbeat', ms: 1, outcome: 'ok' });
    calls.settled({ action: 'Heartbeat', ms: 1, outcome: 'timeout' });
    clock.t = 2500;
    for (let i = 1; i <= 100; i++) calls.settled({ action: 'Heartbeat', ms: i, outcome: i === 1 ? 'GenericError' : 'ok' });
    assert.equal(calls.bucketMs, 1000);
    assert.equal(calls.buckets.length, 3);
    assert.equal(calls.buckets[1], undefined);
    const [first, , third] = calls.buckets;
    assert.deepEqual({ ...first, latencyUs: first?.latencyUs?.count }, { completed: 2, ok: 1, errors: 0, timeouts: 1, latencyUs: 1 });
    assert.equal(third?.completed, 100);
    assert.equal(third?.errors, 1);
    // 1 significant figure: within about 6 %.
    const p95 = third!.latencyUs!.percentile(95);
    assert.ok(Math.abs(p95 - 95_000) <= 95_000 * 0.07, `p95 ${p95}`);
  });

  it('doubles the bucket width, adding up pairs, rather than keep more than 720 buckets', () => {
    const { clock, calls } = stats();
    for (let s = 0; s < 721; s++) {
      clock.t = s * 1000 + 500;
      calls.settled({ action: 'Heartbeat', ms: 1, outcome: 'ok' });
    }
    assert.equal(calls.bucketMs, 2000);
    assert.equal(calls.buckets.length, 361);
    assert.equal(calls.buckets[0]?.completed, 2);
    assert.equal(calls.buckets[0]?.latencyUs?.count, 2);
    assert.equal(calls.buckets[360]?.completed, 1);
    assert.equal(
      calls.buckets.reduce((sum, b) => sum + (b?.completed ?? 0), 0),
      721,
    );
  });

  it('clamps values outside 1 µs .. 1 h instead of throwing', () => {
    const { calls } = stats();
    for (const ms of [0, -5, Number.NaN, 10 * 3_600_000]) calls.settled({ action: 'Heartbeat', ms, outcome: 'ok' });
    const latency = calls.actions.get('Heartbeat')!.latencyUs;
    assert.equal(latency.count, 4);
    assert.equal(latency.min, 1);
  });

  it("absorbs another thread's tally sent by postMessage: counts, codes, histograms and timeline add up", async () => {
    const main = { t: 10_000 };
    const calls = new CallStats(() => main.t);
    const worker = { t: 11_000 };
    const theirs = new CallStats(() => worker.t);
    main.t = 10_500;
    calls.settled({ action: 'Heartbeat', ms: 2, outcome: 'ok' });
    worker.t = 11_200;
    for (let ms = 1; ms <= 100; ms++) theirs.settled({ action: 'Heartbeat', ms, outcome: 'ok' });
    worker.t = 13_100;
    theirs.settled({ action: 'Authorize', ms: 4, outcome: 'SecurityError' });
    theirs.settled({ action: 'Authorize', ms: 9, outcome: 'timeout' });

    const { port1, port2 } = new MessageChannel();
    const received = new Promise<CallStatsSnapshot>((resolve) => port2.once('message', resolve));
    port1.postMessage(theirs.snapshot());
    const snapshot = await received;
    port1.close();
    calls.absorb(snapshot);

    const heartbeat = calls.actions.get('Heartbeat')!;
    assert.equal(heartbeat.count, 101);
    assert.equal(heartbeat.latencyUs.count, 101);
    near(heartbeat.latencyUs.percentile(50), 50_000);
    const authorize = calls.actions.get('Authorize')!;
    assert.deepEqual(Object.fromEntries(authorize.errors), { SecurityError: 1 });
    assert.equal(authorize.timeouts, 1);
    // The worker began 1 s after this tally: its second 0 is this one's second 1.
    assert.deepEqual(
      Array.from(calls.buckets, (b) => b?.completed ?? 0),
      [1, 100, 0, 2],
    );
    assert.equal(calls.buckets[1]?.latencyUs?.count, 100);
  });
});
