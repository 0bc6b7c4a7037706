// The shape every station's TransactionEvents must have, whichever CSMS received them: per
// transaction seqNo 0, 1, 2..., Started first with a chargingState, evse named once the EV is
// connected (E01.FR.16), Ended, if any, last.

import assert from 'node:assert/strict';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';

/** The events of each transaction, in the order they were received. */
export function byTransaction(list: TransactionEventRequest[]): Map<string, TransactionEventRequest[]> {
  const out = new Map<string, TransactionEventRequest[]>();
  for (const e of list) out.set(e.transactionInfo.transactionId, [...(out.get(e.transactionInfo.transactionId) ?? []), e]);
  return out;
}

/** E01.FR.07/E01.FR.16/E06: seqNo 0, 1, 2... per transaction; Started first; evse named once the EV is connected; Ended, if any, last. */
export function assertWellFormed(list: TransactionEventRequest[]): void {
  for (const [txId, events] of byTransaction(list)) {
    assert.ok(txId.length > 0 && txId.length <= 36, 'E01.FR.08 – transactionId of at most 36 characters');
    assert.deepEqual(
      events.map((e) => e.seqNo),
      events.map((_, i) => i),
      `seqNo consecutive from 0 in ${txId}`,
    );
    assert.equal(events[0]!.eventType, 'Started', `${txId} starts with Started`);
    assert.ok(events[0]!.transactionInfo.chargingState, `${txId}: Started has a chargingState`);
    // E01.FR.16: evse in the Started event, or, for a transaction started before the EV connected,
    // in the first event after it did (CablePluggedIn); none if it never did.
    const named = events.findIndex((e) => e.evse);
    const plugged = events.findIndex((e) => e.triggerReason === 'CablePluggedIn');
    assert.ok(named === 0 || named === plugged, `E01.FR.16 – evse on the Started event or on the first after the EV connected in ${txId}`);
    for (const e of events.slice(1, -1)) assert.equal(e.eventType, 'Updated', `${txId}: only Updated between Started and Ended`);
    for (const e of events.slice(1)) assert.notEqual(e.eventType, 'Started');
  }
}
