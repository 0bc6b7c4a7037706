// K03 Local Smart Charging through a Local Controller: the built-in CSMS, a controller in front of
// it with an 11 kW group limit, and two real stations connected through the controller, over real
// WebSockets. One fake clock for both stations moves a second at a time, and every second the
// power of the two simulated meters is sampled.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { LocalController } from '../../src/local-controller/local-controller.js';
import { HEADROOM_W } from '../../src/local-controller/group.js';
import { METER_INTERVAL_S, stationPair } from '../support/local-controller-group.js';
import { advanceUntil } from '../support/quiet.js';
import { RawStation } from '../support/raw-station.js';
import { fixedBackOff } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const GROUP_LIMIT_W = 11_000;

let csms: LocalCsms;
let controller: LocalController;
let controllerUrl: string;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  controller = new LocalController({ csmsUrl: csms.url, groupLimitW: GROUP_LIMIT_W });
  controllerUrl = `ws://127.0.0.1:${await controller.listen(0)}/ocpp`;
});
after(async () => {
  await controller.close();
  await csms.close();
});

describe('K03 Local Smart Charging through a Local Controller', () => {
  it('K03.FR.02 – both stations boot through the controller, the CSMS reaches each; one alone gets the group limit, two share it, together never more', async () => {
    const g = await stationPair(controller, controllerUrl, ['LC-A', 'LC-B']);
    try {
      assert.ok(
        csms.store.requests('LC-A')?.some((r) => r.action === 'BootNotification'),
        'the CSMS sees LC-A',
      );
      assert.ok(
        csms.store.requests('LC-B')?.some((r) => r.action === 'BootNotification'),
        'the CSMS sees LC-B',
      );
      const answer = await csms.call('LC-B', 'GetVariables', {
        getVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'Identity' } }],
      });
      assert.equal(answer.getVariableResult[0]?.attributeValue, 'LC-B', 'a CSMS call reaches the station and its answer comes back');

      await g.start(0, 'CARD-A');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W, 0], 'K03.FR.01: one car alone gets the whole group limit');
      await g.start(1, 'CARD-B');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W / 2, GROUP_LIMIT_W / 2], 'K03.FR.02: two cars share it equally');
      const profiles = (csms.store.requests('LC-A') ?? []).filter((r) => (r.action as string) === 'SetChargingProfile');
      assert.equal(profiles.length, 0, "the controller's own calls and their answers never reach the CSMS");

      g.stations[1].hardware.unplug(1);
      await waitFor(() => g.stations[1].station.blocks.transactions.view(1) === null, 'LC-B ended');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W, 0], 'K03.FR.02: re-balanced when one leaves');
      const highest = Math.max(...g.samples);
      assert.ok(highest <= GROUP_LIMIT_W, `at most ${GROUP_LIMIT_W} W together; highest of ${g.samples.length} samples: ${highest} W`);
      assert.equal(controller.stats.rejected + controller.stats.callErrors, 0, 'every profile accepted');
    } finally {
      await g.stop();
    }
  });

  it('K03.FR.04 – a transaction with a higher chargingPriority (IdTokenInfo) gets its full demand, the other the rest, together never more', async () => {
    csms.setIdTokenInfo('CARD-HIGH', { status: 'Accepted', chargingPriority: 5 });
    const g = await stationPair(controller, controllerUrl, ['LC-LOW', 'LC-HIGH']);
    try {
      const demandW = 7000;
      g.stations[1].hardware.setEv(1, { maxPowerW: demandW });
      await g.start(0, 'CARD-LOW');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W, 0], 'the low-priority car alone gets everything');
      await g.start(1, 'CARD-HIGH');
      await g.watch(3 * METER_INTERVAL_S);
      const [low, high] = g.power();
      assert.equal(high, demandW, 'K03.FR.04: the higher priority gets all it asks for');
      assert.equal(low, GROUP_LIMIT_W - demandW - HEADROOM_W, 'the other gets the rest (less the headroom kept for the first)');
      const state = controller.state();
      const priorities = state.members.flatMap((m) => m.transactions.map((t) => [m.identity, t.chargingPriority]));
      assert.deepEqual(
        Object.fromEntries(priorities),
        { 'LC-LOW': 0, 'LC-HIGH': 5 },
        'K03.FR.05/06: 5 from the CSMS, 0 when none is known',
      );
      const highest = Math.max(...g.samples);
      assert.ok(highest <= GROUP_LIMIT_W, `at most ${GROUP_LIMIT_W} W together; highest of ${g.samples.length} samples: ${highest} W`);
    } finally {
      await g.stop();
      csms.setIdTokenInfo('CARD-HIGH', undefined);
    }
  });

  it('K03.FR.02 – a station whose link drops goes on charging under its TxProfile; the other is not raised into that share until it is back and its transaction ended', async () => {
    const g = await stationPair(controller, controllerUrl, ['LC-DROP-A', 'LC-DROP-B'], fixedBackOff(5));
    try {
      await g.start(0, 'CARD-DA');
      await g.start(1, 'CARD-DB');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W / 2, GROUP_LIMIT_W / 2]);

      const b = g.stations[1];
      csms.server.session('LC-DROP-B')?.abort();
      await waitFor(() => !b.snapshot().connected, 'LC-DROP-B offline');
      await waitFor(() => controller.state().members.some((m) => m.identity === 'LC-DROP-B' && !m.connected), 'controller sees the drop');
      await g.settled();
      await g.watch(2);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W / 2, GROUP_LIMIT_W / 2], 'offline, LC-DROP-B keeps its 5.5 kW; LC-DROP-A is not raised');

      await advanceUntil(g.stations[0].clock, () => b.snapshot().connected, 'LC-DROP-B back');
      await g.settled();
      b.hardware.unplug(1);
      await waitFor(() => b.station.blocks.transactions.view(1) === null, 'LC-DROP-B ended');
      // The reconnection moved the clock by an amount that depends on socket timing, so a meter
      // value may fall while LC-DROP-A ramps up: it must not be taken for a lower demand.
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W, 0], 'once its transaction ended, the other gets the whole limit');
      const highest = Math.max(...g.samples);
      assert.ok(highest <= GROUP_LIMIT_W, `at most ${GROUP_LIMIT_W} W together; highest of ${g.samples.length} samples: ${highest} W`);
    } finally {
      await g.stop();
    }
  });

  it('K03.FR.07 – the CSMS gives a transaction a minChargingRate above its share: it is suspended and the other gets the whole limit; alone, it charges at the limit', async () => {
    const g = await stationPair(controller, controllerUrl, ['LC-MIN-A', 'LC-MIN-B']);
    try {
      await g.start(0, 'CARD-MA');
      await g.start(1, 'CARD-MB');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W / 2, GROUP_LIMIT_W / 2]);

      const transactionId = g.stations[0].station.blocks.transactions.view(1)!.transactionId;
      const minChargingRate = 6000;
      const answer = await csms.call('LC-MIN-A', 'SetChargingProfile', {
        evseId: 1,
        chargingProfile: {
          id: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          transactionId,
          chargingSchedule: [
            { id: 1, chargingRateUnit: 'W', minChargingRate, chargingSchedulePeriod: [{ startPeriod: 0, limit: 22_000 }] },
          ],
        },
      });
      assert.equal(answer.status, 'Accepted', "the CSMS's profile reaches the station");
      await g.settled();
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [0, GROUP_LIMIT_W], `5.5 kW is below its ${minChargingRate} W: suspended, the other gets it all`);

      g.stations[1].hardware.unplug(1);
      await waitFor(() => g.stations[1].station.blocks.transactions.view(1) === null, 'LC-MIN-B ended');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [GROUP_LIMIT_W, 0], 'alone, the whole limit is above its minimum');
      const highest = Math.max(...g.samples);
      assert.ok(highest <= GROUP_LIMIT_W, `at most ${GROUP_LIMIT_W} W together; highest of ${g.samples.length} samples: ${highest} W`);
    } finally {
      await g.stop();
    }
  });

  it('Part 4 §3.3 – a station that offers RFC 7692 compression gets it from the controller, and its frames still reach the CSMS', async () => {
    const station = await RawStation.connect(`${controllerUrl}/LC-DEFLATE`);
    try {
      assert.match(station.ws.extensions, /permessage-deflate/);
      const boot = { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } };
      const [type, , answer] = await station.call('BootNotification', boot);
      assert.equal(type, 3);
      assert.equal((answer as { status: string }).status, 'Accepted');
    } finally {
      await station.close();
    }
  });
});
