// Part 6 block G, a ChangeAvailability during a transaction (TC_G_14_CS, TC_G_17_CS): Scheduled, and
// the connector reports Unavailable after the TransactionEvent(Ended) whose end makes it so. Each
// case on its own station with two EVSEs, concurrently; the transaction runs on EVSE 1
// with the default TxStopPoint (EVConnected, Authorized): StopAuthorized ends it, so the Part 6 steps
// after EVConnectedPostSession and EVDisconnected ("only if the previous step ended the transaction")
// do not apply.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allConnectors, everyConnectorReported } from './support/availability.js';
import {
  authorized,
  type Booted,
  booted,
  energyTransferStarted,
  evConnectedPreSession,
  quiescent,
  stopAuthorizedRemote,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());
const ALL = allConnectors(2);

/** A station with two EVSEs in EnergyTransferStarted on EVSE 1 (EVConnectedPreSession, Authorized). */
async function chargingOnEvse1(id: string): Promise<{ cs: Booted; transactionId: string }> {
  const cs = await booted(csms, { id, evses: 2 });
  await evConnectedPreSession(cs, 1);
  await authorized(cs, `${id}-TOKEN`);
  const started = await energyTransferStarted(cs);
  return { cs, transactionId: String((started.transactionInfo as Json).transactionId) };
}

/**
 * StopAuthorized (remote) ends the transaction; then connector 1 of EVSE 1 reports Unavailable,
 * and not before the Ended event. EVDisconnected follows (the cable is unplugged), which changes
 * nothing: the connector stays Unavailable.
 */
async function stopThenUnavailable(cs: Booted, transactionId: string, step: string): Promise<void> {
  const stop = await stopAuthorizedRemote(cs, transactionId);
  assert.equal(
    stop.eventType,
    'Ended',
    `${step}: the StopAuthorized TransactionEventRequest ends the transaction (TxStopPoint Authorized)`,
  );
  const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1 && p.connectorStatus === 'Unavailable');
  assert.equal(s.connectorStatus, 'Unavailable', `${step}: StatusNotificationRequest evse 1 connector 1 Unavailable`);
  const frames = cs.link.frames;
  const endedAt = frames.findIndex((f) => f.action === 'TransactionEvent' && f.payload === stop);
  const unavailableAt = frames.findIndex((f) => f.action === 'StatusNotification' && f.payload === s);
  assert.ok(endedAt < unavailableAt, `${step}: evse 1 becomes Unavailable only once its transaction ended (after the Ended event)`);
  await cs.station.post('/api/evses/1/unplug');
  await quiescent(cs);
  const later = frames.slice(unavailableAt + 1).filter((f) => f.action === 'StatusNotification' && f.payload.evseId === 1);
  assert.deepEqual(later, [], 'EVDisconnected: the connector stays Unavailable, nothing more is reported for it');
}

describe('Part 6 G – Availability changes during a transaction', { concurrency: true }, () => {
  it('TC_G_14_CS – Change Availability Charging Station - With ongoing transaction', async () => {
    const { cs, transactionId } = await chargingOnEvse1('CONF-G14');
    try {
      const res = (await cs.link.call('ChangeAvailability', { operationalStatus: 'Inoperative' })) as Json;
      assert.equal(res.status, 'Scheduled', 'step 2: ChangeAvailabilityResponse status Scheduled');
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === 2);
      assert.equal(
        s.connectorStatus,
        'Unavailable',
        'step 3: StatusNotificationRequest evse 2 (no transaction) connectorStatus Unavailable',
      );
      assert.notEqual(s.connectorId, 0, 'step 3: StatusNotificationRequest connectorId not 0');
      await stopThenUnavailable(cs, transactionId, 'step 5/6');
      everyConnectorReported(cs, ALL);
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_G_17_CS – Change Availability Connector - With ongoing transaction', async () => {
    const { cs, transactionId } = await chargingOnEvse1('CONF-G17');
    try {
      const res = (await cs.link.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } })) as Json;
      assert.equal(res.status, 'Scheduled', 'step 2: ChangeAvailabilityResponse status Scheduled');
      await stopThenUnavailable(cs, transactionId, 'step 3/4');
      everyConnectorReported(cs, ALL);
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
