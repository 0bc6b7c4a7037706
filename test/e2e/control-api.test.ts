// The control API's EV object and keypad (contract, additions 2026-12) on a real station against
// the built-in CSMS: the EV that plugs in is the one described, and a PIN typed at the station
// reaches the CSMS as an idToken of type KeyCode.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ControlApi } from '../../src/control/http-api.js';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { AuthorizeRequest } from '../../src/generated/ocpp201/index.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(() => csms.close());

async function withApi(id: string, body: (t: TestRuntime, post: (path: string, body: unknown) => Promise<Response>) => Promise<void>) {
  const t = makeTestRuntime({ id, csmsUrl: csms.url });
  const api = new ControlApi(new VirtualWallbox(t.runtime, t.hardware));
  try {
    t.runtime.start();
    await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
    const base = `http://127.0.0.1:${await api.listen(0)}`;
    await body(t, (path, json) =>
      fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
    );
  } finally {
    await api.close();
    await t.stop();
  }
}

describe('control API: the EV that plugs in, the keypad', () => {
  it('POST /plug with ev: the simulated EV is that EV (its maximum power, its SoC)', () =>
    withApi('CTL-EV', async (t, post) => {
      const plugged = await post('/api/evses/1/plug', { ev: { protocol: 'IEC61851', maxPowerW: 3000, socPercent: 42 } });
      assert.equal(plugged.status, 200, await plugged.clone().text());
      t.hardware.presentToken('CTLCARD', 'ISO14443', 1);
      await waitFor(() => t.runtime.station.blocks.transactions.view(1) !== null, 'a transaction');
      // The power ramps on the station's (fake) clock: a minute of it, in steps the engine follows.
      await waitFor(() => {
        t.clock.advance(1000);
        return t.hardware.meter(1).powerW >= 3000;
      }, 'the EV at its own maximum');
      const meter = t.hardware.meter(1);
      assert.ok(meter.powerW > 0 && meter.powerW <= 3000, `power ${meter.powerW} W within the EV's 3000 W`);
      assert.equal(meter.socPercent !== undefined && Math.round(meter.socPercent), 42);
      const iec = await post('/api/evses/1/ev', { protocol: 'IEC61851', emaid: 'NL-TNM-C00000001-X' });
      assert.equal(iec.status, 400);
      assert.match(((await iec.json()) as { error: string }).error, /only an ISO 15118 EV/);
    }));

  it('POST /api/keypad: the PIN goes to the CSMS as an idToken of type KeyCode (Authorize)', () =>
    withApi('CTL-KEYPAD', async (_t, post) => {
      assert.equal((await post('/api/keypad', { text: '4711' })).status, 200);
      await waitFor(() => (csms.store.requests('CTL-KEYPAD') ?? []).some((r) => r.action === 'Authorize'), 'an AuthorizeRequest');
      const authorize = csms.store.requests('CTL-KEYPAD')!.find((r) => r.action === 'Authorize')!.request as AuthorizeRequest;
      assert.deepEqual(authorize.idToken, { idToken: '4711', type: 'KeyCode' });
    }));
});
