// K11–K13 against the local CSMS over a real WebSocket: an external system's limit arrives through
// the simulated hardware's external-limit input; the EV follows the lower of it and the profiles,
// the CSMS hears NotifyChargingLimit / ClearedChargingLimit and ChargingRateChanged, and the
// composite schedule (GetCompositeSchedule, the snapshot's compositeSchedule) includes it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { ChargingProfileType } from '../../src/generated/ocpp201/index.js';
import { fixedBackOff, makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

async function booted(id: string, evses = 1, overrides: Record<string, string> = {}): Promise<TestStation> {
  const t = makeTestStation({ id, csmsUrl: csms.url, evses, overrides });
  t.station.start();
  await waitFor(() => t.snapshot().registration === 'Accepted' && t.snapshot().connected, `${id} booted`);
  await quiet(t);
  return t;
}

async function charging(t: TestStation, evseId = 1): Promise<void> {
  t.hardware.plug(evseId);
  await quiet(t);
  t.hardware.presentToken(`CARD-${evseId}`, 'ISO14443', evseId);
  await waitFor(() => t.station.blocks.transactions.view(evseId), 'transaction');
  await waitFor(() => t.hardware.contactorClosed(evseId), 'power path closed');
  await ramp(t);
}

async function ramp(t: TestStation): Promise<void> {
  for (let i = 0; i < 12; i++) await t.clock.tick(1000);
  await quiet(t);
}

/** The payloads of the CALLs of `action` the station sent so far. */
function sent(id: string, action: string): Record<string, unknown>[] {
  return (csms.store.frames(id) ?? [])
    .map((f) => JSON.parse(f.text) as unknown[])
    .filter((frame) => frame[0] === 2 && frame[2] === action)
    .map((frame) => frame[3] as Record<string, unknown>);
}

const rateChanged = (id: string) => sent(id, 'TransactionEvent').filter((e) => e.triggerReason === 'ChargingRateChanged');

describe('K11/K13 an external limit during a transaction', () => {
  it('K11.FR.01/02/04/05 – an EMS limit of 4 kW caps the EV, is notified (EMS, EVSE 1) and changes the rate; a change within LimitChangeSignificance is not notified', async () => {
    const id = 'K11-A';
    const t = await booted(id);
    try {
      await charging(t);
      assert.ok(t.hardware.meter(1).powerW > 10_000, 'charging at the 11 kW rating');
      t.hardware.setExternalLimit(1, 4000, 'EMS');
      await ramp(t);
      assert.equal(t.snapshot().evses[0]!.limitW, 4000);
      assert.ok(t.hardware.meter(1).powerW <= 4001, `${t.hardware.meter(1).powerW} W`);
      assert.deepEqual(sent(id, 'NotifyChargingLimit'), [{ chargingLimit: { chargingLimitSource: 'EMS' }, evseId: 1 }]);
      assert.equal(rateChanged(id).length, 1, 'K11.FR.04: TransactionEvent ChargingRateChanged');
      t.hardware.setExternalLimit(1, 3800, 'EMS'); // 5 %, below the 10 % significance
      await ramp(t);
      assert.equal(t.snapshot().evses[0]!.limitW, 3800, 'K11.FR.01 still applies the new limit');
      assert.equal(sent(id, 'NotifyChargingLimit').length, 1, 'K11.FR.02: not significant');
      assert.equal(rateChanged(id).length, 1, 'K11.FR.04: not significant');
    } finally {
      await t.stop();
    }
  });

  it('K11.FR.03 – with NotifyChargingLimitWithSchedules the notification carries the schedule; a grid operator limit is grid critical', async () => {
    const id = 'K11-B';
    const t = await booted(id, 1, { [DM.SmartChargingCtrlr.NotifyChargingLimitWithSchedules]: 'true' });
    try {
      await charging(t);
      t.hardware.setExternalLimit(1, 2000, 'SO');
      await quiet(t);
      const [notify] = sent(id, 'NotifyChargingLimit');
      assert.ok(notify, 'K11.FR.02: NotifyChargingLimit sent');
      assert.deepEqual(notify.chargingLimit, { chargingLimitSource: 'SO', isGridCritical: true });
      const schedule = (notify.chargingSchedule as Record<string, unknown>[])[0]!;
      assert.equal(schedule.chargingRateUnit, 'W');
      assert.deepEqual(schedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 2000 }]);
      assert.ok((schedule.id as number) < 0, 'K11.FR.06: a negative id cannot clash with a CSMS profile');
    } finally {
      await t.stop();
    }
  });

  it('K13.FR.01/02/03 – clearing the limit lifts it, sends ClearedChargingLimit and ChargingRateChanged', async () => {
    const id = 'K13-A';
    const t = await booted(id);
    try {
      await charging(t);
      t.hardware.setExternalLimit(1, 3000, 'Other');
      await ramp(t);
      t.hardware.setExternalLimit(1, null, 'Other');
      await ramp(t);
      assert.equal(t.snapshot().evses[0]!.limitW, null);
      assert.ok(t.hardware.meter(1).powerW > 10_000, 'back to the rating');
      assert.deepEqual(sent(id, 'ClearedChargingLimit'), [{ chargingLimitSource: 'Other', evseId: 1 }]);
      assert.equal(rateChanged(id).length, 2, 'one for the limit, one for its release');
    } finally {
      await t.stop();
    }
  });
});

