// O. DisplayMessage over the real device model and SQLite store (in memory), on a fake clock;
// transactions and connector states are faked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeClock } from '../../clock/fake-clock.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { ConnectorStatusEnumType, MessageInfoType, NotifyDisplayMessagesRequest } from '../../generated/ocpp201/index.js';
import type { StationEvents } from '../../kernel/events.js';
import type { Database } from '../../store/database.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { DisplayMessages, PERSONAL_MESSAGE_MS, type DisplayMessagesDeps } from './display-messages.js';
import { notifyParts } from './get-display-messages.js';
import { decideSet, type SetRules } from './set-display-message.js';

const msg = (id: number, extra: Partial<MessageInfoType> = {}): MessageInfoType => ({
  id,
  priority: 'NormalCycle',
  message: { format: 'UTF8', language: 'en', content: `message ${id}` },
  ...extra,
});

interface Harness {
  dm: DeviceModel;
  db: Database;
  clock: FakeClock;
  events: StationEvents;
  messages: DisplayMessages;
  /** Ongoing transactions: id → EVSE, chargingState. */
  transactions: Map<string, { evseId: number; chargingState: string }>;
  status: { value: ConnectorStatusEnumType };
  notified: NotifyDisplayMessagesRequest[];
  changes: () => number;
  restart(): DisplayMessages;
}

function harness(options: { db?: Database; deps?: Partial<DisplayMessagesDeps>; overrides?: Record<string, string> } = {}): Harness {
  const notified: NotifyDisplayMessagesRequest[] = [];
  const { ctx, db, dm, clock, events } = makeBlockContext({
    id: 'CS-O',
    evses: 1,
    ...(options.db ? { db: options.db } : {}),
    overrides: options.overrides ?? {},
    call: async (action: string, payload: NotifyDisplayMessagesRequest) => {
      assert.equal(action, 'NotifyDisplayMessages');
      notified.push(payload);
      return {};
    },
  });
  let changed = 0;
  events.on('changed', () => changed++);
  const transactions = new Map<string, { evseId: number; chargingState: string }>();
  const status = { value: 'Available' as ConnectorStatusEnumType };
  const make = (): DisplayMessages =>
    new DisplayMessages(ctx, {
      db,
      transactions: {
        evseOf: (id) => transactions.get(id)?.evseId,
        view: (evseId) => {
          const entry = [...transactions.entries()].find(([, t]) => t.evseId === evseId);
          return entry ? ({ evseId, transactionId: entry[0], chargingState: entry[1].chargingState } as never) : null;
        },
      },
      connectors: { list: () => [{ evseId: 1, connectorId: 1, status: status.value, reported: undefined }] },
      ...options.deps,
    });
  const h: Harness = {
    dm,
    db: db.db,
    clock,
    events,
    messages: make(),
    transactions,
    status,
    notified,
    changes: () => changed,
    restart: () => {
      h.messages.stop();
      h.messages = make();
      return h.messages;
    },
  };
  return h;
}

