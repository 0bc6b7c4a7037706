import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { MeterValuesRequest, MeterValueType } from '../../generated/ocpp201/index.js';
import type { EvseElectrics } from '../../hal/simulated/evse-model.js';
import { SimulatedHardware } from '../../hal/simulated/simulated-hardware.js';
import { silentLogger } from '../../log/logger.js';
import type { StationContext } from '../../kernel/context.js';
import { defaultDescription } from '../../description/station-description.js';
import { StationEvents } from '../../kernel/events.js';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { StationState } from '../../store/station-state.js';
import { MeterValues } from './meter-values.js';
import { MAX_TX_ENDED_VALUES } from './tx-ended-collection.js';

const START = Date.parse('2026-03-01T10:07:12Z');
const MIN = 60_000;

/** The block on a real device model and simulated wallbox, with a recording link. */
function harness(options: { evses?: number; overrides?: Record<string, string>; electrics?: Record<number, Partial<EvseElectrics>> } = {}) {
  const clock = new FakeClock(START);
  const description = defaultDescription(options.evses ?? 1);
  const hardware = new SimulatedHardware(description, { clock, ...(options.electrics ? { electrics: options.electrics } : {}) });
  const db = new StationScope(openDatabase(':memory:'));
  const dm = DeviceModel.open(db, { description, clock, overrides: options.overrides ?? {} });
  const sent: { request: MeterValuesRequest; triggered: boolean }[] = [];
  let online = true;
  const call = async (action: string, payload: unknown, callOptions: { triggered?: boolean } = {}) => {
    assert.equal(action, 'MeterValues');
    sent.push({ request: payload as MeterValuesRequest, triggered: callOptions.triggered ?? false });
    return {};
  };
  const ctx: StationContext = {
    id: 'MV',
    clock,
    log: silentLogger,
    description,
    dm,
    db,
    hal: hardware,
    state: new StationState(db),
    events: new StationEvents(),
    call: call as unknown as StationContext['call'],
    queue: () => assert.fail('meter values are never queued'),
    online: () => online,
    registration: () => 'Accepted',
    now: () => new Date(clock.now()),
    adoptCsmsTime: () => undefined,
    reconnect: () => undefined,
    queued: () => [],
    reboot: () => undefined,
    trigger: () => undefined,
  };
  const block = new MeterValues(ctx);
  /** EV plugged and drawing through a closed contactor. */
  const charge = async (evseId = 1, ev: Parameters<SimulatedHardware['plug']>[2] = {}) => {
    hardware.plug(evseId, 1, ev);
    await hardware.setContactor(evseId, true);
  };
  return { clock, hardware, dm, block, sent, charge, setOnline: (value: boolean) => (online = value) };
}

const measurandsOf = (v: MeterValueType | undefined) => v?.sampledValue.map((s) => [s.measurand, s.phase ?? null]);
const energyOf = (v: MeterValueType | undefined) => v?.sampledValue.find((s) => s.measurand === 'Energy.Active.Import.Register')?.value;

