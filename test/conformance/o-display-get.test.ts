// Part 6 block O (display messages), getting and clearing the configured messages (O03, O04,
// O05), in Part 6 order, on one station; each case removes what it set, so that the next one
// starts with no message configured.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clearMessages, getMessages, message, messageSet } from './support/display-messages.js';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-O-GET' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

const ids = (messages: Json[]): number[] => messages.map((m) => Number(m.id)).sort((a, b) => a - b);

describe('Part 6 O – Get and clear display messages', () => {
  it('TC_O_02_CS – Get all Display Messages - Success', async () => {
    await messageSet(cs, message(201));
    await messageSet(cs, message(202, { priority: 'InFront' }));
    const { status, messages } = await getMessages(cs, {}, 'step 3');
    assert.equal(status, 'Accepted', 'step 2: GetDisplayMessagesResponse status Accepted');
    assert.deepEqual(ids(messages), [201, 202], 'post scenario: all messages have been received');
    await clearMessages(cs, [201, 202]);
  });

  it('TC_O_03_CS – Get all Display Messages - No DisplayMessages configured', async () => {
    const { status } = await getMessages(cs, {}, 'step 3');
    assert.equal(status, 'Unknown', 'step 2: GetDisplayMessagesResponse status Unknown');
  });

  it('TC_O_04_CS – Clear Display Message - Success', async () => {
    await messageSet(cs, message(401));
    const res = (await cs.link.call('ClearDisplayMessage', { id: 401 })) as Json;
    assert.equal(res.status, 'Accepted', 'step 2: ClearDisplayMessageResponse status Accepted');
    const { status } = await getMessages(cs, { id: [401] }, 'step 5');
    assert.equal(status, 'Unknown', 'step 4: GetDisplayMessagesResponse status must be Unknown');
  });

  it('TC_O_05_CS – Clear Display Message - Unknown Key', async () => {
    const res = (await cs.link.call('ClearDisplayMessage', { id: 501 })) as Json;
    assert.equal(res.status, 'Unknown', 'step 2: ClearDisplayMessageResponse status Unknown');
  });

  it('TC_O_07_CS – Get a Specific Display Message - Id', async () => {
    await messageSet(cs, message(701));
    await messageSet(cs, message(702));
    const { status, messages } = await getMessages(cs, { id: [701] }, 'step 3');
    assert.equal(status, 'Accepted', 'step 2: GetDisplayMessagesResponse status Accepted');
    assert.deepEqual(ids(messages), [701], 'post scenario: all messages have been received (the one with that id)');
    await clearMessages(cs, [701, 702]);
  });

  it('TC_O_08_CS – Get a Specific Display Message - Priority', async () => {
    await messageSet(cs, message(801, { priority: 'InFront' }));
    await messageSet(cs, message(802, { priority: 'InFront' }));
    await messageSet(cs, message(803, { priority: 'NormalCycle' }));
    const { status, messages } = await getMessages(cs, { priority: 'InFront' }, 'step 3');
    assert.equal(status, 'Accepted', 'step 2: GetDisplayMessagesResponse status Accepted');
    assert.deepEqual(ids(messages), [801, 802], 'post scenario: all messages have been received (those of that priority)');
    assert.ok(
      messages.every((m) => m.priority === 'InFront'),
      'step 3: NotifyDisplayMessagesRequest messageInfo priority InFront',
    );
    await clearMessages(cs, [801, 802, 803]);
  });

  it('TC_O_09_CS – Get a Specific Display Message - State', async () => {
    await messageSet(cs, message(901, { state: 'Charging' }));
    await messageSet(cs, message(902, { state: 'Idle' }));
    await messageSet(cs, message(903));
    const { status, messages } = await getMessages(cs, { state: 'Charging' }, 'step 3');
    assert.equal(status, 'Accepted', 'step 2: GetDisplayMessagesResponse status Accepted');
    assert.deepEqual(ids(messages), [901], 'post scenario: all messages have been received (those of that state)');
    assert.equal(messages[0]?.state, 'Charging', 'step 3: NotifyDisplayMessagesRequest messageInfo state Charging');
    await clearMessages(cs, [901, 902, 903]);
  });

  it('TC_O_11_CS – Get a Specific Display Message - Unknown parameters', async () => {
    await messageSet(cs, message(1101));
    const { status } = await getMessages(cs, { id: [1102] }, 'step 3');
    assert.equal(status, 'Unknown', 'step 2: GetDisplayMessagesResponse status Unknown');
    await clearMessages(cs, [1101]);
  });

  it('TC_O_33_CS – Get a Specific Display Message - No DisplayMessages configured', async () => {
    const { status } = await getMessages(cs, { id: [3301] }, 'step 3');
    assert.equal(status, 'Unknown', 'step 2: GetDisplayMessagesResponse status Unknown');
  });

  it('TC_O_34_CS – Get a Specific Display Message - Known Id, but not matching State', async () => {
    await messageSet(cs, message(3401, { state: 'Charging' }));
    const { status } = await getMessages(cs, { id: [3401], state: 'Idle' }, 'step 3');
    assert.equal(status, 'Unknown', 'step 2: GetDisplayMessagesResponse status Unknown');
    await clearMessages(cs, [3401]);
  });

  it('TC_O_35_CS – Get a Specific Display Message - Known Id, but not matching Priority', async () => {
    // Part 6 step 1 says "state <Configured display_message_2priority>": the priority is meant.
    await messageSet(cs, message(3501, { priority: 'InFront' }));
    const { status } = await getMessages(cs, { id: [3501], priority: 'NormalCycle' }, 'step 3');
    assert.equal(status, 'Unknown', 'step 2: GetDisplayMessagesResponse status Unknown');
    await clearMessages(cs, [3501]);
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
