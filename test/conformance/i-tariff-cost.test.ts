// Part 6 block I (Tariff and Cost), the charging-station cases of the Advanced User Interface
// profile, in Part 6 order, on one station. What the station shows the driver is read from the
// control API (GET /api/state, each EVSE's `cost`).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
import { stopAuthorizedLocal, txOf } from './support/stop-authorized.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
interface Cost {
  currency: string;
  total: number | null;
  tariffText: string | null;
}

const csms = new TestCsms();
let cs: Booted;
/** <Configured Cost>: the tariff text the tool gives the token. */
const TARIFF = '0.25 EUR/kWh, 1.00 EUR per session';

before(async () => {
  await csms.listen();
  csms.link('CONF-I').answers.set('Authorize', () => ({
    idTokenInfo: { status: 'Accepted', personalMessage: { format: 'UTF8', content: TARIFF } },
  }));
  cs = await booted(csms, { id: 'CONF-I', set: ['TariffCostCtrlr/Currency=EUR'] });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** What the station's display shows of tariff and cost for EVSE 1. */
async function shown(): Promise<Cost | null> {
  await quiescent(cs); // the answers sent so far are taken in
  const state = await cs.station.get<{ evses: { cost: Cost | null }[] }>('/api/state');
  return state.evses[0]!.cost;
}

/** The TransactionEventResponse the tool gives from now on: idTokenInfo for a token, and `extra`. */
function answerTransactionEvents(extra: (p: Json) => Json): void {
  cs.link.answers.set('TransactionEvent', (p) => ({ ...(p.idToken ? { idTokenInfo: { status: 'Accepted' } } : {}), ...extra(p) }));
}

/** TC_I_01/TC_I_07 steps 1-5: the driver presents a card at a plugged-in EV; the tariff is shown; energy flows. */
async function authorizedCharging(token: string): Promise<string> {
  await evConnectedPreSession(cs, 1);
  const a = await authorized(cs, token);
  assert.equal((a.idToken as Json).idToken, token, 'step 1: AuthorizeRequest idToken.idToken');
  const t = await cs.link.next(
    'TransactionEvent',
    (p) => p.triggerReason === 'Authorized' && (p.idToken as Json | undefined)?.idToken === token,
  );
  assert.equal((t.idToken as Json | undefined)?.idToken, token, 'step 3: TransactionEventRequest idToken.idToken');
  assert.equal((t.idToken as Json).type, 'ISO14443', 'step 3: TransactionEventRequest idToken.type');
  assert.match(String(t.eventType), /^(Started|Updated)$/, 'step 3: eventType Started, or Updated when already started');
  const cost = await shown();
  assert.equal(cost?.tariffText, TARIFF, 'step 2 (I01.FR.03): the station shows the personalMessage <Configured Cost>');
  await energyTransferStarted(cs);
  return txOf(t);
}

/** Step 6: a TransactionEventRequest of the transaction (asked for with TriggerMessage, F06). */
async function transactionEvent(transactionId: string): Promise<Json> {
  const since = cs.link.received('TransactionEvent').length;
  await cs.link.call('TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } });
  const t = await cs.link.next(
    'TransactionEvent',
    (p) => p.triggerReason === 'Trigger' && cs.link.received('TransactionEvent').length > since,
  );
  assert.equal(txOf(t), transactionId, 'step 6: TransactionEventRequest of the ongoing transaction');
  return t;
}

/** Ends the transaction by unplugging (TxStopPoint EVConnected) and waits for the connector to be Available. */
async function unplug(): Promise<Json> {
  await cs.station.post('/api/evses/1/unplug');
  const ended = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Ended');
  await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
  return ended;
}

describe('Part 6 I – Tariff and Cost', () => {
  it('TC_I_01_CS – Show EV Driver running total cost during charging - costUpdatedRequest', async () => {
    answerTransactionEvents(() => ({}));
    const transactionId = await authorizedCharging('I01TOKEN');
    for (const [n, cost2] of [
      [1, 1.37],
      [2, 2.84],
    ] as const) {
      const update = `${TARIFF}; now ${n === 1 ? '0.28' : '0.32'} EUR/kWh`;
      answerTransactionEvents(() => ({ updatedPersonalMessage: { format: 'UTF8', content: update } }));
      await transactionEvent(transactionId);
      const answer = await cs.link.call('CostUpdated', { totalCost: cost2, transactionId });
      assert.deepEqual(answer, {}, `step 9 (round ${n}): CostUpdatedResponse`);
      const cost = await shown();
      assert.equal(cost?.total, cost2, `step 8 (round ${n}, I02.FR.03): the station shows totalCost <Configured Cost2>`);
      assert.equal(cost?.currency, 'EUR', `step 8 (round ${n}): in TariffCostCtrlr.Currency`);
      assert.equal(cost?.tariffText, update, `step 7 (round ${n}, I06.FR.03): the station shows updatedPersonalMessage`);
    }
    answerTransactionEvents(() => ({}));
    await unplug();
  });

  it('TC_I_02_CS – Show EV Driver Final Total Cost After Charging', async () => {
    const FINAL = 4.2;
    answerTransactionEvents((p) => (p.eventType === 'Ended' ? { totalCost: FINAL } : {}));
    await evConnectedPreSession(cs, 1);
    await authorized(cs, 'I02TOKEN');
    const started = await energyTransferStarted(cs);
    // Step 1: StopAuthorized; TxStopPoint EVConnected,Authorized ends the transaction on it.
    const ended = await stopAuthorizedLocal(cs, 'I02TOKEN', txOf(started), { ends: true, where: 'step 1' });
    assert.equal(ended.eventType, 'Ended', 'step 1: TransactionEventRequest eventType Ended');
    assert.equal((await shown())?.total, FINAL, 'step 1 (I03.FR.03): the station shows the totalCost <Generated Cost>');
    // Steps 2-4: EVConnectedPostSession, EVDisconnected; no further Ended event (it came in step 1).
    await cs.station.post('/api/evses/1/unplug');
    await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
    const cost = await shown();
    assert.equal(cost?.total, FINAL, 'step 3 (I03.FR.03): the total cost is still shown once the EV is disconnected');
    assert.equal(cost?.currency, 'EUR', 'step 3: in TariffCostCtrlr.Currency');
    answerTransactionEvents(() => ({}));
  });

  it('TC_I_07_CS – Show EV Driver running total cost during charging - transactionResponse', async () => {
    answerTransactionEvents(() => ({}));
    const transactionId = await authorizedCharging('I07TOKEN');
    for (const [n, cost2] of [
      [1, 0.91],
      [2, 1.77],
    ] as const) {
      const update = `${TARIFF}; round ${n}`;
      // Steps 7-8 (read as one answer: Part 6 has the OCTT "send" the totalCost in a TransactionEventRequest).
      answerTransactionEvents(() => ({ totalCost: cost2, updatedPersonalMessage: { format: 'UTF8', content: update } }));
      await transactionEvent(transactionId);
      const cost = await shown();
      assert.equal(cost?.total, cost2, `step 8 (round ${n}, I02.FR.04): the station shows totalCost <Configured Cost2>`);
      assert.equal(cost?.tariffText, update, `step 7 (round ${n}, I06.FR.03): the station shows updatedPersonalMessage`);
    }
    answerTransactionEvents(() => ({}));
    await unplug();
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
