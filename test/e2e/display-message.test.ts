// O01-O06 DisplayMessage against the local CSMS over a real WebSocket: a station over simulated
// hardware sets, replaces, reports and clears display messages; what the display shows is read
// from the snapshot and, through the control API, from GET /api/state.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ControlApi } from '../../src/control/http-api.js';
import type { DisplayMessageSnapshot } from '../../src/control/control-target.js';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { MessageInfoType, NotifyDisplayMessagesRequest } from '../../src/generated/ocpp201/index.js';
import { PERSONAL_MESSAGE_MS } from '../../src/blocks/display-message/index.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { openDatabase } from '../../src/store/database.js';
import { makeTestRuntime } from '../support/test-runtime.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const notifies = (id: string): NotifyDisplayMessagesRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'NotifyDisplayMessages').map((r) => r.request as NotifyDisplayMessagesRequest);

async function started(id: string, overrides: Record<string, string> = {}, db = openDatabase(':memory:')): Promise<TestStation> {
  const t = makeTestStation({ id, csmsUrl: csms.url, overrides, db });
  t.station.start();
  await waitFor(() => t.snapshot().registration === 'Accepted', `${id} accepted`);
  await quiet(t);
  return t;
}

const msg = (id: number, extra: Partial<MessageInfoType> = {}): MessageInfoType => ({
  id,
  priority: 'NormalCycle',
  message: { format: 'UTF8', language: 'en', content: `Message ${id}` },
  ...extra,
});
const set = (id: string, message: MessageInfoType) => csms.call(id, 'SetDisplayMessage', { message });
const shownIds = (t: TestStation): (number | null)[] => (t.snapshot().displayMessages as DisplayMessageSnapshot[]).map((m) => m.id);
const iso = (ms: number): string => new Date(ms).toISOString();

async function withStation(id: string, body: (t: TestStation) => Promise<void>, overrides: Record<string, string> = {}): Promise<void> {
  const t = await started(id, overrides);
  try {
    await body(t);
  } finally {
    await t.stop();
  }
}

