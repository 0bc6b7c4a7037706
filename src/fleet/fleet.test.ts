import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../test/support/wait.js';
import { systemClock } from '../clock/clock.js';
import { FakeClock } from '../clock/fake-clock.js';
import { startLocalCsms, type LocalCsms } from '../csms/local-csms.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import type { TransactionEventRequest } from '../generated/ocpp201/index.js';
import { silentLogger } from '../log/logger.js';
import { cardOf, DEFAULT_SESSION_TIMING } from './charging-sessions.js';
import { Fleet, shardSlice, stationId } from './fleet.js';
import { FleetMember } from './fleet-member.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

/** The promise, or a failure after `ms` of real time. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('fleet station ids', () => {
  it('are the prefix and a number from 1, at least five digits', () => {
    assert.equal(stationId('FLEET-', 0, 20), 'FLEET-00001');
    assert.equal(stationId('X', 1233, 2000), 'X01234');
    assert.equal(stationId('', 99_999, 100_000), '100000');
  });
});

describe('a fleet of 20 stations against the local CSMS', () => {
  it('B01 – every station boots and is Accepted; the CSMS sees 20 stations', async () => {
    const fleet = new Fleet({ count: 20, csmsUrl: csms.url, idPrefix: 'BOOT-', rampPerS: 1000, clock: systemClock, log: silentLogger });
    try {
      await fleet.start();
      await within(fleet.allAccepted(), 10_000, 'all Accepted');
      const stats = fleet.stats();
      assert.equal(stats.started, 20);
      assert.equal(stats.accepted, 20);
      assert.equal(stats.connected, 20);
      const seen = csms.store.list().filter((s) => s.id.startsWith('BOOT-'));
      assert.equal(seen.length, 20);
      assert.ok(seen.every((s) => s.connected && s.registration === 'Accepted'));
      assert.deepEqual(
        seen.map((s) => s.id).sort(),
        Array.from({ length: 20 }, (_, i) => stationId('BOOT-', i, 20)),
      );
    } finally {
      await fleet.stop();
    }
    await waitFor(
      () =>
        csms.store
          .list()
          .filter((s) => s.id.startsWith('BOOT-'))
          .every((s) => !s.connected),
      'all disconnected',
    );
  });

  it('starts stations at the ramp rate, in batches', async () => {
    const clock = new FakeClock();
    const fleet = new Fleet({ count: 12, csmsUrl: csms.url, idPrefix: 'RAMP-', rampPerS: 20, clock, log: silentLogger });
    try {
      const ramp = fleet.start();
      assert.equal(fleet.stats().started, 2, 'first batch at once: 20/s in batches every 100 ms');
      clock.advance(100);
      assert.equal(fleet.stats().started, 4);
      clock.advance(400);
      assert.equal(fleet.stats().started, 12);
      await ramp;
    } finally {
      await fleet.stop();
    }
  });
});

describe('a fleet running charging sessions on a fake clock', () => {
  it('E01/E06 – each of 20 stations starts and ends at least one transaction with its own card', async () => {
    const clock = new FakeClock();
    const fleet = new Fleet({
      count: 20,
      csmsUrl: csms.url,
      idPrefix: 'SESS-',
      rampPerS: 1000,
      sessions: DEFAULT_SESSION_TIMING,
      // No pings and no clock-aligned meter values on the fake clock, as in the station tests.
      overrides: { [DM.OCPPCommCtrlr.WebSocketPingInterval]: '0', [DM.AlignedDataCtrlr.Interval]: '0' },
      clock,
      log: silentLogger,
    });
    const ids = Array.from({ length: 20 }, (_, i) => stationId('SESS-', i, 20));
    const events = (id: string): TransactionEventRequest[] =>
      (csms.store.requests(id) ?? []).filter((r) => r.action === 'TransactionEvent').map((r) => r.request as TransactionEventRequest);
    const done = (): boolean =>
      ids.every((id) => {
        const list = events(id);
        return list.some((e) => e.eventType === 'Started') && list.some((e) => e.eventType === 'Ended');
      });
    try {
      await fleet.start();
      await within(fleet.allAccepted(), 10_000, 'all Accepted');
      // Clock steps of a second, each with time for the socket round trips it caused.
      for (let s = 0; s < 15 * 60 && !done(); s++) {
        clock.advance(1000);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      await waitFor(done, 'a Started and an Ended TransactionEvent from every station', 10_000);
      for (const id of ids)
        assert.ok(
          events(id).some((e) => e.idToken?.idToken === cardOf(id, 1)),
          `${id} charged with its card`,
        );
      const stats = fleet.stats();
      assert.ok(stats.sessionsEnded >= 20, `sessions ended: ${stats.sessionsEnded}`);
    } finally {
      await fleet.stop();
    }
  });
});

describe('fleet shards', () => {
  it('slices --count into contiguous, disjoint shards that together make every index once', () => {
    for (const [count, of] of [
      [10, 2],
      [10, 3],
      [7, 7],
      [100_000, 6],
      [5, 1],
    ] as const) {
      let next = 0;
      for (let index = 1; index <= of; index++) {
        const { first, size } = shardSlice(count, { index, of });
        assert.equal(first, next, `${count} in ${of}: shard ${index} starts where ${index - 1} ended`);
        assert.ok(size >= Math.floor(count / of) && size <= Math.ceil(count / of), `${count} in ${of}: shard ${index} size ${size}`);
        next = first + size;
      }
      assert.equal(next, count, `${count} in ${of}: the shards cover every index`);
    }
  });

  it('a shard starts the ids of its slice, padded for the whole fleet', async () => {
    const fleet = new Fleet({
      count: 10,
      shard: { index: 2, of: 2 },
      csmsUrl: csms.url,
      idPrefix: 'SHARD-',
      rampPerS: 1000,
      clock: systemClock,
      log: silentLogger,
    });
    try {
      await fleet.start();
      await fleet.allAccepted();
      assert.deepEqual(
        fleet.members.map((member) => member.runtime.station.ctx.id),
        ['SHARD-00006', 'SHARD-00007', 'SHARD-00008', 'SHARD-00009', 'SHARD-00010'],
      );
    } finally {
      await fleet.stop();
    }
  });

  it('a shard of N ramps at 1/N of the rate, so that N processes together keep --ramp-per-s', async () => {
    const clock = new FakeClock();
    const fleet = new Fleet({
      count: 24,
      shard: { index: 1, of: 2 },
      csmsUrl: csms.url,
      idPrefix: 'SRAMP-',
      rampPerS: 40,
      clock,
      log: silentLogger,
    });
    try {
      const ramp = fleet.start();
      assert.equal(fleet.stats().started, 2, 'first batch at once: 20/s in batches every 100 ms');
      clock.advance(100);
      assert.equal(fleet.stats().started, 4);
      clock.advance(500);
      assert.equal(fleet.stats().started, 12, 'the shard stops at its 12 of 24');
      await ramp;
    } finally {
      await fleet.stop();
    }
  });

  it('a boot storm (an infinite ramp) builds every station, then starts them all at once', async () => {
    const fleet = new Fleet({
      count: 30,
      csmsUrl: csms.url,
      idPrefix: 'STORM-',
      rampPerS: Number.POSITIVE_INFINITY,
      clock: systemClock,
      log: silentLogger,
    });
    const builtAtStart: number[] = [];
    const start = FleetMember.prototype.start;
    FleetMember.prototype.start = function (this: FleetMember) {
      builtAtStart.push(fleet.members.length);
      start.call(this);
    };
    try {
      void fleet.start();
      assert.equal(fleet.stats().started, 30, 'all started before any timer runs');
      assert.deepEqual(new Set(builtAtStart), new Set([30]), 'no station started before the last was built');
      await fleet.allAccepted();
    } finally {
      FleetMember.prototype.start = start;
      await fleet.stop();
    }
  });
});
