// K01-K10 against the local CSMS over a real WebSocket: profiles set, stacked, cleared and
// reported; the limit reaches the simulated EVSE (its power ramps down to it) and the snapshot.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { ChargingProfileType, ReportChargingProfilesRequest } from '../../src/generated/ocpp201/index.js';
import { openDatabase } from '../../src/store/database.js';
import { bootedStation } from '../support/booted-station.js';
import type { TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
});
after(async () => {
  await csms.close();
});

const SIX_A_W = 6 * 230 * 3;

const booted = (id: string, options: { evses?: number; db?: ReturnType<typeof openDatabase> } = {}): Promise<TestStation> =>
  bootedStation({ id, csmsUrl: csms.url, evses: options.evses ?? 1, ...(options.db ? { db: options.db } : {}) });

/** Plug and card: a transaction charging at the EVSE's rating. */
async function charging(t: TestStation, evseId = 1): Promise<string> {
  t.hardware.plug(evseId);
  await quiet(t);
  t.hardware.presentToken(`CARD-${evseId}`, 'ISO14443', evseId);
  const view = await waitFor(() => t.station.blocks.transactions.view(evseId), 'transaction');
  await waitFor(() => t.hardware.contactorClosed(evseId), 'power path closed');
  await ramp(t);
  return view.transactionId;
}

/** Lets the simulated EV ramp to whatever it may take now. */
async function ramp(t: TestStation): Promise<void> {
  for (let i = 0; i < 12; i++) await t.clock.tick(1000);
}

function txDefault(id: number, amps: number, extra: Partial<ChargingProfileType> = {}): ChargingProfileType {
  return {
    id,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: [{ id, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: amps }] }],
    ...extra,
  };
}