describe('O01 Set DisplayMessage', () => {
  it('O01 – Accepted and shown at once; the snapshot carries id, priority, state and the message content/language/format', () =>
    withStation('O01-A', async (t) => {
      assert.deepEqual(
        await set('O01-A', msg(1, { priority: 'InFront', message: { format: 'ASCII', language: 'en-US', content: 'Welcome' } })),
        { status: 'Accepted' },
      );
      assert.deepEqual(t.snapshot().displayMessages, [
        { id: 1, source: 'csms', priority: 'InFront', state: null, message: { content: 'Welcome', language: 'en-US', format: 'ASCII' } },
      ]);
    }));

  it('O01.FR.01 – NotSupportedPriority; O01.FR.03 – NotSupportedMessageFormat', () =>
    withStation(
      'O01-B',
      async (t) => {
        assert.equal((await set('O01-B', msg(1, { priority: 'AlwaysFront' }))).status, 'NotSupportedPriority');
        assert.equal(
          (await set('O01-B', msg(2, { message: { format: 'HTML', content: '<b>hi</b>' } }))).status,
          'NotSupportedMessageFormat',
        );
        assert.deepEqual(shownIds(t), []);
        assert.equal((await csms.call('O01-B', 'GetDisplayMessages', { requestId: 1 })).status, 'Unknown');
      },
      { [DM.DisplayMessageCtrlr.SupportedPriorities]: 'InFront,NormalCycle', [DM.DisplayMessageCtrlr.SupportedFormats]: 'ASCII,UTF8' },
    ));

  it('O01.FR.06 – not shown before startDateTime; O01.FR.07 – removed after endDateTime', () =>
    withStation('O01-C', async (t) => {
      const now = t.station.now().getTime();
      await set('O01-C', msg(1, { startDateTime: iso(now + 60_000), endDateTime: iso(now + 120_000) }));
      assert.deepEqual(shownIds(t), []);
      assert.equal(
        (await csms.call('O01-C', 'GetDisplayMessages', { requestId: 1, id: [1] })).status,
        'Accepted',
        'configured, not yet shown',
      );
      t.clock.advance(60_000);
      assert.deepEqual(shownIds(t), [1]);
      t.clock.advance(60_000);
      assert.deepEqual(shownIds(t), []);
      assert.equal((await csms.call('O01-C', 'GetDisplayMessages', { requestId: 2, id: [1] })).status, 'Unknown');
      assert.equal(t.station.ctx.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 0);
    }));

  it('O01.FR.10 – messages survive a reboot of the station', async () => {
    const db = openDatabase(':memory:');
    const first = await started('O01-D', {}, db);
    try {
      await set('O01-D', msg(5, { priority: 'InFront' }));
    } finally {
      await first.station.stop();
      first.hardware.close();
    }
    const second = await started('O01-D', {}, db);
    try {
      assert.deepEqual(shownIds(second), [5]);
      assert.equal(second.station.ctx.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 1);
    } finally {
      await second.stop();
    }
  });

  it('O01.FR.11 – Rejected when the messages would exceed NumberOfDisplayMessages maxLimit', () =>
    withStation('O01-E', async (t) => {
      for (let id = 1; id <= 10; id++) assert.equal((await set('O01-E', msg(id))).status, 'Accepted');
      assert.equal((await set('O01-E', msg(11))).status, 'Rejected');
      assert.equal(
        (await set('O01-E', msg(10, { message: { format: 'UTF8', content: 'still fits' } }))).status,
        'Accepted',
        'O06: a replacement fits',
      );
      assert.equal(t.station.ctx.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 10);
    }));

  it('O01.FR.12-15 – AlwaysFront alone, InFront before NormalCycle; O01.FR.16 – a second AlwaysFront replaces the first', () =>
    withStation('O01-F', async (t) => {
      await set('O01-F', msg(1));
      await set('O01-F', msg(2, { priority: 'InFront' }));
      assert.deepEqual(shownIds(t), [2, 1]);
      await set('O01-F', msg(3, { priority: 'AlwaysFront' }));
      assert.deepEqual(shownIds(t), [3]);
      assert.equal((await set('O01-F', msg(4, { priority: 'AlwaysFront' }))).status, 'Accepted');
      assert.deepEqual(shownIds(t), [4]);
      assert.equal((await csms.call('O01-F', 'GetDisplayMessages', { requestId: 7, id: [3] })).status, 'Unknown');
      assert.equal((await csms.call('O01-F', 'GetDisplayMessages', { requestId: 8, id: [4] })).status, 'Accepted');
    }));

  it('MessageInfo.state Faulted – shown only while the station is faulted', () =>
    withStation('O01-G', async (t) => {
      await set('O01-G', msg(1, { state: 'Faulted' }));
      assert.deepEqual(shownIds(t), []);
      t.hardware.setFault(1, true);
      await waitFor(() => shownIds(t).includes(1), 'shown while Faulted');
      t.hardware.setFault(1, false);
      await waitFor(() => shownIds(t).length === 0, 'hidden again');
    }));
});

describe('O02 Set DisplayMessage for transaction', () => {
  it('O02.FR.01 – UnknownTransaction; shown during the transaction; O02.FR.02 – removed when it ends', () =>
    withStation('O02-A', async (t) => {
      assert.equal((await set('O02-A', msg(1, { transactionId: 'no-such-tx' }))).status, 'UnknownTransaction');
      t.hardware.plug(1);
      await quiet(t);
      t.hardware.presentToken('CARD-O2');
      const txId = await waitFor(() => t.snapshot().evses[0]?.transaction?.id, 'transaction');
      assert.equal((await set('O02-A', msg(2, { transactionId: txId, priority: 'InFront' }))).status, 'Accepted');
      const [shown] = t.snapshot().displayMessages as DisplayMessageSnapshot[];
      assert.equal(shown?.id, 2);
      assert.equal(shown?.transactionId, txId);
      t.hardware.presentToken('CARD-O2');
      await waitFor(() => t.snapshot().evses[0]?.transaction === null, 'transaction ended');
      await waitFor(() => shownIds(t).length === 0, 'message removed');
      assert.equal((await csms.call('O02-A', 'GetDisplayMessages', { requestId: 1, id: [2] })).status, 'Unknown');
    }));
});

