// Part 6 block E, TC_E_46_CS End of charging process 15118 (E15), with errata 2025-04 (the
// transaction started by Authorized15118): the EV ends its ISO 15118 session (SessionStopReq
// Terminate, the control API's session-stop). Run for both kinds of TxStopPoint the case tells
// apart: one with Authorized (the transaction ends) and one without (it goes on, deauthorized).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unplug } from './support/authorization.js';
import { contractAuthorize, contractPki, evConnected15118, v2gCertificatesInstalled } from './support/plug-and-charge.js';
import { energyTransferStarted, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const PNC = ['ISO15118Ctrlr/PnCEnabled=true', 'ISO15118Ctrlr/CentralContractValidationAllowed=false'];

describe('Part 6 E – End of charging process 15118', { concurrency: true }, () => {
  for (const [stop, ends] of [
    ['EVConnected,Authorized', true],
    ['EVConnected', false],
  ] as const) {
    it(`TC_E_46_CS – End of charging process 15118 (TxStopPoint ${stop})`, () =>
      withStation(csms, `CONF-E46-${ends ? 'END' : 'UPD'}`, [...PNC, `TxCtrlr/TxStopPoint=${stop}`], async (cs) => {
        const mo = await contractPki('NLTSTC000000046');
        await v2gCertificatesInstalled(cs, mo);
        // Reusable States EVConnectedPreSession, Authorized15118, EnergyTransferStarted.
        await evConnected15118(cs, mo);
        await contractAuthorize(cs, mo);
        await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
        const started = await energyTransferStarted(cs);
        const transactionId = (started.transactionInfo as Json).transactionId;

        // Note: the Charging Station receives a SessionStopReq(Terminate) from the EV.
        await cs.station.post('/api/evses/1/session-stop');
        const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'StopAuthorized'); // step 1
        const info = t.transactionInfo as Json;
        assert.equal(info.transactionId, transactionId, 'step 1: TransactionEventRequest of the transaction');
        assert.equal(t.triggerReason, 'StopAuthorized', 'step 1: triggerReason StopAuthorized');
        assert.equal(info.chargingState, 'EVConnected', 'step 1: transactionInfo.chargingState EVConnected');
        if (ends) {
          assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended (TxStopPoint contains Authorized)');
          assert.equal(info.stoppedReason, 'StoppedByEV', 'step 1: transactionInfo.stoppedReason StoppedByEV');
        } else {
          assert.equal(
            t.eventType,
            'Updated',
            'step 1: eventType Updated (TxStopPoint without Authorized, PowerPathClosed, EnergyTransfer)',
          );
        }
        await unplug(cs);
        if (!ends) {
          const ended = await cs.link.next(
            'TransactionEvent',
            (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
          );
          assert.equal(
            (ended.transactionInfo as Json).stoppedReason,
            'StoppedByEV',
            'after step 2: the transaction ends with the cable, StoppedByEV',
          );
        }
      }));
  }
});
