// `ocpp-station fleet --heap speed|size`: how V8 trades the fleet's memory against its CPU.
// `size` turns on V8's --optimize-for-size once the fleet is up (every station Accepted, or a
// minute after the start): its collections then give back the pages the boot storm's short-lived
// objects left half empty, and the young generation stays at 1 MB instead of 32 MB. Less RSS per
// station at idle, for several times the CPU of a heartbeat round; the boot itself runs at full
// speed (figures in README, "Fleet"). `speed`, V8's defaults, is the default.

import { setFlagsFromString } from 'node:v8';

export const HEAP_MODES = ['speed', 'size'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];

export function isHeapMode(text: string): text is HeapMode {
  return (HEAP_MODES as readonly string[]).includes(text);
}

/**
 * V8's flags are the process's: the heaps that exist follow them from here on, and a worker thread
 * started later configures its heap from them (Worker's execArgv takes no V8 flags). `speed`
 * leaves V8's defaults as they are.
 */
export function applyHeapMode(mode: HeapMode): void {
  if (mode === 'size') setFlagsFromString('--optimize-for-size');
}

/** How long `size` waits for every station to be Accepted before it applies anyway. */
export const SIZE_AFTER_MS = 60_000;

/** Whether the fleet is up: the moment `size` applies. */
export function fleetIsUp(allAcceptedAt: number | undefined, startedAt: number, now: number): boolean {
  return allAcceptedAt !== undefined || now - startedAt >= SIZE_AFTER_MS;
}
