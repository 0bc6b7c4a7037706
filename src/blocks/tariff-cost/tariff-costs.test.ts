// I. TariffAndCost over the real device model (in memory) and station events, on a fake clock;
// the transactions are faked: a map of the running ones.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeClock } from '../../clock/fake-clock.js';
import type { OutboxEntry } from '../../delivery/outbox.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { TransactionEventRequest, TransactionEventResponse } from '../../generated/ocpp201/index.js';
import type { StationEvents } from '../../kernel/events.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { SHOW_MS, TariffCosts } from './tariff-costs.js';

const TOKEN = { idToken: 'ADA', type: 'ISO14443' } as const;

interface Harness {
  costs: TariffCosts;
  dm: DeviceModel;
  clock: FakeClock;
  events: StationEvents;
  link: { up: boolean };
  /** Starts a transaction on the EVSE (authorized: the driver's token is on it). */
  start(evseId: number, transactionId: string, authorized?: boolean): void;
  end(evseId: number): void;
  answer(eventType: TransactionEventRequest['eventType'], transactionId: string, response: TransactionEventResponse): void;
  authorized(content: string, evseId?: number): void;
}

function harness(evses = 1): Harness {
  const link = { up: true };
  const { ctx, dm, clock, events } = makeBlockContext({ id: 'CS-I', evses, online: () => link.up, call: async () => ({}) });
  const running = new Map<number, { transactionId: string; authorized: boolean }>();
  const costs = new TariffCosts(ctx, {
    evseOf: (id) => [...running.entries()].find(([, t]) => t.transactionId === id)?.[0],
    view: (evseId) => {
      const tx = running.get(evseId);
      return tx ? ({ evseId, transactionId: tx.transactionId, authorized: tx.authorized } as never) : null;
    },
  });
  let seq = 0;
  return {
    costs,
    dm,
    clock,
    events,
    link,
    start(evseId, transactionId, authorized = true) {
      running.set(evseId, { transactionId, authorized });
      events.emit('evseTransaction', { evseId, active: true });
    },
    end(evseId) {
      running.delete(evseId);
      events.emit('evseTransaction', { evseId, active: false });
    },
    answer(eventType, transactionId, response) {
      const payload = { eventType, transactionInfo: { transactionId } } as TransactionEventRequest;
      const entry = { seq: ++seq, messageId: String(seq), action: 'TransactionEvent', payload } as OutboxEntry;
      events.emit('delivered', { entry, response });
    },
    authorized(content, evseId) {
      events.emit('personalMessage', { idToken: TOKEN, message: { format: 'UTF8', content }, ...(evseId ? { evseId } : {}) });
    },
  };
}

