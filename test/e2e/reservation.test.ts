// H Reservation: ReserveNow, CancelReservation and expiry, a real station over simulated
// hardware against the local CSMS on a real socket.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { ReserveNowRequest } from '../../src/generated/ocpp201/index.js';
import { openDatabase } from '../../src/store/database.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(async () => {
  await csms.close();
});

const HOUR = 3_600_000;
interface StatusRequest {
  evseId: number;
  connectorStatus: string;
}
const sent = (id: string, action: string): unknown[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === action).map((r) => r.request);
const lastStatus = (id: string, evseId = 1): string | undefined =>
  (sent(id, 'StatusNotification') as StatusRequest[]).filter((s) => s.evseId === evseId).at(-1)?.connectorStatus;

async function booted(id: string, evses = 1, db = openDatabase(':memory:')): Promise<TestStation> {
  const t = makeTestStation({ id, evses, csmsUrl: csms.url, db });
  t.station.start();
  await waitFor(() => sent(id, 'StatusNotification').length >= evses && t.snapshot().registration === 'Accepted', `${id} booted`);
  return t;
}
const reservation = (t: TestStation, extra: Partial<ReserveNowRequest> = {}): ReserveNowRequest => ({
  id: 11,
  expiryDateTime: new Date(t.station.now().getTime() + HOUR).toISOString(),
  idToken: { idToken: 'DRIVER1', type: 'ISO14443' },
  evseId: 1,
  ...extra,
});

describe('H01 Reservation, H02 Cancel reservation', () => {
  it('H01.FR.23 – a specific EVSE: Accepted, then StatusNotification Reserved; H02.FR.02/H02.FR.04 – cancel: Accepted, then Available', async () => {
    const t = await booted('H01-A');
    try {
      assert.deepEqual(await csms.call('H01-A', 'ReserveNow', reservation(t)), { status: 'Accepted' });
      await waitFor(() => lastStatus('H01-A') === 'Reserved', 'Reserved');
      assert.equal((await csms.call('H01-A', 'CancelReservation', { reservationId: 11 })).status, 'Accepted');
      await waitFor(() => lastStatus('H01-A') === 'Available', 'Available');
      assert.deepEqual(sent('H01-A', 'ReservationStatusUpdate'), [], 'H02: no ReservationStatusUpdate on cancel');
    } finally {
      await t.stop();
    }
  });

  it('H02.FR.01 – an unknown reservationId: Rejected', async () => {
    const t = await booted('H02-A');
    try {
      assert.equal((await csms.call('H02-A', 'CancelReservation', { reservationId: 404 })).status, 'Rejected');
    } finally {
      await t.stop();
    }
  });

  it('H01.FR.11 Occupied, H01.FR.12 Faulted, H01.FR.14 Unavailable', async () => {
    const t = await booted('H01-B', 3);
    try {
      t.hardware.plug(1);
      t.hardware.setFault(2, true);
      await csms.call('H01-B', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 3 } });
      assert.equal((await csms.call('H01-B', 'ReserveNow', reservation(t, { evseId: 1 }))).status, 'Occupied');
      assert.equal((await csms.call('H01-B', 'ReserveNow', reservation(t, { evseId: 2 }))).status, 'Faulted');
      assert.equal((await csms.call('H01-B', 'ReserveNow', reservation(t, { evseId: 3 }))).status, 'Unavailable');
      t.hardware.unplug(1);
      await waitFor(() => lastStatus('H01-B', 1) === 'Available', 'EVSE 1 Available');
      assert.equal((await csms.call('H01-B', 'ReserveNow', reservation(t, { evseId: 1 }))).status, 'Accepted');
      const other = reservation(t, { id: 12, evseId: 1, idToken: { idToken: 'DRIVER2', type: 'ISO14443' } });
      assert.equal((await csms.call('H01-B', 'ReserveNow', other)).status, 'Occupied', 'H01.FR.11: already Reserved');
    } finally {
      await t.stop();
    }
  });

  it('H01.FR.02 – the same id replaces the reservation: the old EVSE Available, the new one Reserved', async () => {
    const t = await booted('H01-C', 2);
    try {
      assert.equal((await csms.call('H01-C', 'ReserveNow', reservation(t, { evseId: 1 }))).status, 'Accepted');
      await waitFor(() => lastStatus('H01-C', 1) === 'Reserved', 'EVSE 1 Reserved');
      assert.equal((await csms.call('H01-C', 'ReserveNow', reservation(t, { evseId: 2 }))).status, 'Accepted');
      await waitFor(() => lastStatus('H01-C', 1) === 'Available' && lastStatus('H01-C', 2) === 'Reserved', 'moved to EVSE 2');
      assert.equal(t.station.blocks.reservation.list().length, 1);
    } finally {
      await t.stop();
    }
  });

  it('H01.FR.01 – ReservationCtrlr.Enabled false: Rejected', async () => {
    const t = await booted('H01-D');
    try {
      const set = await csms.call('H01-D', 'SetVariables', {
        setVariableData: [{ component: { name: 'ReservationCtrlr' }, variable: { name: 'Enabled' }, attributeValue: 'false' }],
      });
      assert.equal(set.setVariableResult[0]?.attributeStatus, 'Accepted');
      assert.equal((await csms.call('H01-D', 'ReserveNow', reservation(t))).status, 'Rejected');
    } finally {
      await t.stop();
    }
  });
});

