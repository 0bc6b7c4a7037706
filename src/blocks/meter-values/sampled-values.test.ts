import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceModel } from '../../device-model/device-model.js';
import { loadSeeds } from '../../device-model/seeds.js';
import { splitList } from '../../device-model/value-check.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { MeterReading } from '../../hal/hardware.js';
import { defaultDescription } from '../../description/station-description.js';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { SUPPORTED_MEASURANDS, toSampledValues } from './sampled-values.js';

const threePhase: MeterReading = {
  energyWh: 12_345.678,
  powerW: 11_040.4,
  phases: 3,
  currentA: [16.004, 15.996, 16],
  voltageV: [230.04, 229.96, 231.25],
  socPercent: 42.25,
  offeredW: 11_040,
  offeredA: 16,
};

describe('J01/J02 SampledValues of a meter reading', () => {
  it('J01.FR.10 – Current.Import and Voltage per phase (L1..L3, L1-N..L3-N), totals without phase, explicit units', () => {
    const values = toSampledValues(threePhase, SUPPORTED_MEASURANDS, 'Sample.Clock');
    const pick = (m: string) => values.filter((v) => v.measurand === m);
    assert.deepEqual(pick('Energy.Active.Import.Register'), [
      {
        value: 12_345.7,
        context: 'Sample.Clock',
        measurand: 'Energy.Active.Import.Register',
        location: 'Outlet',
        unitOfMeasure: { unit: 'Wh' },
      },
    ]);
    assert.deepEqual(
      pick('Power.Active.Import').map((v) => [v.value, v.phase, v.unitOfMeasure?.unit]),
      [[11_040, undefined, 'W']],
    );
    assert.deepEqual(
      pick('Power.Offered').map((v) => [v.value, v.phase, v.unitOfMeasure?.unit]),
      [[11_040, undefined, 'W']],
    );
    assert.deepEqual(
      pick('Current.Import').map((v) => [v.value, v.phase, v.unitOfMeasure?.unit]),
      [
        [16, 'L1', 'A'],
        [16, 'L2', 'A'],
        [16, 'L3', 'A'],
      ],
    );
    assert.deepEqual(
      pick('Current.Offered').map((v) => [v.value, v.phase, v.unitOfMeasure?.unit]),
      [[16, undefined, 'A']],
    );
    assert.deepEqual(
      pick('Voltage').map((v) => [v.value, v.phase, v.unitOfMeasure?.unit]),
      [
        [230, 'L1-N', 'V'],
        [230, 'L2-N', 'V'],
        [231.3, 'L3-N', 'V'],
      ],
    );
    assert.ok(values.every((v) => v.context === 'Sample.Clock'));
  });

  it('J02.FR.05 / errata 6.2.58 – SoC in Percent at location EV; every other value at the Outlet', () => {
    const values = toSampledValues(threePhase, SUPPORTED_MEASURANDS, 'Sample.Periodic');
    const soc = values.filter((v) => v.measurand === 'SoC');
    assert.deepEqual(soc, [
      { value: 42.3, context: 'Sample.Periodic', measurand: 'SoC', location: 'EV', unitOfMeasure: { unit: 'Percent' } },
    ]);
    assert.ok(values.filter((v) => v.measurand !== 'SoC').every((v) => v.location === 'Outlet'));
  });

  it('a single-phase EVSE reports one Current.Import (L1) and one Voltage (L1-N)', () => {
    const onePhase: MeterReading = { ...threePhase, phases: 1, currentA: [15.9], voltageV: [229.5], powerW: 3649 };
    const values = toSampledValues(onePhase, ['Current.Import', 'Voltage'], 'Trigger');
    assert.deepEqual(
      values.map((v) => [v.measurand, v.phase, v.value]),
      [
        ['Current.Import', 'L1', 15.9],
        ['Voltage', 'L1-N', 229.5],
      ],
    );
  });

  it('J01 a DC meter reports one Current.Import and one Voltage, those of the DC output, without a phase', () => {
    const dc: MeterReading = {
      energyWh: 5000,
      powerW: 48_300,
      phases: 1,
      dc: true,
      currentA: [120.004],
      voltageV: [402.5],
      socPercent: 75.5,
      offeredW: 50_000,
      offeredA: 124.2,
    };
    const values = toSampledValues(dc, SUPPORTED_MEASURANDS, 'Sample.Periodic');
    assert.deepEqual(
      values.map((v) => [v.measurand, v.phase, v.value, v.unitOfMeasure?.unit, v.location]),
      [
        ['Current.Import', undefined, 120, 'A', 'Outlet'],
        ['Current.Offered', undefined, 124.2, 'A', 'Outlet'],
        ['Energy.Active.Import.Register', undefined, 5000, 'Wh', 'Outlet'],
        ['Power.Active.Import', undefined, 48_300, 'W', 'Outlet'],
        ['Power.Offered', undefined, 50_000, 'W', 'Outlet'],
        ['SoC', undefined, 75.5, 'Percent', 'EV'],
        ['Voltage', undefined, 402.5, 'V', 'Outlet'],
      ],
    );
  });

  it('measurands the meter does not supply, repeats and SoC of an EV that reports none are skipped', () => {
    const { socPercent: _soc, ...noSoc } = threePhase;
    const values = toSampledValues(noSoc, ['Frequency', 'SoC', 'Power.Active.Import', 'Power.Active.Import', 'Bogus'], 'Trigger');
    assert.deepEqual(
      values.map((v) => v.measurand),
      ['Power.Active.Import'],
    );
    assert.deepEqual(toSampledValues(noSoc, ['SoC'], 'Trigger'), []);
    assert.deepEqual(toSampledValues(noSoc, [], 'Trigger'), []);
  });

  it('J02.FR.16 – the register is never reported negative nor below the value last reported', () => {
    const energy = (reading: MeterReading, floor?: number) =>
      toSampledValues(reading, ['Energy.Active.Import.Register'], 'Trigger', floor)[0]?.value;
    assert.equal(energy({ ...threePhase, energyWh: -3 }), 0);
    assert.equal(energy({ ...threePhase, energyWh: 99.94 }, 100.1), 100.1);
    assert.equal(energy({ ...threePhase, energyWh: 0.04 }), 0);
    assert.ok(!Object.is(energy({ ...threePhase, energyWh: -0.01 }), -0));
  });

  it('B05.FR.07 – the seeds offer exactly the supplied measurands, and SetVariables of another one is Rejected', () => {
    const paths = [
      DM.SampledDataCtrlr.TxStartedMeasurands,
      DM.SampledDataCtrlr.TxUpdatedMeasurands,
      DM.SampledDataCtrlr.TxEndedMeasurands,
      DM.AlignedDataCtrlr.Measurands,
      DM.AlignedDataCtrlr.TxEndedMeasurands,
    ];
    const seeds = loadSeeds();
    for (const path of paths) {
      const [component, variable] = path.split('/') as [string, string];
      const seed = seeds.find((s) => s.component === component)?.variables.find((v) => v.variable === variable);
      assert.deepEqual(splitList(seed?.characteristics.valuesList ?? '').sort(), [...SUPPORTED_MEASURANDS].sort(), path);
    }

    const dm = DeviceModel.open(new StationScope(openDatabase(':memory:')), { description: defaultDescription(1) });
    for (const path of [DM.AlignedDataCtrlr.Measurands, DM.SampledDataCtrlr.TxUpdatedMeasurands]) {
      const [component, variable] = path.split('/') as [string, string];
      const set = (attributeValue: string) =>
        dm.setVariable({ component: { name: component }, variable: { name: variable }, attributeValue });
      assert.equal(set('Energy.Active.Import.Register,Frequency').attributeStatus, 'Rejected', path);
      assert.equal(set('Power.Active.Import,Current.Import,Voltage,SoC').attributeStatus, 'Accepted', path);
      assert.equal(set('').attributeStatus, 'Accepted', `${path}: an empty list turns the values off`);
    }
  });
});
