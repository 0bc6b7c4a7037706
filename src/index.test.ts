// An integrator's view: everything needed to run a station comes from the package entry point.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as ocpp from './index.js';

describe('public API', () => {
  it('exports named values only, none of them a test seam', () => {
    const names = Object.keys(ocpp);
    assert.ok(names.length > 10);
    assert.equal(names.filter((n) => n.startsWith('_')).length, 0);
    assert.equal('default' in ocpp, false);
  });

  it('a driver can be wrapped with the Modbus TCP energy manager input, its options from a URL', () => {
    const options = ocpp.parseEmsUrl('tcp://127.0.0.1:1?register=100&scale=1000');
    const hal = ocpp.withModbusEms(
      new ocpp.SimulatedHardware(ocpp.defaultDescription(1), { clock: ocpp.systemClock }),
      options,
      ocpp.systemClock,
    );
    assert.equal(hal.cable(1, 1), 'unplugged');
    hal.close();
    assert.throws(() => ocpp.parseEmsUrl('tcp://ems'), ocpp.EmsUrlError);
  });

  it('B01 – a runtime over simulated hardware, built from the entry point alone, boots against the local CSMS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-api-'));
    const csms = await ocpp.startLocalCsms();
    const description = ocpp.defaultDescription(1);
    const hardware = new ocpp.SimulatedHardware(description, { clock: ocpp.systemClock });
    const runtime = new ocpp.StationRuntime({
      id: 'API1',
      description,
      hal: hardware,
      link: { csmsUrl: csms.url },
      dbFile: join(dir, 'station.db'),
    });
    try {
      runtime.start();
      // The CSMS records its answer as it sends it; the station knows once the answer arrives.
      const accepted = () =>
        csms.store.get('API1')?.registration === 'Accepted' && ocpp.snapshotOf(runtime.station).registration === 'Accepted';
      for (let i = 0; i < 500 && !accepted(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(csms.store.get('API1')?.registration, 'Accepted');
      assert.equal(ocpp.snapshotOf(runtime.station).registration, 'Accepted');
    } finally {
      await runtime.stop();
      hardware.close();
      await csms.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('B05 – stations sharing one database keep their own rows: a value the CSMS set at one survives a restart there only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-api-'));
    const csms = await ocpp.startLocalCsms();
    const description = ocpp.defaultDescription(1);
    const start = (db: ocpp.Database, id: string) => {
      const hal = new ocpp.SimulatedHardware(description, { clock: ocpp.systemClock });
      const runtime = new ocpp.StationRuntime({ id, description, hal, link: { csmsUrl: csms.url }, sharedDb: db });
      runtime.start();
      const stop = async (): Promise<void> => {
        await runtime.stop();
        hal.close();
      };
      return { runtime, stop };
    };
    const accepted = async (ids: string[]) => {
      for (let i = 0; i < 500 && !ids.every((id) => csms.store.get(id)?.registration === 'Accepted'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const interval = 'OCPPCommCtrlr/HeartbeatInterval';
    try {
      let db = ocpp.openDatabase(join(dir, 'fleet.db'));
      let [a, b] = [start(db, 'SHARED-A'), start(db, 'SHARED-B')];
      await accepted(['SHARED-A', 'SHARED-B']);
      const set = await csms.call('SHARED-A', 'SetVariables', {
        setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '1234' }],
      });
      assert.equal(set.setVariableResult[0]?.attributeStatus, 'Accepted');
      const before = b.runtime.station.ctx.dm.get(interval);
      await a.stop();
      await b.stop();
      db.close();

      db = ocpp.openDatabase(join(dir, 'fleet.db'));
      [a, b] = [start(db, 'SHARED-A'), start(db, 'SHARED-B')];
      assert.equal(a.runtime.station.ctx.dm.get(interval), '1234', 'A keeps what the CSMS set');
      assert.equal(b.runtime.station.ctx.dm.get(interval), before, 'B is as it was');
      assert.notEqual(before, '1234');
      await a.stop();
      await b.stop();
      db.close();
    } finally {
      await csms.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
