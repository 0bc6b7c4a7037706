// Part 6 block G (availability), charging-station cases, in Part 6 order, on one station with two
// EVSEs; each case starts from, and returns to, every connector Available.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { allConnectors, operative, powerCycled } from './support/availability.js';
import {
  authorized,
  type Booted,
  booted,
  energyTransferStarted,
  evConnectedPreSession,
  quiescent,
  stopAuthorizedRemote,
  unavailable,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const ALL = allConnectors(2);

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-G', evses: 2 });
});
after(async () => {
  await cs?.station.dispose();
  if (cs) rmSync(cs.station.dataDir, { recursive: true, force: true }); // G18 restarts it on the same directory
  await csms.close();
});

describe('Part 6 G – Availability', () => {
  it('TC_G_01_CS – Connector status Notification - Available to Occupied', async () => {
    await evConnectedPreSession(cs, 1);
  });

  it('TC_G_02_CS – Connector status Notification - Occupied to Available', async () => {
    await cs.station.post('/api/evses/1/unplug');
    const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
    assert.equal(s.connectorStatus, 'Available', 'step 3: StatusNotificationRequest connectorStatus Available');
  });

  it('TC_G_03_CS – Change Availability EVSE - Operative to inoperative', async () => {
    await unavailable(cs, [[1, 1]], 1);
  });

  it('TC_G_04_CS – Change Availability EVSE - Inoperative to operative', async () => {
    await operative(cs, 'EVSE 1', [[1, 1]], { id: 1 });
  });

  it('TC_G_05_CS – Change Availability Charging Station - Operative to inoperative', async () => {
    await unavailable(cs, ALL);
  });

  it('TC_G_06_CS – Change Availability Charging Station - Inoperative to operative', async () => {
    await operative(cs, 'charging station', ALL);
  });

  it('TC_G_07_CS – Change Availability Connector - Operative to inoperative', async () => {
    await unavailable(cs, [[1, 1]], 1, 1);
  });

  it('TC_G_08_CS – Change Availability Connector - Inoperative to operative', async () => {
    await operative(cs, 'connector 1 of EVSE 1', [[1, 1]], { id: 1, connectorId: 1 });
  });

  it('TC_G_09_CS – Change Availability EVSE - Operative to operative', async () => {
    const res = (await cs.link.call('ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: ChangeAvailabilityResponse status Accepted');
  });

  it('TC_G_10_CS – Change Availability EVSE - Inoperative to inoperative', async () => {
    await unavailable(cs, [[1, 1]], 1);
    const res = (await cs.link.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: ChangeAvailabilityResponse status Accepted');
    await operative(cs, 'after the case', [[1, 1]], { id: 1 });
  });

  it('TC_G_11_CS – Change Availability EVSE - With ongoing transaction', async () => {
    await evConnectedPreSession(cs, 1);
    await authorized(cs, 'G11TOKEN');
    const started = await energyTransferStarted(cs);
    const transactionId = String((started.transactionInfo as Json).transactionId);
    const res = (await cs.link.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } })) as Json;
    assert.equal(res.status, 'Scheduled', 'step 2: ChangeAvailabilityResponse status Scheduled');
    await stopAuthorizedRemote(cs, transactionId);
    await cs.station.post('/api/evses/1/unplug'); // EVConnectedPostSession, EVDisconnected
    const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Unavailable');
    assert.equal(s.connectorStatus, 'Unavailable', 'step 4/7/10: StatusNotificationRequest evse 1 Unavailable once the transaction ended');
    assert.ok(
      cs.link
        .received('TransactionEvent')
        .some((p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended'),
      'step 3: the transaction ended',
    );
    await operative(cs, 'after the case', [[1, 1]], { id: 1 });
  });

  it('TC_G_18_CS – Change Availability EVSE - state persists across reboot', async () => {
    await unavailable(cs, [[1, 1]], 1);
    // Step 5, Booted by power cycle: the same station (same data directory) starts again.
    cs = await powerCycled(cs, csms, 2);
    assert.equal(cs.boot.reason, 'PowerUp', 'step 5: Booted BootNotificationRequest reason PowerUp');
    const s1 = await cs.link.next('StatusNotification', (p) => p.evseId === 1);
    assert.equal(s1.connectorStatus, 'Unavailable', 'step 5: after booting StatusNotificationRequest evse 1 connectorStatus Unavailable');
    const s2 = await cs.link.next('StatusNotification', (p) => p.evseId === 2);
    assert.equal(s2.connectorStatus, 'Available', 'step 5: after booting StatusNotificationRequest evse 2 connectorStatus Available');
    await operative(cs, 'after the case', [[1, 1]], { id: 1 });
  });

  it('TC_G_20_CS – Connector status Notification - Lock Failure', async () => {
    const lock = { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } };
    const got = (await cs.link.call('GetVariables', { getVariableData: [{ component: lock, variable: { name: 'Problem' } }] })) as Json;
    const [problem] = got.getVariableResult as Json[];
    assert.equal(problem?.attributeStatus, 'Accepted', 'prerequisite: the ConnectorPlugRetentionLock component is in the device model');
    const since = cs.link.received('TransactionEvent').length;
    const earlier = new Set(cs.link.received('NotifyEvent'));
    // EVConnectedPreSession with the cable not fully plugged in, so that it cannot lock.
    await cs.station.post('/api/evses/1/plug', { lockFails: true });
    const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Occupied');
    assert.equal(s.connectorStatus, 'Occupied', 'EVConnectedPreSession step 1: StatusNotificationRequest connectorStatus Occupied');
    await authorized(cs, 'G20TOKEN');
    const n = await cs.link.next('NotifyEvent', (p) => !earlier.has(p));
    const event = (n.eventData as Json[])[0] ?? {};
    assert.equal(event.trigger, 'Delta', 'step 2: NotifyEventRequest eventData[0].trigger Delta');
    assert.equal((event.component as Json | undefined)?.name, 'ConnectorPlugRetentionLock', 'step 2: eventData[0].component.name');
    assert.equal((event.variable as Json | undefined)?.name, 'Problem', 'step 2: eventData[0].variable.name');
    assert.equal(event.actualValue, 'true', 'step 2: eventData[0].actualValue "true"');
    // Post scenario: the station states how the EVSE stands once the lock failed. A contactor closed
    // in spite of it would have the EV draw a moment later, reported as Charging.
    const tx = (p: Json): unknown => (p.transactionInfo as Json).transactionId;
    const first = await cs.link.next('TransactionEvent', (p) => (p.idToken as Json | undefined)?.idToken === 'G20TOKEN');
    const t = await cs.link.next('TransactionEvent', (p) => tx(p) === tx(first) && p.triggerReason === 'ChargingStateChanged');
    assert.equal(
      (t.transactionInfo as Json).chargingState,
      'SuspendedEVSE',
      'post scenario: the charging station did not start charging (chargingState SuspendedEVSE: no energy offered)',
    );
    await quiescent(cs);
    const charging = cs.link
      .received('TransactionEvent')
      .slice(since)
      .filter((p) => (p.transactionInfo as Json).chargingState === 'Charging');
    assert.deepEqual(charging, [], 'post scenario: no TransactionEventRequest with chargingState Charging');
    const state = await cs.station.get<{ evses: { id: number; meter: { powerW: number } }[] }>('/api/state');
    assert.equal(state.evses.find((e) => e.id === 1)?.meter.powerW, 0, 'post scenario: the charging station did not start charging');
    await cs.station.post('/api/evses/1/unplug');
    await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
