// Waiting for I/O in tests: polls a condition between event-loop turns, bounded in real time.
// Timing rules themselves are tested with the fake clock; this only waits for sockets.

export async function waitFor<T>(condition: () => T | undefined | false | null, what = 'condition', timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets pending socket and promise callbacks run for a few milliseconds of real time. */
export const settle = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