describe('J01/J02 sample() on the simulated meter', () => {
  it('3-phase: every supplied measurand, per phase where it applies, stamped with station time', async () => {
    const h = harness();
    await h.charge(1, { socPercent: 20 });
    h.clock.advance(60_000);
    const all = [
      'Energy.Active.Import.Register',
      'Power.Active.Import',
      'Current.Import',
      'Voltage',
      'SoC',
      'Current.Offered',
      'Power.Offered',
    ];
    const value = h.block.sample(1, all, 'Sample.Periodic');
    assert.equal(value.timestamp, new Date(START + 60_000).toISOString());
    assert.deepEqual(measurandsOf(value), [
      ['Energy.Active.Import.Register', null],
      ['Power.Active.Import', null],
      ['Current.Import', 'L1'],
      ['Current.Import', 'L2'],
      ['Current.Import', 'L3'],
      ['Voltage', 'L1-N'],
      ['Voltage', 'L2-N'],
      ['Voltage', 'L3-N'],
      ['SoC', null],
      ['Current.Offered', null],
      ['Power.Offered', null],
    ]);
    const of = (m: string) => value.sampledValue.filter((s) => s.measurand === m);
    assert.equal(of('Power.Active.Import')[0]?.value, 11_040, '3 × 230 V × 16 A');
    assert.equal(of('Current.Offered')[0]?.value, 16);
    for (const v of of('Voltage')) assert.ok(Math.abs(v.value - 230) <= 2, `voltage ${v.value}`);
    for (const v of of('Current.Import')) assert.ok(Math.abs(v.value - 16) < 0.2, `current ${v.value}`);
    assert.deepEqual(
      of('SoC').map((s) => s.location),
      ['EV'],
    );
    assert.ok(value.sampledValue.every((s) => s.context === 'Sample.Periodic' && s.unitOfMeasure?.unit));
    h.block.stop();
  });

  it('1-phase: one Current.Import on L1 and one Voltage on L1-N', async () => {
    const h = harness({ electrics: { 1: { phases: 1, maxCurrentA: 32 } } });
    await h.charge();
    h.clock.advance(10_000);
    const value = h.block.sample(1, ['Current.Import', 'Voltage', 'Power.Active.Import'], 'Trigger');
    assert.deepEqual(measurandsOf(value), [
      ['Current.Import', 'L1'],
      ['Voltage', 'L1-N'],
      ['Power.Active.Import', null],
    ]);
    assert.equal(value.sampledValue[2]?.value, 7_360, '230 V × 32 A');
    h.block.stop();
  });

  it('J02.FR.16 – the energy register only grows across samples, unplug and replug', async () => {
    const h = harness();
    await h.charge();
    const energies: number[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.advance(MIN);
      energies.push(energyOf(h.block.sample(1, ['Energy.Active.Import.Register'], 'Sample.Periodic'))!);
    }
    h.hardware.unplug(1);
    h.clock.advance(MIN);
    energies.push(energyOf(h.block.sample(1, ['Energy.Active.Import.Register'], 'Sample.Periodic'))!);
    await h.charge();
    h.clock.advance(MIN);
    energies.push(energyOf(h.block.sample(1, ['Energy.Active.Import.Register'], 'Sample.Periodic'))!);
    for (let i = 1; i < energies.length; i++) assert.ok(energies[i]! >= energies[i - 1]!, energies.join(' '));
    assert.ok(energies.at(-1)! > energies[0]!);
    assert.ok(energies[0]! > 0);
    h.block.stop();
  });

  it('SoC is left out while the EV reports none: the value can be empty', () => {
    const h = harness();
    assert.deepEqual(h.block.sample(1, ['SoC'], 'Trigger').sampledValue, []);
    h.block.stop();
  });
});

