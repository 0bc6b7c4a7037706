import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../test/support/wait.js';
import { FakeClock } from '../clock/fake-clock.js';
import { type LocalCsms, startLocalCsms } from '../csms/local-csms.js';
import { silentLogger } from '../log/logger.js';
import { Fleet, type FleetStats } from './fleet.js';
import { emptyStats, FleetWorkers, StationSetupError, sumStats } from './fleet-workers.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const ids = (fleet: Fleet): string[] => fleet.members.map((member) => member.runtime.station.ctx.id);

describe('fleet workers: each worker thread runs its part of the shard', () => {
  it('the parts of shard 2/2 are contiguous, disjoint and together the shard’s ids, padded for the whole fleet', async () => {
    const clock = new FakeClock();
    const parts = [1, 2, 3].map(
      (index) =>
        new Fleet({
          count: 14,
          shard: { index: 2, of: 2 },
          worker: { index, of: 3 },
          csmsUrl: csms.url,
          idPrefix: 'PART-',
          rampPerS: 10_000,
          clock,
          log: silentLogger,
        }),
    );
    try {
      for (const part of parts) await part.start();
      assert.deepEqual(parts.map(ids), [
        ['PART-00008', 'PART-00009'],
        ['PART-00010', 'PART-00011'],
        ['PART-00012', 'PART-00013', 'PART-00014'],
      ]);
    } finally {
      await Promise.all(parts.map((part) => part.stop()));
    }
  });

  it('a worker of N ramps at 1/N of the shard’s rate, so that the workers together keep --ramp-per-s', async () => {
    const clock = new FakeClock();
    const fleet = new Fleet({
      count: 48,
      shard: { index: 1, of: 2 },
      worker: { index: 2, of: 2 },
      csmsUrl: csms.url,
      idPrefix: 'WRAMP-',
      rampPerS: 80,
      clock,
      log: silentLogger,
    });
    try {
      const ramp = fleet.start();
      assert.equal(fleet.stats().started, 2, '80/s over 2 shards and 2 workers: 20/s, in batches of 2 every 100 ms');
      clock.advance(100);
      assert.equal(fleet.stats().started, 4);
      clock.advance(1000);
      assert.equal(fleet.stats().started, 12, 'the worker stops at its 12 of the shard’s 24');
      await ramp;
    } finally {
      await fleet.stop();
    }
  });

  it('sums the workers’ stats field by field', () => {
    const one: FleetStats = { ...emptyStats(), started: 3, accepted: 2, framesIn: 10, scenariosPassed: 1, scenariosRunning: 2 };
    const two: FleetStats = { ...emptyStats(), started: 4, accepted: 4, framesIn: 5, scenariosFailed: 1, queuedMessages: 7 };
    assert.deepEqual(sumStats([one, two]), {
      ...emptyStats(),
      started: 7,
      accepted: 6,
      framesIn: 15,
      queuedMessages: 7,
      scenariosPassed: 1,
      scenariosFailed: 1,
      scenariosRunning: 2,
    });
    assert.deepEqual(sumStats([]), emptyStats());
  });
});

describe('fleet workers on real threads', () => {
  it('brings the stations of two threads to Accepted and stops them, their sockets closed', async () => {
    const fleet = new FleetWorkers({
      fleet: { count: 6, csmsUrl: csms.url, idPrefix: 'THREAD-', rampPerS: 1000 },
      workers: 2,
      logLevel: 'silent',
    });
    try {
      const ramp = fleet.start();
      await fleet.started();
      await ramp;
      // Each worker answers a request for stats at once; ask until both count all theirs Accepted.
      let stats = await fleet.freshStats();
      const deadline = Date.now() + 20_000;
      while (stats.accepted < 6 && Date.now() < deadline) stats = await fleet.freshStats();
      assert.equal(stats.accepted, 6, '6 accepted over both workers');
      assert.equal(stats.started, 6);
      assert.ok(fleet.allAcceptedAt !== undefined && fleet.startedAt !== undefined && fleet.allAcceptedAt >= fleet.startedAt);
    } finally {
      await fleet.stop();
    }
    const made = csms.store.list().filter((s) => s.id.startsWith('THREAD-'));
    assert.deepEqual(made.map((s) => s.id).sort(), [
      'THREAD-00001',
      'THREAD-00002',
      'THREAD-00003',
      'THREAD-00004',
      'THREAD-00005',
      'THREAD-00006',
    ]);
    await waitFor(() => made.every((s) => !csms.store.get(s.id)?.connected), 'all disconnected');
  });

  it('a bad override is a StationSetupError from started(), not a crash', async () => {
    const fleet = new FleetWorkers({
      fleet: { count: 4, csmsUrl: csms.url, idPrefix: 'BAD-', overrides: { 'Foo/Bar': '1' } },
      workers: 2,
      logLevel: 'silent',
    });
    fleet.start();
    await assert.rejects(
      fleet.started(),
      (error: unknown) => error instanceof StationSetupError && /Foo\/Bar: no such variable/.test(error.message),
    );
    await fleet.stop();
  });
});
