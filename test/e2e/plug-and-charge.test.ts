// C07 Plug & Charge and E15 end to end: a real station on the simulated hardware, driven through
// its control API, against the built-in CSMS over a real WebSocket. An ISO 15118 EV with a
// contract plugs in, the station validates the contract under the MO root the CSMS installed and
// authorizes the eMAID with the CSMS; the EV charges, then ends its session.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ControlApi } from '../../src/control/http-api.js';
import { type LocalCsms, startLocalCsms } from '../../src/csms/local-csms.js';
import type { AuthorizeRequest, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { createContractPki } from '../support/pki.js';
import { makeTestRuntime } from '../support/test-runtime.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(() => csms.close());

const ID = 'E2E-PNC';

describe('C07 Plug & Charge from the control API', () => {
  it('C07.FR.01/02, E15.FR.04 – plug in with a contract, Authorize eMAID accepted, charging, the EV stops the session', async () => {
    const mo = await createContractPki({ emaid: 'NLTSTC000000777', ocspUrl: 'http://127.0.0.1:9/ocsp' });
    const t = makeTestRuntime({ id: ID, csmsUrl: csms.url, overrides: { 'ISO15118Ctrlr/PnCEnabled': 'true' } });
    const api = new ControlApi(new VirtualWallbox(t.runtime, t.hardware));
    const requests = <R>(action: string): R[] =>
      (csms.store.requests(ID) ?? []).filter((r) => r.action === action).map((r) => r.request as R);
    try {
      t.runtime.start();
      await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
      const installed = await csms.call(ID, 'InstallCertificate', { certificateType: 'MORootCertificate', certificate: mo.root.cert });
      assert.equal(installed.status, 'Accepted', 'the MO root is installed');
      const base = `http://127.0.0.1:${await api.listen(0)}`;
      const post = (path: string, body: unknown) =>
        fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      const plugged = await post('/api/evses/1/plug', {
        ev: { protocol: 'ISO15118-2', emaid: mo.emaid, contractCertificateChain: mo.chain },
      });
      assert.equal(plugged.status, 200, await plugged.clone().text());
      // The EV presents its contract a moment after plug-in, on the station's (fake) clock.
      await waitFor(() => {
        t.clock.advance(100);
        return requests('Authorize').length > 0;
      }, 'an AuthorizeRequest');
      const [authorize] = requests<AuthorizeRequest>('Authorize');
      assert.deepEqual(authorize?.idToken, { idToken: mo.emaid, type: 'eMAID' });
      assert.equal(authorize?.iso15118CertificateHashData?.length, 2, 'the contract certificate and its sub-CA');
      assert.equal(authorize?.iso15118CertificateHashData?.[0]?.responderURL, 'http://127.0.0.1:9/ocsp');

      await waitFor(() => {
        t.clock.advance(1000);
        return t.hardware.meter(1).powerW > 0;
      }, 'the EV charging');
      const state = (await (await fetch(`${base}/api/state`)).json()) as { evses: { transaction: { chargingState: string } | null }[] };
      assert.equal(state.evses[0]?.transaction?.chargingState, 'Charging');

      const stopped = await post('/api/evses/1/session-stop', {});
      assert.equal(stopped.status, 200, await stopped.clone().text());
      await waitFor(
        () => requests<TransactionEventRequest>('TransactionEvent').some((e) => e.eventType === 'Ended'),
        'the transaction ended',
      );
      const ended = requests<TransactionEventRequest>('TransactionEvent').find((e) => e.eventType === 'Ended');
      assert.equal(ended?.triggerReason, 'StopAuthorized');
      assert.equal(ended?.transactionInfo.stoppedReason, 'StoppedByEV');
      assert.equal(t.hardware.meter(1).powerW, 0, 'the EV draws no more');
      const again = await post('/api/evses/1/session-stop', {});
      assert.equal(again.status, 200, 'a second session stop changes nothing');
      const iec = await post('/api/evses/1/unplug', {});
      assert.equal(iec.status, 200);
      assert.equal((await post('/api/evses/1/session-stop', {})).status, 400, 'no EV, no session to stop');
    } finally {
      await api.close();
      await t.stop();
    }
  });
});
