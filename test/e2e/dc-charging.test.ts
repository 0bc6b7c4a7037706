// A DC session as a CSMS sees it: an EV plugged in over the control API onto a 50 kW CCS2 EVSE at
// 75 % SoC charges at full power, tapers past the 80 % knee, is capped by a 20 kW TxProfile and
// stops (SuspendedEV) at 100 %; the periodic meter values carry SoC and the DC current and voltage
// (no phases), consistent with the power, and an energy register that is the integral of it.
// Built-in CSMS over a real WebSocket; the station's fake clock moves one second at a time.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ControlApi } from '../../src/control/http-api.js';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { defaultDescription, type StationDescription } from '../../src/description/station-description.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type {
  GetCompositeScheduleResponse,
  MeterValueType,
  SetChargingProfileRequest,
  TransactionEventRequest,
} from '../../src/generated/ocpp201/index.js';
import { PACK_EMPTY_V, PACK_FULL_V, packVoltageV, TAPER_KNEE_PERCENT, taperW } from '../../src/hal/simulated/dc-battery.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { quiet } from '../support/quiet.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { waitFor } from '../support/wait.js';

const ID = 'DC-TAPER';
const METER_INTERVAL_S = 10;
const EV_MAX_W = 50_000;
const BATTERY_WH = 20_000;
const TX_LIMIT_W = 20_000;
const DC_STATION: StationDescription = {
  ...defaultDescription(1),
  evses: [{ id: 1, connectors: [{ id: 1, type: 'cCCS2' }], maxPowerW: 50_000 }],
};

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(() => csms.close());

/** A periodic meter value as the CSMS received it. */
interface Sample {
  powerW: number;
  energyWh: number;
  socPercent: number;
  currentA: number;
  voltageV: number;
  phases: (string | undefined)[];
}

function transactionEvents(): TransactionEventRequest[] {
  return (csms.store.requests(ID) ?? []).filter((r) => r.action === 'TransactionEvent').map((r) => r.request as TransactionEventRequest);
}

function periodic(): Sample[] {
  return transactionEvents()
    .filter((e) => e.triggerReason === 'MeterValuePeriodic')
    .map((e) => sampleOf(e.meterValue![0]!));
}

function sampleOf(meterValue: MeterValueType): Sample {
  const value = (measurand: string) => {
    const found = meterValue.sampledValue.filter((s) => s.measurand === measurand);
    assert.equal(found.length, 1, `one ${measurand}`);
    return found[0]!;
  };
  const values = ['Power.Active.Import', 'Energy.Active.Import.Register', 'SoC', 'Current.Import', 'Voltage'].map(value);
  const [power, energy, soc, current, voltage] = values.map((v) => v.value) as [number, number, number, number, number];
  assert.equal(values[2]!.location, 'EV');
  return { powerW: power, energyWh: energy, socPercent: soc, currentA: current, voltageV: voltage, phases: values.map((v) => v.phase) };
}

/** A DC station with its control API, started and Accepted, metering every METER_INTERVAL_S. */
async function startDcStation(id: string) {
  const t: TestRuntime = makeTestRuntime({
    id,
    csmsUrl: csms.url,
    description: DC_STATION,
    overrides: {
      [DM.SampledDataCtrlr.TxUpdatedInterval]: String(METER_INTERVAL_S),
      [DM.SampledDataCtrlr.TxUpdatedMeasurands]: 'Power.Active.Import,Energy.Active.Import.Register,SoC,Current.Import,Voltage',
    },
  });
  const station = { station: t.runtime.station, clock: t.clock };
  const api = new ControlApi(new VirtualWallbox(t.runtime, t.hardware));
  t.runtime.start();
  await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
  await quiet(station);
  const base = `http://127.0.0.1:${await api.listen(0)}`;
  const post = (path: string, json: unknown) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  /** Plugs the EV in and taps the card; the transaction, once the power path is closed. */
  const startSession = async (ev: Record<string, unknown>, idToken: string) => {
    const plugged = await post('/api/evses/1/plug', { ev });
    assert.equal(plugged.status, 200, await plugged.clone().text());
    assert.equal((await post('/api/idtoken', { idToken, evseId: 1 })).status, 200);
    const view = await waitFor(() => t.runtime.station.blocks.transactions.view(1), 'a transaction');
    await waitFor(() => t.hardware.contactorClosed(1), 'the power path closed');
    return view;
  };
  const stop = async () => {
    await api.close();
    await t.stop();
  };
  return { t, station, startSession, stop };
}

