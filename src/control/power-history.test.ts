// The power history ring buffer: a sample per change, bounded per EVSE, the window of the chart
// plus the sample that still holds at its start; and how the control API answers it over HTTP.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeControlTarget as FakeStation, type Listener } from '../../test/support/fake-control-target.js';
import { ControlApi } from './http-api.js';
import { HISTORY_WINDOW_MS, PowerHistoryBuffer } from './power-history.js';
import type { StationSnapshot } from './snapshot.js';

const state = (...powers: number[]): StationSnapshot => ({
  id: 'CS001',
  connected: true,
  registration: 'Accepted',
  evses: powers.map((powerW, i) => ({
    id: i + 1,
    available: true,
    connectors: [{ id: 1, status: 'Occupied' }],
    transaction: null,
    meter: { energyWh: 0, powerW },
    limitW: null,
    cost: null,
    compositeSchedule: [],
    chargingProfiles: [],
    externalLimitW: null,
  })),
  displayMessages: [],
  certificates: [],
  monitoring: { level: 9, monitors: [], events: [] },
  smartCharging: { stationExternalLimitW: null },
});

describe('power history of the dashboard chart', () => {
  it('stores a sample only when the power of an EVSE changes', () => {
    let now = 0;
    const buffer = new PowerHistoryBuffer(() => now);
    for (const power of [0, 0, 5000, 5000, 5000, 0]) {
      buffer.record(state(power));
      now += 1000;
    }
    assert.deepEqual(buffer.history().evses, [
      {
        id: 1,
        samples: [
          { t: 0, powerW: 0 },
          { t: 2000, powerW: 5000 },
          { t: 5000, powerW: 0 },
        ],
      },
    ]);
  });

  it('keeps at most its capacity per EVSE, dropping the oldest', () => {
    let now = 0;
    const buffer = new PowerHistoryBuffer(() => now, 3);
    for (const power of [1, 2, 3, 4, 5]) {
      buffer.record(state(power, 10 * power));
      now += 1;
    }
    const [one, two] = buffer.history().evses;
    assert.deepEqual(
      one!.samples.map((s) => s.powerW),
      [3, 4, 5],
    );
    assert.deepEqual(
      two!.samples.map((s) => s.powerW),
      [30, 40, 50],
    );
  });

  it('answers the window and the last sample before it, which holds at its start', () => {
    let now = 0;
    const buffer = new PowerHistoryBuffer(() => now);
    buffer.record(state(100));
    now = 10_000;
    buffer.record(state(200));
    now = 20_000;
    buffer.record(state(300));
    now = 20_000 + HISTORY_WINDOW_MS + 5_000;
    const { evses, windowMs, now: answeredAt } = buffer.history();
    assert.equal(windowMs, HISTORY_WINDOW_MS);
    assert.equal(answeredAt, now);
    assert.deepEqual(evses[0]!.samples, [{ t: 20_000, powerW: 300 }]);
  });

  it('forgets an EVSE the station no longer has', () => {
    const buffer = new PowerHistoryBuffer(() => 0);
    buffer.record(state(1, 2));
    buffer.record(state(1));
    assert.deepEqual(
      buffer.history().evses.map((e) => e.id),
      [1],
    );
  });
});

describe('GET /api/history and the history event', () => {
  let other: FakeStation;
  let otherApi: ControlApi;
  let otherBase: string;
  let clock = 1_000_000;
  const withPower = (evse1: number, evse2: number) => ({
    type: 'state' as const,
    data: { ...other.state, evses: other.state.evses.map((e) => ({ ...e, meter: { ...e.meter, powerW: e.id === 1 ? evse1 : evse2 } })) },
  });
  const emit = (e: Parameters<Listener>[0]) => {
    for (const listener of other.listeners) listener(e);
  };

  before(async () => {
    other = new FakeStation();
    otherApi = new ControlApi(other, { now: () => clock });
    otherBase = `http://127.0.0.1:${await otherApi.listen(0)}`;
  });
  after(() => otherApi.close());

  it('answers the power of each EVSE since it listens, a sample per change, from the state changes', async () => {
    clock += 1000;
    emit(withPower(0, 0));
    clock += 1000;
    emit(withPower(7400, 0));
    clock += 1000;
    emit(withPower(7400, 0));
    clock += 1000;
    emit(withPower(11000, 3600));
    const response = await fetch(`${otherBase}/api/history`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      now: 1_004_000,
      windowMs: 120_000,
      evses: [
        {
          id: 1,
          samples: [
            { t: 1_000_000, powerW: 0 },
            { t: 1_002_000, powerW: 7400 },
            { t: 1_004_000, powerW: 11000 },
          ],
        },
        {
          id: 2,
          samples: [
            { t: 1_000_000, powerW: 0 },
            { t: 1_004_000, powerW: 3600 },
          ],
        },
      ],
    });
  });

  it('the event stream carries the same history right after the first state', async () => {
    const controller = new AbortController();
    const response = await fetch(`${otherBase}/api/events`, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: history\ndata: ') || !text.slice(text.indexOf('event: history')).includes('\n\n')) {
      const { done, value } = await reader.read();
      assert.ok(!done, 'the stream ended early');
      text += value;
    }
    assert.ok(text.indexOf('event: state') < text.indexOf('event: history'), 'the state comes first');
    const data = /event: history\ndata: (.*)\n\n/.exec(text)![1]!;
    assert.deepEqual(JSON.parse(data), await (await fetch(`${otherBase}/api/history`)).json());
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
