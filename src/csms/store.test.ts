import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsmsStore } from './store.js';

describe('CsmsStore', () => {
  it('keeps only the newest frames of a station, oldest first', () => {
    const store = new CsmsStore({ now: () => 0, maxFrames: 3 });
    for (let i = 1; i <= 5; i++) store.recordFrame('CS1', i % 2 ? 'in' : 'out', `frame ${i}`);
    assert.deepEqual(
      store.frames('CS1')?.map((f) => f.text),
      ['frame 3', 'frame 4', 'frame 5'],
    );
    assert.equal(store.frames('CS1')?.[0]?.time, '1970-01-01T00:00:00.000Z');
  });

  it('hands out copies, so a caller cannot change what is stored', () => {
    const store = new CsmsStore();
    store.recordRequest('CS1', 'StatusNotification', {
      timestamp: '2025-01-01T00:00:00.000Z',
      connectorStatus: 'Faulted',
      evseId: 1,
      connectorId: 1,
    });
    const copy = store.get('CS1');
    assert.equal(copy?.statuses['1/1']?.status, 'Faulted');
    copy!.statuses['1/1']!.status = 'Available';
    assert.equal(store.get('CS1')?.statuses['1/1']?.status, 'Faulted');
  });

  it('a new boot answer forgets what was triggered before it', () => {
    const store = new CsmsStore();
    store.recordBootAnswer('CS1', 'Pending');
    store.recordTrigger('CS1', 'Heartbeat');
    assert.equal(store.wasTriggered('CS1', 'Heartbeat'), true);
    store.recordBootAnswer('CS1', 'Pending');
    assert.equal(store.wasTriggered('CS1', 'Heartbeat'), false);
  });

  it('knows nothing of a station it never saw', () => {
    const store = new CsmsStore();
    assert.equal(store.get('X'), undefined);
    assert.equal(store.frames('X'), undefined);
    assert.equal(store.registration('X'), null);
    assert.deepEqual(store.list(), []);
  });
});
