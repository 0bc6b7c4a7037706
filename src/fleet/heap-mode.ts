// `ocpp-station fleet --heap speed|size`: how V8 trades the fleet's memory against its CPU.
// `size` turns on V8's --optimize-for-size, which among other things keeps the young generation
// at 1 MB instead of letting it grow to 32 MB: less RSS per station, for several times the CPU of
// a boot and of a heartbeat round (figures in README, "Fleet"). `speed`, V8's defaults, is the default.

import { setFlagsFromString } from 'node:v8';

export const HEAP_MODES = ['speed', 'size'] as const;
export type HeapMode = (typeof HEAP_MODES)[number];

export function isHeapMode(text: string): text is HeapMode {
  return (HEAP_MODES as readonly string[]).includes(text);
}

/**
 * Call before the stations are built. V8's flags are the process's: the main thread's heap follows
 * them from here on, and a worker thread started later configures its heap from them (Worker's
 * execArgv takes no V8 flags). `speed` leaves V8's defaults as they are.
 */
export function applyHeapMode(mode: HeapMode): void {
  if (mode === 'size') setFlagsFromString('--optimize-for-size');
}
