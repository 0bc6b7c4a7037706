// Part 6 block O (display messages), setting messages (O01, O06) with the errata 2025-06
// (configurable display, start/end as an offset from now), in Part 6 order, on one station.
// Where Part 6 notes what the display shows, the case reads it from the control API
// (GET /api/state `displayMessages`, what the display shows now, in display order). Each case
// removes what it set.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clearMessages, getMessages, message, messageSet, setMessage, shown, untilShown } from './support/display-messages.js';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
/** <Configured Start/End Date Time Offset> (errata 2025-06), ms. */
const OFFSET_MS = 3_000;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-O-SET' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const content = (m: Json | undefined): unknown => (m?.message as Json | undefined)?.content;

describe('Part 6 O – Set display messages', () => {
  it('TC_O_01_CS – Set Display Message - Success', async () => {
    const info = message(101, { priority: 'NormalCycle' });
    assert.equal(await setMessage(cs, info), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [101], 'step 2 note: the display message is displayed as configured');
    const { status, messages } = await getMessages(cs, { id: [101] }, 'step 5');
    assert.equal(status, 'Accepted', 'step 4: GetDisplayMessagesResponse status Accepted');
    assert.equal(messages.length, 1, 'step 5: NotifyDisplayMessagesRequest with the message');
    const [m] = messages;
    assert.equal(m?.id, 101, 'step 5: NotifyDisplayMessagesRequest id <Generated id>');
    assert.equal(m?.priority, 'NormalCycle', 'step 5: NotifyDisplayMessagesRequest priority <Configured Priority>');
    assert.equal(
      (m?.message as Json | undefined)?.format,
      'UTF8',
      'step 5: NotifyDisplayMessagesRequest message.format <Configured format>',
    );
    assert.equal(content(m), content(info), 'step 5: NotifyDisplayMessagesRequest message.content <Configured content>');
    await clearMessages(cs, [101]);
  });

  it('TC_O_12_CS – Set Display Message - Replace DisplayMessage', async () => {
    await messageSet(cs, message(1201, { priority: 'InFront', state: 'Idle' }));
    const replacement = message(1201, { message: { format: 'ASCII', language: 'en', content: 'Replaced message' } });
    assert.equal(await setMessage(cs, replacement), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    const [now] = (await cs.station.get<{ displayMessages: Json[] }>('/api/state')).displayMessages;
    assert.equal(content(now), 'Replaced message', 'step 2 note: the display message is replaced by a new one');
    const { messages } = await getMessages(cs, { id: [1201] }, 'step 2 note');
    assert.deepEqual(
      messages.map((m) => [m.priority, m.state, content(m)]),
      [['NormalCycle', undefined, 'Replaced message']],
      'step 2 note: every parameter replaced (O06.FR.01), one message with the id',
    );
    await clearMessages(cs, [1201]);
  });

  it('TC_O_13_CS – Set Display Message - Display message atStartTime', async () => {
    const start = Date.now() + OFFSET_MS;
    const info = message(1301, { startDateTime: new Date(start).toISOString() });
    assert.equal(await setMessage(cs, info), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [], 'step 2: the display message is not displayed before its startDateTime (O01.FR.06)');
    const { status, messages } = await getMessages(cs, { id: [1301] }, 'step 5');
    assert.equal(status, 'Accepted', 'step 4: GetDisplayMessagesResponse status Accepted');
    assert.ok(messages[0]?.startDateTime !== undefined, 'step 5: NotifyDisplayMessagesRequest startDateTime should not be omitted');
    const at = await untilShown(cs, (ids) => ids.includes(1301), 'step 6 note: the display message is displayed after the offset');
    assert.ok(at >= start, `step 6 note: displayed at its startDateTime, not before (${start - at} ms early)`);
    await clearMessages(cs, [1301]);
  });

  it('TC_O_14_CS – Set Display Message - Remove message after EndTime', async () => {
    const end = Date.now() + OFFSET_MS;
    const info = message(1401, { endDateTime: new Date(end).toISOString() });
    assert.equal(await setMessage(cs, info), 'Accepted', 'step 2: SetDisplayMessageResponse status Accepted');
    assert.deepEqual(await shown(cs), [1401], 'step 6 note: the display message is displayed');
    const { status, messages } = await getMessages(cs, { id: [1401] }, 'step 5');
    assert.equal(status, 'Accepted', 'step 4: GetDisplayMessagesResponse status Accepted');
    assert.ok(messages[0]?.endDateTime !== undefined, 'step 5: NotifyDisplayMessagesRequest endDateTime should not be omitted');
    const at = await untilShown(cs, (ids) => !ids.includes(1401), 'step 6 note: the display message is removed after the offset');
    assert.ok(at >= end, `step 6 note: removed at its endDateTime, not before (${end - at} ms early)`);
    const after = await getMessages(cs, { id: [1401] }, 'step 9');
    assert.equal(after.status, 'Unknown', 'step 8: GetDisplayMessagesResponse status Unknown');
  });

  it('TC_O_19_CS – Set Display Message - NotSupportedMessageFormat', async () => {
    // UI-2.2 (HTML) is not declared: the station's display shows plain text.
    const info = message(1901, { message: { format: 'HTML', language: 'en', content: '<b>Conformance</b>' } });
    assert.equal(
      await setMessage(cs, info),
      'NotSupportedMessageFormat',
      'step 2: SetDisplayMessageResponse status NotSupportedMessageFormat',
    );
    assert.deepEqual(await shown(cs), [], 'step 2: the message is not displayed');
  });

  it('TC_O_22_CS – Set Display Message - Multiple In front priority', async () => {
    await messageSet(cs, message(2200, { priority: 'NormalCycle' }));
    assert.equal(
      await setMessage(cs, message(2201, { priority: 'InFront' })),
      'Accepted',
      'step 2: SetDisplayMessageResponse status Accepted',
    );
    assert.equal(
      await setMessage(cs, message(2202, { priority: 'InFront' })),
      'Accepted',
      'step 4: SetDisplayMessageResponse status Accepted',
    );
    for (const [id, steps] of [
      [2201, [6, 7]],
      [2202, [10, 11]],
    ] as const) {
      const { status, messages } = await getMessages(cs, { id: [id] }, `step ${steps[1]}`);
      assert.equal(status, 'Accepted', `step ${steps[0]}: GetDisplayMessagesResponse status Accepted`);
      assert.deepEqual(
        messages.map((m) => [m.id, m.priority]),
        [[id, 'InFront']],
        `step ${steps[1]}: NotifyDisplayMessagesRequest with the message`,
      );
    }
    assert.deepEqual(
      await shown(cs),
      [2201, 2202, 2200],
      'step 12 note: both InFront messages are displayed (cycled, O01.FR.14), before the normal cycle (O01.FR.13)',
    );
    await clearMessages(cs, [2200, 2201, 2202]);
  });

  it('TC_O_24_CS – Set Display Message - Second Alwaysfront priority', async () => {
    await messageSet(cs, message(2400, { priority: 'InFront' }));
    assert.equal(
      await setMessage(cs, message(2401, { priority: 'AlwaysFront' })),
      'Accepted',
      'step 2: SetDisplayMessageResponse status Accepted',
    );
    assert.deepEqual(await shown(cs), [2401], 'step 2 note: the AlwaysFront message is displayed alone (O01.FR.15)');
    assert.equal(
      await setMessage(cs, message(2402, { priority: 'AlwaysFront' })),
      'Accepted',
      'step 4: SetDisplayMessageResponse status Accepted',
    );
    const first = await getMessages(cs, { id: [2401] }, 'step 7');
    assert.equal(first.status, 'Unknown', 'step 6 (errata 2025-06): GetDisplayMessagesResponse for the first message status Unknown');
    const second = await getMessages(cs, { id: [2402] }, 'step 7');
    assert.equal(second.status, 'Accepted', 'step 6 (errata 2025-06): GetDisplayMessagesResponse for the second message status Accepted');
    assert.deepEqual(
      second.messages.map((m) => [m.id, m.priority]),
      [[2402, 'AlwaysFront']],
      'step 7: NotifyDisplayMessagesRequest with the second message',
    );
    assert.deepEqual(
      await shown(cs),
      [2402],
      'step 8 note: the first message is not displayed anymore, replaced by the second (O01.FR.16)',
    );
    await clearMessages(cs, [2400, 2402]);
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
