// Limits that really drive the power, measured where a CSMS sees it: the meter values of the
// transaction (K01 TxProfile) and the simulated meters of two EVSEs under one station maximum
// (K04/K08 ChargingStationMaxProfile). Local CSMS over a real WebSocket; the station's fake clock
// moves one second at a time, so every sample of the power is looked at.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { ChargingProfileType, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { quiet } from '../support/quiet.js';
import { bootedStation } from '../support/booted-station.js';
import type { TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const METER_INTERVAL_S = 10;
const STATION_MAX_W = 11_000;

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(() => csms.close());

const booted = (id: string, evses: number): Promise<TestStation> =>
  bootedStation({ id, csmsUrl: csms.url, evses, overrides: { [DM.SampledDataCtrlr.TxUpdatedInterval]: String(METER_INTERVAL_S) } });

/** Plug and card on the EVSE; resolves once its contactor is closed. */
async function start(t: TestStation, evseId: number): Promise<string> {
  t.hardware.plug(evseId);
  await quiet(t);
  t.hardware.presentToken(`CARD-${evseId}`, 'ISO14443', evseId);
  const view = await waitFor(() => t.station.blocks.transactions.view(evseId), `transaction on EVSE ${evseId}`);
  await waitFor(() => t.hardware.contactorClosed(evseId), `power path of EVSE ${evseId} closed`);
  return view.transactionId;
}

/** One second on the station clock, then whatever it set off is sent and answered. */
async function second(t: TestStation): Promise<void> {
  await t.clock.tick(1000);
  await quiet(t);
}

/** Power.Active.Import of the periodic meter values the CSMS received for the transaction, in order. */
function periodicPowerW(id: string, transactionId: string): number[] {
  return (csms.store.requests(id) ?? [])
    .filter((r) => r.action === 'TransactionEvent')
    .map((r) => r.request as TransactionEventRequest)
    .filter((e) => e.transactionInfo.transactionId === transactionId && e.triggerReason === 'MeterValuePeriodic')
    .map((e) => Number(e.meterValue?.[0]?.sampledValue.find((s) => s.measurand === 'Power.Active.Import')?.value));
}

function profile(
  id: number,
  purpose: ChargingProfileType['chargingProfilePurpose'],
  watts: number,
  transactionId?: string,
): ChargingProfileType {
  return {
    id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: purpose === 'ChargingStationMaxProfile' ? 'Absolute' : 'Relative',
    ...(transactionId ? { transactionId } : {}),
    chargingSchedule: [
      {
        id,
        ...(purpose === 'ChargingStationMaxProfile' ? { startSchedule: new Date(0).toISOString() } : {}),
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: watts }],
      },
    ],
  };
}

/**
 * The 11 kW ChargingStationMaxProfile set (Accepted) on a booted 2-EVSE station; `watch(s)` samples
 * the two EVSEs' power together once a second, `power()` gives each EVSE's power now.
 */
async function underStationMax(t: Awaited<ReturnType<typeof booted>>, id: string) {
  const answer = await csms.call(id, 'SetChargingProfile', {
    evseId: 0,
    chargingProfile: profile(1, 'ChargingStationMaxProfile', STATION_MAX_W),
  });
  assert.deepEqual(answer, { status: 'Accepted' });
  const samples: number[] = [];
  const watch = async (seconds: number): Promise<void> => {
    for (let s = 0; s < seconds; s++) {
      await second(t);
      samples.push(Math.round(t.hardware.meter(1).powerW + t.hardware.meter(2).powerW));
    }
  };
  const power = () => [1, 2].map((evseId) => Math.round(t.hardware.meter(evseId).powerW));
  return { samples, watch, power };
}