describe('J01 clock-aligned MeterValues', () => {
  it('J01.FR.14 – idle EVSEs send MeterValues at the next aligned boundary, then every Interval', () => {
    const h = harness({ evses: 2, overrides: { [DM.AlignedDataCtrlr.Interval]: '300' } });
    h.clock.advance(2 * MIN + 47_999);
    assert.equal(h.sent.length, 0, 'nothing before 10:10:00');
    h.clock.advance(1);
    assert.deepEqual(
      h.sent.map((s) => [s.request.evseId, s.request.meterValue[0].timestamp]),
      [
        [1, '2026-03-01T10:10:00.000Z'],
        [2, '2026-03-01T10:10:00.000Z'],
      ],
    );
    const sv = h.sent[0]!.request.meterValue[0].sampledValue;
    assert.deepEqual(sv, [
      { value: 0, context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register', location: 'Outlet', unitOfMeasure: { unit: 'Wh' } },
    ]);
    h.clock.advance(10 * MIN);
    assert.deepEqual(
      h.sent.map((s) => s.request.meterValue[0].timestamp).filter((_, i) => i % 2 === 0),
      ['2026-03-01T10:10:00.000Z', '2026-03-01T10:15:00.000Z', '2026-03-01T10:20:00.000Z'],
    );
    assert.ok(h.sent.every((s) => !s.triggered));
    h.block.stop();
  });

  it('a changed Interval applies from the next boundary of the new interval; 0 turns it off', () => {
    const h = harness({ overrides: { [DM.AlignedDataCtrlr.Interval]: '900' } });
    h.clock.advance(8 * MIN); // 10:15:12, one value at 10:15
    assert.equal(h.sent.length, 1);
    h.dm.set(DM.AlignedDataCtrlr.Interval, '60');
    h.clock.advance(2 * MIN);
    assert.deepEqual(
      h.sent.slice(1).map((s) => s.request.meterValue[0].timestamp),
      ['2026-03-01T10:16:00.000Z', '2026-03-01T10:17:00.000Z'],
    );
    h.dm.set(DM.AlignedDataCtrlr.Interval, '0');
    h.clock.advance(60 * MIN);
    assert.equal(h.sent.length, 3);
    h.dm.set(DM.AlignedDataCtrlr.Enabled, 'false');
    h.dm.set(DM.AlignedDataCtrlr.Interval, '60');
    h.clock.advance(5 * MIN);
    assert.equal(h.sent.length, 3, 'AlignedDataCtrlr.Enabled false');
    h.block.stop();
  });

  it('offline: aligned values are dropped, not queued', () => {
    const h = harness({ overrides: { [DM.AlignedDataCtrlr.Interval]: '60' } });
    h.setOnline(false);
    h.clock.advance(5 * MIN);
    h.setOnline(true);
    h.clock.advance(MIN);
    assert.deepEqual(
      h.sent.map((s) => s.request.meterValue[0].timestamp),
      ['2026-03-01T10:13:00.000Z'],
    );
    h.block.stop();
  });

  it('J01.FR.22 – during a transaction the EVSE value goes to the transaction listeners; idle EVSEs still send MeterValues', () => {
    const h = harness({
      evses: 2,
      overrides: {
        [DM.AlignedDataCtrlr.Interval]: '60',
        [DM.AlignedDataCtrlr.Measurands]: 'Energy.Active.Import.Register,Power.Active.Import',
      },
    });
    const forTx: [number, MeterValueType][] = [];
    const off = h.block.onAlignedForTransaction((evseId, value) => forTx.push([evseId, value]));
    h.block.beginTransaction(1);
    h.clock.advance(MIN);
    assert.deepEqual(
      forTx.map(([id, v]) => [id, v.timestamp, v.sampledValue.map((s) => `${s.measurand}/${s.context}`)]),
      [[1, '2026-03-01T10:08:00.000Z', ['Energy.Active.Import.Register/Sample.Clock', 'Power.Active.Import/Sample.Clock']]],
    );
    assert.deepEqual(
      h.sent.map((s) => s.request.evseId),
      [2],
    );

    h.block.endTransaction(1);
    h.clock.advance(MIN);
    assert.equal(forTx.length, 1);
    assert.deepEqual(
      h.sent.map((s) => s.request.evseId),
      [2, 1, 2],
      'idle again: MeterValues',
    );

    // With nobody listening, the transaction's EVSE sends MeterValues (the other choice of J01.FR.22).
    off();
    h.block.beginTransaction(1);
    h.clock.advance(MIN);
    assert.deepEqual(
      h.sent.map((s) => s.request.evseId),
      [2, 1, 2, 1, 2],
    );
    h.block.stop();
  });

  it('J01.FR.20 – SendDuringIdle true: no clock-aligned values at all while any transaction runs', () => {
    const h = harness({ evses: 2, overrides: { [DM.AlignedDataCtrlr.Interval]: '60', [DM.AlignedDataCtrlr.SendDuringIdle]: 'true' } });
    const forTx: number[] = [];
    h.block.onAlignedForTransaction((evseId) => forTx.push(evseId));
    h.clock.advance(MIN);
    assert.equal(h.sent.length, 2, 'idle: both EVSEs');
    h.block.beginTransaction(2);
    h.clock.advance(3 * MIN);
    assert.equal(h.sent.length, 2);
    assert.deepEqual(forTx, []);
    h.block.endTransaction(2);
    h.clock.advance(MIN);
    assert.equal(h.sent.length, 4);
    h.block.stop();
  });
});

describe('J02 values for TransactionEvent(Ended)', () => {
  it('TxEndedInterval 0: only Transaction.Begin and Transaction.End of SampledDataCtrlr.TxEndedMeasurands', async () => {
    const h = harness();
    await h.charge();
    h.block.beginTransaction(1);
    h.clock.advance(30 * MIN);
    const values = h.block.endTransaction(1);
    assert.deepEqual(
      values.map((v) => [v.timestamp, v.sampledValue.map((s) => `${s.measurand}/${s.context}`)]),
      [
        ['2026-03-01T10:07:12.000Z', ['Energy.Active.Import.Register/Transaction.Begin']],
        ['2026-03-01T10:37:12.000Z', ['Energy.Active.Import.Register/Transaction.End']],
      ],
    );
    assert.ok(energyOf(values[1])! > energyOf(values[0])!);
  });

  it('SampledDataCtrlr.TxEndedInterval from the start (Sample.Periodic) and AlignedDataCtrlr.TxEndedInterval at aligned times (Sample.Clock)', async () => {
    const h = harness({
      overrides: {
        [DM.SampledDataCtrlr.TxEndedInterval]: '600',
        [DM.SampledDataCtrlr.TxEndedMeasurands]: 'Energy.Active.Import.Register,Current.Import',
        [DM.AlignedDataCtrlr.TxEndedInterval]: '900',
        [DM.AlignedDataCtrlr.TxEndedMeasurands]: 'Power.Active.Import',
        [DM.AlignedDataCtrlr.Interval]: '0',
      },
    });
    await h.charge();
    h.block.beginTransaction(1);
    h.clock.advance(25 * MIN);
    const values = h.block.endTransaction(1);
    const summary = values.map((v) => `${v.timestamp.slice(11, 19)} ${v.sampledValue[0]?.context} ${v.sampledValue.length}`);
    assert.deepEqual(summary, [
      '10:07:12 Transaction.Begin 4',
      '10:15:00 Sample.Clock 1',
      '10:17:12 Sample.Periodic 4',
      '10:27:12 Sample.Periodic 4',
      '10:30:00 Sample.Clock 1',
      '10:32:12 Transaction.End 4',
    ]);
    assert.equal(h.sent.length, 0, 'nothing of this goes out as MeterValues');
    // Collection stopped: no timers left behind by the transaction.
    h.clock.advance(60 * MIN);
    assert.deepEqual(
      h.block.endTransaction(1).map((v) => v.sampledValue[0]?.context),
      ['Transaction.End'],
    );
  });

  it(`the collection is bounded to ${MAX_TX_ENDED_VALUES} values: Begin and the newest are kept`, async () => {
    const h = harness({ overrides: { [DM.SampledDataCtrlr.TxEndedInterval]: '1', [DM.AlignedDataCtrlr.Interval]: '0' } });
    await h.charge();
    h.block.beginTransaction(1);
    h.clock.advance(500_000); // 500 periodic samples
    const values = h.block.endTransaction(1);
    assert.equal(values.length, MAX_TX_ENDED_VALUES);
    assert.equal(values[0]?.sampledValue[0]?.context, 'Transaction.Begin');
    assert.equal(values.at(-1)?.sampledValue[0]?.context, 'Transaction.End');
    assert.equal(values[1]?.timestamp, new Date(START + 303_000).toISOString(), 'the oldest periodic values were dropped');
    assert.equal(values.at(-2)?.timestamp, new Date(START + 500_000).toISOString());
    const times = values.map((v) => Date.parse(v.timestamp));
    assert.ok(
      times.every((t, i) => i === 0 || t >= times[i - 1]!),
      'in time order',
    );
  });

  it('empty TxEndedMeasurands collect nothing', () => {
    const h = harness({ overrides: { [DM.SampledDataCtrlr.TxEndedMeasurands]: '', [DM.SampledDataCtrlr.TxEndedInterval]: '60' } });
    h.block.beginTransaction(1);
    h.clock.advance(10 * MIN);
    assert.deepEqual(h.block.endTransaction(1), []);
    h.block.stop();
  });
});

describe('F06 TriggerMessage(MeterValues)', () => {
  it('F06.FR.06 – AlignedDataCtrlr.Measurands in context Trigger, for one EVSE or all (F06.FR.11)', async () => {
    const h = harness({
      evses: 2,
      overrides: { [DM.AlignedDataCtrlr.Interval]: '0', [DM.AlignedDataCtrlr.Measurands]: 'Energy.Active.Import.Register,Voltage' },
    });
    assert.equal(h.block.canTrigger({ id: 2 }), 'Accepted');
    assert.equal(h.block.canTrigger({ id: 3 }), 'Rejected');
    await h.block.trigger({ id: 2 });
    await h.block.trigger(undefined);
    assert.deepEqual(
      h.sent.map((s) => [s.request.evseId, s.triggered]),
      [
        [2, true],
        [1, true],
        [2, true],
      ],
    );
    const sv = h.sent[0]!.request.meterValue[0].sampledValue;
    assert.deepEqual(
      sv.map((s) => [s.measurand, s.phase ?? null, s.context]),
      [
        ['Energy.Active.Import.Register', null, 'Trigger'],
        ['Voltage', 'L1-N', 'Trigger'],
        ['Voltage', 'L2-N', 'Trigger'],
        ['Voltage', 'L3-N', 'Trigger'],
      ],
    );
    h.dm.set(DM.AlignedDataCtrlr.Measurands, 'SoC');
    assert.equal(h.block.canTrigger(undefined), 'Rejected', 'nothing to report: no EV reports a SoC');
    h.block.stop();
  });
});
