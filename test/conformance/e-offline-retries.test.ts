// Part 6 block E (Core), transaction messages that do not get through at once: E11 a connection
// loss during a transaction (the events are queued and sent once back online), E13 the CSMS
// does not answer or answers a CALLERROR (the station resends after MessageAttemptInterval ×
// the transmissions so far, MessageAttempts times at most).
//
// "The OCTT waits an additional iteration to see that the station stops resending": Part 6 waits
// a while; here the tool has the station queue one more TransactionEvent (TriggerMessage) once the
// last expected transmission is in. The station sends its transaction messages in order, so
// the next one it sends shows whether it gave up or resends.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  authorized,
  type Booted,
  energyTransferStarted,
  evConnectedPreSession,
  OFFLINE_QUEUEING,
  offlinePeriod,
  withStation,
} from './support/states.js';
import { type Answer, callError, DEFAULT_ANSWERS, type Frame, NO_ANSWER, TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const MESSAGE_TIMEOUT_S = 2;
const ATTEMPT_INTERVAL_S = 1;
const ATTEMPTS = 3;
/** The configuration state of the E13 cases (MessageTimeout short so that a case takes seconds). */
const RETRIES = [
  `OCPPCommCtrlr/MessageTimeout:Default=${MESSAGE_TIMEOUT_S}`,
  `OCPPCommCtrlr/MessageAttemptInterval:TransactionEvent=${ATTEMPT_INTERVAL_S}`,
  `OCPPCommCtrlr/MessageAttempts:TransactionEvent=${ATTEMPTS}`,
];

const txOf = (p: Json): unknown => (p.transactionInfo as Json | undefined)?.transactionId;
const withhold: Answer = () => NO_ANSWER;
const internalError: Answer = () => {
  throw callError('InternalError', 'test tool refuses this message');
};
const respond: Answer = (p) => DEFAULT_ANSWERS.TransactionEvent!(p);

/**
 * An E13 case: Before (Authorized, EVConnectedPreSession), then step 5, the next
 * TransactionEventRequest (here the one reporting Charging), answered transmission by
 * transmission as `plan` says (a resend beyond the plan is answered as usual). Waits for
 * `transmissions` of it, checks the interval before each resend (`timeoutS`: the wait for an
 * answer that does not come), then that the station goes on with its next message.
 */
async function retryCase(cs: Booted, idToken: string, plan: Answer[], transmissions: number, timeoutS: number[]): Promise<void> {
  let target: Json | undefined;
  cs.link.answers.set('TransactionEvent', (p) => {
    if (!target && (p.transactionInfo as Json | undefined)?.chargingState === 'Charging') target = p;
    if (target && txOf(p) === txOf(target) && p.seqNo === target.seqNo) {
      const sent = sentOf(cs, target).length; // this transmission included
      return (plan[sent - 1] ?? respond)(p);
    }
    return respond(p);
  });
  await authorized(cs, idToken);
  await evConnectedPreSession(cs, 1);
  const started = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'CablePluggedIn');
  assert.equal(started.eventType, 'Started', 'Before, EVConnectedPreSession step 3: eventType Started (TxStartPoint PowerPathClosed)');

  const first = await cs.link.next('TransactionEvent', (p) => (p.transactionInfo as Json | undefined)?.chargingState === 'Charging');
  for (let n = 2; n <= transmissions; n++) {
    await cs.link.next('TransactionEvent', (p) => txOf(p) === txOf(first) && p.seqNo === first.seqNo);
  }
  const sent = sentOf(cs, first);
  // Measured where the tool receives the frames: a busy machine delays either end somewhat.
  for (let n = 1; n < transmissions; n++) {
    const gapS = (sent[n]!.at - sent[n - 1]!.at) / 1000;
    const expectedS = ATTEMPT_INTERVAL_S * n + timeoutS[n - 1]!;
    assert.ok(
      gapS >= expectedS - 0.5 && gapS <= expectedS + 1.5,
      `step 5: transmission ${n + 1} ${gapS.toFixed(2)} s after the one before, expected ${expectedS} s (interval × ${n} + ${timeoutS[n - 1]} s)`,
    );
    assert.deepEqual(sent[n]!.payload, first, `step 5: transmission ${n + 1} is the same TransactionEventRequest`);
  }

  const trigger = await cs.link.call('TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } });
  assert.equal(trigger.status, 'Accepted', 'TriggerMessageResponse status Accepted (an event queued behind step 5)');
  const next = await cs.link.next('TransactionEvent');
  assert.notEqual(next.seqNo, first.seqNo, `step 5: not resent after ${transmissions} transmission(s); the station goes on`);
  assert.equal(sentOf(cs, first).length, transmissions, `step 5: sent ${transmissions} time(s)`);
}

/** The transmissions so far of the TransactionEventRequest `p` (its transaction and seqNo). */
function sentOf(cs: Booted, p: Json): Frame[] {
  return cs.link.frames.filter(
    (f) => f.direction === 'station' && f.action === 'TransactionEvent' && txOf(f.payload) === txOf(p) && f.payload.seqNo === p.seqNo,
  );
}

describe('Part 6 E11/E13 – Offline behaviour and transaction message retries', { concurrency: true }, () => {
  it('TC_E_40_CS – Offline Behaviour - Connection loss during transaction', () =>
    withStation(csms, 'CONF-E40', [...OFFLINE_QUEUEING, 'SampledDataCtrlr/Enabled=true'], async (cs) => {
      await authorized(cs, 'E40TOKEN');
      const t = await energyTransferStarted(cs, { plug: true });
      const transactionId = (t.transactionInfo as Json).transactionId;
      // The events made offline: after the last one received before the connection closed, up to
      // the last one the station made before its reconnect was let in. One made in the moment
      // between the tool's close and the station reading it was made online as far as the station
      // could know, and is sent again without `offline`; every one made after the station reported
      // the connection gone must say offline.
      let lastOnline = -1;
      let lastOffline = -1;
      let offlineSeen = Infinity;
      await offlinePeriod(cs, {
        whileOffline: async () => {
          offlineSeen = Date.now();
        },
        beforeReconnect: async () => {
          lastOnline = Math.max(...cs.link.received('TransactionEvent').map((p) => Number(p.seqNo)));
          const state = await cs.station.get<{ evses: { transaction: { id: string; seqNo: number } | null }[] }>('/api/state');
          assert.equal(state.evses[0]!.transaction?.id, transactionId, 'the transaction still runs');
          lastOffline = state.evses[0]!.transaction!.seqNo;
        },
      });
      assert.ok(lastOffline > lastOnline, 'step 3: TransactionEvents were queued while offline');
      let madeOffline = 0;
      for (let seqNo = lastOnline + 1; seqNo <= lastOffline; seqNo++) {
        const e = await cs.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.seqNo === seqNo);
        assert.equal(e.eventType, 'Updated', `step 3: TransactionEventRequest seqNo ${seqNo} eventType Updated`);
        assert.ok(
          Array.isArray(e.meterValue) && e.meterValue.length > 0,
          `step 3: TransactionEventRequest seqNo ${seqNo} meterValue present`,
        );
        if (Date.parse(String(e.timestamp)) < offlineSeen && e.offline !== true) continue;
        assert.equal(e.offline, true, `step 3: TransactionEventRequest seqNo ${seqNo} offline true`);
        madeOffline++;
      }
      assert.ok(madeOffline > 0, 'step 3: the events made while the station was offline say so');
    }));

  it('TC_E_41_CS – Retry sending transaction message when failed - Max retry count reached', () =>
    withStation(csms, 'CONF-E41', RETRIES, (cs) =>
      retryCase(cs, 'E41TOKEN', [withhold, withhold, withhold], ATTEMPTS, [MESSAGE_TIMEOUT_S, MESSAGE_TIMEOUT_S]),
    ));

  it('TC_E_50_CS – Retry sending transaction message when failed - Max retry count reached - CallError', () =>
    withStation(csms, 'CONF-E50', RETRIES, (cs) =>
      retryCase(cs, 'E50TOKEN', [internalError, internalError, internalError], ATTEMPTS, [0, 0]),
    ));

  it('TC_E_42_CS – Retry sending transaction message when failed - Success before reaching the max retry count', () =>
    withStation(csms, 'CONF-E42', RETRIES, (cs) => retryCase(cs, 'E42TOKEN', [withhold, respond], 2, [MESSAGE_TIMEOUT_S])));

  it('TC_E_51_CS – Retry sending transaction message when failed - Success before reaching the max retry count - CallError', () =>
    withStation(csms, 'CONF-E51', RETRIES, (cs) => retryCase(cs, 'E51TOKEN', [internalError, respond], 2, [0])));
});
