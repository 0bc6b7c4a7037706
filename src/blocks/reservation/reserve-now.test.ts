import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReserveNowRequest } from '../../generated/ocpp201/index.js';
import type { EvseFacts } from './evse-assignment.js';
import { decideReserveNow, type ReserveNowView } from './reserve-now.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const request = (extra: Partial<ReserveNowRequest> = {}): ReserveNowRequest => ({
  id: 1,
  expiryDateTime: '2026-01-01T01:00:00Z',
  idToken: { idToken: 'A', type: 'ISO14443' },
  ...extra,
});
const evse = (id: number, state: EvseFacts['state'] = 'Available', types = ['cType2']): EvseFacts => ({ id, connectorTypes: types, state });
const view = (extra: Partial<ReserveNowView> = {}): ReserveNowView => ({
  enabled: true,
  nonEvseSpecific: true,
  now,
  reservations: [],
  evses: [evse(1), evse(2)],
  ...extra,
});
const status = (req: ReserveNowRequest, v: ReserveNowView): string => decideReserveNow(req, v).status;

describe('H01 Reservation – ReserveNow answers', () => {
  it('H01.FR.01 – reservations switched off: Rejected', () => {
    assert.equal(status(request({ evseId: 1 }), view({ enabled: false })), 'Rejected');
  });

  it('an id above 2^53 (allowed by the schema, reached SQLite as a datatype mismatch above 2^63): Rejected InvalidValue', () => {
    for (const id of [2 ** 53, 2 ** 63]) {
      const decision = decideReserveNow(request({ id, evseId: 1 }), view());
      assert.deepEqual([decision.status, decision.statusInfo?.reasonCode], ['Rejected', 'InvalidValue'], `id ${id}`);
    }
    assert.equal(status(request({ id: 2 ** 53 - 1, evseId: 1 }), view()), 'Accepted');
  });

  it('H01.FR.23 – an Available EVSE: Accepted', () => {
    assert.equal(status(request({ evseId: 1 }), view()), 'Accepted');
  });

  it('H01.FR.11 – a Reserved or Occupied EVSE: Occupied', () => {
    const other = { id: 2, expiryDateTime: '2026-01-01T01:00:00Z', idToken: { idToken: 'B', type: 'ISO14443' as const }, evseId: 1 };
    assert.equal(status(request({ evseId: 1 }), view({ reservations: [other] })), 'Occupied');
    assert.equal(status(request({ evseId: 1 }), view({ evses: [evse(1, 'Occupied')] })), 'Occupied');
  });

  it('H01.FR.12 – Faulted; H01.FR.14 – Unavailable', () => {
    assert.equal(status(request({ evseId: 1 }), view({ evses: [evse(1, 'Faulted')] })), 'Faulted');
    assert.equal(status(request({ evseId: 1 }), view({ evses: [evse(1, 'Unavailable')] })), 'Unavailable');
    assert.equal(status(request(), view({ evses: [evse(1, 'Faulted'), evse(2, 'Faulted')] })), 'Faulted');
    assert.equal(status(request(), view({ evses: [evse(1, 'Faulted'), evse(2, 'Unavailable')] })), 'Unavailable');
    assert.equal(status(request(), view({ evses: [evse(1, 'Occupied'), evse(2, 'Unavailable')] })), 'Occupied');
  });

  it('H01.FR.04/H01.FR.18 – an unspecified EVSE while one is Available: Accepted; H01.FR.19 – not NonEvseSpecific: Rejected', () => {
    assert.equal(status(request(), view({ evses: [evse(1, 'Occupied'), evse(2)] })), 'Accepted');
    assert.equal(status(request(), view({ nonEvseSpecific: false })), 'Rejected');
    assert.equal(status(request({ connectorType: 'cType2' }), view({ nonEvseSpecific: false })), 'Rejected');
  });

  it('H01.FR.07 – no more unspecified reservations than available EVSEs', () => {
    const held = (id: number) => ({
      id,
      expiryDateTime: '2026-01-01T01:00:00Z',
      idToken: { idToken: `B${id}`, type: 'ISO14443' as const },
    });
    assert.equal(status(request(), view({ reservations: [held(2)] })), 'Accepted');
    assert.equal(status(request(), view({ reservations: [held(2), held(3)] })), 'Occupied');
    assert.equal(status(request({ evseId: 1 }), view({ reservations: [held(2), held(3)] })), 'Occupied', 'H01.FR.20: reported Reserved');
  });

  it('H01.FR.06 – a connector type that an Available EVSE has: Accepted; one no EVSE has: Rejected', () => {
    const evses = [evse(1, 'Available', ['cType2']), evse(2, 'Occupied', ['cCCS2'])];
    assert.equal(status(request({ connectorType: 'cType2' }), view({ evses })), 'Accepted');
    assert.equal(status(request({ connectorType: 'cCCS2' }), view({ evses })), 'Occupied');
    assert.equal(status(request({ connectorType: 'sType3' }), view({ evses })), 'Rejected');
    assert.equal(status(request({ evseId: 1, connectorType: 'cCCS2' }), view({ evses })), 'Rejected');
  });

  it('an unknown EVSE or an expiry already passed: Rejected', () => {
    assert.equal(status(request({ evseId: 9 }), view()), 'Rejected');
    assert.equal(status(request({ evseId: 1, expiryDateTime: '2025-12-31T23:59:59Z' }), view()), 'Rejected');
  });
});
