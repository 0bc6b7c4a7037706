// A Local Controller with its own connection to the CSMS (Part 4 §6.1): the built-in CSMS sets the
// group limit with a ChargingStationMaxProfile on the controller's own station id, an external
// system's limit goes to the CSMS as NotifyChargingLimit / ClearedChargingLimit (K14), and the two
// real stations behind the controller are kept within whichever is lower, over real WebSockets.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../src/clock/fake-clock.js';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { ChargingProfileType, NotifyChargingLimitRequest } from '../../src/generated/ocpp201/index.js';
import { LocalController, PROFILE_ID_BASE } from '../../src/local-controller/local-controller.js';
import { ControllerStation } from '../../src/station/controller-station.js';
import { METER_INTERVAL_S, stationPair } from '../support/local-controller-group.js';
import type { TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const OWN_ID = 'LC-OWN';
const MAX_PROFILE_ID = 70;

let csms: LocalCsms;
let own: ControllerStation;
let controller: LocalController;
let controllerUrl: string;
const warnings: string[] = [];
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  own = new ControllerStation({ id: OWN_ID, csmsUrl: csms.url, dbFile: ':memory:' });
  controller = new LocalController({
    id: OWN_ID,
    csmsUrl: csms.url,
    own,
    warn: (message, detail) => warnings.push(`${message} ${JSON.stringify(detail)}`),
  });
  controllerUrl = `ws://127.0.0.1:${await controller.listen(0)}/ocpp`;
  own.start();
  await waitFor(() => csms.store.registration(OWN_ID) === 'Accepted', 'the controller registered on its own connection');
});
after(async () => {
  await controller.close();
  await own.stop();
  await csms.close();
});

// Started a minute ago: the controller's clock follows the CSMS's from its boot, and may be a little behind.
const maxProfile = (limitW: number): ChargingProfileType => ({
  id: MAX_PROFILE_ID,
  stackLevel: 0,
  chargingProfilePurpose: 'ChargingStationMaxProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: [
    {
      id: 1,
      startSchedule: new Date(Date.now() - 60_000).toISOString(),
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: limitW }],
    },
  ],
});

/** Whether the station holds the TxProfile the controller gives its EVSE 1. */
const limitedByController = (t: TestStation): boolean =>
  t.station.blocks.smartCharging.installed().some((p) => p.profile.id === PROFILE_ID_BASE + 1);

const failedCalls = (): number => controller.stats.rejected + controller.stats.callErrors + controller.stats.timeouts;

const ownRequests = (action: string) => (csms.store.requests(OWN_ID) ?? []).filter((r) => r.action === action);