describe('O03/O04 Get DisplayMessages', () => {
  it('O03.FR.06 – Unknown when no message is configured, and no NotifyDisplayMessages', () =>
    withStation('O03-A', async (t) => {
      assert.deepEqual(await csms.call('O03-A', 'GetDisplayMessages', { requestId: 1 }), { status: 'Unknown' });
      await quiet(t);
      assert.equal(notifies('O03-A').length, 0);
    }));

  it('O03.FR.01-05 – Accepted, then every message in NotifyDisplayMessages parts with tbc and the same requestId, after the answer', () =>
    withStation('O03-B', async () => {
      for (let id = 1; id <= 10; id++) await set('O03-B', msg(id, { priority: id % 2 ? 'InFront' : 'NormalCycle' }));
      assert.deepEqual(await csms.call('O03-B', 'GetDisplayMessages', { requestId: 77 }), { status: 'Accepted' });
      await waitFor(() => notifies('O03-B').some((n) => !n.tbc), 'the last part');
      const parts = notifies('O03-B');
      assert.ok(parts.length > 1, 'O03.FR.03 – split');
      assert.deepEqual(
        parts.map((p) => p.tbc === true),
        [...parts.slice(1).map(() => true), false],
        'O03.FR.04',
      );
      assert.ok(
        parts.every((p) => p.requestId === 77),
        'O03.FR.05',
      );
      assert.deepEqual(
        parts.flatMap((p) => p.messageInfo ?? []).map((m) => m.id),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        'O03.FR.02',
      );
      assert.deepEqual(parts[0]?.messageInfo?.[0], msg(1, { priority: 'InFront' }));
      // The answer went out before the first part.
      const frames = csms.store.frames('O03-B') ?? [];
      const get = frames.find((f) => f.direction === 'out' && f.text.includes('"GetDisplayMessages"'));
      const getId = (JSON.parse(get!.text) as [number, string])[1];
      const answer = frames.findIndex((f) => f.direction === 'in' && f.text.startsWith(`[3,${JSON.stringify(getId)}`));
      const firstPart = frames.findIndex((f) => f.direction === 'in' && f.text.includes('"NotifyDisplayMessages"'));
      assert.ok(answer >= 0 && firstPart > answer, 'NotifyDisplayMessages after the GetDisplayMessagesResponse');
    }));

  it('O04.FR.01/03/06 – Accepted for matching id, priority or state, only those are notified; O04.FR.02 – Unknown when none match', () =>
    withStation('O04-A', async () => {
      await set('O04-A', msg(1));
      await set('O04-A', msg(2, { priority: 'InFront', state: 'Idle' }));
      await set('O04-A', msg(3, { priority: 'InFront' }));
      assert.equal((await csms.call('O04-A', 'GetDisplayMessages', { requestId: 10, id: [2, 99] })).status, 'Accepted');
      assert.equal((await csms.call('O04-A', 'GetDisplayMessages', { requestId: 11, priority: 'InFront' })).status, 'Accepted');
      assert.equal(
        (await csms.call('O04-A', 'GetDisplayMessages', { requestId: 12, state: 'Idle', priority: 'InFront' })).status,
        'Accepted',
      );
      assert.equal((await csms.call('O04-A', 'GetDisplayMessages', { requestId: 13, id: [99] })).status, 'Unknown');
      assert.equal((await csms.call('O04-A', 'GetDisplayMessages', { requestId: 14, state: 'Charging' })).status, 'Unknown');
      await waitFor(() => [10, 11, 12].every((r) => notifies('O04-A').some((n) => n.requestId === r)), 'the notifications');
      const idsOf = (requestId: number) =>
        notifies('O04-A')
          .filter((n) => n.requestId === requestId)
          .flatMap((n) => n.messageInfo ?? [])
          .map((m) => m.id);
      assert.deepEqual(idsOf(10), [2]);
      assert.deepEqual(idsOf(11), [2, 3]);
      assert.deepEqual(idsOf(12), [2]);
      assert.ok(!notifies('O04-A').some((n) => n.requestId === 13 || n.requestId === 14));
    }));
});

