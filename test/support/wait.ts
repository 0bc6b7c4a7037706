// Waiting for I/O in tests: polls a condition between event-loop turns, bounded in real time.
// Timing rules themselves are tested with the fake clock; this only waits for sockets. To assert
// that nothing (more) happens, wait for the idle barrier of quiet.ts, never for a fixed time.

export async function waitFor<T>(condition: () => T | undefined | false | null, what = 'condition', timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * The same for a reading that is itself I/O (an HTTP request to a child process): `read` is awaited
 * each round; undefined means not yet.
 */
export async function poll<T>(what: string, read: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
