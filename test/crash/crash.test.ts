// E: kill -9 at random instants loses and duplicates no TransactionEvent (short run; the long one
// is `npm run crash-test`).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashRun } from './crash-run.js';

describe('E01-E13 durable transactions under kill -9', () => {
  it('E02.FR.07/E04.FR.02/E13 – 10 kills with the CSMS cut now and then: nothing lost, nothing duplicated, seqNo consecutive, meter monotonic', async () => {
    const report = await crashRun(10, 20260101);
    console.log(
      `crash test: kill points tried ${report.killPoints} (${report.inFlight} with a TransactionEvent in flight), transactions ${report.transactions}, events ${report.events}, resends ${report.resends}`,
    );
    assert.deepEqual(report.problems, []);
    assert.equal(report.killPoints, 10);
    assert.ok(report.inFlight > 0, 'some kills landed with a TransactionEvent in flight');
    assert.ok(report.transactions > 0, 'transactions happened');
  });
});