describe('O05 Clear a DisplayMessage', () => {
  it('O05.FR.01 – Accepted and removed; O05.FR.02 – Unknown for an id not configured', () =>
    withStation('O05-A', async (t) => {
      await set('O05-A', msg(4));
      assert.deepEqual(await csms.call('O05-A', 'ClearDisplayMessage', { id: 4 }), { status: 'Accepted' });
      assert.deepEqual(shownIds(t), []);
      assert.deepEqual(await csms.call('O05-A', 'ClearDisplayMessage', { id: 4 }), { status: 'Unknown' });
    }));
});

describe('O06 Replace DisplayMessage', () => {
  it('O06.FR.01 – the same id replaces the message with all its new parameters, Accepted', () =>
    withStation('O06-A', async (t) => {
      await set('O06-A', msg(1, { priority: 'InFront', state: 'Idle' }));
      assert.equal((await set('O06-A', msg(1, { message: { format: 'UTF8', language: 'de', content: 'Ersetzt' } }))).status, 'Accepted');
      assert.deepEqual(t.snapshot().displayMessages, [
        { id: 1, source: 'csms', priority: 'NormalCycle', state: null, message: { content: 'Ersetzt', language: 'de', format: 'UTF8' } },
      ]);
      assert.equal(t.station.ctx.dm.getInt(DM.DisplayMessageCtrlr.DisplayMessages), 1);
    }));
});

describe('Personal message of an authorization', () => {
  it('C01.FR.08 – the personalMessage of an AuthorizeResponse is shown for a short time', () =>
    withStation('O-PM', async (t) => {
      csms.setIdTokenInfo('CARD-PM', { status: 'Accepted', personalMessage: { format: 'UTF8', language: 'nl', content: 'Goedemiddag' } });
      t.hardware.presentToken('CARD-PM');
      const shown = await waitFor(
        () => (t.snapshot().displayMessages as DisplayMessageSnapshot[]).find((m) => m.source === 'personal'),
        'personal message',
      );
      assert.deepEqual(shown.message, { content: 'Goedemiddag', language: 'nl', format: 'UTF8' });
      assert.equal(shown.id, null);
      t.clock.advance(PERSONAL_MESSAGE_MS);
      assert.ok(!(t.snapshot().displayMessages as DisplayMessageSnapshot[]).some((m) => m.source === 'personal'), 'gone');
    }));
});

describe('Dashboard display-message section', () => {
  it('GET /api/state lists what the display shows: id, priority, state, message content/language/format', async () => {
    const t = makeTestRuntime({ id: 'O-API', csmsUrl: csms.url });
    const api = new ControlApi(new VirtualWallbox(t.runtime, t.hardware));
    try {
      t.runtime.start();
      await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
      const base = `http://127.0.0.1:${await api.listen(0)}`;
      const state = async () => (await (await fetch(`${base}/api/state`)).json()) as { displayMessages: DisplayMessageSnapshot[] };
      assert.deepEqual((await state()).displayMessages, []);
      await set(
        'O-API',
        msg(9, {
          priority: 'AlwaysFront',
          state: 'Idle',
          message: { format: 'ASCII', language: 'en', content: 'https://example.com/promo' },
        }),
      );
      await set('O-API', msg(8));
      assert.deepEqual((await state()).displayMessages, [
        {
          id: 9,
          source: 'csms',
          priority: 'AlwaysFront',
          state: 'Idle',
          message: { content: 'https://example.com/promo', language: 'en', format: 'ASCII' },
        },
      ]);
      await csms.call('O-API', 'ClearDisplayMessage', { id: 9 });
      assert.deepEqual(
        (await state()).displayMessages.map((m) => [m.id, m.priority, m.message.content]),
        [[8, 'NormalCycle', 'Message 8']],
      );
      const html = await (await fetch(`${base}/`)).text();
      for (const id of ['display-messages', 'display-count']) assert.ok(html.includes(`data-testid="${id}"`), id);
    } finally {
      await api.close();
      await t.stop();
    }
  });
});
