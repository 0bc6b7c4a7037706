// Part 6 block H (reservation), charging-station cases of the Reservation profile, in Part 5 order
// with the 2025-09 errata. Two stations: one with two EVSEs, one with a single EVSE for the cases
// whose tool validations expect an unspecified reservation to hold the only EVSE (H01.FR.20).
// Each case starts from, and returns to, every connector Available.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allConnectors, operative } from './support/availability.js';
import { cancelled, connectorReported, reserved, reserveNow, sessionEnded, txOf, usedReservation } from './support/reservations.js';
import { authorized, type Booted, booted, energyTransferStarted, quiescent, unavailable } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
let one: Booted;

/** The CSMS's Authorize answer names this group for tokens that start with the group's prefix. */
const GROUPS: Record<string, string> = { 'H19-': 'H19-GROUP', 'H24-': 'H24-GROUP' };
const groupOf = (token: string): string | undefined => Object.entries(GROUPS).find(([prefix]) => token.startsWith(prefix))?.[1];

before(async () => {
  await csms.listen();
  for (const id of ['CONF-H', 'CONF-H1'])
    csms.link(id).answers.set('Authorize', (p) => {
      const group = groupOf(String((p.idToken as Json).idToken));
      return { idTokenInfo: { status: 'Accepted', ...(group ? { groupIdToken: { idToken: group, type: 'Central' } } : {}) } };
    });
  [cs, one] = await Promise.all([booted(csms, { id: 'CONF-H', evses: 2 }), booted(csms, { id: 'CONF-H1', evses: 1 })]);
});
after(async () => {
  for (const b of [cs, one]) {
    if (!b) continue;
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
    await b.station.dispose();
  }
  await csms.close();
});

/** Reusable States Authorized (the card `token`) and EnergyTransferStarted on `evseId`; the transaction. */
async function charging(b: Booted, token: string, evseId = 1): Promise<string> {
  await authorized(b, token, evseId);
  return txOf(await energyTransferStarted(b, { plug: true, evseId }));
}

