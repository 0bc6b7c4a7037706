// K01.FR.46 phase switching, measured where a CSMS sees it: a TxProfile period on one phase
// (phaseToUse L2) makes the EV draw 16 A on L2 alone, as the periodic meter values of the
// transaction show, and the next period on three phases puts it back on all of them. Local CSMS
// over a real WebSocket; the station's fake clock moves one second at a time.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { SampledValueType, TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { quiet } from '../support/quiet.js';
import { bootedStation } from '../support/booted-station.js';
import type { TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const METER_INTERVAL_S = 10;
/** When the TxProfile's second period, on three phases, starts. */
const THREE_PHASES_AT_S = 60;

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(() => csms.close());

const booted = (id: string): Promise<TestStation> =>
  bootedStation({
    id,
    csmsUrl: csms.url,
    overrides: {
      [DM.SampledDataCtrlr.TxUpdatedInterval]: String(METER_INTERVAL_S),
      [DM.SampledDataCtrlr.TxUpdatedMeasurands]: 'Power.Active.Import,Current.Import',
    },
  });

async function seconds(t: TestStation, n: number): Promise<void> {
  for (let s = 0; s < n; s++) {
    await t.clock.tick(1000);
    await quiet(t);
  }
}

/** The sampled values of the last periodic meter value the CSMS received for the transaction. */
function lastPeriodic(id: string, transactionId: string): SampledValueType[] {
  const events = (csms.store.requests(id) ?? [])
    .filter((r) => r.action === 'TransactionEvent')
    .map((r) => r.request as TransactionEventRequest)
    .filter((e) => e.transactionInfo.transactionId === transactionId && e.triggerReason === 'MeterValuePeriodic');
  return events.at(-1)?.meterValue?.[0]?.sampledValue ?? [];
}

const currents = (values: SampledValueType[]) =>
  Object.fromEntries(values.filter((v) => v.measurand === 'Current.Import').map((v) => [v.phase, v.value]));
const powerW = (values: SampledValueType[]) => values.find((v) => v.measurand === 'Power.Active.Import')?.value;

describe('K01 phase switching measured', () => {
  it('K01.FR.46, K08 – a TxProfile period of 16 A on one phase, phaseToUse 2: the meter values show ~16 A on L2 alone and ~3680 W; the next period on 3 phases puts the EV back on all three; GetCompositeSchedule shows both periods with their phases', async () => {
    const id = 'K01-PHASES';
    const t = await booted(id);
    try {
      const switching = await csms.call(id, 'GetVariables', {
        getVariableData: [{ component: { name: 'SmartChargingCtrlr' }, variable: { name: 'ACPhaseSwitchingSupported' } }],
      });
      assert.equal(switching.getVariableResult[0]?.attributeValue, 'true', 'the simulated AC station can switch phases');
      t.hardware.plug(1);
      await quiet(t);
      t.hardware.presentToken('CARD-1', 'ISO14443', 1);
      const { transactionId } = await waitFor(() => t.station.blocks.transactions.view(1), 'transaction on EVSE 1');
      await waitFor(() => t.hardware.contactorClosed(1), 'power path closed');
      await seconds(t, METER_INTERVAL_S);
      assert.ok(Number(powerW(lastPeriodic(id, transactionId))) > 10_000, 'charging at 11 kW on three phases');

      const answer = await csms.call(id, 'SetChargingProfile', {
        evseId: 1,
        chargingProfile: {
          id: 7,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Absolute',
          transactionId,
          chargingSchedule: [
            {
              id: 7,
              startSchedule: t.station.ctx.now().toISOString(),
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [
                { startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 },
                { startPeriod: THREE_PHASES_AT_S, limit: 16, numberPhases: 3 },
              ],
            },
          ],
        },
      });
      assert.deepEqual(answer, { status: 'Accepted' });
      // K08: the CSMS sees the switch in the composite schedule, each period with its phases.
      const composite = await csms.call(id, 'GetCompositeSchedule', { evseId: 1, duration: 300, chargingRateUnit: 'A' });
      assert.deepEqual(composite.schedule?.chargingSchedulePeriod, [
        { startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 },
        { startPeriod: THREE_PHASES_AT_S, limit: 16, numberPhases: 3 },
      ]);
      await seconds(t, 2 * METER_INTERVAL_S);
      const single = lastPeriodic(id, transactionId);
      const onOne = currents(single);
      assert.equal(onOne.L1, 0, 'no current on L1');
      assert.equal(onOne.L3, 0, 'no current on L3');
      assert.ok(Math.abs(onOne.L2! - 16) <= 0.3, `~16 A on L2: ${onOne.L2} A`);
      assert.ok(Math.abs(Number(powerW(single)) - 3680) <= 20, `~3680 W: ${powerW(single)} W`);

      await seconds(t, THREE_PHASES_AT_S);
      const all = lastPeriodic(id, transactionId);
      for (const phase of ['L1', 'L2', 'L3']) {
        assert.ok(Math.abs(currents(all)[phase]! - 16) <= 0.3, `~16 A on ${phase}: ${currents(all)[phase]} A`);
      }
      assert.ok(Number(powerW(all)) > 10_900, `back to 11 kW: ${powerW(all)} W`);
    } finally {
      await t.stop();
    }
  });
});
