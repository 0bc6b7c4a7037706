// K15–K17 on the station side alone: the real smart-charging bookkeeping over a fake clock, the
// hardware and the transaction faked; the CSMS's answer to NotifyEVChargingNeeds chosen per test.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBlockContext } from '../../../test/support/block-context.js';
import type { ChargingNeedsType, ChargingProfileType, ChargingScheduleType } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { TransactionView } from '../transactions/index.js';
import { SmartCharging } from './smart-charging.js';
import { TX_PROFILE_WAIT_MS } from './iso15118-charging.js';

const NEEDS: ChargingNeedsType = {
  requestedEnergyTransfer: 'AC_three_phase',
  acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 253 },
};

function setup(answer: string | Error, online = true) {
  const calls: { action: string; payload: unknown }[] = [];
  const queued: { action: string; payload: unknown }[] = [];
  const offers: ChargingScheduleType[][] = [];
  const rateChanges: number[] = [];
  const b = makeBlockContext({
    id: 'ISO-UNIT',
    online: () => online,
    call: async (action: string, payload: unknown) => {
      calls.push({ action, payload });
      if (answer instanceof Error) throw answer;
      return { status: answer };
    },
  });
  const ctx = b.ctx as { -readonly [K in keyof StationContext]: StationContext[K] };
  ctx.hal = {
    meter: () => ({ phases: 3 }),
    cable: () => 'plugged',
    evDrawing: () => false,
    setPowerLimit: () => undefined,
    offerSchedules: (_evseId: number, schedules: ChargingScheduleType[]) => offers.push(schedules),
  } as never;
  ctx.queue = ((action: string, payload: unknown) => queued.push({ action, payload })) as never;
  const view = { evseId: 1, transactionId: 'TX-1', startedAt: new Date(b.clock.now()).toISOString() } as TransactionView;
  const smart = new SmartCharging(ctx, {
    db: b.db,
    transactions: { view: (evseId: number) => (evseId === 1 ? view : null), rateChanged: (evseId: number) => rateChanges.push(evseId) },
  });
  const needs = async (maxScheduleTuples?: number) => {
    b.events.emit('hardware', { type: 'chargingNeeds', evseId: 1, needs: NEEDS, ...(maxScheduleTuples ? { maxScheduleTuples } : {}) });
    await b.clock.tick(0);
  };
  return { ...b, smart, calls, queued, offers, rateChanges, needs };
}

const txProfile = (periods: [number, number][]): ChargingProfileType => ({
  id: 5,
  stackLevel: 0,
  chargingProfilePurpose: 'TxProfile',
  chargingProfileKind: 'Relative',
  transactionId: 'TX-1',
  chargingSchedule: [
    {
      id: 5,
      duration: 3600,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })) as [never, ...never[]],
    },
  ],
});

describe('K15–K17 ISO 15118 charging needs and schedules', () => {
  it('K15.FR.01/07: the needs go to the CSMS; after Accepted the TxProfile is offered, its periods within maxScheduleTuples', async () => {
    const s = setup('Accepted');
    await s.needs(2);
    assert.deepEqual(s.calls, [{ action: 'NotifyEVChargingNeeds', payload: { evseId: 1, chargingNeeds: NEEDS, maxScheduleTuples: 2 } }]);
    assert.equal(s.offers.length, 0, 'Accepted: the TxProfile is awaited');
    const profile = txProfile([
      [0, 10],
      [600, 8],
      [1200, 6],
    ]);
    assert.equal(s.smart.set(1, profile).status, 'Accepted');
    s.smart.iso.profileSet({ evseId: 1, chargingProfile: profile }, 'Accepted');
    const [offer] = s.offers;
    assert.equal(offer?.length, 1);
    assert.equal(offer[0]?.id, 5, 'K15.FR.21: named by the id of the CSMS schedule');
    assert.equal(offer[0]?.chargingRateUnit, 'A', 'in the unit of the TxProfile');
    assert.deepEqual(
      offer[0]?.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit]),
      [
        [0, 10],
        [600, 8],
      ],
      'no more periods than the EV takes',
    );
    s.smart.stop();
  });

  it('K15.FR.08: Accepted but no TxProfile within 60 s: the EV gets the composite schedule the station has', async () => {
    const s = setup('Accepted');
    await s.needs();
    await s.clock.tick(TX_PROFILE_WAIT_MS - 1);
    assert.equal(s.offers.length, 0);
    await s.clock.tick(1);
    assert.equal(s.offers.length, 1);
    s.smart.stop();
  });

  for (const answer of ['Rejected', 'Processing']) {
    it(`K17.FR.04, K15.FR.05: ${answer}: the EV gets the composite schedule at once`, async () => {
      const s = setup(answer);
      await s.needs();
      assert.equal(s.offers.length, 1);
      s.smart.stop();
    });
  }

  it('K15.FR.15: offline, nothing is sent and the EV gets the TxDefaultProfile', async () => {
    const s = setup('Accepted', false);
    const txDefault: ChargingProfileType = { ...txProfile([[0, 6]]), id: 9, chargingProfilePurpose: 'TxDefaultProfile' };
    delete txDefault.transactionId;
    assert.equal(s.smart.set(1, txDefault).status, 'Accepted');
    await s.needs();
    assert.deepEqual(s.calls, []);
    assert.equal(s.offers[0]?.[0]?.chargingSchedulePeriod[0]?.limit, 6);
    s.smart.stop();
  });

  it('K15.FR.10, K16.FR.05: the EV chosen schedule goes to the CSMS through the outbox; the view shows needs and schedule', async () => {
    const s = setup('Rejected');
    await s.needs();
    const schedule = s.offers[0]![0]!;
    s.events.emit('hardware', { type: 'evChargingSchedule', evseId: 1, schedule });
    assert.deepEqual(s.queued, [
      { action: 'NotifyEVChargingSchedule', payload: { timeBase: schedule.startSchedule, evseId: 1, chargingSchedule: schedule } },
    ]);
    assert.deepEqual(s.smart.iso.view(1), { chargingNeeds: NEEDS, evChargingSchedule: schedule });
    assert.deepEqual(s.rateChanges, [], 'not charging yet: the first schedule changes no rate');
    s.events.emit('hardware', { type: 'cable', evseId: 1, connectorId: 1, state: 'unplugged' });
    assert.equal(s.smart.iso.view(1), null);
    s.smart.stop();
  });

  it('E15, K16: once the EV stopped its session, a new profile is offered to it no more', async () => {
    const s = setup('Rejected');
    await s.needs();
    assert.equal(s.offers.length, 1);
    s.events.emit('hardware', { type: 'sessionStop', evseId: 1 });
    assert.equal(s.smart.iso.view(1), null, 'the view shows no session');
    s.smart.iso.profileSet({ evseId: 1, chargingProfile: txProfile([[0, 8]]) }, 'Accepted');
    s.smart.iso.profilesCleared();
    assert.equal(s.offers.length, 1, 'nothing offered after the stop');
    s.smart.stop();
  });
});
