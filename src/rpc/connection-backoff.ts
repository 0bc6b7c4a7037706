// How long the station waits before its next connection attempt (Part 4 §5.3 + errata
// 2025-04), and the longest wait a Node timer can hold. Knows nothing of `ws`.

/** OCPPCommCtrlr.RetryBackOffWaitMinimum / RetryBackOffRandomRange / RetryBackOffRepeatTimes. */
export interface BackoffSettings {
  waitMinimumS: number;
  randomRangeS: number;
  repeatTimes: number;
}

/** Longest delay a Node timer can hold; a larger back-off would fire at once. */
export const MAX_DELAY_MS = 2_147_483_647;

/**
 * Part 4 §5.3 + errata 2025-04: retry n (0 = the first after a loss or a failed first
 * attempt) waits RetryBackOffWaitMinimum doubled min(n, RetryBackOffRepeatTimes) times, plus
 * a new random part of up to RetryBackOffRandomRange on every attempt. Past RepeatTimes the
 * doubled part stays at its last value.
 */
export function backoffDelayMs(b: BackoffSettings, retry: number, random: number): number {
  const doublings = Math.min(retry, Math.max(0, Math.floor(b.repeatTimes)));
  const base = Math.max(0, b.waitMinimumS) * 1000 * 2 ** doublings;
  const jitter = Math.floor(random * Math.max(0, b.randomRangeS) * 1000);
  return Math.min(base + jitter, MAX_DELAY_MS);
}
