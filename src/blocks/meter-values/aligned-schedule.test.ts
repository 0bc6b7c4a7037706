import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { AlignedTimer, lastAlignedTime, nextAlignedTime } from './aligned-schedule.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('J01 clock-aligned times (AlignedDataCtrlr.Interval, midnight-based)', () => {
  it('the next aligned time is the first multiple of the interval since midnight strictly after now', () => {
    assert.equal(iso(nextAlignedTime(t('2026-03-01T10:07:12Z'), 900)!), '2026-03-01T10:15:00.000Z');
    assert.equal(iso(nextAlignedTime(t('2026-03-01T10:15:00Z'), 900)!), '2026-03-01T10:30:00.000Z');
    assert.equal(iso(nextAlignedTime(t('2026-03-01T23:50:00Z'), 900)!), '2026-03-02T00:00:00.000Z');
    assert.equal(iso(lastAlignedTime(t('2026-03-01T10:15:00.400Z'), 900)!), '2026-03-01T10:15:00.000Z');
  });

  it('an interval that does not divide the day restarts at midnight', () => {
    // 86400 = 7 × 12342 + 6: the last slot of the day is 23:59:54, then 00:00:00.
    assert.equal(iso(nextAlignedTime(t('2026-03-01T23:59:54Z'), 7)!), '2026-03-02T00:00:00.000Z');
    assert.equal(iso(nextAlignedTime(t('2026-03-01T23:59:53Z'), 7)!), '2026-03-01T23:59:54.000Z');
  });

  it('interval 0 means off', () => {
    assert.equal(nextAlignedTime(t('2026-03-01T10:00:00Z'), 0), undefined);
  });

  it('AlignedTimer ticks first at the next boundary, then every interval; a new interval applies at once on restart', () => {
    const clock = new FakeClock(t('2026-03-01T10:07:12Z'));
    let intervalS = 900;
    const ticks: string[] = [];
    const timer = new AlignedTimer({ clock, now: () => clock.now(), intervalS: () => intervalS, onTick: (at) => ticks.push(iso(at)) });
    timer.restart();
    clock.advance(7 * 60 * 1000 + 47_999);
    assert.deepEqual(ticks, [], 'nothing before the boundary');
    clock.advance(1);
    assert.deepEqual(ticks, ['2026-03-01T10:15:00.000Z']);
    clock.advance(30 * 60 * 1000);
    assert.deepEqual(ticks.slice(1), ['2026-03-01T10:30:00.000Z', '2026-03-01T10:45:00.000Z']);

    intervalS = 60;
    timer.restart();
    clock.advance(3 * 60 * 1000);
    assert.deepEqual(ticks.slice(3), ['2026-03-01T10:46:00.000Z', '2026-03-01T10:47:00.000Z', '2026-03-01T10:48:00.000Z']);

    intervalS = 0;
    timer.restart();
    assert.equal(timer.running, false);
    clock.advance(3_600_000);
    assert.equal(ticks.length, 6);
  });

  it('follows the station time, not the timer clock: a clock set back waits for the boundary; one set ahead skips missed slots', () => {
    const clock = new FakeClock(t('2026-03-01T10:14:00Z'));
    let offset = 0;
    const ticks: string[] = [];
    const timer = new AlignedTimer({ clock, now: () => clock.now() + offset, intervalS: () => 900, onTick: (at) => ticks.push(iso(at)) });
    timer.restart();
    offset = -30_000; // the CSMS time is 30 s behind
    clock.advance(60_000);
    assert.deepEqual(ticks, [], 'station time is 10:14:30');
    clock.advance(30_000);
    assert.deepEqual(ticks, ['2026-03-01T10:15:00.000Z']);

    offset += 2 * 3_600_000 + 7_000; // jumps ahead by 2 h 7 s (station time 12:30:07 at the 10:30 timer)
    clock.advance(15 * 60 * 1000);
    assert.deepEqual(ticks, ['2026-03-01T10:15:00.000Z'], 'no value stamped with a time it was not taken at');
    timer.stop();
  });
});