describe('K03/K14 Local Controller with its own connection to the CSMS', () => {
  it('K03 – the CSMS sets the group limit with a ChargingStationMaxProfile on the controller; K14.FR.01–05 – an external limit below it is reported and shared, its release reported and the group raised again', async () => {
    const g = await stationPair(controller, controllerUrl, ['OWN-A', 'OWN-B']);
    try {
      await g.start(0, 'CARD-OA');
      await g.watch(2);
      assert.equal(controller.state().groupLimitW, null, 'no limit configured, none from the CSMS yet');
      assert.equal(limitedByController(g.stations[0]), false, 'an unlimited group gives no TxProfile');

      const set = await csms.call(OWN_ID, 'SetChargingProfile', { evseId: 0, chargingProfile: maxProfile(8000) });
      assert.equal(set.status, 'Accepted');
      await g.watch(METER_INTERVAL_S);
      assert.equal(controller.state().ownLimitW, 8000);
      assert.deepEqual(g.power(), [8000, 0], 'one car gets the limit the CSMS set for the group');
      await g.start(1, 'CARD-OB');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [4000, 4000], 'two share it');

      assert.equal(controller.setExternalLimit(5000, 'EMS'), true);
      await waitFor(() => ownRequests('NotifyChargingLimit').length === 1, 'NotifyChargingLimit from the controller');
      const notify = ownRequests('NotifyChargingLimit')[0]!.request as NotifyChargingLimitRequest;
      assert.equal(notify.chargingLimit.chargingLimitSource, 'EMS', 'K14.FR.02: the CSMS hears of the external limit');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [2500, 2500], 'K14.FR.01/05: the group within the external limit, new profiles sent');
      const composite = await csms.call(OWN_ID, 'GetCompositeSchedule', { evseId: 0, duration: 600, chargingRateUnit: 'W' });
      assert.equal(composite.schedule?.chargingSchedulePeriod[0]?.limit, 5000, "the controller's composite schedule shows the group limit");
      const inA = await csms.call(OWN_ID, 'GetCompositeSchedule', { evseId: 0, duration: 600, chargingRateUnit: 'A' });
      assert.deepEqual(
        inA.schedule?.chargingSchedulePeriod[0],
        { startPeriod: 0, limit: 7.2, numberPhases: 3 },
        'in A: 5000 W on three phases',
      );

      controller.setExternalLimit(null, 'EMS');
      await waitFor(() => ownRequests('ClearedChargingLimit').length === 1, 'K14.FR.03: ClearedChargingLimit from the controller');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [4000, 4000], "back to the CSMS's limit");
      const highest = Math.max(...g.samples.slice(2));
      assert.ok(highest <= 8000, `within the group limit while limited: highest of the samples ${highest} W`);
      const reachedCsms = (csms.store.requests('OWN-A') ?? []).filter((r) => (r.action as string) === 'SetChargingProfile');
      assert.equal(reachedCsms.length, 0, "the controller's own calls never reach the CSMS on a station's connection");
    } finally {
      await g.stop();
    }
  });

  it('K14.FR.03/04 – an external limit that was the only one is released: ClearedChargingLimit to the CSMS and ClearChargingProfile to the stations', async () => {
    const cleared = await csms.call(OWN_ID, 'ClearChargingProfile', { chargingProfileId: MAX_PROFILE_ID });
    assert.equal(cleared.status, 'Accepted', "the CSMS's maximum from the test before is gone");
    const g = await stationPair(controller, controllerUrl, ['OWN-C', 'OWN-D']);
    const failedBefore = failedCalls();
    try {
      await g.start(0, 'CARD-OC');
      await g.start(1, 'CARD-OD');
      controller.setExternalLimit(6000, 'SO');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [3000, 3000], 'the external limit alone is shared');
      assert.ok(g.stations.every(limitedByController));

      const clearedBefore = ownRequests('ClearedChargingLimit').length;
      controller.setExternalLimit(null, 'SO');
      await waitFor(() => ownRequests('ClearedChargingLimit').length === clearedBefore + 1, 'ClearedChargingLimit');
      await g.settled();
      assert.equal(controller.state().groupLimitW, null, 'no limit left');
      assert.ok(!g.stations.some(limitedByController), 'K14.FR.04: the TxProfiles are cleared');
      await g.watch(METER_INTERVAL_S);
      assert.ok(
        g.power().every((w) => w > 3000),
        `the cars draw more again: ${g.power().join(', ')} W`,
      );
      // Counted before the cars leave: a raise sent while the other transaction is ending may find it gone.
      assert.equal(failedCalls(), failedBefore, `every own call accepted: ${warnings.join('; ')}`);
    } finally {
      await g.stop();
    }
  });

  it('K03 – a ChargingStationMaxProfile whose limit falls later: the group follows it when its period starts', async () => {
    const clock = new FakeClock();
    const timed = new ControllerStation({ id: 'LC-TIMED', csmsUrl: csms.url, dbFile: ':memory:', clock });
    const timedController = new LocalController({ id: 'LC-TIMED', csmsUrl: csms.url, own: timed });
    const url = `ws://127.0.0.1:${await timedController.listen(0)}/ocpp`;
    timed.start();
    const g = await stationPair(timedController, url, ['OWN-E', 'OWN-F'], {}, clock);
    try {
      await waitFor(() => csms.store.registration('LC-TIMED') === 'Accepted', 'LC-TIMED registered');
      const profile = maxProfile(8000);
      // A minute into the schedule now; 4 kW from 30 s from now.
      profile.chargingSchedule[0]!.chargingSchedulePeriod.push({ startPeriod: 90, limit: 4000 });
      assert.equal((await csms.call('LC-TIMED', 'SetChargingProfile', { evseId: 0, chargingProfile: profile })).status, 'Accepted');
      await g.start(0, 'CARD-OE');
      await g.watch(METER_INTERVAL_S);
      assert.deepEqual(g.power(), [8000, 0], 'the first period');
      await g.watch(3 * METER_INTERVAL_S);
      assert.equal(timedController.state().groupLimitW, 4000);
      assert.deepEqual(g.power(), [4000, 0], 'the second period, without a word from the CSMS');
    } finally {
      await g.stop();
      await timedController.close();
      await timed.stop();
    }
  });

  it('A00 security profile 1 – the own connection with --basic-auth-password: a CSMS that checks it registers the controller, a wrong one is refused', async () => {
    const password = 'own-connection-secret-1';
    const tried: (string | undefined)[] = [];
    const checking = await startLocalCsms({
      authenticate: ({ stationId, password: given }) => {
        tried.push(given);
        return stationId === 'LC-AUTH' && given === password;
      },
    });
    const stations = [
      new ControllerStation({ id: 'LC-AUTH', csmsUrl: checking.url, dbFile: ':memory:', basicAuthPassword: password }),
      new ControllerStation({ id: 'LC-AUTH', csmsUrl: checking.url, dbFile: ':memory:', basicAuthPassword: 'not-the-right-one' }),
    ];
    try {
      stations[0]!.start();
      await waitFor(() => checking.store.registration('LC-AUTH') === 'Accepted', 'registered with the right password');
      await stations[0]!.stop();
      await waitFor(() => checking.store.get('LC-AUTH')?.connected === false, 'gone');
      stations[1]!.start();
      await waitFor(() => tried.includes('not-the-right-one'), 'the wrong password tried');
      await waitFor(
        () => stations[1]!.runtime.station.ctx.registration() !== 'Accepted' && !stations[1]!.runtime.station.ctx.online(),
        'refused',
      );
      assert.equal(checking.store.get('LC-AUTH')?.connected, false, 'refused with 401: the CSMS never sees it connected');
    } finally {
      await stations[1]!.stop();
      await checking.close();
    }
  });
});
