// CustomerInformation over the real Authorization Cache (SQLite in memory) and a fake Local
// Authorization List; the NotifyCustomerInformation the station queues is captured.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerInformationRequest, IdTokenType, NotifyCustomerInformationRequest } from '../../generated/ocpp201/index.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { Authorization } from '../authorization/index.js';
import { CustomerInformation } from './customer-information.js';

const token: IdTokenType = { idToken: 'CUSTOMER1', type: 'ISO14443' };

function harness(listed = false, queued: { action: string; payload: unknown }[] = []) {
  const { ctx, db } = makeBlockContext({ id: 'N-UNIT', call: async () => ({}) });
  const notified: NotifyCustomerInformationRequest[] = [];
  Object.assign(ctx, {
    queue: (action: string, payload: NotifyCustomerInformationRequest) => {
      assert.equal(action, 'NotifyCustomerInformation');
      notified.push(payload);
    },
    queued: () => queued,
  });
  const authorization = new Authorization(ctx, { db });
  const localList = { lookup: (t: IdTokenType) => (listed && t.idToken === token.idToken ? { status: 'Accepted' as const } : undefined) };
  const customers = new CustomerInformation(ctx, { cache: authorization.cache, localList });
  const ask = (request: Omit<CustomerInformationRequest, 'requestId'>) => {
    const full = { requestId: 7, ...request };
    const response = customers.handle(full);
    customers.after(full, response);
    return response;
  };
  return { authorization, notified, ask, customers };
}

describe('N09/N10 customer information', () => {
  it('N09.FR.09 – none or more than one customer reference is Invalid', () => {
    const { ask, notified } = harness();
    assert.equal(ask({ report: true, clear: false }).status, 'Invalid');
    assert.equal(ask({ report: true, clear: false, idToken: token, customerIdentifier: 'x' }).status, 'Invalid');
    assert.deepEqual(notified, []);
  });

  it('N09.FR.07 – neither report nor clear is Rejected', () => {
    const { ask, notified } = harness();
    assert.equal(ask({ report: false, clear: false, idToken: token }).status, 'Rejected');
    assert.deepEqual(notified, []);
  });

  it('N09.FR.05/06 – the cache and list entries of the token are reported, or that there are none', () => {
    const { ask, notified, authorization } = harness(true);
    authorization.cache.put(token, { status: 'Accepted' });
    assert.equal(ask({ report: true, clear: false, idToken: token }).status, 'Accepted');
    assert.match(notified[0]!.data, /Authorization Cache: .*status Accepted; Local Authorization List: .*status Accepted/);
    assert.equal(notified[0]!.requestId, 7);
    assert.equal(notified[0]!.seqNo, 0);
    assert.notEqual(notified[0]!.tbc, true);
    ask({ report: true, clear: false, idToken: { idToken: 'OTHER', type: 'ISO14443' } });
    assert.equal(notified[1]!.data, 'No customer data found');
    assert.ok(authorization.cache.get(token), 'a report clears nothing');
  });

  it('N10.FR.03/06 – clear removes the cache entry but not the list entry; without report one message says so', () => {
    const { ask, notified, authorization } = harness(true);
    authorization.cache.put(token, { status: 'Accepted' });
    assert.equal(ask({ report: false, clear: true, idToken: token }).status, 'Accepted');
    assert.equal(notified.length, 1);
    assert.equal(notified[0]!.data, 'Customer data cleared');
    assert.equal(authorization.cache.get(token), undefined);
    ask({ report: true, clear: true, idToken: token });
    assert.match(notified[1]!.data, /^Local Authorization List: /, 'N10.FR.03: the list entry stays');
  });

  it('N09.FR.05 – messages for the CSMS not yet delivered that name the token are reported, and a clear keeps them', () => {
    const event = { eventType: 'Started', idToken: { idToken: token.idToken.toLowerCase(), type: token.type } };
    const { ask, notified } = harness(false, [
      { action: 'TransactionEvent', payload: event },
      { action: 'TransactionEvent', payload: { eventType: 'Updated', idToken: { idToken: token.idToken, type: 'Central' } } },
    ]);
    ask({ report: true, clear: true, idToken: token });
    assert.match(notified[0]!.data, /^1 message\(s\) for the CSMS not yet delivered \(TransactionEvent\) \(kept until delivered\)$/);
    assert.ok(!notified[0]!.data.includes(token.idToken), 'the report does not repeat the token');
  });

  it('N09.FR.05/N10.FR.03 – the sources other blocks add: each reported; cleared where it can be, kept where not', () => {
    const { ask, notified, customers } = harness();
    const cleared: string[] = [];
    customers.add({ describe: () => ['Reservation 3 until tomorrow'], clear: (t) => cleared.push(t.idToken) });
    customers.add({ describe: () => ['Transaction T1 on EVSE 1 (kept until it ends)'] });
    ask({ report: true, clear: false, idToken: token });
    assert.equal(notified[0]!.data, 'Reservation 3 until tomorrow; Transaction T1 on EVSE 1 (kept until it ends)');
    assert.deepEqual(cleared, [], 'a report clears nothing');
    ask({ report: false, clear: true, idToken: token });
    assert.deepEqual(cleared, [token.idToken]);
  });

  it('N09.FR.05 – more than one NotifyCustomerInformation part when the data is longer than 512 characters: seqNo, tbc on all but the last', () => {
    const { ask, notified, customers } = harness();
    const lines = Array.from({ length: 12 }, (_, i) => `Line ${i} `.padEnd(100, 'x'));
    customers.add({ describe: () => lines });
    ask({ report: true, clear: false, idToken: token });
    assert.ok(notified.length > 1);
    notified.forEach((n, i) => {
      assert.equal(n.seqNo, i);
      assert.equal(n.tbc, i < notified.length - 1 ? true : undefined);
      assert.ok(n.data.length <= 512, `part ${i}: ${n.data.length} characters`);
    });
    assert.deepEqual(
      notified.flatMap((n) => n.data.split('; ')),
      lines,
    );
  });
});
