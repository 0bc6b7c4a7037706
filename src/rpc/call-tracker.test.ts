// CallTracker on a FakeClock: one outstanding CALL, FIFO queue, timeouts, late answers, abort.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/fake-clock.js';
import { CallTracker, type OutgoingCall } from './call-tracker.js';
import { LocalCallError } from './errors.js';

type Outcome = { ok: true; payload: Record<string, unknown> } | { ok: false; error: Error };

function setup(maxWaiting = 10) {
  const clock = new FakeClock();
  const sent: string[] = [];
  const tracker = new CallTracker(clock, maxWaiting, (text) => sent.push(text));
  const outcomes = new Map<string, Outcome>();
  const call = (messageId: string, extra: Partial<OutgoingCall> = {}): OutgoingCall => {
    const c: OutgoingCall = {
      messageId,
      action: 'Heartbeat',
      text: `[2,"${messageId}","Heartbeat",{}]`,
      timeoutMs: 30_000,
      resolve: (payload) => outcomes.set(messageId, { ok: true, payload }),
      reject: (error) => outcomes.set(messageId, { ok: false, error }),
      ...extra,
    };
    tracker.enqueue(c);
    return c;
  };
  return { clock, sent, tracker, outcomes, call };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function localCode(outcome: Outcome | undefined): string | undefined {
  if (!outcome || outcome.ok) return undefined;
  assert.ok(outcome.error instanceof LocalCallError, String(outcome.error));
  return outcome.error.code;
}

describe('Part 4 §4.1.1 Synchronicity', () => {
  it('Part 4 §4.1.1: a second CALL is not sent until the first is answered', async () => {
    const { sent, tracker, outcomes, call } = setup();
    call('a');
    call('b');
    assert.deepEqual(sent, ['[2,"a","Heartbeat",{}]']);
    assert.equal(tracker.outstanding?.messageId, 'a');
    assert.equal(tracker.queued, 1);

    tracker.settle('a')?.resolve({ currentTime: 'x' });
    assert.deepEqual(outcomes.get('a'), { ok: true, payload: { currentTime: 'x' } });
    await flush();
    assert.deepEqual(sent, ['[2,"a","Heartbeat",{}]', '[2,"b","Heartbeat",{}]']);
    assert.equal(tracker.outstanding?.messageId, 'b');
    assert.equal(tracker.queued, 0);
  });

  it('Part 4 §4.1.1: waiting calls go out in FIFO order, one at a time', async () => {
    const { sent, tracker, call } = setup();
    for (const id of ['1', '2', '3', '4']) call(id);
    for (const id of ['1', '2', '3', '4']) {
      assert.equal(sent.length, Number(id));
      assert.equal(tracker.outstanding?.messageId, id);
      tracker.settle(id)?.resolve({});
      await flush();
    }
    assert.equal(tracker.outstanding, undefined);
  });

  it('Part 4 §4.1.1: settle() with an unknown id or the id of a waiting call takes nothing', () => {
    const { tracker, call } = setup();
    call('a');
    call('b');
    assert.equal(tracker.settle('zzz'), undefined);
    assert.equal(tracker.settle('b'), undefined, 'b was never sent');
    assert.equal(tracker.outstanding?.messageId, 'a');
  });

  it('Part 4 §4.1.1: a call answered with a CALLERROR also releases the next one', async () => {
    const { sent, tracker, outcomes, call } = setup();
    call('a');
    call('b');
    tracker.settle('a')?.reject(new Error('CALLERROR'));
    assert.equal(outcomes.get('a')?.ok, false);
    await flush();
    assert.equal(sent.length, 2);
  });
});

describe('Part 4 §4.1.1 timeouts', () => {
  it('Part 4 §4.1.1: an unanswered CALL times out after timeoutMs with OCPP_ERR_CALL_TIMEOUT', () => {
    const { clock, outcomes, call } = setup();
    call('a', { timeoutMs: 5000 });
    clock.advance(4999);
    assert.equal(outcomes.get('a'), undefined);
    clock.advance(1);
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_CALL_TIMEOUT');
  });

  it('Part 4 §4.1.1: after a timeout the next waiting CALL is sent at once, with its own timeout', () => {
    const { clock, sent, tracker, outcomes, call } = setup();
    call('a', { timeoutMs: 1000 });
    call('b', { timeoutMs: 3000 });
    clock.advance(1000);
    assert.equal(sent.length, 2);
    assert.equal(tracker.outstanding?.messageId, 'b');
    clock.advance(2999);
    assert.equal(outcomes.get('b'), undefined);
    clock.advance(1);
    assert.equal(localCode(outcomes.get('b')), 'OCPP_ERR_CALL_TIMEOUT');
  });

  it('Part 4 §4.1.1: the timeout of a waiting call runs from when it is sent, not queued', () => {
    const { clock, outcomes, tracker, call } = setup();
    call('a', { timeoutMs: 10_000 });
    call('b', { timeoutMs: 10_000 });
    clock.advance(9_000);
    tracker.settle('a')?.resolve({});
    clock.advance(0);
    return flush().then(() => {
      clock.advance(9_999);
      assert.equal(outcomes.get('b'), undefined);
      clock.advance(1);
      assert.equal(localCode(outcomes.get('b')), 'OCPP_ERR_CALL_TIMEOUT');
    });
  });

  it('Part 4 §4.1.1: a late answer after the timeout is ignored (settle returns undefined)', () => {
    const { clock, tracker, outcomes, call } = setup();
    call('a', { timeoutMs: 1000 });
    call('b', { timeoutMs: 1000 });
    clock.advance(1000);
    assert.equal(tracker.settle('a'), undefined, 'late answer to a');
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_CALL_TIMEOUT');
    assert.equal(tracker.outstanding?.messageId, 'b', 'b is still outstanding');
  });

  it('Part 4 §4.1.1: an answered CALL leaves no timer behind', () => {
    const { clock, tracker, outcomes, call } = setup();
    call('a', { timeoutMs: 1000 });
    tracker.settle('a')?.resolve({});
    assert.equal(clock.pending, 0);
    clock.advance(5000);
    assert.deepEqual(outcomes.get('a'), { ok: true, payload: {} });
  });
});

describe('bounded queue', () => {
  it('more than maxWaiting calls waiting → OCPP_ERR_QUEUE_FULL, nothing sent for it', () => {
    const { sent, tracker, outcomes, call } = setup(2);
    call('a'); // in flight
    call('b');
    call('c');
    assert.equal(tracker.queued, 2);
    call('d');
    assert.equal(localCode(outcomes.get('d')), 'OCPP_ERR_QUEUE_FULL');
    assert.equal(tracker.queued, 2);
    assert.equal(sent.length, 1);
  });

  it('a full queue accepts calls again once one has gone out', async () => {
    const { tracker, outcomes, call } = setup(1);
    call('a');
    call('b');
    call('c');
    assert.equal(localCode(outcomes.get('c')), 'OCPP_ERR_QUEUE_FULL');
    tracker.settle('a')?.resolve({});
    await flush();
    call('d');
    assert.equal(outcomes.get('d'), undefined);
    assert.equal(tracker.queued, 1);
  });
});

describe('abort signal', () => {
  it('aborting a waiting call removes it from the queue with OCPP_ERR_ABORTED; it is never sent', async () => {
    const { sent, tracker, outcomes, call } = setup();
    const controller = new AbortController();
    call('a');
    call('b', { signal: controller.signal });
    call('c');
    controller.abort();
    assert.equal(localCode(outcomes.get('b')), 'OCPP_ERR_ABORTED');
    assert.equal(tracker.queued, 1);
    tracker.settle('a')?.resolve({});
    await flush();
    assert.deepEqual(
      sent.map((t) => (JSON.parse(t) as unknown[])[1]),
      ['a', 'c'],
    );
  });

  it('Part 4 §4.1.1 – aborting the outstanding call rejects it at once, but the next CALL waits for its answer or timeout', async () => {
    const { clock, sent, tracker, outcomes, call } = setup();
    const controller = new AbortController();
    call('a', { signal: controller.signal, timeoutMs: 1000 });
    call('b', { timeoutMs: 60_000 });
    controller.abort();
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_ABORTED');
    await flush();
    assert.equal(sent.length, 1, 'b is not sent while a may still be answered');
    assert.equal(tracker.outstanding?.messageId, 'a');
    clock.advance(1000);
    await flush();
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_ABORTED', 'the timeout does not change the outcome');
    assert.equal(tracker.outstanding?.messageId, 'b');
    assert.equal(sent.length, 2);
    assert.equal(tracker.settle('a'), undefined, 'a late answer to the aborted call is ignored');
  });

  it('an answer to the aborted outstanding call frees the line for the next CALL', async () => {
    const { sent, tracker, outcomes, call } = setup();
    const controller = new AbortController();
    call('a', { signal: controller.signal, timeoutMs: 1000 });
    call('b', { timeoutMs: 60_000 });
    controller.abort();
    assert.ok(tracker.settle('a'));
    await flush();
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_ABORTED');
    assert.equal(tracker.outstanding?.messageId, 'b');
    assert.equal(sent.length, 2);
  });

  it('a signal that is already aborted rejects the call at once, and nothing is sent', () => {
    const { sent, tracker, outcomes, call } = setup();
    call('a', { signal: AbortSignal.abort() });
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_ABORTED');
    assert.equal(sent.length, 0);
    assert.equal(tracker.outstanding, undefined);
  });

  it('aborting after the answer changes nothing', () => {
    const { tracker, outcomes, call } = setup();
    const controller = new AbortController();
    call('a', { signal: controller.signal });
    tracker.settle('a')?.resolve({ done: true });
    controller.abort();
    assert.deepEqual(outcomes.get('a'), { ok: true, payload: { done: true } });
  });

  it('one long-lived signal shared by many calls does not pile up listeners (no MaxListeners warning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { tracker, call } = setup(1000);
      const controller = new AbortController();
      for (let i = 0; i < 50; i++) {
        call(`c${i}`, { signal: controller.signal });
        tracker.settle(`c${i}`)?.resolve({});
        await flush();
      }
      await flush();
      assert.deepEqual(
        warnings.map((w) => w.message),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('failAll (connection gone)', () => {
  it('the outstanding and every waiting call fail with the given error; timers are cleared', () => {
    const { clock, tracker, outcomes, call } = setup();
    call('a');
    call('b');
    tracker.failAll(() => new LocalCallError('OCPP_ERR_CLOSED', 'gone'));
    assert.equal(localCode(outcomes.get('a')), 'OCPP_ERR_CLOSED');
    assert.equal(localCode(outcomes.get('b')), 'OCPP_ERR_CLOSED');
    assert.equal(tracker.outstanding, undefined);
    assert.equal(tracker.queued, 0);
    assert.equal(clock.pending, 0);
  });

  it('a send that throws rejects that call and moves on to the next', () => {
    const clock = new FakeClock();
    const outcomes: string[] = [];
    let fail = true;
    const tracker = new CallTracker(clock, 10, () => {
      if (fail) {
        fail = false;
        throw new Error('socket gone');
      }
    });
    const mk = (messageId: string): OutgoingCall => ({
      messageId,
      action: 'Heartbeat',
      text: '',
      timeoutMs: 1000,
      resolve: () => outcomes.push(`${messageId} ok`),
      reject: (e) => outcomes.push(`${messageId} ${e.message}`),
    });
    tracker.enqueue(mk('a'));
    tracker.enqueue(mk('b'));
    assert.deepEqual(outcomes, ['a socket gone']);
    assert.equal(tracker.outstanding?.messageId, 'b');
  });
});
