// Part 6 block J (meter values), a case the station fails today (see FINDINGS.md). Not part of
// npm test: node --test dist/test/conformance/failing/j-meter-values.case.js
//
// TC_J_08_CS needs a transaction that starts before the EVSE to be used is known. With one EVSE
// (the declared hardware, HFS-8 = 1) the station knows at once which EVSE a card is for and puts
// evse in the Started event, so the case runs on a station with two EVSEs, the card presented at
// the station's reader (no EVSE chosen).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configuredMeasurands, hasMeasurands } from '../support/meter-values.js';
import { booted, energyTransferStarted } from '../support/states.js';
import { TestCsms } from '../support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

describe('Part 6 J – Meter values (failing)', () => {
  it('TC_J_08_CS – Sampled Meter Values - Context Transaction.Begin - EVSE not known', async () => {
    const cs = await booted(csms, { id: 'CONF-J08', evses: 2, set: ['TxCtrlr/TxStartPoint=Authorized'] });
    try {
      const measurands = await configuredMeasurands(cs, 'SampledDataCtrlr', 'TxStartedMeasurands');
      // EnergyTransferStarted, before it Reusable State Authorized: a card at the station's reader.
      await cs.station.post('/api/idtoken', { idToken: 'J08TOKEN', type: 'ISO14443' });
      const authorize = await cs.link.next('Authorize', (p) => (p.idToken as Json).idToken === 'J08TOKEN');
      assert.equal((authorize.idToken as Json).type, 'ISO14443', 'Authorized step 1: AuthorizeRequest idToken.type');
      // TxStartPoint Authorized: the transaction starts now, its EVSE not yet known (E01.FR.17).
      const started = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
      const transactionId = (started.transactionInfo as Json).transactionId;
      const ofTx = (): Json[] =>
        cs.link.received('TransactionEvent').filter((p) => (p.transactionInfo as Json).transactionId === transactionId);
      const beforePlug = ofTx().length;
      await energyTransferStarted(cs, { plug: true }); // part 1: EVConnectedPreSession
      const events = ofTx();
      const first = events.findIndex((p) => p.evse !== undefined);
      assert.ok(first >= 0, 'post scenario: a TransactionEventRequest of the transaction contains evse');
      assert.ok(
        first >= beforePlug,
        'post scenario: the first TransactionEventRequest containing evse is sent during EVConnectedPreSession',
      );
      const values = (events[first]!.meterValue as Json[] | undefined) ?? [];
      assert.ok(values.length > 0, 'post scenario: the first TransactionEventRequest containing evse contains meterValue');
      for (const [i, value] of values.entries()) {
        assert.equal(
          (value.sampledValue as Json[])[0]!.context,
          'Transaction.Begin',
          `post scenario: meterValue[${i}].sampledValue[0].context Transaction.Begin`,
        );
        hasMeasurands(value, measurands, `post scenario: meterValue[${i}]`);
      }
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