describe('H04 Reservation ended, not used', () => {
  it('H04.FR.01-03 – at expiryDateTime: StatusNotification Available, then ReservationStatusUpdate Expired', async () => {
    const t = await booted('H04-A');
    try {
      assert.equal((await csms.call('H04-A', 'ReserveNow', reservation(t))).status, 'Accepted');
      await waitFor(() => lastStatus('H04-A') === 'Reserved', 'Reserved');
      // The CSMS records the status before its answer is back: the clock jumps only once none is in flight.
      await quiet(t);
      t.clock.advance(HOUR);
      await waitFor(() => sent('H04-A', 'ReservationStatusUpdate').length === 1, 'ReservationStatusUpdate');
      assert.deepEqual(sent('H04-A', 'ReservationStatusUpdate'), [{ reservationId: 11, reservationUpdateStatus: 'Expired' }]);
      assert.equal(lastStatus('H04-A'), 'Available');
      const actions = (csms.store.requests('H04-A') ?? []).map((r) => r.action);
      assert.ok(actions.lastIndexOf('StatusNotification') < actions.indexOf('ReservationStatusUpdate'), 'Available first (H04 scenario)');
    } finally {
      await t.stop();
    }
  });
});

describe('B01 Reserved persists after a reboot', () => {
  it('B01 – a reservation survives a restart on the same database and is reported Reserved', async () => {
    const db = openDatabase(':memory:');
    const t = await booted('H-RESTART', 1, db);
    let again: TestStation | undefined;
    try {
      // Far ahead: before its boot the restarted station runs on its own clock, not yet the CSMS's time.
      const expiryDateTime = new Date(t.station.now().getTime() + 365 * 24 * HOUR).toISOString();
      assert.equal((await csms.call('H-RESTART', 'ReserveNow', reservation(t, { expiryDateTime }))).status, 'Accepted');
      await waitFor(() => lastStatus('H-RESTART') === 'Reserved', 'Reserved');
      await t.stop();
      const before = sent('H-RESTART', 'StatusNotification').length;
      again = makeTestStation({ id: 'H-RESTART', csmsUrl: csms.url, db, clock: t.clock });
      again.station.start();
      await waitFor(() => sent('H-RESTART', 'StatusNotification').length > before, 'status after reboot');
      assert.equal(lastStatus('H-RESTART'), 'Reserved');
      assert.equal(again.station.blocks.reservation.list()[0]?.id, 11);
    } finally {
      await t.stop();
      await again?.stop();
    }
  });
});

