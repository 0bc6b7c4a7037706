import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock/fake-clock.js';
import { defineBlock, type Routes } from '../kernel/block.js';
import type { StationContext } from '../kernel/context.js';
import { silentLogger } from '../log/logger.js';
import { RpcEndpoint } from '../rpc/endpoint.js';
import { makeTestStation } from '../../test/support/test-station.js';
import { BLOCKS } from './blocks.js';
import { createBlocks, installRoutes } from './routes.js';
import type { StationEndpoint } from './link.js';

const ctx = {} as StationContext;

function endpoint(): { endpoint: StationEndpoint; sent: unknown[] } {
  const sent: unknown[] = [];
  const ep: StationEndpoint = new RpcEndpoint({ clock: new FakeClock(0), log: silentLogger, callTimeoutMs: () => 1000 });
  ep.attach((text) => sent.push(JSON.parse(text)));
  return { endpoint: ep, sent };
}

const clearCache = (answer: 'Accepted' | 'Rejected', log: string[]) =>
  defineBlock({
    name: `cache-${answer}`,
    needs: [],
    create: () => ({
      api: {},
      routes: {
        ClearCache: { handle: () => ({ status: answer }), after: () => void log.push(`after ${answer}`) },
      } satisfies Routes,
    }),
  });

describe('Block contract: one owner per action, hooks in order', () => {
  it('the station installs every block of the list, each action with one owner, none also listed as not supported', async () => {
    const t = makeTestStation({ id: 'ROUTES', csmsUrl: 'ws://127.0.0.1:1/ocpp' });
    try {
      assert.deepEqual(Object.keys(t.station.blocks).sort(), BLOCKS.map((b) => b.name).sort());
    } finally {
      await t.stop();
    }
  });

  it('an action owned by a block and listed as not supported is refused', () => {
    const { blocks } = createBlocks([clearCache('Accepted', [])], ctx, {});
    assert.throws(
      () => installRoutes(endpoint().endpoint, blocks, ['ClearCache']),
      /ClearCache is owned by a block and listed as not supported/,
    );
  });

  it('a second owner of an action is refused when the routes are installed', () => {
    const log: string[] = [];
    const { blocks } = createBlocks([clearCache('Accepted', log), clearCache('Rejected', log)], ctx, {});
    assert.throws(() => installRoutes(endpoint().endpoint, blocks), /ClearCache has two owners/);
  });

  it('a block that needs one created after it is refused with its name', () => {
    const late = defineBlock({ name: 'late', needs: ['early'], create: (_ctx, _needs: { early: unknown }) => ({ api: {} }) });
    assert.throws(() => createBlocks([late], ctx, {}), /block late needs early/);
  });

  it('a hook may answer in place of the owner; the owner answers otherwise; after-steps run owner first, then hooks', async () => {
    const log: string[] = [];
    let refuse = true;
    const guard = defineBlock({
      name: 'guard',
      needs: [],
      create: () => ({
        api: {},
        hooks: {
          ClearCache: [
            {
              name: 'refuse while told',
              before: () => (refuse ? { status: 'Rejected' } : undefined),
              after: () => void log.push('hook after'),
            },
          ],
        },
      }),
    });
    const { blocks } = createBlocks([clearCache('Accepted', log), guard], ctx, {});
    const { endpoint: ep, sent } = endpoint();
    installRoutes(ep, blocks);
    ep.receive(JSON.stringify([2, 'a', 'ClearCache', {}]));
    await waitFor(() => log.length === 2);
    refuse = false;
    ep.receive(JSON.stringify([2, 'b', 'ClearCache', {}]));
    await waitFor(() => log.length === 4);
    assert.deepEqual(sent, [
      [3, 'a', { status: 'Rejected' }],
      [3, 'b', { status: 'Accepted' }],
    ]);
    assert.deepEqual(log, ['after Accepted', 'hook after', 'after Accepted', 'hook after']);
  });
});

/** Resolves once `done` holds, checking after each turn of the event loop (handlers are async). */
async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.ok(done(), 'the endpoint finished its work');
}
