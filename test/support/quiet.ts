// The idle barrier for end-to-end tests: instead of sleeping, wait until the station is quiet —
// nothing in flight on its link, nothing sendable in its outbox, no fake-clock timer due — and
// stays so across a few event-loop turns (a reaction may hop through promises before it sends).

import type { FakeClock } from '../../src/clock/fake-clock.js';
import { waitFor } from './wait.js';

export interface Quietable {
  station: { idle(): boolean };
  clock: FakeClock;
}

/** Event-loop turns the station must stay idle for before it counts as quiet. */
const STABLE_TURNS = 3;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves once the station is quiet; fails after `timeoutMs` of real time (a bound, not a wait). */
export async function quiet(t: Quietable, what = 'station quiet', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stable = 0;
  while (stable < STABLE_TURNS) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (t.clock.due > 0) t.clock.advance(0);
    stable = t.station.idle() && t.clock.due === 0 ? stable + 1 : 0;
    await turn();
  }
}

/** Moves the fake clock forward (firing due timers), then waits for the barrier. */
export async function advance(t: Quietable, ms: number): Promise<void> {
  t.clock.advance(ms);
  await quiet(t);
}

/**
 * Waits until no transfer bounded by `transferTimeoutMs` on the station clock is running (its
 * timeout timer is gone: the transfer ended and its outcome was handled), then for the barrier.
 * An HTTP upload or download is socket I/O that the link barrier cannot see; its timeout timer is.
 * Valid while the fake clock has not moved since the transfer started.
 */
export async function transferOver(t: Quietable, transferTimeoutMs: number, what = 'transfer over'): Promise<void> {
  await waitFor(() => !t.clock.delays().includes(transferTimeoutMs), what);
  await quiet(t, what);
}

/**
 * Fires the fake clock's timers one at a time (only those under `maxDelayMs` away) until `done`
 * holds: for outcomes that need both timers (back-off) and socket I/O (a reconnection).
 */
export async function advanceUntil(
  clock: FakeClock,
  done: () => boolean,
  what: string,
  maxDelayMs = Number.POSITIVE_INFINITY,
): Promise<void> {
  await waitFor(() => {
    if (done()) return true;
    const delay = clock.nextDelay();
    if (delay !== undefined && delay < maxDelayMs) clock.advance(delay);
    return false;
  }, what);
}
