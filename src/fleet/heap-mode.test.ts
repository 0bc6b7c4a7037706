// `--heap size` sets a V8 flag at run time, after this process's main heap exists: it must still
// reach the heaps of worker threads started afterwards, where a fleet's stations run by default.
// (The main thread's young generation, grown while the modules loaded, keeps part of its size;
// what the flag saves there is measured by `npm run bench:fleet`.)

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { applyHeapMode, fleetIsUp, isHeapMode, SIZE_AFTER_MS } from './heap-mode.js';

/**
 * Allocates 3 million small objects, of which up to 200,000 survive each scavenge, as building
 * stations does: V8 grows the young generation under such a load unless it optimizes for size.
 * Returns the young generation's size, KB.
 */
function churn(): number {
  let kept: object[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    kept.push({ i, list: [i] });
    if (kept.length > 200_000) kept = [];
  }
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size / 1024;
}

async function churnInWorker(): Promise<number> {
  const source = `
    const { getHeapSpaceStatistics } = require('node:v8');
    const { parentPort } = require('node:worker_threads');
    ${churn.toString()}
    parentPort.postMessage(churn());`;
  const worker = new Worker(source, { eval: true });
  const [youngKb] = (await once(worker, 'message')) as [number];
  await worker.terminate();
  return youngKb;
}

describe('ocpp-station fleet --heap', () => {
  it('names only speed and size', () => {
    assert.ok(isHeapMode('speed') && isHeapMode('size'));
    for (const text of ['', 'fast', 'Size', 'small']) assert.equal(isHeapMode(text), false, text);
  });

  it('size: a worker thread started afterwards keeps its young generation at 1 MB, where one started before grew it', async () => {
    const before = await churnInWorker();
    assert.ok(before > 1024, `V8's default lets the young generation grow: ${before} KB`);

    applyHeapMode('size');
    assert.equal(await churnInWorker(), 1024, 'the worker optimizes for size');
  });
});

describe('ocpp-station fleet --heap size applies once the fleet is up', () => {
  it('when every station has been Accepted, or a minute after the start when some never were', () => {
    const start = 1_000_000;
    assert.equal(fleetIsUp(undefined, start, start + 5_000), false, 'booting');
    assert.equal(fleetIsUp(start + 4_000, start, start + 5_000), true, 'all Accepted');
    assert.equal(fleetIsUp(undefined, start, start + SIZE_AFTER_MS), true, 'a minute on, some never Accepted');
  });
});
