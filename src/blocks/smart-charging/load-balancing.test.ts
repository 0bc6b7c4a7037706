// K04: who shares the station maximum and what a suspended EV keeps, from the hardware's inputs
// and the transactions' views (both faked: plain data).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDescription } from '../../description/station-description.js';
import type { TransactionView } from '../transactions/index.js';
import { type EvseSource, evseFacts, sharersOf } from './load-balancing.js';

function source(evses: Record<number, { plugged?: boolean; drawing?: boolean; chargingState?: string }>): EvseSource {
  const view = (evseId: number): TransactionView | null => {
    const state = evses[evseId]?.chargingState;
    return state === undefined
      ? null
      : ({ evseId, transactionId: `TX${evseId}`, chargingState: state, startedAt: '2026-01-01T00:00:00Z' } as TransactionView);
  };
  const hal = {
    meter: () => ({ phases: 3 }),
    cable: (evseId: number) => (evses[evseId]?.plugged ? 'plugged' : 'unplugged'),
    evDrawing: (evseId: number) => evses[evseId]?.drawing ?? false,
  };
  return { hal: hal as never, description: defaultDescription(3), transactions: { view } };
}

describe('K04 internal load balancing: the sharers and their facts', () => {
  it('K04 – the EVSEs in use share the maximum: a cable plugged in or a transaction, and the EVSE asked about', () => {
    const s = source({ 2: { plugged: true }, 3: { chargingState: 'Charging', drawing: true } });
    assert.deepEqual(
      sharersOf(1, s).map((f) => f.evseId),
      [1, 2, 3],
    );
    assert.deepEqual(
      sharersOf(2, source({ 2: { plugged: true } })).map((f) => f.evseId),
      [2],
    );
  });

  it('K04.FR.05 – an EV that charged and draws nothing keeps 6 A per phase to resume with; charging or not yet drawn, no such cap', () => {
    const suspendedW = 6 * 230 * 3;
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'SuspendedEV', drawing: false } })).suspendedW, suspendedW);
    assert.equal(
      evseFacts(1, source({ 1: { chargingState: 'Charging', drawing: false } })).suspendedW,
      suspendedW,
      'the hardware heard of it before the transaction did',
    );
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'SuspendedEV', drawing: true } })).suspendedW, undefined, 'resumed');
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'EVConnected' } })).suspendedW, undefined, 'about to draw its first energy');
    assert.equal(evseFacts(1, source({ 1: { chargingState: 'SuspendedEVSE' } })).suspendedW, undefined, 'held back by the station');
    assert.deepEqual(evseFacts(1, source({ 1: { plugged: true } })), { evseId: 1, phases: 3 }, 'no transaction: no cap');
  });
});