describe('K12 an external limit without a transaction, and the composite schedule', () => {
  it('K12.FR.01/02/04/05 – a station limit is shared by the EVSEs in use, notified without an evseId, no TransactionEvent, reported as ChargingStationExternalConstraints', async () => {
    const id = 'K12-A';
    const t = await booted(id, 2);
    try {
      t.hardware.setExternalLimit(0, 6000, 'EMS');
      await quiet(t);
      assert.deepEqual(
        t.snapshot().evses.map((e) => e.limitW),
        [6000, 6000],
        'K04: an idle EVSE may take it all when it starts alone',
      );
      t.hardware.plug(1);
      t.hardware.plug(2);
      await quiet(t);
      assert.deepEqual(
        t.snapshot().evses.map((e) => e.limitW),
        [3000, 3000],
        'K04: shared by the EVSEs in use',
      );
      assert.deepEqual(sent(id, 'NotifyChargingLimit'), [{ chargingLimit: { chargingLimitSource: 'EMS' } }]);
      assert.equal(rateChanged(id).length, 0);
      assert.deepEqual(await csms.call(id, 'GetChargingProfiles', { requestId: 5, chargingProfile: { chargingLimitSource: ['EMS'] } }), {
        status: 'Accepted',
      });
      await quiet(t);
      const [report] = sent(id, 'ReportChargingProfiles');
      assert.ok(report, 'ReportChargingProfiles sent');
      assert.equal(report.chargingLimitSource, 'EMS');
      assert.equal(report.evseId, 0);
      const [profile] = report.chargingProfile as Record<string, unknown>[];
      assert.equal(profile?.chargingProfilePurpose, 'ChargingStationExternalConstraints', 'K12.FR.05');
      assert.ok((profile?.id as number) < 0);
      assert.deepEqual(await csms.call(id, 'GetChargingProfiles', { requestId: 6, chargingProfile: { chargingLimitSource: ['CSO'] } }), {
        status: 'NoProfiles',
      });
    } finally {
      await t.stop();
    }
  });

  it('K11.FR.01, K08 – GetCompositeSchedule and the snapshot show the lower of the profile and the external limit', async () => {
    const id = 'K11-C';
    const t = await booted(id);
    try {
      const profile: ChargingProfileType = {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 5000 }] }],
      };
      assert.deepEqual(await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: profile }), { status: 'Accepted' });
      t.hardware.setExternalLimit(1, 3500, 'EMS');
      await quiet(t);
      const response = await csms.call(id, 'GetCompositeSchedule', { evseId: 1, duration: 3600, chargingRateUnit: 'W' });
      assert.equal(response.status, 'Accepted');
      assert.deepEqual(response.schedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 3500, numberPhases: 3 }]);
      const now = t.station.now().toISOString();
      assert.deepEqual(t.snapshot().evses[0]!.compositeSchedule, [{ start: now, startPeriod: 0, limitW: 3500 }]);
      t.hardware.setExternalLimit(1, 8000, 'EMS');
      await quiet(t);
      assert.equal(t.snapshot().evses[0]!.limitW, 5000, 'the profile is lower now');
      assert.deepEqual(t.snapshot().evses[0]!.compositeSchedule, [{ start: now, startPeriod: 0, limitW: 5000 }]);
    } finally {
      await t.stop();
    }
  });
});

describe('K12/K13 an external limit while the link is down', () => {
  it('K12.FR.02/K13.FR.02 – a limit set and another cleared offline: NotifyChargingLimit and ClearedChargingLimit reach the CSMS after the reconnect, in order, once each', async () => {
    const id = 'K12-OFFLINE';
    const backOffS = 5;
    const t = await booted(id, 1, {
      ...fixedBackOff(backOffS),
    });
    try {
      t.hardware.setExternalLimit(0, 9000, 'SO');
      await waitFor(() => sent(id, 'NotifyChargingLimit').length === 1, 'the SO limit notified online');
      csms.server.session(id)?.close(1001);
      await waitFor(() => !t.snapshot().connected, 'offline');
      t.hardware.setExternalLimit(0, null, 'SO');
      t.hardware.setExternalLimit(1, 4000, 'EMS');
      await quiet(t);
      assert.equal(t.snapshot().evses[0]!.limitW, 4000, 'applied while offline');
      t.clock.advance(backOffS * 1000);
      await waitFor(() => t.snapshot().connected, 'reconnected', 15_000);
      await waitFor(() => sent(id, 'NotifyChargingLimit').length === 2, 'the EMS limit notified after the reconnect', 15_000);
      await quiet(t);
      const limits = (csms.store.frames(id) ?? [])
        .map((f) => JSON.parse(f.text) as unknown[])
        .filter((frame) => frame[0] === 2 && (frame[2] === 'NotifyChargingLimit' || frame[2] === 'ClearedChargingLimit'))
        .map((frame) => [frame[2], (frame[3] as Record<string, unknown>).evseId ?? 0]);
      assert.deepEqual(limits, [
        ['NotifyChargingLimit', 0],
        ['ClearedChargingLimit', 0],
        ['NotifyChargingLimit', 1],
      ]);
    } finally {
      await t.stop();
    }
  });
});
