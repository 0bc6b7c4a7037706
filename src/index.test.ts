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
});
