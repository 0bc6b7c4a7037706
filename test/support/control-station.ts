// A virtual wallbox with its control API on a loopback port, booted against a CSMS: what the
// dashboard reads (GET /api/state) and drives (POST), over real HTTP.

import assert from 'node:assert/strict';
import type { StationSnapshot } from '../../src/control/control-target.js';
import { ControlApi } from '../../src/control/http-api.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { quiet } from './quiet.js';
import { makeTestRuntime, type TestRuntime } from './test-runtime.js';
import { waitFor } from './wait.js';

export interface ControlledStation {
  t: TestRuntime;
  wallbox: VirtualWallbox;
  /** GET /api/state. */
  state(): Promise<StationSnapshot>;
  /** A POST that must answer 200. */
  post(path: string, body: object): Promise<void>;
}

/** Boots the station (Accepted, quiet), runs `body`, then closes the API and stops the station. */
export async function withControlledStation(
  csmsUrl: string,
  id: string,
  body: (s: ControlledStation) => Promise<void>,
  options: { overrides?: Record<string, string>; evses?: number } = {},
): Promise<void> {
  const t = makeTestRuntime({ id, csmsUrl, overrides: options.overrides ?? {}, ...(options.evses ? { evses: options.evses } : {}) });
  const wallbox = new VirtualWallbox(t.runtime, t.hardware);
  const api = new ControlApi(wallbox);
  try {
    t.runtime.start();
    await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', `${id} accepted`);
    await quiet({ station: t.runtime.station, clock: t.clock });
    const base = `http://127.0.0.1:${await api.listen(0)}`;
    await body({
      t,
      wallbox,
      state: async () => (await (await fetch(`${base}/api/state`)).json()) as StationSnapshot,
      post: async (path, payload) => {
        const response = await fetch(base + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        assert.equal(response.status, 200, `POST ${path}: ${await response.text()}`);
      },
    });
  } finally {
    await api.close();
    await t.stop();
  }
}
