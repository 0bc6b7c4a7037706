// K11–K13 with the limit coming from an energy manager over Modbus TCP: a real Modbus TCP server
// plays the EMS, the station's hardware is the simulated wallbox behind the Modbus EMS driver, the
// local CSMS listens over a real WebSocket. The station's fake clock moves a second at a time,
// so each EMS poll and each meter sample is looked at.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import type { ModbusEmsOptions } from '../../src/hal/modbus/ems-options.js';
import { withModbusEms } from '../../src/hal/modbus/modbus-ems.js';
import { bootedStation } from '../support/booted-station.js';
import { TestEms } from '../support/modbus-ems-server.js';
import { advanceUntil, quiet } from '../support/quiet.js';
import type { TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const METER_INTERVAL_S = 10;
const REGISTER = 100;
const NO_LIMIT = 0xffff;
/** Only the timers of the next second: the EMS polls, the meter, the EV's ramp. */
const NEXT_SECOND = 1001;

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(() => csms.close());

function booted(id: string, ems: TestEms, more: Partial<ModbusEmsOptions>): Promise<TestStation> {
  const options: ModbusEmsOptions = {
    host: '127.0.0.1',
    port: ems.port,
    unitId: 1,
    register: REGISTER,
    format: 'u16',
    scaleW: 1,
    pollS: 1,
    evseId: 0,
    failsafeAfter: 3,
    ...more,
  };
  return bootedStation({
    id,
    csmsUrl: csms.url,
    overrides: { [DM.SampledDataCtrlr.TxUpdatedInterval]: String(METER_INTERVAL_S) },
    hal: (hardware, clock) => withModbusEms(hardware, options, clock),
  });
}

/** The payloads of the CALLs of `action` the station sent so far. */
function sent(id: string, action: string): Record<string, unknown>[] {
  return (csms.store.requests(id) ?? []).filter((r) => r.action === action).map((r) => r.request as Record<string, unknown>);
}

/** Power.Active.Import of the periodic meter values of the transaction, in order. */
function periodicPowerW(id: string): number[] {
  return sent(id, 'TransactionEvent')
    .map((e) => e as unknown as TransactionEventRequest)
    .filter((e) => e.triggerReason === 'MeterValuePeriodic')
    .map((e) => Number(e.meterValue?.[0]?.sampledValue.find((s) => s.measurand === 'Power.Active.Import')?.value));
}

const rateChanged = (id: string) => sent(id, 'TransactionEvent').filter((e) => e.triggerReason === 'ChargingRateChanged');

async function second(t: TestStation): Promise<void> {
  await t.clock.tick(1000);
  await quiet(t);
}

/** Seconds pass until `done` holds: the EMS read takes real socket I/O between them. */
async function until(t: TestStation, done: () => boolean, what: string): Promise<void> {
  await advanceUntil(t.clock, done, what, NEXT_SECOND);
  await quiet(t);
}

describe('K11/K13 an energy manager on Modbus TCP during a transaction', () => {
  let ems: TestEms;
  before(async () => {
    ems = await TestEms.start();
  });
  after(() => ems.stop());

  it('K11.FR.01/02/04/05 – the EMS sets 4 kW during an 11 kW session: NotifyChargingLimit (EMS, EVSE 1), ChargingRateChanged, the next meter value at most 4 kW; K13.FR.01/02/03 – it clears: ClearedChargingLimit, full power again', async () => {
    const id = 'MODBUS-EMS-TX';
    ems.set(REGISTER, NO_LIMIT);
    const t = await booted(id, ems, { evseId: 1 });
    try {
      t.hardware.plug(1);
      await quiet(t);
      t.hardware.presentToken('CARD-1', 'ISO14443', 1);
      await waitFor(() => t.station.blocks.transactions.view(1), 'transaction');
      await waitFor(() => t.hardware.contactorClosed(1), 'power path closed');
      for (let s = 0; s < METER_INTERVAL_S; s++) await second(t);
      const before = periodicPowerW(id);
      assert.ok(before.at(-1)! > 10_000, `charging at the 11 kW rating: ${before.at(-1)} W`);
      assert.deepEqual(sent(id, 'NotifyChargingLimit'), [], 'no limit in the register: nothing to notify');
      const sampledAt = t.clock.now();

      ems.set(REGISTER, 4000);
      await until(t, () => sent(id, 'NotifyChargingLimit').length > 0, 'NotifyChargingLimit');
      assert.deepEqual(sent(id, 'NotifyChargingLimit'), [{ chargingLimit: { chargingLimitSource: 'EMS' }, evseId: 1 }]);
      assert.equal(t.snapshot().evses[0]!.limitW, 4000);
      assert.equal(rateChanged(id).length, 1, 'K11.FR.04: TransactionEvent ChargingRateChanged');
      while (t.clock.now() - sampledAt < METER_INTERVAL_S * 1000) await second(t);
      const after = periodicPowerW(id);
      assert.equal(after.length, before.length + 1, 'one meter interval later, one more periodic meter value');
      assert.ok(after.at(-1)! <= 4000, `measured ${after.at(-1)} W one interval after the EMS set 4 kW`);

      ems.set(REGISTER, NO_LIMIT);
      await until(t, () => sent(id, 'ClearedChargingLimit').length > 0, 'ClearedChargingLimit');
      assert.deepEqual(sent(id, 'ClearedChargingLimit'), [{ chargingLimitSource: 'EMS', evseId: 1 }]);
      assert.equal(t.snapshot().evses[0]!.limitW, null);
      assert.equal(rateChanged(id).length, 2, 'K13.FR.03: one for the limit, one for its release');
      for (let s = 0; s < METER_INTERVAL_S; s++) await second(t);
      assert.ok(t.hardware.meter(1).powerW > 10_000, `K13.FR.01: back to the rating, ${t.hardware.meter(1).powerW} W`);
      assert.equal(sent(id, 'NotifyChargingLimit').length, 1, 'nothing more while the register stays clear');
    } finally {
      await t.stop();
    }
  });
});

describe('K12 an energy manager on Modbus TCP for the whole station, and its failsafe', () => {
  it('K12.FR.01/02/04 – a station limit in kW is notified without an evseId; the EMS gone, the failsafe limit after 3 polls is notified too; the EMS back, its value again', async () => {
    const id = 'MODBUS-EMS-STATION';
    const ems = await TestEms.start();
    ems.set(REGISTER, 6);
    const t = await booted(id, ems, { scaleW: 1000, failsafeW: 2000 });
    const stationLimit = () => t.snapshot().smartCharging.stationExternalLimitW;
    try {
      await until(t, () => stationLimit() === 6000, 'the EMS limit');
      assert.deepEqual(sent(id, 'NotifyChargingLimit'), [{ chargingLimit: { chargingLimitSource: 'EMS' } }]);
      assert.equal(rateChanged(id).length, 0, 'no transaction, no TransactionEvent');

      await ems.stop();
      const lostAt = t.clock.now();
      await until(t, () => stationLimit() === 2000, 'the failsafe limit');
      assert.ok(t.clock.now() - lostAt >= 3000, `the failsafe after 3 failed polls, not ${t.clock.now() - lostAt} ms`);
      assert.equal(sent(id, 'NotifyChargingLimit').length, 2, 'K12.FR.02: the failsafe limit is a significant change');

      await ems.restart();
      await until(t, () => stationLimit() === 6000, 'the EMS limit again');
      assert.equal(sent(id, 'NotifyChargingLimit').length, 3);
      assert.equal(sent(id, 'ClearedChargingLimit').length, 0, 'a limit held all along');
    } finally {
      await t.stop();
      await ems.stop();
    }
  });
});