/** A TxProfile of one period for the transaction on EVSE 1. */
const txProfile = (transactionId: string, chargingRateUnit: 'A' | 'W', limit: number): SetChargingProfileRequest => ({
  evseId: 1,
  chargingProfile: {
    id: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxProfile',
    chargingProfileKind: 'Relative',
    transactionId,
    chargingSchedule: [{ id: 1, chargingRateUnit, chargingSchedulePeriod: [{ startPeriod: 0, limit }] }],
  },
});

describe('J01/K01 a DC session metered', () => {
  it('J01 meter values of a DC session: SoC rises with the energy, the power tapers past 80 %, a 20 kW TxProfile (K01.FR.02) caps it, DC current × voltage = power, SuspendedEV at 100 %', async () => {
    const { t, station, startSession, stop } = await startDcStation(ID);
    const second = async () => {
      await t.clock.tick(1000);
      await quiet(station);
    };
    try {
      const view = await startSession({ protocol: 'IEC61851', maxPowerW: EV_MAX_W, socPercent: 75, batteryWh: BATTERY_WH }, 'DCCARD');

      // Full power up to the knee, then the taper; the TxProfile once the SoC passes 85 %.
      for (let s = 0; s < 3600 && (periodic().at(-1)?.socPercent ?? 0) < 85; s++) await second();
      const beforeLimit = periodic();
      const answer = await csms.call(ID, 'SetChargingProfile', txProfile(view.transactionId, 'W', TX_LIMIT_W));
      assert.deepEqual(answer, { status: 'Accepted' });
      // K08/K01.FR.44: in A, the composite of a DC EVSE is the DC current at the EV's measured voltage, without phases.
      const packV = Math.round(t.hardware.meter(1).voltageV[0]!);
      assert.ok(packV > 400 && packV < 420, `a 400 V pack at 85 %: ${packV} V`);
      const composite = (await csms.call(ID, 'GetCompositeSchedule', {
        evseId: 1,
        duration: 60,
        chargingRateUnit: 'A',
      })) as GetCompositeScheduleResponse;
      assert.deepEqual(composite.schedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: Math.round((TX_LIMIT_W / packV) * 10) / 10 }]);
      for (let s = 0; s < 3600 && t.hardware.evDrawing(1); s++) await second();
      for (let s = 0; s < METER_INTERVAL_S; s++) await second();

      const samples = periodic();
      const limited = samples.slice(beforeLimit.length + 1); // from one interval after the profile
      assert.ok(samples.length > 20, `${samples.length} periodic meter values`);
      // Before the knee: the EV's full 50 kW; past it, tapering with every sample.
      assert.ok(
        beforeLimit.some((s) => s.socPercent < TAPER_KNEE_PERCENT && s.powerW === EV_MAX_W),
        'full power below the knee',
      );
      const tapering = beforeLimit.filter((s) => s.socPercent > TAPER_KNEE_PERCENT + 0.5);
      assert.ok(tapering.length >= 2, `${tapering.length} samples past the knee before the limit`);
      for (const [i, s] of tapering.entries()) {
        assert.ok(
          s.powerW < EV_MAX_W && Math.abs(s.powerW - taperW(s.socPercent, EV_MAX_W)) < 200,
          `taper at ${s.socPercent} %: ${s.powerW} W`,
        );
        if (i > 0) assert.ok(s.powerW < tapering[i - 1]!.powerW, 'the power falls as the SoC rises');
      }
      // K01.FR.02: the TxProfile caps it, and the taper takes it below the cap near full.
      assert.ok(limited.length > 0);
      for (const s of limited) assert.ok(s.powerW <= TX_LIMIT_W, `${s.powerW} W over the ${TX_LIMIT_W} W TxProfile at ${s.socPercent} %`);
      assert.ok(
        limited.some((s) => s.powerW === TX_LIMIT_W),
        'at the limit while the battery accepts more',
      );

      for (const [i, s] of samples.entries()) {
        assert.deepEqual(s.phases, [undefined, undefined, undefined, undefined, undefined], 'DC: no phases');
        assert.ok(s.voltageV >= PACK_EMPTY_V && s.voltageV <= PACK_FULL_V, `${s.voltageV} V`);
        assert.ok(Math.abs(s.voltageV - packVoltageV(s.socPercent)) <= 0.1, `${s.voltageV} V at ${s.socPercent} %`);
        // Within the rounding of the values: A to 0.01, V to 0.1, W to 1.
        const rounding = 0.005 * s.voltageV + 0.05 * s.currentA + 0.5;
        assert.ok(Math.abs(s.currentA * s.voltageV - s.powerW) <= rounding, `${s.currentA} A × ${s.voltageV} V is not ${s.powerW} W`);
        const previous = samples[i - 1];
        if (!previous) continue;
        assert.ok(s.socPercent >= previous.socPercent, 'SoC never falls');
        // SoC follows the energy into the battery; the energy is the integral of the power between samples.
        const wh = s.energyWh - previous.energyWh;
        assert.ok(Math.abs(s.socPercent - previous.socPercent - (wh / BATTERY_WH) * 100) <= 0.11, `SoC and ${wh} Wh`);
        const [low, high] = [Math.min(s.powerW, previous.powerW), Math.max(s.powerW, previous.powerW)];
        assert.ok(
          wh >= (low * METER_INTERVAL_S) / 3600 - 0.2 && wh <= (high * METER_INTERVAL_S) / 3600 + 0.2,
          `${wh} Wh between ${low} and ${high} W`,
        );
      }

      // Full: the EV stops drawing and the CSMS sees it suspend.
      const last = samples.at(-1)!;
      assert.equal(last.socPercent, 100);
      assert.equal(last.powerW, 0);
      assert.ok(Math.abs(last.energyWh - BATTERY_WH / 4) <= 0.1, `${last.energyWh} Wh: the quarter of the battery from 75 %`);
      const states = transactionEvents()
        .map((e) => e.transactionInfo.chargingState)
        .filter((s) => s !== undefined);
      assert.equal(states.at(-1), 'SuspendedEV');
    } finally {
      await stop();
    }
  });
});

