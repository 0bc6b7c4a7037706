// A whole station on the in-memory link, against the built-in CSMS's own handlers: the link drops
// and comes back on the test's word, time moves only on the fake clock, and every step waits on
// the idle barrier instead of on time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { installHandlers, type CsmsSettings } from '../../src/csms/handlers.js';
import { CsmsStore } from '../../src/csms/store.js';
import type { CsmsToStationAction, StationToCsmsAction, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { silentLogger } from '../../src/log/logger.js';
import { RpcEndpoint } from '../../src/rpc/endpoint.js';
import { LoopbackConnection } from '../../src/rpc/loopback.js';
import { quiet } from '../support/quiet.js';
import { makeTestStation } from '../support/test-station.js';

const ID = 'LOOP-1';

function setup() {
  const clock = new FakeClock();
  const csms = new RpcEndpoint<CsmsToStationAction, StationToCsmsAction>({ clock, log: silentLogger, callTimeoutMs: () => 30_000 });
  const store = new CsmsStore();
  const settings: CsmsSettings = { bootStatus: 'Accepted', heartbeatIntervalS: 3600, bootRetryIntervalS: 30 };
  installHandlers(csms, { stationId: ID, store, settings, now: () => clock.now() });
  const loopback = new LoopbackConnection(csms);
  // C15: an unknown card may charge offline, so the session happens while the link is down.
  const overrides = { [DM.AuthCtrlr.OfflineTxForUnknownIdEnabled]: 'true', [DM.AuthCtrlr.LocalAuthorizeOffline]: 'true' };
  const t = makeTestStation({ id: ID, csmsUrl: 'loopback://csms', clock, loopback, overrides });
  const events = (): TransactionEventRequest[] =>
    (store.requests(ID) ?? []).filter((r) => r.action === 'TransactionEvent').map((r) => r.request as TransactionEventRequest);
  return { t, loopback, events };
}

describe('Station on the in-memory link (E04, E13)', () => {
  it('E04.FR.01/02 – a session while the link is down is queued with offline true and delivered once, in order, after it comes back', async () => {
    const { t, loopback, events: received } = setup();
    try {
      t.station.start();
      await quiet(t);
      assert.equal(t.station.ctx.registration(), 'Accepted');

      loopback.setOnline(false);
      await quiet(t);
      t.hardware.plug(1);
      t.hardware.presentToken('AA11BB22');
      await quiet(t);
      t.hardware.unplug(1);
      await quiet(t);
      assert.equal(received().length, 0, 'nothing reaches the CSMS while the link is down');

      loopback.setOnline(true);
      await quiet(t);
      const events = received();
      assert.deepEqual(
        events.map((e) => e.eventType),
        ['Started', ...events.slice(1, -1).map(() => 'Updated'), 'Ended'],
      );
      assert.ok(
        events.every((e) => e.offline === true),
        'E04.FR.02: events made offline say so',
      );
      assert.deepEqual(
        events.map((e) => e.seqNo),
        events.map((_, i) => i),
      );
      assert.equal(new Set(events.map((e) => e.transactionInfo.transactionId)).size, 1);
    } finally {
      await t.stop();
    }
  });
});