const ids = (h: Harness): (number | null)[] => h.messages.shown().map((m) => m.id);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('O01/O02 SetDisplayMessage decisions', () => {
  const rules = (extra: Partial<SetRules> = {}): SetRules => ({
    enabled: true,
    priorities: ['AlwaysFront', 'InFront', 'NormalCycle'],
    formats: ['ASCII', 'UTF8'],
    states: ['Charging', 'Idle'],
    maxMessages: 3,
    stored: [],
    transactionOngoing: (id) => id === 'TX-1',
    ...extra,
  });

  it('a message.id above 2^53 (allowed by the schema, reached SQLite as a datatype mismatch above 2^63): Rejected InvalidValue', () => {
    for (const id of [2 ** 53, 2 ** 63, -(2 ** 64)]) {
      const decision = decideSet(msg(id), rules());
      assert.deepEqual([decision.status, decision.statusInfo?.reasonCode], ['Rejected', 'InvalidValue'], `id ${id}`);
    }
    assert.equal(decideSet(msg(2 ** 53 - 1), rules()).status, 'Accepted');
  });

  it('O01.FR.01 / O02.FR.03 – an unsupported priority is NotSupportedPriority', () => {
    assert.equal(decideSet(msg(1, { priority: 'AlwaysFront' }), rules({ priorities: ['NormalCycle'] })).status, 'NotSupportedPriority');
    assert.equal(
      decideSet(msg(1, { transactionId: 'TX-1', priority: 'InFront' }), rules({ priorities: ['NormalCycle'] })).status,
      'NotSupportedPriority',
    );
  });

  it('O01.FR.02 / O02.FR.04 – an unsupported state is NotSupportedState', () => {
    assert.equal(decideSet(msg(1, { state: 'Faulted' }), rules()).status, 'NotSupportedState');
    assert.equal(decideSet(msg(1, { state: 'Unavailable', transactionId: 'TX-1' }), rules()).status, 'NotSupportedState');
    assert.equal(decideSet(msg(1, { state: 'Idle' }), rules()).status, 'Accepted');
  });

  it('O01.FR.03 / O02.FR.05 – an unsupported format is NotSupportedMessageFormat', () => {
    assert.equal(decideSet(msg(1, { message: { format: 'HTML', content: '<b>x</b>' } }), rules()).status, 'NotSupportedMessageFormat');
    assert.equal(
      decideSet(msg(1, { transactionId: 'TX-1', message: { format: 'URI', content: 'https://x' } }), rules()).status,
      'NotSupportedMessageFormat',
    );
  });

  it('O02.FR.01 – a transactionId that is not ongoing is UnknownTransaction', () => {
    assert.equal(decideSet(msg(1, { transactionId: 'TX-2' }), rules()).status, 'UnknownTransaction');
    assert.equal(decideSet(msg(1, { transactionId: 'TX-1' }), rules()).status, 'Accepted');
  });

  it('O01.FR.11 / O02.FR.11 – more than maxLimit messages after the request is Rejected; O06.FR.01 – a replaced id counts once', () => {
    const stored = [msg(1), msg(2), msg(3)];
    assert.equal(decideSet(msg(4), rules({ stored })).status, 'Rejected');
    assert.equal(decideSet(msg(4, { transactionId: 'TX-1' }), rules({ stored })).status, 'Rejected');
    assert.equal(decideSet(msg(3, { message: { format: 'ASCII', content: 'new' } }), rules({ stored })).status, 'Accepted');
  });

  it('O01.FR.16 / O02.FR.18 – a new AlwaysFront replaces the AlwaysFront already set on the same display', () => {
    const stored = [
      msg(1, { priority: 'AlwaysFront' }),
      msg(2),
      msg(3, { priority: 'AlwaysFront', display: { name: 'Display', instance: 'rear' } }),
    ];
    const decision = decideSet(msg(4, { priority: 'AlwaysFront' }), rules({ stored }));
    assert.deepEqual(decision, { status: 'Accepted', replacing: [1] });
  });

  it('DisplayMessageCtrlr.Enabled false: Rejected', () => {
    assert.equal(decideSet(msg(1), rules({ enabled: false })).status, 'Rejected');
  });
});

describe('O03/O04 NotifyDisplayMessages parts', () => {
  it('O03.FR.03-05 / O04.FR.04-06 – split over parts, tbc on all but the last, the requestId on each', () => {
    const parts = notifyParts(
      42,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => msg(id)),
      { maxItems: 4, maxBytes: 65_000 },
    );
    assert.deepEqual(
      parts.map((p) => p.messageInfo?.map((m) => m.id)),
      [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10],
      ],
    );
    assert.deepEqual(
      parts.map((p) => p.tbc),
      [true, true, undefined],
    );
    assert.ok(parts.every((p) => p.requestId === 42));
  });

  it('O03.FR.03 – a byte limit splits too; a message larger than the limit goes alone', () => {
    const big = msg(2, { message: { format: 'ASCII', content: 'x'.repeat(500) } });
    const parts = notifyParts(1, [msg(1), big, msg(3)], { maxItems: 10, maxBytes: 400 });
    assert.deepEqual(
      parts.map((p) => p.messageInfo?.map((m) => m.id)),
      [[1], [2], [3]],
    );
  });
});