describe('Part 6 H – Reservation', () => {
  it('TC_H_01_CS – Reserve a specific EVSE - Accepted - Valid idToken', async () => {
    await reserved(cs, 10, 'H01-TOKEN', 1);
    await authorized(cs, 'H01-TOKEN');
    // H03.FR.09/10: the reservation is used; the connector is no longer Reserved.
    await connectorReported(cs, 1, 'Available', 'step 2');
    const tx = txOf(await energyTransferStarted(cs, { plug: true }));
    usedReservation(cs, tx, 10, 'step 3 (H01.FR.15)');
    await sessionEnded(cs, 'H01-TOKEN', tx);
  });

  it('TC_H_02_CS – Reserve a specific EVSE - Accepted - Different idToken', async () => {
    await reserved(cs, 20, 'H02-TOKEN1', 1);
    const since = cs.link.frames.length;
    // State EVConnectedPreSession on a Reserved connector: its status does not change (G01.FR.09, errata 2025-01).
    await cs.station.post('/api/evses/1/plug', {});
    // Main A: another card at the reader.
    await cs.station.post('/api/idtoken', { idToken: 'H02-TOKEN2', type: 'ISO14443', evseId: 1 });
    await quiescent(cs);
    // Main B: a remote start for the other idToken on the reserved EVSE.
    const res = (await cs.link.call('RequestStartTransaction', {
      idToken: { idToken: 'H02-TOKEN2', type: 'ISO14443' },
      evseId: 1,
      remoteStartId: 21,
    })) as Json;
    assert.equal(res.status, 'Rejected', 'Main B step 2: RequestStartTransactionResponse status Rejected');
    await quiescent(cs);
    // Main A passes when no charging follows: the other idToken authorizes nothing on this EVSE (H03.FR.01).
    const sent = cs.link.frames.slice(since).filter((f) => f.direction === 'station');
    const events = sent.filter((f) => f.action === 'TransactionEvent').map((f) => f.payload);
    assert.deepEqual(
      events.filter(
        (p) => (p.transactionInfo as Json).chargingState === 'Charging' || (p.idToken as Json | undefined)?.idToken === 'H02-TOKEN2',
      ),
      [],
      'Main A: no TransactionEventRequest with chargingState Charging, none authorized by the other idToken',
    );
    const statuses = sent.filter((f) => f.action === 'StatusNotification' && f.payload.evseId === 1).map((f) => f.payload.connectorStatus);
    assert.deepEqual(statuses, [], 'Main A: the Reserved connector reports no other status (G01.FR.09)');
    await cs.station.post('/api/evses/1/unplug', {});
    await quiescent(cs);
    await cancelled(cs, 20, 1);
  });

  it('TC_H_03_CS – Reserve a specific EVSE - Occupied - EVSE Reserved', async () => {
    await reserved(cs, 30, 'H03-TOKEN1', 1);
    const res = await reserveNow(cs, 31, 'H03-TOKEN2', { evseId: 1 });
    assert.equal(res.status, 'Occupied', 'step 2: ReserveNowResponse status Occupied');
    await cancelled(cs, 30, 1);
  });

  it('TC_H_04_CS – Reserve a specific EVSE - Occupied - EVSE Occupied', async () => {
    const tx = await charging(cs, 'H04-TOKEN1');
    const res = await reserveNow(cs, 40, 'H04-TOKEN2', { evseId: 1 });
    assert.equal(res.status, 'Occupied', 'step 2: ReserveNowResponse status Occupied');
    await sessionEnded(cs, 'H04-TOKEN1', tx);
  });

  it('TC_H_06_CS – Reserve a specific EVSE - Unavailable', async () => {
    await unavailable(cs, [[1, 1]], 1);
    const res = await reserveNow(cs, 60, 'H06-TOKEN2', { evseId: 1 });
    assert.equal(res.status, 'Unavailable', 'step 2: ReserveNowResponse status Unavailable');
    await operative(cs, 'after the case', [[1, 1]], { id: 1 });
  });

  it('TC_H_07_CS – Reserve a specific EVSE - Reservation Ended / not used', async () => {
    // Memory State: Reserved, with an expiry the tool then waits for (H04).
    const expiryDateTime = new Date(Date.now() + 2_000).toISOString();
    const res = (await cs.link.call('ReserveNow', {
      id: 70,
      evseId: 1,
      expiryDateTime,
      idToken: { idToken: 'H07-TOKEN1', type: 'ISO14443' },
    })) as Json;
    assert.equal(res.status, 'Accepted', 'Memory State Reserved: ReserveNowResponse status Accepted');
    await connectorReported(cs, 1, 'Reserved', 'Memory State Reserved');
    await connectorReported(cs, 1, 'Available', 'step 1');
    const update = await cs.link.next('ReservationStatusUpdate');
    assert.equal(update.reservationId, 70, 'step 3: ReservationStatusUpdateRequest reservationId');
    assert.equal(update.reservationUpdateStatus, 'Expired', 'step 3: ReservationStatusUpdateRequest reservationUpdateStatus Expired');
    const available = cs.link
      .received('StatusNotification')
      .filter((p) => p.evseId === 1)
      .at(-1);
    assert.equal(available?.connectorStatus, 'Available', 'step 1 before step 3 (H04.FR.02/03)');
    await sessionEnded(cs, 'H07-TOKEN2', await charging(cs, 'H07-TOKEN2'));
  });

  it('TC_H_22_CS – Reserve a specific EVSE - Configured to Reject', async () => {
    const set = async (value: string): Promise<void> => {
      const r = (await cs.link.call('SetVariables', {
        setVariableData: [{ component: { name: 'ReservationCtrlr' }, variable: { name: 'Enabled' }, attributeValue: value }],
      })) as { setVariableResult: Json[] };
      assert.equal(r.setVariableResult[0]!.attributeStatus, 'Accepted', `Configuration State: ReservationCtrlr.Enabled ${value}`);
    };
    await set('false');
    try {
      const res = await reserveNow(cs, 220, 'H22-TOKEN', { evseId: 1 });
      assert.equal(res.status, 'Rejected', 'step 2: ReserveNowResponse status Rejected');
    } finally {
      await set('true');
    }
  });

  it('TC_H_23_CS – Reserve a specific EVSE - Replace reservation', async () => {
    await reserved(cs, 230, 'H23-TOKEN1', 1);
    const res = await reserveNow(cs, 230, 'H23-TOKEN2', { evseId: 1 });
    assert.equal(res.status, 'Accepted', 'step 2: ReserveNowResponse status Accepted');
    // H01.FR.02: the reservation now holds the EVSE for the second idToken.
    await authorized(cs, 'H23-TOKEN2');
    await connectorReported(cs, 1, 'Available', 'step 3');
    const tx = txOf(await energyTransferStarted(cs, { plug: true }));
    usedReservation(cs, tx, 230, 'step 4');
    await sessionEnded(cs, 'H23-TOKEN2', tx);
  });

  it('TC_H_19_CS – Reserve a specific EVSE - Use a reserved EVSE with GroupId', async () => {
    await reserved(cs, 190, 'H19-TOKEN1', 1, { groupIdToken: { idToken: 'H19-GROUP', type: 'Central' } });
    // Another card of the same group (the CSMS's Authorize answer names it).
    await authorized(cs, 'H19-TOKEN2');
    await connectorReported(cs, 1, 'Available', 'step 3 (H03.FR.04/08)');
    const tx = txOf(await energyTransferStarted(cs, { plug: true }));
    usedReservation(cs, tx, 190, 'step 4 (H01.FR.15)');
    await sessionEnded(cs, 'H19-TOKEN2', tx);
  });

  it('TC_H_08_CS – Reserve an unspecified EVSE - Accepted', async () => {
    const res = await reserveNow(one, 80, 'H08-TOKEN');
    assert.equal(res.status, 'Accepted', 'step 2: ReserveNowResponse status Accepted');
    await connectorReported(one, 1, 'Reserved', 'step 3 (one EVSE: H01.FR.20)');
    await authorized(one, 'H08-TOKEN');
    await connectorReported(one, 1, 'Available', 'step 5');
    const tx = txOf(await energyTransferStarted(one, { plug: true }));
    usedReservation(one, tx, 80, 'step 6 (H01.FR.15)');
    await sessionEnded(one, 'H08-TOKEN', tx);
  });

  it('TC_H_09_CS – Reserve an unspecified EVSE - Occupied - EVSE Reserved', async () => {
    await reserved(cs, 90, 'H09-TOKEN1', 1);
    await reserved(cs, 91, 'H09-TOKEN2', 2);
    const res = await reserveNow(cs, 92, 'H09-TOKEN3');
    assert.equal(res.status, 'Occupied', 'step 2: ReserveNowResponse status Occupied');
    await cancelled(cs, 90, 1);
    await cancelled(cs, 91, 2);
  });

  it('TC_H_10_CS – Reserve an unspecified EVSE - Occupied - EVSE Occupied', async () => {
    const tx1 = await charging(cs, 'H10-TOKEN1', 1);
    const tx2 = await charging(cs, 'H10-TOKEN2', 2);
    const res = await reserveNow(cs, 100, 'H10-TOKEN3');
    assert.equal(res.status, 'Occupied', 'step 2: ReserveNowResponse status Occupied');
    await sessionEnded(cs, 'H10-TOKEN1', tx1, 1);
    await sessionEnded(cs, 'H10-TOKEN2', tx2, 2);
  });

  it('TC_H_12_CS – Reserve an unspecified EVSE - Unavailable', async () => {
    await unavailable(cs, allConnectors(2));
    const res = await reserveNow(cs, 120, 'H12-TOKEN');
    assert.equal(res.status, 'Unavailable', 'step 2: ReserveNowResponse status Unavailable');
    await operative(cs, 'after the case', allConnectors(2));
  });

  it('TC_H_14_CS – Reserve an unspecified EVSE - Amount of EVSEs available equals the amount of reservations', async () => {
    for (const [id, token] of [
      [140, 'H14-TOKEN1'],
      [141, 'H14-TOKEN2'],
    ] as const) {
      const res = await reserveNow(cs, id, token);
      assert.equal(res.status, 'Accepted', `step 2: ReserveNowResponse status Accepted (reservation ${id})`);
    }
    await connectorReported(cs, 1, 'Reserved', 'step 3');
    await connectorReported(cs, 2, 'Reserved', 'step 3');
    // H02.FR.06: one reservation fewer than EVSEs: none is held any more.
    await cancelled(cs, 140);
    await connectorReported(cs, 1, 'Available', 'after the case (H02.FR.06)');
    await connectorReported(cs, 2, 'Available', 'after the case (H02.FR.06)');
    await cancelled(cs, 141);
  });

  it('TC_H_24_CS – Reserve an unspecified EVSE - GroupIdToken', async () => {
    const res = await reserveNow(one, 240, 'H24-TOKEN1', { groupIdToken: { idToken: 'H24-GROUP', type: 'Central' } });
    assert.equal(res.status, 'Accepted', 'step 2: ReserveNowResponse status Accepted');
    await connectorReported(one, 1, 'Reserved', 'step 3');
    await authorized(one, 'H24-TOKEN2');
    await connectorReported(one, 1, 'Available', 'step 5 (H03.FR.06)');
    const tx = txOf(await energyTransferStarted(one, { plug: true }));
    usedReservation(one, tx, 240, 'step 6');
    await sessionEnded(one, 'H24-TOKEN2', tx);
  });

  it('TC_H_15_CS – Reserve a connector with a specific type - Success', async () => {
    const res = await reserveNow(one, 150, 'H15-TOKEN', { connectorType: 'cType2' });
    assert.equal(res.status, 'Accepted', 'step 2: ReserveNowResponse status Accepted');
    await connectorReported(one, 1, 'Reserved', 'step 3 (the only connector of the type: H01.FR.24)');
    await authorized(one, 'H15-TOKEN');
    await connectorReported(one, 1, 'Available', 'step 5');
    const tx = txOf(await energyTransferStarted(one, { plug: true }));
    usedReservation(one, tx, 150, 'step 6 (H01.FR.15)');
    await sessionEnded(one, 'H15-TOKEN', tx);
  });

  it('TC_H_16_CS – Reserve a connector with a specific type - Amount of available connectors of a type equals the amount of reservations', async () => {
    await reserved(one, 160, 'H16-TOKEN1', 1); // Configuration State: all EVSEs reserved
    const res = await reserveNow(one, 161, 'H16-TOKEN2', { connectorType: 'cType2' });
    assert.equal(res.status, 'Occupied', 'step 2: ReserveNowResponse status Occupied');
    await cancelled(one, 160, 1);
  });

  it('TC_H_17_CS – Cancel reservation of an EVSE - Success', async () => {
    await reserved(cs, 170, 'H17-TOKEN', 1);
    const res = (await cs.link.call('CancelReservation', { reservationId: 170 })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: CancelReservationResponse status Accepted');
    await connectorReported(cs, 1, 'Available', 'step 3 (H02.FR.04)');
    await quiescent(cs);
    assert.equal(
      cs.link.received('ReservationStatusUpdate').filter((p) => p.reservationId === 170).length,
      0,
      'no ReservationStatusUpdate for a cancelled reservation',
    );
  });

  it('TC_H_18_CS – Cancel reservation of an EVSE - Rejected', async () => {
    const res = (await cs.link.call('CancelReservation', { reservationId: 1 })) as Json;
    assert.equal(res.status, 'Rejected', 'step 2: CancelReservationResponse status Rejected');
  });

  it('TC_H_21_CS – Charging Station cancels reservation when Unavailable', async () => {
    await reserved(cs, 210, 'H21-TOKEN1', 1);
    await unavailable(cs, [[1, 1]], 1); // steps 1-3
    const update = await cs.link.next('ReservationStatusUpdate', (p) => p.reservationId === 210);
    assert.equal(update.reservationUpdateStatus, 'Removed', 'step 5: ReservationStatusUpdateRequest reservationUpdateStatus Removed');
    await operative(cs, 'step 9', [[1, 1]], { id: 1 }); // steps 7-9
    await sessionEnded(cs, 'H21-TOKEN2', await charging(cs, 'H21-TOKEN2'));
  });
});