describe('K01.FR.44 a DC limit in A as the pack voltage rises', () => {
  it('K01.FR.44 – a TxProfile of 50 A on DC: the power follows 50 A × the rising pack voltage, sample after sample', async () => {
    const id = 'DC-AMPS';
    const LIMIT_A = 50;
    const { t, station, startSession, stop } = await startDcStation(id);
    try {
      const view = await startSession({ protocol: 'IEC61851', maxPowerW: EV_MAX_W, socPercent: 10, batteryWh: 5000 }, 'DCAMPS');
      assert.deepEqual(await csms.call(id, 'SetChargingProfile', txProfile(view.transactionId, 'A', LIMIT_A)), { status: 'Accepted' });
      for (let s = 0; s < 400; s++) {
        await t.clock.tick(1000);
        await quiet(station);
      }
      const samples = (csms.store.requests(id) ?? [])
        .filter((r) => r.action === 'TransactionEvent')
        .map((r) => r.request as TransactionEventRequest)
        .filter((e) => e.triggerReason === 'MeterValuePeriodic')
        .map((e) => sampleOf(e.meterValue![0]!))
        .slice(2); // from the second interval after the profile on: ramped to it
      assert.ok(samples.length > 30, `${samples.length} periodic meter values`);
      for (const s of samples) {
        // Within the whole volt the limit is converted at, and a second of the voltage's rise.
        assert.ok(Math.abs(s.powerW - LIMIT_A * s.voltageV) <= LIMIT_A * 1.5, `${s.powerW} W at ${s.voltageV} V is not ${LIMIT_A} A`);
      }
      const [first, last] = [samples[0]!, samples.at(-1)!];
      assert.ok(last.voltageV - first.voltageV >= 15, `the pack voltage rose: ${first.voltageV} V to ${last.voltageV} V`);
      assert.ok(last.powerW - first.powerW >= LIMIT_A * 14, `the power rose with it: ${first.powerW} W to ${last.powerW} W`);
    } finally {
      await stop();
    }
  });
});
