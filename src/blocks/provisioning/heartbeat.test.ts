import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import { CLOCK_SYNC_MS, Heartbeat } from './heartbeat.js';

describe('G02 Heartbeat', () => {
  function setup() {
    const sent: string[] = [];
    const block = makeBlockContext({
      id: 'CS-G02',
      overrides: { [DM.OCPPCommCtrlr.HeartbeatInterval]: '60' },
      call: async (action: string): Promise<unknown> => {
        sent.push(action);
        return { currentTime: '2026-01-01T00:00:00.000Z' };
      },
    });
    const heartbeat = new Heartbeat(block.ctx);
    heartbeat.noteActivity(); // the accepted BootNotification
    heartbeat.start();
    return { ...block, heartbeat, sent };
  }

  it('G02.FR.02 – a Heartbeat after HeartbeatInterval without other traffic', async () => {
    const { clock, sent } = setup();
    await clock.tick(59_000);
    assert.deepEqual(sent, []);
    await clock.tick(1_000);
    assert.deepEqual(sent, ['Heartbeat']);
  });

  it('G02.FR.05/07 – other traffic holds the Heartbeat back, but one goes out every 24 hours for the time', async () => {
    const { clock, sent, heartbeat } = setup();
    for (let t = 0; t < CLOCK_SYNC_MS + 3600_000; t += 30_000) {
      heartbeat.noteActivity();
      await clock.tick(30_000);
    }
    assert.deepEqual(sent, ['Heartbeat'], 'exactly one, at 24 hours');
  });
});
