// Part 6 block O (display messages), messages of a transaction (O02), in Part 6 order, on one
// station, one charging session per case. What the display shows is read from the control API
// (GET /api/state `displayMessages`). The station has no parking bay sensor: ParkingBayOccupied
// and ParkingBayUnoccupied are empty.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  chargingSession,
  endSession,
  getMessages,
  message,
  SESSION_POINTS,
  setMessage,
  shown,
  shownMessages,
  untilShown,
} from './support/display-messages.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession } from './support/states.js';
import { txOf } from './support/stop-authorized.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
/** <Configured Start/End Date Time Offset> (errata 2025-06), ms. */
const OFFSET_MS = 3_000;
/** TC_O_15: the idToken whose preferred language the CSMS knows, and that language. */
const LANGUAGE_TOKEN = 'O15LANGUAGE';
const LANGUAGE = 'de';

before(async () => {
  await csms.listen();
  csms.link('CONF-O-TX').answers.set('Authorize', (p) => ({
    idTokenInfo: { status: 'Accepted', ...((p.idToken as Json).idToken === LANGUAGE_TOKEN ? { language1: LANGUAGE } : {}) },
  }));
  cs = await booted(csms, { id: 'CONF-O-TX', set: SESSION_POINTS });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const content = (m: Json | undefined): unknown => (m?.message as Json | undefined)?.content;

describe('Part 6 O – Display messages of a transaction', () => {
  it('TC_O_06_CS – Set Display Message - Specific transaction - Success', async () => {
    const transactionId = await chargingSession(cs, 'O06TOKEN');
    const status = await setMessage(cs, message(601, { transactionId }));
    assert.equal(status, 'Accepted', 'step 1: SetDisplayMessageResponse status must be Accepted');
    assert.deepEqual(await shown(cs), [601], 'step 2 note: the display message is displayed as configured');
    await endSession(cs, 'O06TOKEN', transactionId, 'steps 3-6');
    assert.deepEqual(await shown(cs), [], 'step 6 note: the display message is not displayed anymore (O02.FR.02)');
    const after = await getMessages(cs, { id: [601] }, 'step 9');
    assert.equal(after.status, 'Unknown', 'step 8: GetDisplayMessagesResponse status must be Unknown');
  });

  it('TC_O_10_CS – Set Display Message - Specific transaction - UnknownTransaction', async () => {
    const status = await setMessage(cs, message(1001, { transactionId: 'O10-NO-SUCH-TRANSACTION' }));
    assert.equal(status, 'UnknownTransaction', 'step 2: SetDisplayMessageResponse status UnknownTransaction');
  });

  it('TC_O_15_CS – Set Display Message - Language preference of the EV Driver', async () => {
    await evConnectedPreSession(cs, 1);
    const a = await authorized(cs, LANGUAGE_TOKEN);
    assert.equal(
      (a.idToken as Json).idToken,
      LANGUAGE_TOKEN,
      'step 1: AuthorizeRequest idToken.idToken <Configured valid_idtoken_idtoken>',
    );
    assert.equal((a.idToken as Json).type, 'ISO14443', 'step 1: AuthorizeRequest idToken.type <Configured valid_idtoken_type>');
    const transactionId = txOf(await energyTransferStarted(cs));
    const info = message(1501, { message: { format: 'UTF8', language: LANGUAGE, content: 'Willkommen' } });
    assert.equal(await setMessage(cs, info), 'Accepted', 'step 5: SetDisplayMessageResponse status Accepted');
    const [m] = await shownMessages(cs);
    assert.deepEqual(
      [m?.id, (m?.message as Json | undefined)?.language],
      [1501, LANGUAGE],
      'step 5 note: the display message is displayed in the preferred language of the idToken',
    );
    await endSession(cs, LANGUAGE_TOKEN, transactionId, 'after the case');
    await cs.link.call('ClearDisplayMessage', { id: 1501 });
  });

  it('TC_O_27_CS – Set Display Message - Specific transaction - Display message atStartTime', async () => {
    const transactionId = await chargingSession(cs, 'O27TOKEN');
    // Part 6 step 1 gives no transactionId; a message of the transaction is meant (the case's title, step 8).
    const start = Date.now() + OFFSET_MS;
    const status = await setMessage(cs, message(2701, { transactionId, startDateTime: new Date(start).toISOString() }));
    assert.equal(status, 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [], 'step 2 note: the display message is not yet displayed (O02.FR.06)');
    const at = await untilShown(cs, (ids) => ids.includes(2701), 'step 2 note: the display message is displayed after the offset');
    assert.ok(at >= start, `step 2 note: displayed at its startDateTime, not before (${start - at} ms early)`);
    await endSession(cs, 'O27TOKEN', transactionId, 'steps 3-6');
    assert.deepEqual(await shown(cs), [], 'step 6 note: the display message is not displayed anymore');
    const after = await getMessages(cs, { id: [2701] }, 'step 9');
    assert.equal(after.status, 'Unknown', 'step 8: GetDisplayMessagesResponse status Unknown');
  });

  it('TC_O_28_CS – Set Display Message - Specific transaction - Remove message after EndTime', async () => {
    const transactionId = await chargingSession(cs, 'O28TOKEN');
    const end = Date.now() + OFFSET_MS;
    const status = await setMessage(cs, message(2801, { transactionId, endDateTime: new Date(end).toISOString() }));
    assert.equal(status, 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [2801], 'step 2 note: the display message should be displayed');
    const at = await untilShown(cs, (ids) => !ids.includes(2801), 'step 2 note: not displayed anymore after the offset');
    assert.ok(at >= end, `step 2 note: removed at its endDateTime, not before (${end - at} ms early)`);
    const after = await getMessages(cs, { id: [2801] }, 'step 5');
    assert.equal(after.status, 'Unknown', 'step 4: GetDisplayMessagesResponse status Unknown (O02.FR.07)');
    await endSession(cs, 'O28TOKEN', transactionId, 'after the case');
  });

  it('TC_O_30_CS – Set Display Message - Specific transaction - Multiple In front priority', async () => {
    const transactionId = await chargingSession(cs, 'O30TOKEN');
    const first = message(3001, { transactionId, priority: 'InFront' });
    const second = message(3002, {
      transactionId,
      priority: 'InFront',
      message: { format: 'UTF8', language: 'en', content: `${String(content(first))} 2` },
    });
    assert.equal(await setMessage(cs, first), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.equal(await setMessage(cs, second), 'Accepted', 'step 4: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [3001, 3002], 'step 4 note: the display messages are displayed as configured (cycled, O02.FR.16)');
    for (const [info, steps] of [
      [first, [6, 7]],
      [second, [10, 11]],
    ] as const) {
      const { status, messages } = await getMessages(cs, { id: [info.id] }, `step ${steps[1]}`);
      assert.equal(status, 'Accepted', `step ${steps[0]}: GetDisplayMessagesResponse status Accepted`);
      const [m] = messages;
      assert.equal(m?.transactionId, transactionId, `step ${steps[1]}: NotifyDisplayMessagesRequest transactionId`);
      assert.equal(m?.priority, 'InFront', `step ${steps[1]}: NotifyDisplayMessagesRequest priority InFront`);
      assert.equal(content(m), content(info), `step ${steps[1]}: NotifyDisplayMessagesRequest message content <Configured message>`);
    }
    await endSession(cs, 'O30TOKEN', transactionId, 'steps 13-16');
    assert.deepEqual(await shown(cs), [], 'step 16 note: the display messages are not displayed anymore');
    assert.equal(
      (await getMessages(cs, { id: [3001] }, 'step 18')).status,
      'Unknown',
      'step 18: GetDisplayMessagesResponse status Unknown',
    );
    assert.equal(
      (await getMessages(cs, { id: [3002] }, 'step 20')).status,
      'Unknown',
      'step 20: GetDisplayMessagesResponse status Unknown',
    );
  });

  it('TC_O_32_CS – Set Display Message - Specific transaction - Second Alwaysfront priority', async () => {
    const transactionId = await chargingSession(cs, 'O32TOKEN');
    await cs.link.call('SetDisplayMessage', { message: message(3200, { priority: 'InFront' }) });
    const second = message(3202, {
      transactionId,
      priority: 'AlwaysFront',
      message: { format: 'UTF8', language: 'en', content: 'Conformance message 2' },
    });
    assert.equal(
      await setMessage(cs, message(3201, { transactionId, priority: 'AlwaysFront' })),
      'Accepted',
      'step 2: SetDisplayMessageResponse status Accepted',
    );
    assert.deepEqual(await shown(cs), [3201], 'step 2 note (errata 2025-02): display message 1 is shown (alone, O02.FR.17)');
    assert.equal(await setMessage(cs, second), 'Accepted', 'step 4: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(
      await shown(cs),
      [3202],
      'step 4 note (errata 2025-02): message 1 is not displayed anymore, message 2 is shown (O02.FR.18)',
    );
    assert.equal((await getMessages(cs, { id: [3201] }, 'step 6')).status, 'Unknown', 'step 6: GetDisplayMessagesResponse status Unknown');
    const { status, messages } = await getMessages(cs, { id: [3202] }, 'step 9');
    assert.equal(status, 'Accepted', 'step 8: GetDisplayMessagesResponse status Accepted');
    const [m] = messages;
    assert.equal(m?.transactionId, transactionId, 'step 9: NotifyDisplayMessagesRequest transactionId');
    assert.equal(m?.priority, 'AlwaysFront', 'step 9: NotifyDisplayMessagesRequest priority AlwaysFront');
    assert.equal(content(m), content(second), 'step 9: NotifyDisplayMessagesRequest message content with "2"');
    await endSession(cs, 'O32TOKEN', transactionId, 'steps 11-14');
    assert.deepEqual(await shown(cs), [3200], 'step 14 note (errata 2025-02): display message 2 is not displayed anymore');
    assert.equal(
      (await getMessages(cs, { id: [3202] }, 'step 16')).status,
      'Unknown',
      'step 16: GetDisplayMessagesResponse status Unknown',
    );
    await cs.link.call('ClearDisplayMessage', { id: 3200 });
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
