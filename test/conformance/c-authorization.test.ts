// Part 6 block C (authorization), charging-station cases picked by the vendor declaration
// (C-30 ISO 14443 cards, no cable lock before authorization), in Part 6 order, on one station.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const STATUS: Record<string, string> = { C02INVALID: 'Invalid', C56UNKNOWN: 'Unknown' };

before(async () => {
  await csms.listen();
  csms
    .link('CONF-C')
    .answers.set('Authorize', (p) => ({ idTokenInfo: { status: STATUS[String((p.idToken as Json).idToken)] ?? 'Accepted' } }));
  cs = await booted(csms, { id: 'CONF-C', set: ['AuthCacheCtrlr/Enabled=false'] });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

async function unplug(): Promise<void> {
  await cs.station.post('/api/evses/1/unplug');
  await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
}

describe('Part 6 C – Authorization', () => {
  for (const [id, title, token] of [
    ['TC_C_02_CS', 'Local start transaction - Authorization Invalid/Unknown', 'C02INVALID'],
    ['TC_C_56_CS', 'Local start transaction - Authorization Unknown', 'C56UNKNOWN'],
  ] as const) {
    it(`${id} – ${title}`, async () => {
      await evConnectedPreSession(cs, 1);
      const events = cs.link.received('TransactionEvent').length;
      const a = await authorized(cs, token);
      assert.equal((a.idToken as Json).idToken, token, 'step 1: AuthorizeRequest idToken.idToken');
      await quiescent(cs);
      assert.equal(
        cs.link.received('TransactionEvent').length,
        events,
        `step 2: no TransactionEventRequest after an ${STATUS[token]} AuthorizeResponse`,
      );
      await unplug();
    });
  }

  it('TC_C_04_CS – Local Stop Transaction - Different idToken', async () => {
    await evConnectedPreSession(cs, 1);
    await authorized(cs, 'C04START');
    const started = await energyTransferStarted(cs);
    const transactionId = (started.transactionInfo as Json).transactionId;
    await authorized(cs, 'C04OTHER');
    await quiescent(cs);
    const later = cs.link.received('TransactionEvent').filter((p) => (p.transactionInfo as Json).transactionId === transactionId);
    assert.ok(
      later.every((p) => (p.idToken as Json | undefined)?.idToken !== 'C04OTHER'),
      'step 2: no TransactionEventRequest with the different idToken',
    );
    assert.ok(
      later.every((p) => p.eventType !== 'Ended'),
      'post scenario: no TransactionEventRequest Ended',
    );
    await unplug();
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
