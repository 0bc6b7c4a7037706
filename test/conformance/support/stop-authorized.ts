// Reusable State StopAuthorized, Main A (local), as the errata 2025-04 (6.2.117) has it: its
// validations depend on the TxStopPoint. Where the state is reached from states.ts, this is the
// local variant that asserts them for both outcomes (the transaction ends, or goes on).

import assert from 'node:assert/strict';
import type { Booted } from './states.js';

type Json = Record<string, unknown>;

/** The transactionId of a TransactionEventRequest. */
export const txOf = (p: Json): string => String((p.transactionInfo as Json | undefined)?.transactionId);

/**
 * The same idToken is presented again. Step 1: a TransactionEventRequest with triggerReason
 * StopAuthorized (idToken omitted or that token). Step 3 (optional when step 1 ended it):
 * triggerReason ChargingStateChanged, chargingState EVConnected. `ends` (TxStopPoint contains
 * Authorized, PowerPathClosed or EnergyTransfer): the last of the two is Ended with stoppedReason
 * Local or omitted; otherwise both are Updated. Returns the last event.
 */
export async function stopAuthorizedLocal(
  b: Booted,
  idToken: string,
  transactionId: string,
  options: { ends: boolean; where: string },
): Promise<Json> {
  const at = (step: number): string => `${options.where} (StopAuthorized step ${step})`;
  await b.station.post('/api/idtoken', { idToken, type: 'ISO14443', evseId: 1 });
  const first = await b.link.next('TransactionEvent', (p) => txOf(p) === transactionId && p.triggerReason === 'StopAuthorized');
  const token = first.idToken as Json | undefined;
  assert.ok(
    token === undefined || (token.idToken === idToken && token.type === 'ISO14443'),
    `${at(1)}: idToken omitted or the one that started the transaction`,
  );
  let last = first;
  if (first.eventType !== 'Ended') {
    last = await b.link.next(
      'TransactionEvent',
      (p) => txOf(p) === transactionId && Number(p.seqNo) > Number(first.seqNo) && p.triggerReason !== 'MeterValuePeriodic',
    );
    assert.equal(last.triggerReason, 'ChargingStateChanged', `${at(3)}: triggerReason ChargingStateChanged`);
    assert.equal((last.transactionInfo as Json).chargingState, 'EVConnected', `${at(3)}: chargingState EVConnected`);
  }
  if (options.ends) {
    assert.equal(last.eventType, 'Ended', `${at(3)}: the last event is Ended (TxStopPoint ends on it)`);
    const reason = (last.transactionInfo as Json).stoppedReason;
    assert.ok(reason === undefined || reason === 'Local', `${at(3)}: stoppedReason Local or omitted, got ${String(reason)}`);
  } else {
    assert.equal(first.eventType, 'Updated', `${at(1)}: eventType Updated (TxStopPoint does not end on it)`);
    assert.equal(last.eventType, 'Updated', `${at(3)}: eventType Updated (TxStopPoint does not end on it)`);
  }
  return last;
}
