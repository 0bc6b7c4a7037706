import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { heldEvses, match, satisfiable, type EvseFacts } from './evse-assignment.js';
import type { Reservation } from './reservation-store.js';

const token = (idToken: string): IdTokenType => ({ idToken, type: 'ISO14443' });
const group = (idToken: string): IdTokenType => ({ idToken, type: 'Central' });
const evse = (id: number, state: EvseFacts['state'] = 'Available', types = ['cType2']): EvseFacts => ({ id, connectorTypes: types, state });
const reservation = (id: number, extra: Partial<Reservation> = {}): Reservation => ({
  id,
  expiryDateTime: '2026-01-01T01:00:00Z',
  idToken: token(`T${id}`),
  ...extra,
});

describe('H01 Reservation – EVSEs held', () => {
  it('H01.FR.23 – a reservation for an EVSE holds that EVSE', () => {
    assert.deepEqual([...heldEvses([reservation(1, { evseId: 2 })], [evse(1), evse(2)])], [2]);
  });

  it('H01.FR.07/H01.FR.20 – unspecified reservations hold EVSEs only when as many as the available EVSEs', () => {
    const evses = [evse(1), evse(2), evse(3, 'Occupied')];
    assert.deepEqual([...heldEvses([reservation(1)], evses)], []);
    assert.deepEqual([...heldEvses([reservation(1), reservation(2)], evses)].sort(), [1, 2]);
  });

  it('H01.FR.09/H01.FR.24 – a connector type holds the EVSEs of that type when reservations equal them', () => {
    const evses = [evse(1, 'Available', ['cType2']), evse(2, 'Available', ['cCCS2']), evse(3, 'Available', ['cCCS2'])];
    assert.deepEqual([...heldEvses([reservation(1, { connectorType: 'cType2' })], evses)], [1]);
    assert.deepEqual([...heldEvses([reservation(1, { connectorType: 'cCCS2' })], evses)], []);
  });

  it('satisfiable finds an assignment greedy order would miss', () => {
    const evses = [evse(1, 'Available', ['cType2', 'cCCS2']), evse(2, 'Available', ['cType2'])];
    const open = [reservation(1), reservation(2, { connectorType: 'cType2' })];
    assert.equal(satisfiable(open, evses), true);
    assert.equal(satisfiable([...open, reservation(3)], evses), false);
  });
});

describe('H03 Use a reserved EVSE – match', () => {
  const evses = [evse(1), evse(2)];

  it('H03.FR.01 – the reserved idToken may use its EVSE; another token is blocked', () => {
    const rs = [reservation(7, { evseId: 1 })];
    assert.equal(match(1, token('t7'), undefined, rs, evses), 7, 'idToken compares case-insensitively');
    assert.equal(match(1, token('OTHER'), undefined, rs, evses), 'blocks');
    assert.equal(match(2, token('OTHER'), undefined, rs, evses), undefined);
  });

  it('H03.FR.04 – a token of the reservation group may use it', () => {
    const rs = [reservation(7, { evseId: 1, groupIdToken: group('G') })];
    assert.equal(match(1, token('OTHER'), group('G'), rs, evses), 7);
    assert.equal(match(1, token('OTHER'), group('H'), rs, evses), 'blocks');
  });

  it('H03.FR.03/H03.FR.06 – an unspecified reservation is used on any EVSE by its token or group', () => {
    const rs = [reservation(3, { groupIdToken: group('G') })];
    assert.equal(match(2, token('T3'), undefined, rs, evses), 3);
    assert.equal(match(1, token('X'), group('G'), rs, evses), 3);
    assert.equal(match(1, token('X'), undefined, rs, evses), undefined, 'one EVSE still left for it');
    assert.equal(match(1, token('X'), undefined, rs, [evse(1), evse(2, 'Faulted')]), 'blocks', 'H01.FR.07: the last one');
  });

  it('H03.FR.02/H03.FR.05 – a connector-type reservation is used only on an EVSE of that type', () => {
    const typed = [evse(1, 'Available', ['cType2']), evse(2, 'Available', ['cCCS2'])];
    const rs = [reservation(4, { connectorType: 'cCCS2' })];
    assert.equal(match(2, token('T4'), undefined, rs, typed), 4);
    assert.equal(match(1, token('T4'), undefined, rs, typed), undefined);
    assert.equal(match(2, token('X'), undefined, rs, typed), 'blocks', 'H01.FR.09: the only cCCS2');
  });
});