describe('K01/K08 limits measured', () => {
  it('K01.FR.02 – a TxProfile of 6 kW on an 11 kW session: the next periodic meter value, one interval later, shows at most 6 kW', async () => {
    const id = 'K01-METERED';
    const t = await booted(id, 1);
    try {
      const transactionId = await start(t, 1);
      for (let s = 0; s < METER_INTERVAL_S; s++) await second(t);
      const before = periodicPowerW(id, transactionId);
      assert.ok(before.at(-1)! > 10_000, `charging at the 11 kW rating: ${before.at(-1)} W`);
      const answer = await csms.call(id, 'SetChargingProfile', {
        evseId: 1,
        chargingProfile: profile(1, 'TxProfile', 6000, transactionId),
      });
      assert.deepEqual(answer, { status: 'Accepted' });
      for (let s = 0; s < METER_INTERVAL_S; s++) await second(t);
      const after = periodicPowerW(id, transactionId);
      assert.equal(after.length, before.length + 1, 'one meter interval later, one more periodic meter value');
      assert.ok(after.at(-1)! <= 6000, `measured ${after.at(-1)} W one interval after the 6 kW TxProfile`);
    } finally {
      await t.stop();
    }
  });

  it('K04.FR.05/K08.FR.04 – two EVSEs under an 11 kW ChargingStationMaxProfile: a car alone gets it all, two share it (what a TxProfile leaves to the other), and together they never draw more', async () => {
    const id = 'K04-SHARED';
    const t = await booted(id, 2);
    try {
      const { samples, watch, power } = await underStationMax(t, id);
      await start(t, 1);
      await watch(8);
      assert.deepEqual(power(), [STATION_MAX_W, 0], 'K04: the one car charging gets the whole station maximum');
      const secondTx = await start(t, 2);
      await watch(8);
      assert.deepEqual(power(), [STATION_MAX_W / 2, STATION_MAX_W / 2], 'K04: two cars share it equally');
      const capped = await csms.call(id, 'SetChargingProfile', { evseId: 2, chargingProfile: profile(2, 'TxProfile', 3000, secondTx) });
      assert.deepEqual(capped, { status: 'Accepted' });
      await watch(8);
      assert.deepEqual(power(), [STATION_MAX_W - 3000, 3000], 'K04.FR.01: what the TxProfile of EVSE 2 leaves goes to EVSE 1');
      assert.deepEqual(await csms.call(id, 'ClearChargingProfile', { chargingProfileId: 2 }), { status: 'Accepted' });
      await watch(8);
      assert.deepEqual(power(), [STATION_MAX_W / 2, STATION_MAX_W / 2], 'halves again once the TxProfile is cleared');
      t.hardware.unplug(1);
      await waitFor(() => t.station.blocks.transactions.view(1) === null, 'EVSE 1 ended');
      await watch(8);
      assert.deepEqual(power(), [0, STATION_MAX_W], 'K04: re-balanced when one leaves');
      const highest = Math.max(...samples);
      assert.ok(
        highest <= STATION_MAX_W,
        `K04.FR.05: at most ${STATION_MAX_W} W together; the highest of ${samples.length} samples: ${highest} W`,
      );
    } finally {
      await t.stop();
    }
  });

  it('K04.FR.05 – an EV that suspends (SuspendedEV) keeps 6 A to resume with, the power it frees goes to the other EVSE; resumed, they share again, together never more than the maximum', async () => {
    const id = 'K04-SUSPENDED';
    const t = await booted(id, 2);
    try {
      const { samples, watch, power } = await underStationMax(t, id);
      await start(t, 1);
      const secondTx = await start(t, 2);
      await watch(8);
      assert.deepEqual(power(), [STATION_MAX_W / 2, STATION_MAX_W / 2], 'two cars share the maximum');

      t.hardware.setEv(2, { drawing: false });
      await watch(8);
      const suspended = (csms.store.requests(id) ?? [])
        .map((r) => r.request as TransactionEventRequest)
        .filter((e) => e.transactionInfo?.transactionId === secondTx && e.transactionInfo.chargingState !== undefined)
        .at(-1);
      assert.equal(suspended?.transactionInfo.chargingState, 'SuspendedEV', 'the CSMS sees EVSE 2 SuspendedEV');
      const reserveW = 6 * 230 * 3;
      assert.equal(t.station.blocks.smartCharging.limitW(2), reserveW, 'the suspended EV keeps 6 A on three phases to resume with');
      assert.deepEqual(power(), [STATION_MAX_W - reserveW, 0], 'the rest of its share goes to EVSE 1');

      t.hardware.setEv(2, { drawing: true });
      await watch(8);
      assert.deepEqual(power(), [STATION_MAX_W / 2, STATION_MAX_W / 2], 'resumed: they share equally again');
      const highest = Math.max(...samples);
      assert.ok(
        highest <= STATION_MAX_W,
        `K04.FR.05: at most ${STATION_MAX_W} W together; the highest of ${samples.length} samples: ${highest} W`,
      );
    } finally {
      await t.stop();
    }
  });

  it('K04.FR.05 – when the TxProfile of one EVSE steps down, the power it frees goes to the other, together never more than the maximum', async () => {
    const id = 'K04-STEP-DOWN';
    const t = await booted(id, 2);
    try {
      const { samples, watch, power } = await underStationMax(t, id);
      await start(t, 1);
      const secondTx = await start(t, 2);
      // EVSE 2's TxProfile: 4 kW, then 2 kW from 20 s on (Relative: from its transaction's start).
      const startedAt = Date.parse(t.station.blocks.transactions.view(2)!.startedAt);
      const stepAtS = Math.ceil((t.station.now().getTime() - startedAt) / 1000) + 20;
      const stepping = profile(2, 'TxProfile', 4000, secondTx);
      stepping.chargingSchedule[0].chargingSchedulePeriod.push({ startPeriod: stepAtS, limit: 2000 });
      assert.deepEqual(await csms.call(id, 'SetChargingProfile', { evseId: 2, chargingProfile: stepping }), { status: 'Accepted' });
      await watch(10);
      assert.deepEqual(power(), [STATION_MAX_W - 4000, 4000], 'what the 4 kW of EVSE 2 leave goes to EVSE 1');
      await watch(20);
      assert.deepEqual(power(), [STATION_MAX_W - 2000, 2000], 'EVSE 2 stepped down to 2 kW: EVSE 1 takes what it freed');
      const highest = Math.max(...samples);
      assert.ok(
        highest <= STATION_MAX_W,
        `K04.FR.05: at most ${STATION_MAX_W} W together; the highest of ${samples.length} samples: ${highest} W`,
      );
    } finally {
      await t.stop();
    }
  });
});
