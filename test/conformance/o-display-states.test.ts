// Part 6 block O (display messages), messages that outlive a reboot (O01.FR.10) and messages
// limited to a state of the station (MessageInfo.state), in Part 6 order. The state cases share
// one station; what the display shows is read from the control API (GET /api/state
// `displayMessages`), and a fault of EVSE 1's hardware (POST /api/evses/1/fault) is the manual
// action that makes the station Faulted. The station has no parking bay sensor: ParkingBayOccupied
// and ParkingBayUnoccupied are empty.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  chargingSession,
  clearMessages,
  endSession,
  getMessages,
  message,
  SESSION_POINTS,
  setMessage,
  shown,
} from './support/display-messages.js';
import { type Booted, booted, unavailable } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-O-STATE', set: SESSION_POINTS });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

/** Steps `get`/`notify`: GetDisplayMessages for `id` Accepted, the NotifyDisplayMessagesRequest with the message of `state`. */
async function reportedWithState(id: number, state: string, get: number, notify: number): Promise<void> {
  const { status, messages } = await getMessages(cs, { id: [id] }, `step ${notify}`);
  assert.equal(status, 'Accepted', `step ${get}: GetDisplayMessagesResponse status Accepted`);
  assert.deepEqual(
    messages.map((m) => [m.id, m.state]),
    [[id, state]],
    `step ${notify}: NotifyDisplayMessagesRequest state ${state}`,
  );
}

describe('Part 6 O – Display messages over a reboot and per station state', () => {
  it('TC_O_20_CS – Set Display Message - Persistent over reboot', async () => {
    const first = await booted(csms, { id: 'CONF-O20' });
    let again: Booted | undefined;
    try {
      const info = message(2001, { priority: 'InFront' });
      assert.equal(await setMessage(first, info), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
      // Step 3: Reusable State Booted, by power cycle, on the same durable state.
      await first.station.kill();
      first.link.forget();
      again = await booted(csms, { id: 'CONF-O20', dataDir: first.station.dataDir });
      const { status, messages } = await getMessages(again, { id: [2001] }, 'step 6');
      assert.equal(status, 'Accepted', 'step 5: GetDisplayMessagesResponse status Accepted');
      const [m] = messages;
      assert.equal(m?.id, 2001, 'step 6: NotifyDisplayMessagesRequest id <Generated id>');
      assert.equal(m?.priority, 'InFront', 'step 6: NotifyDisplayMessagesRequest priority <Configured Priority>');
      assert.deepEqual(m?.message, info.message, 'step 6: NotifyDisplayMessagesRequest message.format and content as configured');
      assert.deepEqual(await shown(again), [2001], 'after step 3: the message is displayed again after the reboot');
      assert.deepEqual(first.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await (again ?? first).station.dispose();
    }
  });

  it('TC_O_36_CS – Set Display Message - State Charging', async () => {
    assert.equal(
      await setMessage(cs, message(3601, { state: 'Charging' })),
      'Accepted',
      'step 2: SetDisplayMessageResponse status Accepted',
    );
    assert.deepEqual(await shown(cs), [], 'step 2 note: the display message should NOT be displayed (not charging)');
    const transactionId = await chargingSession(cs, 'O36TOKEN');
    assert.deepEqual(await shown(cs), [3601], 'step 6 note: the display message should be displayed (charging)');
    await endSession(cs, 'O36TOKEN', transactionId, 'steps 7-10');
    assert.deepEqual(await shown(cs), [], 'step 10 note: the display message should NOT be displayed');
    await reportedWithState(3601, 'Charging', 12, 13);
    await clearMessages(cs, [3601]);
  });

  it('TC_O_37_CS – Set Display Message - State Idle', async () => {
    assert.equal(await setMessage(cs, message(3701, { state: 'Idle' })), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [3701], 'step 2 note: the display message should be displayed (idle)');
    const transactionId = await chargingSession(cs, 'O37TOKEN');
    assert.deepEqual(await shown(cs), [], 'step 6 note: the display message should NOT be displayed (charging)');
    await endSession(cs, 'O37TOKEN', transactionId, 'steps 7-10');
    assert.deepEqual(await shown(cs), [3701], 'step 10 note: the display message should be displayed');
    await reportedWithState(3701, 'Idle', 12, 13);
    await clearMessages(cs, [3701]);
  });

  it('TC_O_38_CS – Set Display Message - State Unavailable', async () => {
    assert.equal(
      await setMessage(cs, message(3801, { state: 'Unavailable' })),
      'Accepted',
      'step 2: SetDisplayMessageResponse status Accepted',
    );
    assert.deepEqual(await shown(cs), [], 'step 2 note: the display message should NOT be displayed');
    await unavailable(cs, [[1, 1]]);
    assert.deepEqual(await shown(cs), [3801], 'step 3 note: the display message should be displayed (Unavailable)');
    const res = (await cs.link.call('ChangeAvailability', { operationalStatus: 'Operative' })) as Json;
    assert.equal(res.status, 'Accepted', 'step 5: ChangeAvailabilityResponse status Accepted');
    const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1 && p.connectorStatus === 'Available');
    assert.equal(s.connectorStatus, 'Available', 'step 6: StatusNotificationRequest connectorStatus Available');
    assert.deepEqual(await shown(cs), [], 'step 7 note: the display message should NOT be displayed');
    await reportedWithState(3801, 'Unavailable', 9, 10);
    await clearMessages(cs, [3801]);
  });

  it('TC_O_39_CS – Set Display Message - State Faulted', async () => {
    const info = message(3901, {
      state: 'Faulted',
      message: { format: 'UTF8', language: 'en', content: 'This charging station is faulted' },
    });
    assert.equal(await setMessage(cs, info), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [], 'step 2 note: the display message should NOT be displayed');
    // Manual action: the station to state Faulted (a fault of EVSE 1's hardware, control API).
    cs.link.forget(); // what earlier cases left unread
    await cs.station.post('/api/evses/1/fault', { faulted: true });
    const faulted = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
    assert.match(
      String(faulted.connectorStatus),
      /^(Faulted|Unavailable)$/,
      'step 3 (errata): StatusNotificationRequest connectorStatus Faulted or Unavailable',
    );
    assert.deepEqual(await shown(cs), [3901], 'step 4 note: the display message should be displayed now');
    // Manual action: the station back to state Available.
    await cs.station.post('/api/evses/1/fault', { faulted: false });
    const available = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorId === 1);
    assert.equal(available.connectorStatus, 'Available', 'step 5 (errata): StatusNotificationRequest connectorStatus Available');
    assert.deepEqual(await shown(cs), [], 'step 6 note: the display message should NOT be displayed anymore');
    await reportedWithState(3901, 'Faulted', 8, 9);
    await clearMessages(cs, [3901]);
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