describe('H03 Use a reserved EVSE', () => {
  interface TxEvent {
    eventType: string;
    triggerReason: string;
    reservationId?: number;
    idToken?: { idToken: string };
    transactionInfo: { remoteStartId?: number };
  }
  const txEvents = (id: string): TxEvent[] => sent(id, 'TransactionEvent') as TxEvent[];

  it('H03.FR.01/H03.FR.09, E03.FR.03/H01.FR.15 – another card cannot start on the reserved EVSE; the owner starts, the Started event carries reservationId, the connector leaves Reserved', async () => {
    const id = 'H03-A';
    const t = await booted(id);
    try {
      assert.deepEqual(await csms.call(id, 'ReserveNow', reservation(t)), { status: 'Accepted' });
      await waitFor(() => lastStatus(id) === 'Reserved', 'Reserved');
      t.hardware.plug(1);
      t.hardware.presentToken('DRIVER2');
      await quiet(t);
      assert.deepEqual(txEvents(id), [], 'H03: no transaction for another token');
      assert.equal(t.hardware.contactorClosed(1), false);
      assert.equal(lastStatus(id), 'Reserved', 'still Reserved for its owner');
      t.hardware.presentToken('DRIVER1');
      await waitFor(() => txEvents(id).length >= 1, 'Started');
      const [started] = txEvents(id);
      assert.equal(started!.eventType, 'Started');
      assert.equal(started!.idToken?.idToken, 'DRIVER1');
      assert.equal(started!.reservationId, 11, 'E03.FR.03/H01.FR.15 – reservationId at the top level of the first event');
      await waitFor(() => lastStatus(id) === 'Occupied', 'H03.FR.10 – no longer Reserved');
      assert.deepEqual(sent(id, 'ReservationStatusUpdate'), [], 'a used reservation is not reported');
      assert.deepEqual(t.station.blocks.reservation.list(), [], 'H03.FR.09 – consumed');
      t.hardware.unplug(1);
      await waitFor(() => txEvents(id).some((e) => e.eventType === 'Ended'), 'Ended');
      assert.ok(
        txEvents(id)
          .slice(1)
          .every((e) => e.reservationId === undefined),
        'reservationId only once',
      );
    } finally {
      await t.stop();
    }
  });

  it('F01.FR.21/F02.FR.23 – RequestStartTransaction on an EVSE reserved for another idToken: Rejected; for the owner: Accepted, RemoteStart with reservationId', async () => {
    const id = 'H03-B';
    const t = await booted(id);
    try {
      assert.deepEqual(await csms.call(id, 'ReserveNow', reservation(t)), { status: 'Accepted' });
      await waitFor(() => lastStatus(id) === 'Reserved', 'Reserved');
      const start = (idToken: string, remoteStartId: number) =>
        csms.call(id, 'RequestStartTransaction', { evseId: 1, remoteStartId, idToken: { idToken, type: 'ISO14443' } });
      assert.equal((await start('DRIVER2', 1)).status, 'Rejected', 'F01.FR.21 – reserved for another idToken');
      await quiet(t);
      assert.deepEqual(txEvents(id), []);
      t.hardware.plug(1);
      assert.equal((await start('DRIVER1', 2)).status, 'Accepted');
      await waitFor(() => txEvents(id).length >= 1, 'Started');
      const [started] = txEvents(id);
      assert.equal(started!.triggerReason, 'RemoteStart');
      assert.equal(started!.transactionInfo.remoteStartId, 2);
      assert.equal(started!.reservationId, 11, 'F02.FR.06/H01.FR.15 – reservationId in the first event');
      await waitFor(() => lastStatus(id) === 'Occupied', 'no longer Reserved');
    } finally {
      await t.stop();
    }
  });

  it('H03.FR.01 – two EVSEs, the plugged one reserved for another token: a card is not started there but on the free one when it is plugged', async () => {
    const id = 'H03-C';
    const t = await booted(id, 2);
    try {
      const other = reservation(t, { id: 21, evseId: 2, idToken: { idToken: 'DRIVER9', type: 'ISO14443' } });
      assert.deepEqual(await csms.call(id, 'ReserveNow', other), { status: 'Accepted' });
      await waitFor(() => lastStatus(id, 2) === 'Reserved', 'EVSE 2 Reserved');
      t.hardware.plug(2);
      t.hardware.presentToken('DRIVER1');
      await quiet(t);
      assert.deepEqual(txEvents(id), [], 'the only free EVSE (1) has no cable, EVSE 2 is reserved for another');
      t.hardware.plug(1);
      await waitFor(() => txEvents(id).length >= 1, 'Started on EVSE 1');
      assert.equal((txEvents(id)[0] as unknown as { evse?: { id: number } }).evse?.id, 1);
      assert.equal(txEvents(id)[0]!.reservationId, undefined);
      assert.equal(lastStatus(id, 2), 'Reserved');
    } finally {
      await t.stop();
    }
  });
});
