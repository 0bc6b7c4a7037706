// The monitors table over a real SQLite file: monitors survive a reopen (N07.FR.13, TC_N_53_CS).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { type Monitor, MonitorStore } from './monitor-store.js';

const monitor = (id: number, extra: Partial<Monitor> = {}): Monitor => ({
  id,
  component: { name: 'EVSE', evse: { id: 1 } },
  variable: { name: 'Power' },
  type: 'UpperThreshold',
  value: 11000,
  severity: 4,
  transaction: false,
  origin: 'custom',
  tripped: false,
  reference: null,
  ...extra,
});

describe('N04 monitor store', () => {
  it('N07.FR.13 – monitors and their evaluation state persist across a reopen of the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitors-'));
    try {
      const file = join(dir, 'station.db');
      const db = new StationScope(openDatabase(file));
      const store = new MonitorStore(db);
      store.put(monitor(1));
      store.put(
        monitor(7, {
          component: { name: 'Connector', instance: 'a', evse: { id: 1, connectorId: 2 } },
          variable: { name: 'State', instance: 'x' },
          type: 'Delta',
          value: 1,
          transaction: true,
          origin: 'preconfigured',
        }),
      );
      store.setTripped(1, true);
      store.setReference(7, 'Occupied');
      db.db.close();
      const again = new MonitorStore(new StationScope(openDatabase(file)));
      assert.deepEqual(again.all(), [
        monitor(1, { tripped: true }),
        monitor(7, {
          component: { name: 'Connector', instance: 'a', evse: { id: 1, connectorId: 2 } },
          variable: { name: 'State', instance: 'x' },
          type: 'Delta',
          value: 1,
          transaction: true,
          origin: 'preconfigured',
          reference: 'Occupied',
        }),
      ]);
      assert.equal(again.maxId(), 7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('N04.FR.12 – a put with the same id replaces; delete and deleteOrigins remove', () => {
    const store = new MonitorStore(new StationScope(openDatabase(':memory:')));
    store.put(monitor(1));
    store.put(monitor(1, { value: 5000, origin: 'preconfigured' }));
    store.put(monitor(2, { origin: 'hardwired' }));
    store.put(monitor(3));
    assert.equal(store.get(1)?.value, 5000);
    assert.equal(store.delete(3), true);
    assert.equal(store.delete(3), false);
    store.deleteOrigins(['custom', 'preconfigured']);
    assert.deepEqual(
      store.all().map((m) => m.id),
      [2],
    );
  });
});