describe('K01/K02 SetChargingProfile limits the EV', () => {
  it('K01.FR.02/07 – a TxDefaultProfile of 6 A on EVSE 1: the EV ramps down to ≤ 6 A × 230 V × 3 and limitW shows it', async () => {
    const id = 'K01-A';
    const t = await booted(id);
    try {
      await charging(t);
      assert.ok(t.hardware.meter(1).powerW > 10_000, 'charging at the 11 kW rating');
      assert.equal(t.snapshot().evses[0]!.limitW, null, 'no limit before any profile');
      const response = await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: txDefault(1, 6) });
      assert.deepEqual(response, { status: 'Accepted' });
      await ramp(t);
      assert.ok(t.hardware.meter(1).powerW <= SIX_A_W + 1, `${t.hardware.meter(1).powerW} W`);
      assert.equal(t.snapshot().evses[0]!.limitW, SIX_A_W);
      assert.equal(t.station.ctx.dm.getInt(DM.SmartChargingCtrlr.Entries.ChargingProfiles), 1);
    } finally {
      await t.stop();
    }
  });

  it('K01.FR.04 – a TxProfile for the running transaction overrides; it ends with the transaction', async () => {
    const id = 'K01-B';
    const t = await booted(id);
    try {
      const transactionId = await charging(t);
      await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: txDefault(1, 6) });
      const tx = txDefault(2, 10, { chargingProfilePurpose: 'TxProfile', transactionId });
      assert.deepEqual(await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: tx }), { status: 'Accepted' });
      await ramp(t);
      assert.equal(t.snapshot().evses[0]!.limitW, 10 * 230 * 3);
      t.hardware.unplug(1);
      await waitFor(() => t.station.blocks.transactions.view(1) === null, 'transaction ended');
      await quiet(t);
      const left = t.station.blocks.smartCharging.installed().map((p) => p.profile.id);
      assert.deepEqual(left, [1], 'the TxProfile is gone with its transaction');
    } finally {
      await t.stop();
    }
  });

  it('K08.FR.04 – a ChargingStationMaxProfile caps below the TxDefaultProfile; Clear lifts the limits (K10.FR.05)', async () => {
    const id = 'K01-C';
    const t = await booted(id);
    try {
      await charging(t);
      await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: txDefault(1, 16) });
      const max: ChargingProfileType = {
        id: 3,
        stackLevel: 0,
        chargingProfilePurpose: 'ChargingStationMaxProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 3,
            startSchedule: t.station.now().toISOString(),
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }],
          },
        ],
      };
      assert.deepEqual(await csms.call(id, 'SetChargingProfile', { evseId: 0, chargingProfile: max }), { status: 'Accepted' });
      await ramp(t);
      assert.equal(t.snapshot().evses[0]!.limitW, 3000);
      assert.ok(t.hardware.meter(1).powerW <= 3001);
      assert.deepEqual(await csms.call(id, 'ClearChargingProfile', { chargingProfileId: 3 }), { status: 'Accepted' });
      assert.equal(t.snapshot().evses[0]!.limitW, 16 * 230 * 3);
      assert.deepEqual(await csms.call(id, 'ClearChargingProfile', { chargingProfileCriteria: { evseId: 1 } }), { status: 'Accepted' });
      assert.equal(t.snapshot().evses[0]!.limitW, null);
      await ramp(t);
      assert.ok(t.hardware.meter(1).powerW > 10_000, 'back to the rating');
      assert.deepEqual(await csms.call(id, 'ClearChargingProfile', { chargingProfileId: 3 }), { status: 'Unknown' }, 'K10.FR.01');
    } finally {
      await t.stop();
    }
  });

  it('K01.FR.09/16/28 – invalid profiles are Rejected with a reasonCode', async () => {
    const id = 'K01-D';
    const t = await booted(id);
    try {
      const cases: [number, ChargingProfileType, string][] = [
        [5, txDefault(1, 6), 'UnknownEvse'],
        [1, txDefault(1, 6, { chargingProfilePurpose: 'TxProfile', transactionId: 'nope' }), 'TxNotFound'],
        [1, txDefault(1, 6, { chargingProfilePurpose: 'ChargingStationMaxProfile' }), 'InvalidProfile'],
        [1, txDefault(1, 6, { chargingProfileKind: 'Absolute' }), 'InvalidSchedule'],
      ];
      for (const [evseId, chargingProfile, reasonCode] of cases) {
        const response = await csms.call(id, 'SetChargingProfile', { evseId, chargingProfile });
        assert.equal(response.status, 'Rejected');
        assert.equal(response.statusInfo?.reasonCode, reasonCode);
      }
      assert.equal(t.station.blocks.smartCharging.installed().length, 0);
    } finally {
      await t.stop();
    }
  });
});

describe('K08 GetCompositeSchedule', () => {
  it('K08.FR.02/04 – the periods of the lowest limits from now, in the unit asked for', async () => {
    const id = 'K08-A';
    const t = await booted(id);
    try {
      const startSchedule = t.station.now().toISOString();
      const stepped = txDefault(1, 16, {
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 1,
            startSchedule,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 6 },
              { startPeriod: 600, limit: 10 },
            ],
          },
        ],
      });
      await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: stepped });
      const inW = await csms.call(id, 'GetCompositeSchedule', { evseId: 1, duration: 3600, chargingRateUnit: 'W' });
      assert.equal(inW.status, 'Accepted');
      // K08: an AC EVSE's periods say the phases in use, in W as in A.
      assert.deepEqual(inW.schedule?.chargingSchedulePeriod, [
        { startPeriod: 0, limit: SIX_A_W, numberPhases: 3 },
        { startPeriod: 600, limit: 6900, numberPhases: 3 },
      ]);
      const inA = await csms.call(id, 'GetCompositeSchedule', { evseId: 1, duration: 300, chargingRateUnit: 'A' });
      assert.deepEqual(inA.schedule?.chargingSchedulePeriod, [{ startPeriod: 0, limit: 6, numberPhases: 3 }]);
      assert.equal(inA.schedule?.duration, 300);
      assert.equal(t.snapshot().evses[0]!.limitW, SIX_A_W);
      await t.clock.tick(600_000);
      assert.equal(t.snapshot().evses[0]!.limitW, 6900, 'K01.FR.12 – the next period applies at its boundary');
      const unknown = await csms.call(id, 'GetCompositeSchedule', { evseId: 9, duration: 60 });
      assert.equal(unknown.status, 'Rejected', 'K08.FR.05');
    } finally {
      await t.stop();
    }
  });
});

