// Part 6 block G (availability), charging-station cases TC_G_12..TC_G_21: changes to the state the
// station or a connector is already in, and availability that persists across a power loss. One
// station with two EVSEs; each case starts from, and returns to, every connector Available.
// TC_G_14_CS and TC_G_17_CS (a change during a transaction) fail today: failing/g-availability-changes.case.ts.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { allConnectors, everyConnectorReported, operative, powerCycled } from './support/availability.js';
import { type Booted, booted, quiescent, unavailable } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
const EVSES = 2;
const ALL = allConnectors(EVSES);

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-G-CHANGES', evses: EVSES });
});
after(async () => {
  await cs?.station.dispose();
  if (cs) rmSync(cs.station.dataDir, { recursive: true, force: true }); // G19/G21 restart it on the same directory
  await csms.close();
});
// Each case sees only what the station sends from its start.
beforeEach(async () => {
  await quiescent(cs);
  cs.link.forget();
});

async function changeAvailability(operationalStatus: string, evse?: Json): Promise<Json> {
  return (await cs.link.call('ChangeAvailability', evse ? { operationalStatus, evse } : { operationalStatus })) as Json;
}

/** Booting step 6: SecurityEventNotificationRequest type StartupOfTheDevice or ResetOrReboot. */
async function securityEventAfterBoot(): Promise<void> {
  const e = await cs.link.next('SecurityEventNotification');
  assert.match(
    String(e.type),
    /^(StartupOfTheDevice|ResetOrReboot)$/,
    'step 6: SecurityEventNotificationRequest type StartupOfTheDevice or ResetOrReboot',
  );
}

describe('Part 6 G – Availability changes', () => {
  it('TC_G_12_CS – Change Availability Charging Station - Operative to operative', async () => {
    const res = await changeAvailability('Operative');
    assert.equal(res.status, 'Accepted', 'step 2: ChangeAvailabilityResponse status Accepted');
    // Post scenario: the station reports the state of every connector after a request for the
    // whole station (G04.FR.05), here the state they are in.
    for (const [e, c] of ALL) {
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === e && p.connectorId === c);
      assert.equal(
        s.connectorStatus,
        'Available',
        `post scenario: StatusNotificationRequest evse ${e} connector ${c} connectorStatus Available`,
      );
    }
  });

  it('TC_G_13_CS – Change Availability Charging Station - Inoperative to inoperative', async () => {
    await unavailable(cs, ALL);
    const res = await changeAvailability('Inoperative');
    assert.equal(res.status, 'Accepted', 'step 2: ChangeAvailabilityResponse status Accepted');
    for (const [e, c] of ALL) {
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === e && p.connectorId === c);
      assert.equal(
        s.connectorStatus,
        'Unavailable',
        `step 3: StatusNotificationRequest evse ${e} connector ${c} connectorStatus Unavailable`,
      );
    }
    everyConnectorReported(cs, ALL);
    await operative(cs, 'after the case', ALL);
  });

  it('TC_G_15_CS – Change Availability Connector - Operative to operative', async () => {
    const res = await changeAvailability('Operative', { id: 1, connectorId: 1 });
    assert.equal(res.status, 'Accepted', 'step 2: ChangeAvailabilityResponse status Accepted');
    everyConnectorReported(cs, ALL);
  });

  it('TC_G_16_CS – Change Availability Connector - Inoperative to inoperative', async () => {
    await unavailable(cs, [[1, 1]], 1, 1);
    const res = await changeAvailability('Inoperative', { id: 1, connectorId: 1 });
    assert.equal(res.status, 'Accepted', 'step 2: ChangeAvailabilityResponse status Accepted');
    everyConnectorReported(cs, ALL);
    await operative(cs, 'after the case', [[1, 1]], { id: 1, connectorId: 1 });
  });

  it('TC_G_19_CS – Change Availability Connector - state persists across reboot', async () => {
    await unavailable(cs, [[1, 1]], 1, 1);
    cs = await powerCycled(cs, csms, EVSES); // steps 1-3, Booting: a power loss
    for (const [e, c] of ALL) {
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === e && p.connectorId === c);
      const expected = e === 1 ? 'Unavailable' : 'Available';
      assert.equal(s.connectorStatus, expected, `step 4: StatusNotificationRequest evse ${e} connector ${c} connectorStatus ${expected}`);
    }
    await securityEventAfterBoot();
    everyConnectorReported(cs, ALL);
    await operative(cs, 'after the case', [[1, 1]], { id: 1, connectorId: 1 });
  });

  it('TC_G_21_CS – Change Availability Charging Station - state persists across reboot', async () => {
    await unavailable(cs, ALL);
    cs = await powerCycled(cs, csms, EVSES); // steps 1-3, Booting: a power loss
    for (const [e, c] of ALL) {
      const s = await cs.link.next('StatusNotification', (p) => p.evseId === e && p.connectorId === c);
      assert.equal(
        s.connectorStatus,
        'Unavailable',
        `step 4: StatusNotificationRequest evse ${e} connector ${c} connectorStatus Unavailable`,
      );
    }
    await securityEventAfterBoot();
    everyConnectorReported(cs, ALL);
    await operative(cs, 'after the case', ALL);
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
