// C16 Stop Transaction with a Master Pass on a station without a Master Pass UI, against the
// local CSMS over a real WebSocket, two EVSEs charging at once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LocalCsms, startLocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { quiet } from '../support/quiet.js';
import { makeTestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const events = (id: string): TransactionEventRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'TransactionEvent').map((r) => r.request as TransactionEventRequest);

describe('C16 Master Pass without a UI', () => {
  it('C16.FR.02, C16.FR.07 – a Master Pass ends every ongoing transaction, each with stoppedReason MasterPass', async () => {
    const id = 'C16-NO-UI';
    csms.setIdTokenInfo('C16-COP', { status: 'Accepted', groupIdToken: { idToken: 'C16-POLICE', type: 'Central' } });
    const t = makeTestStation({ id, evses: 2, csmsUrl: csms.url, overrides: { [DM.AuthCtrlr.MasterPassGroupId]: 'C16-POLICE' } });
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      await quiet(t);
      for (const [evseId, card] of [
        [1, 'C16-A'],
        [2, 'C16-B'],
      ] as const) {
        t.hardware.plug(evseId);
        t.hardware.presentToken(card, 'ISO14443', evseId);
        await waitFor(() => t.snapshot().evses[evseId - 1]?.transaction?.chargingState === 'Charging', `EVSE ${evseId} charging`);
      }
      t.hardware.presentToken('C16-COP', 'ISO14443', 1);
      await waitFor(() => events(id).filter((e) => e.eventType === 'Ended').length === 2, 'both transactions ended');
      const ended = events(id).filter((e) => e.eventType === 'Ended');
      assert.deepEqual(
        ended.map((e) => e.transactionInfo.stoppedReason),
        ['MasterPass', 'MasterPass'],
      );
      assert.deepEqual(
        ended.map((e) => [e.triggerReason, e.idToken?.idToken]),
        [
          ['StopAuthorized', 'C16-COP'],
          ['StopAuthorized', 'C16-COP'],
        ],
      );
    } finally {
      csms.setIdTokenInfo('C16-COP', undefined);
      await t.stop();
    }
  });

  it('C16.FR.02 – a Master Pass at the reader of a free EVSE ends the transaction of the other one', async () => {
    const id = 'C16-OTHER-READER';
    csms.setIdTokenInfo('C16-COP2', { status: 'Accepted', groupIdToken: { idToken: 'C16-POLICE', type: 'Central' } });
    const t = makeTestStation({ id, evses: 2, csmsUrl: csms.url, overrides: { [DM.AuthCtrlr.MasterPassGroupId]: 'C16-POLICE' } });
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      await quiet(t);
      t.hardware.plug(1);
      t.hardware.presentToken('C16-C', 'ISO14443', 1);
      await waitFor(() => t.snapshot().evses[0]?.transaction?.chargingState === 'Charging', 'EVSE 1 charging');
      t.hardware.presentToken('C16-COP2', 'ISO14443', 2);
      await waitFor(() => events(id).some((e) => e.eventType === 'Ended'), 'the transaction ended');
      const ended = events(id).filter((e) => e.eventType === 'Ended');
      assert.deepEqual(
        ended.map((e) => e.transactionInfo.stoppedReason),
        ['MasterPass'],
      );
      assert.equal(t.snapshot().evses[1]?.transaction, null, 'C16.FR.03 – the Master Pass started nothing on EVSE 2');
    } finally {
      csms.setIdTokenInfo('C16-COP2', undefined);
      await t.stop();
    }
  });
});
