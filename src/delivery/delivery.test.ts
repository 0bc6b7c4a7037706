import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock/fake-clock.js';
import { silentLogger } from '../log/logger.js';
import { LocalCallError, OcppError } from '../rpc/errors.js';
import { openDatabase } from '../store/database.js';
import { StationScope } from '../store/scope.js';
import { Delivery } from './delivery.js';
import { Outbox, type OutboxEntry } from './outbox.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(answers: ((entry: OutboxEntry) => unknown)[]) {
  const clock = new FakeClock();
  const outbox = new Outbox(new StationScope(openDatabase(':memory:')));
  const sent: OutboxEntry[] = [];
  const delivered: OutboxEntry[] = [];
  const discarded: OutboxEntry[] = [];
  let online = true;
  const delivery = new Delivery({
    outbox,
    clock,
    log: silentLogger,
    canSend: () => online,
    attempts: () => 3,
    attemptIntervalS: () => 60,
    send: async (entry) => {
      sent.push(entry);
      const answer = answers.shift() ?? (() => ({}));
      return answer(entry);
    },
    onDelivered: (entry) => delivered.push(entry),
    onDiscarded: (entry) => discarded.push(entry),
  });
  return { clock, outbox, sent, delivered, discarded, delivery, setOnline: (v: boolean) => (online = v) };
}

const callError = () => {
  throw new OcppError('InternalError', 'try later');
};
const offline = () => {
  throw new LocalCallError('OCPP_ERR_CLOSED', 'link closed');
};

describe('E13 transaction-related message not accepted by CSMS', () => {
  it('sends queued messages in order, each once, with its own fixed messageId', async () => {
    const t = setup([]);
    const ids = [0, 1, 2].map((n) => t.outbox.add('TransactionEvent', { seqNo: n }, { kind: 'transaction' }).messageId);
    t.delivery.kick();
    await flush();
    assert.deepEqual(
      t.sent.map((e) => e.messageId),
      ids,
    );
    assert.equal(t.outbox.size, 0);
    assert.equal(t.delivered.length, 3);
  });

  it('E13.FR.02/E13.FR.03 – resends after n × MessageAttemptInterval, with the same messageId', async () => {
    const t = setup([callError, callError]);
    const { messageId } = t.outbox.add('TransactionEvent', { seqNo: 0 }, { kind: 'transaction' });
    t.delivery.kick();
    await flush();
    assert.equal(t.sent.length, 1);
    t.clock.advance(59_999);
    await flush();
    assert.equal(t.sent.length, 1, 'not before 60 s');
    t.clock.advance(1);
    await flush();
    assert.equal(t.sent.length, 2);
    t.clock.advance(119_999);
    await flush();
    assert.equal(t.sent.length, 2, 'second wait is 120 s');
    t.clock.advance(1);
    await flush();
    assert.equal(t.sent.length, 3);
    assert.deepEqual(new Set(t.sent.map((e) => e.messageId)), new Set([messageId]));
    assert.equal(t.delivered.length, 1);
  });

  it('E13.FR.04 – after MessageAttempts failures the message is discarded and the next one goes', async () => {
    const t = setup([callError, callError, callError]);
    t.outbox.add('TransactionEvent', { seqNo: 0 }, { kind: 'transaction' });
    t.outbox.add('TransactionEvent', { seqNo: 1 }, { kind: 'transaction' });
    t.delivery.kick();
    await flush();
    t.clock.advance(60_000);
    await flush();
    t.clock.advance(120_000);
    await flush();
    await flush();
    assert.equal(t.discarded.length, 1);
    assert.deepEqual(
      t.delivered.map((e) => e.payload),
      [{ seqNo: 1 }],
    );
    assert.equal(t.outbox.size, 0);
  });

  it('losing the link is not a failed attempt: the message waits for the next connection', async () => {
    const t = setup([offline]);
    t.outbox.add('TransactionEvent', { seqNo: 0 }, { kind: 'transaction' });
    t.delivery.kick();
    await flush();
    assert.equal(t.outbox.head()?.attempts, 0);
    assert.equal(t.clock.pending, 0, 'no retry timer: the reconnect kicks it');
    t.delivery.kick();
    await flush();
    assert.equal(t.delivered.length, 1);
  });

  it('B01.FR.08 – nothing is sent while the station may not send', async () => {
    const t = setup([]);
    t.setOnline(false);
    t.outbox.add('TransactionEvent', { seqNo: 0 }, { kind: 'transaction' });
    t.delivery.kick();
    await flush();
    assert.equal(t.sent.length, 0);
    t.setOnline(true);
    t.delivery.kick();
    await flush();
    assert.equal(t.sent.length, 1);
  });
});
