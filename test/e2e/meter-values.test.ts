// J01 clock-aligned MeterValues and F06 TriggerMessage(MeterValues): a real station over the
// simulated wallbox against the local CSMS on a real socket (which validates every request
// against the OCPP schemas before it is recorded).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { MeterValuesRequest } from '../../src/generated/ocpp201/index.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(async () => {
  await csms.close();
});

const meterValues = (id: string): MeterValuesRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'MeterValues').map((r) => r.request as MeterValuesRequest);

async function booted(id: string, options: { evses?: number; overrides?: Record<string, string> } = {}): Promise<TestStation> {
  const t = makeTestStation({ id, csmsUrl: csms.url, evses: options.evses ?? 1, overrides: options.overrides ?? {} });
  t.station.start();
  await waitFor(() => t.snapshot().registration === 'Accepted' && t.snapshot().connected, `${id} booted`);
  await quiet(t);
  return t;
}

/** Moves the fake clock on, then lets the MeterValues calls and their answers cross the socket. */
async function advanceUntil(t: TestStation, ms: number, id: string, count: number): Promise<void> {
  t.clock.advance(ms);
  await waitFor(() => meterValues(id).length >= count, `${count} MeterValues`);
  await quiet(t);
}

describe('J01 Sending meter values not related to a transaction', () => {
  it('J01.FR.14 – with an EV drawing, MeterValues arrive at every aligned Interval with the configured measurands', async () => {
    const id = 'J01-A';
    const t = await booted(id, {
      overrides: {
        [DM.AlignedDataCtrlr.Interval]: '60',
        [DM.AlignedDataCtrlr.Measurands]: 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC',
        // Energy without a transaction: a card authorizes, and DataSigned never starts one on a meter that does not sign.
        [DM.TxCtrlr.TxStartPoint]: 'DataSigned',
      },
    });
    try {
      t.hardware.plug(1, 1, { socPercent: 35 });
      t.hardware.presentToken('J01-CARD');
      await waitFor(() => t.hardware.evDrawing(1), 'the EV draws');
      await quiet(t);
      await advanceUntil(t, 60_000, id, 1);
      await advanceUntil(t, 60_000, id, 2);
      await advanceUntil(t, 60_000, id, 3);
      const sent = meterValues(id);
      assert.equal(sent.length, 3, 'one per interval');
      for (const request of sent) {
        // J01.FR.02: the EVSE of the samples; J01.FR.05/17: one timestamp, at an aligned time of station time.
        assert.equal(request.evseId, 1);
        assert.equal(request.meterValue.length, 1);
        const value = request.meterValue[0];
        assert.equal(Date.parse(value.timestamp) % 60_000, 0, `${value.timestamp} is on a minute`);
        assert.ok(value.sampledValue.every((s) => s.context === 'Sample.Clock'));
        assert.deepEqual(
          value.sampledValue.map((s) => [s.measurand, s.phase ?? null, s.location, s.unitOfMeasure?.unit]),
          [
            ['Energy.Active.Import.Register', null, 'Outlet', 'Wh'],
            ['Power.Active.Import', null, 'Outlet', 'W'],
            ['Current.Import', 'L1', 'Outlet', 'A'],
            ['Current.Import', 'L2', 'Outlet', 'A'],
            ['Current.Import', 'L3', 'Outlet', 'A'],
            ['Voltage', 'L1-N', 'Outlet', 'V'],
            ['Voltage', 'L2-N', 'Outlet', 'V'],
            ['Voltage', 'L3-N', 'Outlet', 'V'],
            ['SoC', null, 'EV', 'Percent'],
          ],
        );
      }
      const times = sent.map((r) => Date.parse(r.meterValue[0].timestamp));
      assert.deepEqual([times[1]! - times[0]!, times[2]! - times[1]!], [60_000, 60_000]);
      const energy = sent.map((r) => r.meterValue[0].sampledValue[0].value);
      assert.ok(energy[0]! < energy[1]! && energy[1]! < energy[2]!, `energy grows: ${energy.join(' ')}`);
      assert.equal(sent[2]!.meterValue[0].sampledValue[1]!.value, 11_040, 'full 11 kW');
    } finally {
      await t.stop();
    }
  });

  it('J01.FR.14 – the CSMS changes Interval with SetVariables; an unsupported measurand is Rejected', async () => {
    const id = 'J01-B';
    const t = await booted(id, { overrides: { [DM.AlignedDataCtrlr.Interval]: '0' } });
    try {
      t.clock.advance(3_600_000);
      await quiet(t);
      assert.equal(meterValues(id).length, 0, 'Interval 0: off');
      const component = { name: DM.AlignedDataCtrlr.Interval.split('/')[0]! };
      const response = await csms.call(id, 'SetVariables', {
        setVariableData: [
          { component, variable: { name: 'Interval' }, attributeValue: '30' },
          { component, variable: { name: 'Measurands' }, attributeValue: 'Energy.Active.Import.Register,Frequency' },
        ],
      });
      assert.deepEqual(
        response.setVariableResult.map((r) => r.attributeStatus),
        ['Accepted', 'Rejected'],
      );
      await advanceUntil(t, 30_000, id, 1);
      assert.deepEqual(
        meterValues(id)[0]!.meterValue[0].sampledValue.map((s) => s.measurand),
        ['Energy.Active.Import.Register'],
      );
    } finally {
      await t.stop();
    }
  });
});

describe('F06 TriggerMessage(MeterValues)', () => {
  it('F06.FR.06 – MeterValues with AlignedDataCtrlr.Measurands in context Trigger, for one EVSE or all (F06.FR.11)', async () => {
    const id = 'F06-MV';
    const t = await booted(id, {
      evses: 2,
      overrides: { [DM.AlignedDataCtrlr.Interval]: '0', [DM.AlignedDataCtrlr.Measurands]: 'Energy.Active.Import.Register,Current.Offered' },
    });
    try {
      assert.deepEqual(await csms.call(id, 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 2 } }), { status: 'Accepted' });
      await waitFor(() => meterValues(id).length === 1, 'triggered MeterValues');
      assert.equal(meterValues(id)[0]!.evseId, 2);
      assert.deepEqual(
        meterValues(id)[0]!.meterValue[0].sampledValue.map((s) => [s.measurand, s.context]),
        [
          ['Energy.Active.Import.Register', 'Trigger'],
          ['Current.Offered', 'Trigger'],
        ],
      );

      assert.equal((await csms.call(id, 'TriggerMessage', { requestedMessage: 'MeterValues' })).status, 'Accepted');
      await waitFor(() => meterValues(id).length === 3, 'one per EVSE');
      assert.deepEqual(
        meterValues(id)
          .slice(1)
          .map((r) => r.evseId),
        [1, 2],
      );

      assert.equal((await csms.call(id, 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 7 } })).status, 'Rejected');
      await quiet(t);
      assert.equal(meterValues(id).length, 3);
    } finally {
      await t.stop();
    }
  });
});
