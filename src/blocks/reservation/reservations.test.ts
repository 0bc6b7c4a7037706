// The reservation block inside a real station (not connected): simulated hardware, in-memory
// SQLite, fake clock. What it would send is read from the durable outbox.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReserveNowRequest } from '../../generated/ocpp201/index.js';
import { openDatabase } from '../../store/database.js';
import { makeTestStation, type TestStation } from '../../../test/support/test-station.js';

const HOUR = 3_600_000;
const token = { idToken: 'DRIVER', type: 'ISO14443' } as const;

function station(evses = 1, db = openDatabase(':memory:'), clock?: TestStation['clock']): TestStation {
  return makeTestStation({ id: 'H-unit', csmsUrl: 'ws://127.0.0.1:9/unused', evses, db, ...(clock ? { clock } : {}) });
}
const request = (t: TestStation, extra: Partial<ReserveNowRequest> = {}): ReserveNowRequest => ({
  id: 5,
  expiryDateTime: new Date(t.station.now().getTime() + HOUR).toISOString(),
  idToken: token,
  ...extra,
});
const reserve = (t: TestStation, extra: Partial<ReserveNowRequest> = {}): string => {
  const status = t.station.blocks.reservation.reserve(request(t, extra)).status;
  t.station.blocks.reservation.after();
  return status;
};
const status = (t: TestStation, evseId = 1): string | undefined => t.station.blocks.availability.status(evseId, 1);
const updates = (t: TestStation): unknown[] =>
  t.station.outbox
    .entries()
    .filter((e) => e.action === 'ReservationStatusUpdate')
    .map((e) => e.payload);

describe('H01-H04 Reservations block', () => {
  it('H01.FR.23 – a reserved EVSE is Reserved; H01.FR.02 – the same id moves it', async () => {
    const t = station(2);
    try {
      assert.equal(reserve(t, { evseId: 1 }), 'Accepted');
      assert.equal(status(t, 1), 'Reserved');
      assert.equal(reserve(t, { evseId: 2 }), 'Accepted');
      assert.deepEqual([status(t, 1), status(t, 2)], ['Available', 'Reserved']);
      assert.equal(t.station.blocks.reservation.list().length, 1);
    } finally {
      await t.stop();
    }
  });

  it('H03.FR.09/H03.FR.10 – consume: the reservation is gone, the connector Available (Occupied with a cable), nothing sent', async () => {
    const t = station();
    try {
      reserve(t, { evseId: 1 });
      t.hardware.plug(1);
      assert.equal(status(t), 'Reserved', 'G01.FR.09: a cable alone does not end it');
      const { reservation: reservations } = t.station.blocks;
      assert.equal(reservations.match(1, { idToken: 'someone', type: 'ISO14443' }), 'blocks');
      assert.equal(reservations.match(1, token), 5);
      assert.equal(reservations.consume(5), true);
      assert.equal(status(t), 'Occupied');
      assert.equal(reservations.list().length, 0);
      assert.deepEqual(updates(t), []);
      assert.equal(reservations.match(1, { idToken: 'someone', type: 'ISO14443' }), undefined);
    } finally {
      await t.stop();
    }
  });

  it('H04.FR.01-03 – at expiryDateTime the EVSE is Available again and Expired is queued', async () => {
    const t = station();
    try {
      reserve(t, { evseId: 1 });
      t.clock.advance(HOUR - 1);
      assert.equal(status(t), 'Reserved');
      t.clock.advance(1);
      assert.equal(status(t), 'Available');
      assert.deepEqual(updates(t), [{ reservationId: 5, reservationUpdateStatus: 'Expired' }]);
    } finally {
      await t.stop();
    }
  });

  it('H01.FR.16 – the EVSE faults: Removed; H01.FR.17 – made Unavailable: Removed', async () => {
    const t = station(2);
    try {
      reserve(t, { id: 1, evseId: 1 });
      reserve(t, { id: 2, evseId: 2 });
      t.hardware.setFault(1, true);
      t.station.blocks.availability.setOperational('Inoperative', 2);
      assert.deepEqual(updates(t), [
        { reservationId: 1, reservationUpdateStatus: 'Removed' },
        { reservationId: 2, reservationUpdateStatus: 'Removed' },
      ]);
      assert.equal(t.station.blocks.reservation.list().length, 0);
      t.hardware.setFault(1, false);
      assert.equal(status(t, 1), 'Available');
    } finally {
      await t.stop();
    }
  });

  it('H01.FR.20 – the last available EVSE for an unspecified reservation is Reserved; H02.FR.06 – cancel frees it', async () => {
    const t = station(2);
    try {
      assert.equal(reserve(t, { id: 1 }), 'Accepted');
      assert.deepEqual([status(t, 1), status(t, 2)], ['Available', 'Available']);
      t.hardware.plug(1);
      assert.deepEqual([status(t, 1), status(t, 2)], ['Occupied', 'Reserved']);
      assert.equal(t.station.blocks.reservation.cancel(1), true);
      t.station.blocks.reservation.after();
      assert.equal(status(t, 2), 'Available');
      assert.deepEqual(updates(t), [], 'H02: no ReservationStatusUpdate on cancel');
    } finally {
      await t.stop();
    }
  });

  it('B01 – a reservation survives a restart; one that expired meanwhile is reported Expired', async () => {
    const db = openDatabase(':memory:');
    const first = station(2, db);
    reserve(first, { id: 1, evseId: 1 });
    reserve(first, { id: 2, evseId: 2, expiryDateTime: new Date(first.station.now().getTime() + 60_000).toISOString() });
    await first.stop();
    first.clock.advance(120_000);
    const again = station(2, db, first.clock);
    try {
      assert.equal(status(again, 1), 'Reserved');
      assert.equal(status(again, 2), 'Available');
      assert.deepEqual(updates(again), [{ reservationId: 2, reservationUpdateStatus: 'Expired' }]);
      again.clock.advance(HOUR);
      assert.equal(status(again, 1), 'Available');
    } finally {
      await again.stop();
    }
  });
});
