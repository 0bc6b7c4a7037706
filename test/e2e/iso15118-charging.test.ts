// K15/K17 end to end: an ISO 15118-2 EV plugs in and is authorized by card; its charging needs
// reach the local CSMS, which levels them over the time to departure into a TxProfile; the EV
// follows the schedule it is offered (the power in the transaction's next meter value), then asks
// for more energy and renegotiates. Local CSMS over a real WebSocket, station on a fake clock.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LEVELING_PROFILE_ID } from '../../src/csms/charging-needs.js';
import { type LocalCsms, startLocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type {
  NotifyEVChargingNeedsRequest,
  NotifyEVChargingScheduleRequest,
  TransactionEventRequest,
} from '../../src/generated/ocpp201/index.js';
import { quiet } from '../support/quiet.js';
import { bootedStation } from '../support/booted-station.js';
import type { TestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const ID = 'ISO15118-LEVELING';
const METER_INTERVAL_S = 10;
/** 3 phases × 230 V per ampere. */
const W_PER_A = 690;

let csms: LocalCsms;
let t: TestStation;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  t = await bootedStation({
    id: ID,
    csmsUrl: csms.url,
    overrides: {
      [DM.SampledDataCtrlr.TxUpdatedInterval]: String(METER_INTERVAL_S),
      [DM.SampledDataCtrlr.TxUpdatedMeasurands]: 'Power.Active.Import',
    },
  });
});
after(async () => {
  await t?.stop();
  await csms?.close();
});

function requests<T>(action: string): T[] {
  return (csms.store.requests(ID) ?? []).filter((r) => r.action === action).map((r) => r.request as T);
}

async function seconds(n: number): Promise<void> {
  for (let s = 0; s < n; s++) {
    await t.clock.tick(1000);
    await quiet(t);
  }
}

/** Power.Active.Import of the last periodic meter value of the transaction. */
function lastPeriodicPowerW(): number {
  const periodic = requests<TransactionEventRequest>('TransactionEvent').filter((e) => e.triggerReason === 'MeterValuePeriodic');
  return Number(periodic.at(-1)?.meterValue?.[0]?.sampledValue.find((s) => s.measurand === 'Power.Active.Import')?.value);
}

describe('K15/K17 ISO 15118 smart charging end to end', () => {
  it('K15.FR.01/06/10, K17.FR.01: needs levelled into a TxProfile, the EV follows it, then renegotiates for more energy', async () => {
    // 22 kWh in 4 h: 5.5 kW, 8 A on three phases once rounded up.
    const departureTime = new Date(Date.now() + 4 * 3_600_000).toISOString();
    t.hardware.plug(1, 1, { protocol: 'ISO15118-2', energyRequestWh: 22_000, departureTime });
    await quiet(t);
    t.hardware.presentToken('ISO-CARD', 'ISO14443', 1);
    const transactionId = (await waitFor(() => t.station.blocks.transactions.view(1), 'transaction')).transactionId;
    await seconds(1);
    await waitFor(() => requests('NotifyEVChargingSchedule').length === 1, 'the EV chose a schedule');

    const [needs] = requests<NotifyEVChargingNeedsRequest>('NotifyEVChargingNeeds');
    assert.ok(needs, 'K15.FR.01: the EV charging needs reached the CSMS');
    assert.equal(needs.chargingNeeds.acChargingParameters?.energyAmount, 22_000, 'K15.FR.06: the AC parameters with the energy asked for');
    assert.equal(needs.chargingNeeds.departureTime, departureTime);
    const profile = t.station.blocks.smartCharging.installed().find((p) => p.profile.id === LEVELING_PROFILE_ID);
    assert.equal(profile?.profile.transactionId, transactionId, 'K15.FR.07: the CSMS set the TxProfile of the transaction');
    const [chosen] = requests<NotifyEVChargingScheduleRequest>('NotifyEVChargingSchedule');
    assert.equal(chosen?.chargingSchedule.chargingSchedulePeriod[0]?.limit, 8, 'K15.FR.10: the EV chose the 8 A schedule');

    await seconds(METER_INTERVAL_S);
    assert.equal(Math.round(lastPeriodicPowerW()), 8 * W_PER_A, 'the next meter value: the EV draws 8 A on three phases');
    assert.equal(t.snapshot().evses[0]?.iso15118?.chargingNeeds !== undefined, true, 'the dashboard shows the charging needs');

    // The driver wants twice the energy by the same time: the EV renegotiates (K17).
    t.hardware.setEv(1, { energyRequestWh: 44_000 });
    await seconds(1);
    const renegotiated = requests<NotifyEVChargingNeedsRequest>('NotifyEVChargingNeeds');
    assert.equal(renegotiated.length, 2, 'K17.FR.01: the new charging needs reached the CSMS');
    assert.equal(renegotiated[1]?.chargingNeeds.acChargingParameters?.energyAmount, 44_000);
    // The CSMS sends its new TxProfile right after its answer.
    const rate = await waitFor(
      () => requests<TransactionEventRequest>('TransactionEvent').find((e) => e.triggerReason === 'ChargingRateChanged'),
      'K17: the new rate is a TransactionEvent ChargingRateChanged',
    );
    assert.equal(rate.transactionInfo.transactionId, transactionId);
    await seconds(METER_INTERVAL_S);
    assert.equal(Math.round(lastPeriodicPowerW()), 16 * W_PER_A, 'the next meter value: the EV draws its maximum, 16 A');
  });
});
