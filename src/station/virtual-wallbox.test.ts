import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeTestRuntime } from '../../test/support/test-runtime.js';
import { ControlError } from '../control/control-target.js';
import { VirtualWallbox } from './virtual-wallbox.js';

describe('VirtualWallbox external limit (POST /api/external-limit)', () => {
  it('K11.FR.01, K12.FR.01 – reaches the station through the hardware input; an unknown EVSE is a 404', async () => {
    const t = makeTestRuntime({ id: 'WALLBOX-EXT', csmsUrl: 'ws://127.0.0.1:1/ocpp', evses: 2 });
    try {
      const wallbox = new VirtualWallbox(t.runtime, t.hardware);
      t.hardware.plug(1);
      t.hardware.plug(2);
      wallbox.setExternalLimit({ limitW: 8000 });
      assert.deepEqual(
        wallbox.snapshot().evses.map((e) => e.limitW),
        [4000, 4000],
        'the station limit is shared by the EVSEs in use (K04)',
      );
      wallbox.setExternalLimit({ evseId: 2, limitW: 1000, source: 'SO' });
      assert.deepEqual(
        wallbox.snapshot().evses.map((e) => e.limitW),
        [4000, 1000],
      );
      wallbox.setExternalLimit({ limitW: null });
      assert.deepEqual(
        wallbox.snapshot().evses.map((e) => e.limitW),
        [null, 1000],
        'K13.FR.01: cleared',
      );
      assert.throws(
        () => wallbox.setExternalLimit({ evseId: 3, limitW: 1 }),
        (error: unknown) => error instanceof ControlError && error.status === 404,
      );
    } finally {
      await t.stop();
    }
  });
});

describe('VirtualWallbox plug (POST /api/evses/<id>/plug)', () => {
  it('G05 – lockFails: a plug not fully in makes the next lock of its connector fail; a plug fully in locks', async () => {
    const t = makeTestRuntime({ id: 'WALLBOX-LOCK', csmsUrl: 'ws://127.0.0.1:1/ocpp', evses: 2 });
    try {
      const wallbox = new VirtualWallbox(t.runtime, t.hardware);
      wallbox.plug(1, 1, {}, { lockFails: true });
      wallbox.plug(2, 1, {}, { lockFails: false });
      assert.equal(await t.hardware.setConnectorLock(1, 1, true), false, 'EVSE 1: the lock fails');
      assert.equal(t.hardware.connectorLocked(1, 1), false);
      assert.equal(await t.hardware.setConnectorLock(2, 1, true), true, 'EVSE 2: the lock engages');
    } finally {
      await t.stop();
    }
  });
});