describe('O DisplayMessages block', () => {
  it('O01.FR.10 – messages survive a restart; DisplayMessageCtrlr.DisplayMessages counts them', () => {
    const h = harness();
    assert.equal(h.messages.set(msg(1)).status, 'Accepted');
    assert.equal(h.messages.set(msg(2, { priority: 'InFront' })).status, 'Accepted');
    assert.equal(h.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 2);
    h.restart();
    assert.deepEqual(
      h.messages.find({ requestId: 1 }).map((m) => m.id),
      [1, 2],
    );
    assert.deepEqual(ids(h), [2, 1]);
  });

  it('O06.FR.01 – a message with the same id replaces the stored one with all its parameters', () => {
    const h = harness();
    h.messages.set(msg(1, { priority: 'InFront', state: 'Idle' }));
    h.messages.set(msg(1, { message: { format: 'ASCII', content: 'replaced' } }));
    const [shown] = h.messages.shown();
    assert.equal(shown?.message.content, 'replaced');
    assert.equal(shown?.priority, 'NormalCycle');
    assert.equal(shown?.state, null);
    assert.equal(h.messages.find({ requestId: 1 }).length, 1);
  });

  it('O01.FR.06 / O01.FR.07 – not shown before startDateTime; removed after endDateTime', () => {
    const h = harness();
    const now = h.clock.now();
    h.messages.set(msg(1, { startDateTime: iso(now + 60_000), endDateTime: iso(now + 120_000) }));
    assert.deepEqual(ids(h), []);
    assert.equal(h.messages.find({ requestId: 1 }).length, 1, 'configured though not yet shown');
    const before = h.changes();
    h.clock.advance(60_000);
    assert.ok(h.changes() > before, 'the dashboard is told when the message starts');
    assert.deepEqual(ids(h), [1]);
    h.clock.advance(60_000);
    assert.deepEqual(ids(h), []);
    assert.equal(h.messages.find({ requestId: 1 }).length, 0);
    assert.equal(h.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 0);
  });

  it('O01.FR.12-15 – AlwaysFront alone; else InFront before NormalCycle; O01.FR.16 – the newest AlwaysFront replaces the old', () => {
    const h = harness();
    h.messages.set(msg(1));
    h.messages.set(msg(2, { priority: 'InFront' }));
    h.messages.set(msg(3, { priority: 'InFront' }));
    assert.deepEqual(ids(h), [2, 3, 1]);
    h.messages.set(msg(4, { priority: 'AlwaysFront' }));
    assert.deepEqual(ids(h), [4]);
    h.messages.set(msg(5, { priority: 'AlwaysFront' }));
    assert.deepEqual(ids(h), [5]);
    assert.deepEqual(h.messages.find({ requestId: 1, id: [4] }), [], 'the replaced AlwaysFront is gone');
  });

  it('O02 – a transaction message is shown while it runs; O02.FR.02 – removed when the transaction ends', () => {
    const h = harness();
    assert.equal(h.messages.set(msg(1, { transactionId: 'TX-9' })).status, 'UnknownTransaction');
    h.transactions.set('TX-9', { evseId: 1, chargingState: 'Charging' });
    assert.equal(h.messages.set(msg(1, { transactionId: 'TX-9' })).status, 'Accepted');
    assert.deepEqual(ids(h), [1]);
    h.transactions.delete('TX-9');
    h.events.emit('evseTransaction', { evseId: 1, active: false });
    assert.equal(h.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 0);
    assert.deepEqual(h.messages.find({ requestId: 1 }), []);
  });

  it('MessageInfo.state – shown only while the station is in that state', () => {
    const h = harness();
    h.messages.set(msg(1, { state: 'Faulted' }));
    h.messages.set(msg(2, { state: 'Idle' }));
    h.messages.set(msg(3, { state: 'Charging' }));
    h.messages.set(msg(4, { state: 'Unavailable' }));
    assert.deepEqual(ids(h), [2]);
    h.status.value = 'Faulted';
    assert.deepEqual(ids(h), [1]);
    h.status.value = 'Unavailable';
    assert.deepEqual(ids(h), [4]);
    h.status.value = 'Occupied';
    h.transactions.set('TX-1', { evseId: 1, chargingState: 'Charging' });
    assert.deepEqual(ids(h), [3]);
  });

  it('O01.FR.02 – a state the display does not support is NotSupportedState', () => {
    const h = harness({ deps: { supportedStates: ['Idle'] } });
    assert.equal(h.messages.set(msg(1, { state: 'Charging' })).status, 'NotSupportedState');
    assert.equal(h.messages.set(msg(1, { state: 'Idle' })).status, 'Accepted');
  });

  it('O01.FR.03 / O02.FR.05 – the display shows text: HTML and URI messages are NotSupportedMessageFormat by default', () => {
    const h = harness();
    assert.deepEqual(h.dm.getList(DM.DisplayMessageCtrlr.SupportedFormats), ['ASCII', 'UTF8']);
    assert.equal(h.messages.set(msg(1, { message: { format: 'HTML', content: '<b>x</b>' } })).status, 'NotSupportedMessageFormat');
    assert.equal(h.messages.set(msg(2, { message: { format: 'URI', content: 'https://x' } })).status, 'NotSupportedMessageFormat');
    assert.equal(h.messages.set(msg(3, { message: { format: 'ASCII', content: 'ok' } })).status, 'Accepted');
    assert.equal(h.messages.set(msg(4)).status, 'Accepted');
  });
  it('O01.FR.01 / O01.FR.03 – supported priorities and formats come from DisplayMessageCtrlr', () => {
    const h = harness({
      overrides: { [DM.DisplayMessageCtrlr.SupportedPriorities]: 'NormalCycle', [DM.DisplayMessageCtrlr.SupportedFormats]: 'ASCII' },
    });
    assert.equal(h.messages.set(msg(1, { priority: 'InFront' })).status, 'NotSupportedPriority');
    assert.equal(h.messages.set(msg(1)).status, 'NotSupportedMessageFormat');
    assert.equal(h.messages.set(msg(1, { message: { format: 'ASCII', content: 'ok' } })).status, 'Accepted');
  });

  it('O01.FR.11 – the 11th message is Rejected at maxLimit 10', () => {
    const h = harness();
    for (let id = 1; id <= 10; id++) assert.equal(h.messages.set(msg(id)).status, 'Accepted');
    const answer = h.messages.set(msg(11));
    assert.equal(answer.status, 'Rejected');
    assert.equal(answer.statusInfo?.reasonCode, 'OutOfStorage');
  });

  it('O05.FR.01 – clearing a configured message; O05.FR.02 – an unknown id', () => {
    const h = harness();
    h.messages.set(msg(7));
    assert.equal(h.messages.clear(7), true);
    assert.equal(h.messages.clear(7), false);
    assert.deepEqual(ids(h), []);
  });

  it('O03.FR.01/06, O04.FR.01/02 – which configured messages a GetDisplayMessagesRequest matches', () => {
    const h = harness();
    assert.deepEqual(h.messages.find({ requestId: 1 }), []);
    h.messages.set(msg(3, { priority: 'InFront', state: 'Idle' }));
    h.messages.set(msg(1));
    assert.deepEqual(
      h.messages.find({ requestId: 1 }).map((m) => m.id),
      [1, 3],
    );
    assert.deepEqual(
      h.messages.find({ requestId: 1, id: [3, 8] }).map((m) => m.id),
      [3],
    );
    assert.deepEqual(
      h.messages.find({ requestId: 1, priority: 'NormalCycle' }).map((m) => m.id),
      [1],
    );
    assert.deepEqual(
      h.messages.find({ requestId: 1, state: 'Idle' }).map((m) => m.id),
      [3],
    );
    assert.deepEqual(h.messages.find({ requestId: 1, state: 'Charging' }), []);
  });

  it('O03.FR.02 – notify sends the parts with the requestId', async () => {
    const h = harness({ deps: { notifyLimits: { maxItems: 2, maxBytes: 65_000 } } });
    for (const id of [1, 2, 3]) h.messages.set(msg(id));
    await h.messages.notify(5, h.messages.find({ requestId: 5 }));
    assert.deepEqual(
      h.notified.map((n) => [n.requestId, n.tbc, n.messageInfo?.map((m) => m.id)]),
      [
        [5, true, [1, 2]],
        [5, undefined, [3]],
      ],
    );
  });

  it('personal message – shown for a short time, cut to PersonalMessageSize, and not over an AlwaysFront message', () => {
    const h = harness({ overrides: { [DM.DisplayMessageCtrlr.PersonalMessageSize]: '5' } });
    h.messages.set(msg(1));
    h.events.emit('personalMessage', {
      idToken: { idToken: 'A', type: 'ISO14443' },
      message: { format: 'UTF8', language: 'nl', content: 'Hallo Ada' },
      evseId: 1,
    });
    const [personal] = h.messages.shown();
    assert.deepEqual(personal, {
      id: null,
      source: 'personal',
      priority: 'InFront',
      state: null,
      message: { content: 'Hallo', language: 'nl', format: 'UTF8' },
      evseId: 1,
    });
    assert.deepEqual(ids(h), [null, 1]);
    h.messages.set(msg(2, { priority: 'AlwaysFront' }));
    assert.deepEqual(ids(h), [2]);
    h.messages.clear(2);
    assert.deepEqual(ids(h), [null, 1]);
    h.clock.advance(PERSONAL_MESSAGE_MS);
    assert.deepEqual(ids(h), [1]);
  });

  it("C01.FR.08/09 – of a message given in several languages, the display shows the one in the driver's language1, else language2", () => {
    const h = harness();
    const inLanguage = (id: number, language: string): MessageInfoType =>
      msg(id, { message: { format: 'UTF8', language, content: `message ${id} (${language})` } });
    h.messages.set(inLanguage(1, 'en'));
    h.messages.set(inLanguage(2, 'de'));
    h.messages.set(inLanguage(3, 'nl'));
    h.messages.set(msg(4, { priority: 'InFront', message: { format: 'UTF8', content: 'no language' } }));
    assert.deepEqual(ids(h), [4, 1, 2, 3], 'no driver on the display: every language');
    const driver = (language1: string, language2?: string): void =>
      h.events.emit('personalMessage', {
        idToken: { idToken: 'A', type: 'ISO14443' },
        message: { format: 'UTF8', content: 'Hallo Ada' },
        language1,
        ...(language2 ? { language2 } : {}),
        evseId: 1,
      });
    driver('DE', 'en');
    assert.deepEqual(ids(h), [null, 4, 2], 'language1 (case-insensitive), beside the message without a language');
    driver('fr', 'nl');
    assert.deepEqual(ids(h), [null, 4, 3], 'no message in language1: language2');
    driver('fr', 'es');
    assert.deepEqual(ids(h), [null, 4, 1, 2, 3], "none in the driver's languages: every language");
    h.clock.advance(PERSONAL_MESSAGE_MS);
    assert.deepEqual(ids(h), [4, 1, 2, 3], 'the driver has left');
  });

  it('DisplayMessageCtrlr.Enabled false: nothing configured is shown and SetDisplayMessage is Rejected', () => {
    const h = harness();
    h.messages.set(msg(1));
    h.dm.set(DM.DisplayMessageCtrlr.Enabled, 'false');
    assert.deepEqual(ids(h), []);
    assert.equal(h.messages.set(msg(2)).status, 'Rejected');
  });
});
