// Part 6 TC_F_04_CS on its own station: its configuration state (TxStartPoint Authorized, a short
// EVConnectionTimeOut) is given on the command line.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorizedRemote, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 F – Remote start, cable plugin timeout', () => {
  it('TC_F_04_CS – Remote start transaction - Remote start first - Cable plugin timeout', async () => {
    const cs = await booted(csms, { id: 'CONF-F04', set: ['TxCtrlr/TxStartPoint=Authorized', 'TxCtrlr/EVConnectionTimeOut=2'] });
    try {
      const started = await authorizedRemote(cs, 'F04TOKEN', 4);
      const transactionId = (started.transactionInfo as Json).transactionId;
      const t = await cs.link.next(
        'TransactionEvent',
        (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
      );
      assert.equal(t.triggerReason, 'EVConnectTimeout', 'step 1: TransactionEventRequest triggerReason EVConnectTimeout');
      assert.equal(t.eventType, 'Ended', 'step 1: eventType Ended');
      const again = await authorizedRemote(cs, 'F04TOKEN', 5);
      assert.notEqual((again.transactionInfo as Json).transactionId, transactionId, 'step 3: a new session starts on the EVSE');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
