// I. The local CSMS's tariff: personalMessage, totalCost in TransactionEvent answers, CostUpdated.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawStation } from '../../test/support/raw-station.js';
import { minimalRequests } from '../../test/support/station-requests.js';
import type { TransactionEventRequest } from '../generated/ocpp201/index.js';
import { startLocalCsms } from './local-csms.js';

const TARIFF = { text: '0.40/kWh', pricePerKWh: 0.4 };

function event(eventType: TransactionEventRequest['eventType'], seqNo: number, wh: number): TransactionEventRequest {
  return {
    eventType,
    timestamp: '2026-12-02T10:00:00.000Z',
    triggerReason: eventType === 'Updated' ? 'MeterValuePeriodic' : 'Authorized',
    seqNo,
    transactionInfo: { transactionId: 'T1' },
    meterValue: [{ timestamp: '2026-12-02T10:00:00.000Z', sampledValue: [{ value: wh }] }],
    ...(eventType === 'Started' ? { idToken: { idToken: 'ADA', type: 'ISO14443' } } : {}),
  };
}

describe('I. the local CSMS with a tariff', () => {
  it('I01.FR.01 / I02.FR.01 / I03.FR.02 – tariff text for an accepted token, the cost in TransactionEvent answers and in CostUpdated', async () => {
    const csms = await startLocalCsms({ tariff: TARIFF, costUpdatedIntervalMs: 50 });
    const station = await RawStation.connect(`${csms.url}/CS1`);
    let costUpdated: (payload: unknown) => void = () => undefined;
    const firstCost = new Promise((resolve) => (costUpdated = resolve));
    station.answerCalls((action, payload) => {
      // A CostUpdated of 0 may come first, between Started and Updated.
      if (action === 'CostUpdated' && (payload as { totalCost: number }).totalCost > 0) costUpdated(payload);
      return {};
    });
    await station.call('BootNotification', minimalRequests.BootNotification);
    const authorized = await station.call('Authorize', { idToken: { idToken: 'ADA', type: 'ISO14443' } });
    assert.deepEqual(authorized[2], { idTokenInfo: { status: 'Accepted', personalMessage: { format: 'UTF8', content: '0.40/kWh' } } });
    await station.call('TransactionEvent', event('Started', 0, 1000));
    const updated = await station.call('TransactionEvent', event('Updated', 1, 3500));
    assert.deepEqual(updated[2], { totalCost: 1 });
    assert.deepEqual(await firstCost, { totalCost: 1, transactionId: 'T1' });
    const ended = await station.call('TransactionEvent', event('Ended', 2, 6000));
    assert.deepEqual(ended[2], { totalCost: 2 });
    await station.close();
    await csms.close();
  });

  it('without a tariff: no personalMessage and no totalCost', async () => {
    const csms = await startLocalCsms();
    const station = await RawStation.connect(`${csms.url}/CS1`);
    await station.call('BootNotification', minimalRequests.BootNotification);
    assert.deepEqual((await station.call('TransactionEvent', event('Started', 0, 0)))[2], { idTokenInfo: { status: 'Accepted' } });
    assert.deepEqual((await station.call('TransactionEvent', event('Updated', 1, 900)))[2], {});
    await station.close();
    await csms.close();
  });

  it('I03.FR.02/04 – the final cost of an Ended event replayed after the link was down counts from the start; a transaction first seen at its end gets no totalCost', async () => {
    const csms = await startLocalCsms({ tariff: TARIFF });
    let station = await RawStation.connect(`${csms.url}/CS1`);
    await station.call('BootNotification', minimalRequests.BootNotification);
    await station.call('TransactionEvent', event('Started', 0, 1000));
    await station.close();
    station = await RawStation.connect(`${csms.url}/CS1`);
    await station.call('BootNotification', minimalRequests.BootNotification);
    assert.deepEqual((await station.call('TransactionEvent', { ...event('Ended', 1, 6000), offline: true }))[2], { totalCost: 2 });
    const unseen = { ...event('Ended', 0, 9000), transactionInfo: { transactionId: 'T2' } };
    assert.deepEqual((await station.call('TransactionEvent', unseen))[2], {}, 'not 0.00: that would say the transaction was free');
    await station.close();
    await csms.close();
  });
});