describe('K09 GetChargingProfiles', () => {
  it('K09.FR.01/02 – Accepted, then ReportChargingProfiles per EVSE with the requestId and tbc; NoProfiles when none match', async () => {
    const id = 'K09-A';
    const t = await booted(id, { evses: 2 });
    try {
      await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: txDefault(1, 6) });
      await csms.call(id, 'SetChargingProfile', { evseId: 2, chargingProfile: txDefault(2, 8) });
      const response = await csms.call(id, 'GetChargingProfiles', {
        requestId: 42,
        chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' },
      });
      assert.equal(response.status, 'Accepted');
      const reports = await waitFor(() => {
        const list = (csms.store.requests(id) ?? [])
          .filter((r) => r.action === 'ReportChargingProfiles')
          .map((r) => r.request as ReportChargingProfilesRequest);
        return list.length === 2 ? list : undefined;
      }, 'two reports');
      assert.deepEqual(
        reports.map((r) => [r.requestId, r.evseId, r.tbc, r.chargingProfile.map((p) => p.id)]),
        [
          [42, 1, true, [1]],
          [42, 2, undefined, [2]],
        ],
      );
      const none = await csms.call(id, 'GetChargingProfiles', { requestId: 43, chargingProfile: { stackLevel: 9 } });
      assert.equal(none.status, 'NoProfiles');
    } finally {
      await t.stop();
    }
  });
});

describe('K01.FR.27 profiles survive a reboot', () => {
  it('K01.FR.27 – a profile set before the restart applies after it', async () => {
    const id = 'K01-E';
    const db = openDatabase(':memory:');
    const first = await booted(id, { db });
    await csms.call(id, 'SetChargingProfile', { evseId: 1, chargingProfile: txDefault(1, 6) });
    await first.station.stop();
    first.hardware.close();
    const second = await booted(id, { db });
    try {
      assert.equal(second.snapshot().evses[0]!.limitW, SIX_A_W);
    } finally {
      await second.stop();
    }
  });
});

describe('K05 RequestStartTransaction with a TxProfile', () => {
  it('K05.FR.03 – the profile becomes the TxProfile of the started transaction; K05.FR.02 – another purpose is Rejected', async () => {
    const id = 'K05-A';
    const t = await booted(id);
    try {
      const wrong = await csms.call(id, 'RequestStartTransaction', {
        idToken: { idToken: 'R1', type: 'Central' },
        remoteStartId: 1,
        evseId: 1,
        chargingProfile: txDefault(5, 8),
      });
      assert.equal(wrong.status, 'Rejected');
      t.hardware.plug(1);
      await quiet(t);
      const profile = txDefault(5, 8, { chargingProfilePurpose: 'TxProfile' });
      const response = await csms.call(id, 'RequestStartTransaction', {
        idToken: { idToken: 'R1', type: 'Central' },
        remoteStartId: 2,
        evseId: 1,
        chargingProfile: profile,
      });
      assert.equal(response.status, 'Accepted');
      const view = await waitFor(() => t.station.blocks.transactions.view(1), 'transaction');
      await waitFor(() => t.snapshot().evses[0]!.limitW === 8 * 230 * 3, 'TxProfile applied');
      const installed = t.station.blocks.smartCharging.installed();
      assert.deepEqual(
        installed.map((p) => [p.evseId, p.profile.chargingProfilePurpose, p.profile.transactionId]),
        [[1, 'TxProfile', view.transactionId]],
      );
    } finally {
      await t.stop();
    }
  });
});