describe('I. TariffAndCost', () => {
  it('nothing on the display without an authorization or a transaction', () => {
    assert.equal(harness().costs.cost(1), null);
  });

  it('I01.FR.03 – the AuthorizeResponse personalMessage is the tariff text, in TariffCostCtrlr.Currency', () => {
    const h = harness();
    h.dm.set(DM.TariffCostCtrlr.Currency, 'SEK');
    h.authorized('0.30/kWh', 1);
    assert.deepEqual(h.costs.cost(1), { currency: 'SEK', total: null, final: false, tariffText: '0.30/kWh' });
    h.start(1, 'T1');
    assert.equal(h.costs.cost(1)?.tariffText, '0.30/kWh', 'kept once the transaction starts');
  });

  it('I01 – the idTokenInfo.personalMessage of a TransactionEventResponse is the tariff text too', () => {
    const h = harness();
    h.start(1, 'T1');
    h.answer('Started', 'T1', { idTokenInfo: { status: 'Accepted', personalMessage: { format: 'ASCII', content: '0.25/kWh' } } });
    assert.equal(h.costs.cost(1)?.tariffText, '0.25/kWh');
  });

  it('I02.FR.02/03 – CostUpdated sets the running total of its transaction; another transaction is not shown', () => {
    const h = harness(2);
    h.start(1, 'T1');
    h.costs.costUpdated({ totalCost: 1.25, transactionId: 'T1' });
    h.costs.costUpdated({ totalCost: 9, transactionId: 'OTHER' });
    assert.equal(h.costs.cost(1)?.total, 1.25);
    assert.equal(h.costs.cost(2), null);
  });

  it('I02.FR.04 / I06.FR.03 – totalCost and updatedPersonalMessage of an Updated answer are shown', () => {
    const h = harness();
    h.authorized('0.30/kWh', 1);
    h.start(1, 'T1');
    h.answer('Updated', 'T1', { totalCost: 2.5, updatedPersonalMessage: { format: 'UTF8', content: 'now 0.32/kWh' } });
    assert.deepEqual(h.costs.cost(1), { currency: 'EUR', total: 2.5, final: false, tariffText: 'now 0.32/kWh' });
  });

  it('I03.FR.03 – the final totalCost of the Ended answer stays on the display, then lapses', () => {
    const h = harness();
    h.start(1, 'T1');
    h.costs.costUpdated({ totalCost: 3, transactionId: 'T1' });
    h.end(1);
    assert.equal(h.costs.cost(1)?.final, false, 'the running cost until the Ended event is answered');
    h.answer('Ended', 'T1', { totalCost: 3.4 });
    assert.equal(h.costs.cost(1)?.total, 3.4);
    assert.equal(h.costs.cost(1)?.final, true);
    h.clock.advance(SHOW_MS);
    assert.equal(h.costs.cost(1), null);
  });

  it('I03.FR.04 – totalCost 0.00 is a free transaction, shown as 0', () => {
    const h = harness();
    h.start(1, 'T1');
    h.end(1);
    h.answer('Ended', 'T1', { totalCost: 0 });
    assert.equal(h.costs.cost(1)?.total, 0);
  });

  it('I04.FR.01 – authorized without a driver-specific tariff: TariffFallbackMessage', () => {
    const h = harness();
    h.dm.set(DM.TariffCostCtrlr.TariffFallbackMessage, 'Standard 0.35/kWh');
    h.start(1, 'T1', false);
    assert.equal(h.costs.cost(1), null, 'not before the driver is authorized');
    h.start(1, 'T1', true);
    assert.equal(h.costs.cost(1)?.tariffText, 'Standard 0.35/kWh');
  });

  it('I05.FR.02 / I03 remarks – ended offline: TotalCostFallbackMessage, and a cost answered later is not shown', () => {
    const h = harness();
    h.dm.set(DM.TariffCostCtrlr.TotalCostFallbackMessage, 'Your invoice follows.');
    h.start(1, 'T1');
    h.costs.costUpdated({ totalCost: 1, transactionId: 'T1' });
    h.link.up = false;
    h.end(1);
    assert.deepEqual(h.costs.cost(1), { currency: 'EUR', total: null, final: false, tariffText: 'Your invoice follows.' });
    h.link.up = true;
    h.answer('Ended', 'T1', { totalCost: 4 });
    assert.equal(h.costs.cost(1)?.total, null);
  });

  it('TariffCostCtrlr.Enabled – Tariff and Cost instances switch the tariff text and the total off', () => {
    const h = harness();
    h.authorized('0.30/kWh', 1);
    h.start(1, 'T1');
    h.costs.costUpdated({ totalCost: 2, transactionId: 'T1' });
    h.dm.set(DM.TariffCostCtrlr.Enabled.Tariff, 'false');
    assert.deepEqual(h.costs.cost(1), { currency: 'EUR', total: 2, final: false, tariffText: null });
    h.dm.set(DM.TariffCostCtrlr.Enabled.Cost, 'false');
    assert.equal(h.costs.cost(1), null);
  });

  it('a new transaction on the EVSE starts from a clean display', () => {
    const h = harness();
    h.start(1, 'T1');
    h.costs.costUpdated({ totalCost: 5, transactionId: 'T1' });
    h.end(1);
    h.start(1, 'T2', false);
    assert.equal(h.costs.cost(1), null);
  });

  it('an authorization that starts nothing lapses after SHOW_MS', () => {
    const h = harness();
    h.authorized('0.30/kWh');
    assert.equal(h.costs.cost(1)?.tariffText, '0.30/kWh', 'a single EVSE: the token is for it');
    h.clock.advance(SHOW_MS);
    assert.equal(h.costs.cost(1), null);
  });
});
