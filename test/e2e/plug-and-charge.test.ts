// C07 Plug & Charge and E15 end to end: a real station on the simulated hardware, driven through
// its control API, against the built-in CSMS over a real WebSocket. An ISO 15118 EV with a
// contract plugs in, the station validates the contract under the MO root the CSMS installed and
// authorizes the eMAID with the CSMS; the EV charges, then ends its session. The full session adds
// ISO 15118 smart charging in between: the EV's charging needs go to the CSMS, whose TxProfile
// the EV is offered and follows.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ControlApi } from '../../src/control/http-api.js';
import { type LocalCsms, startLocalCsms } from '../../src/csms/local-csms.js';
import { LEVELING_PROFILE_ID } from '../../src/csms/charging-needs.js';
import type {
  AuthorizeRequest,
  NotifyEVChargingNeedsRequest,
  NotifyEVChargingScheduleRequest,
  TransactionEventRequest,
} from '../../src/generated/ocpp201/index.js';
import { VirtualWallbox } from '../../src/station/virtual-wallbox.js';
import { createContractPki } from '../support/pki.js';
import { makeTestRuntime } from '../support/test-runtime.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms();
});
after(() => csms.close());

const ID = 'E2E-PNC';
const FULL_ID = 'E2E-PNC-FULL';
/** 3 phases × 230 V per ampere. */
const W_PER_A = 690;

interface StateBody {
  evses: {
    transaction: { id: string; chargingState: string } | null;
    meter: { powerW: number };
    iso15118?: { evChargingSchedule: NotifyEVChargingScheduleRequest['chargingSchedule'] | null } | null;
  }[];
}

describe('C07 Plug & Charge from the control API', () => {
  it('C07.FR.01/02, E15.FR.04 – plug in with a contract, Authorize eMAID accepted, charging, the EV stops the session', async () => {
    const mo = await createContractPki({ emaid: 'NLTSTC000000777', ocspUrl: 'http://127.0.0.1:9/ocsp' });
    const t = makeTestRuntime({ id: ID, csmsUrl: csms.url, overrides: { 'ISO15118Ctrlr/PnCEnabled': 'true' } });
    const api = new ControlApi(new VirtualWallbox(t.runtime, t.hardware));
    const requests = <R>(action: string): R[] =>
      (csms.store.requests(ID) ?? []).filter((r) => r.action === action).map((r) => r.request as R);
    try {
      t.runtime.start();
      await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
      const installed = await csms.call(ID, 'InstallCertificate', { certificateType: 'MORootCertificate', certificate: mo.root.cert });
      assert.equal(installed.status, 'Accepted', 'the MO root is installed');
      const base = `http://127.0.0.1:${await api.listen(0)}`;
      const post = (path: string, body: unknown) =>
        fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

      const plugged = await post('/api/evses/1/plug', {
        ev: { protocol: 'ISO15118-2', emaid: mo.emaid, contractCertificateChain: mo.chain },
      });
      assert.equal(plugged.status, 200, await plugged.clone().text());
      // The EV presents its contract a moment after plug-in, on the station's (fake) clock.
      await waitFor(() => {
        t.clock.advance(100);
        return requests('Authorize').length > 0;
      }, 'an AuthorizeRequest');
      const [authorize] = requests<AuthorizeRequest>('Authorize');
      assert.deepEqual(authorize?.idToken, { idToken: mo.emaid, type: 'eMAID' });
      assert.equal(authorize?.iso15118CertificateHashData?.length, 2, 'the contract certificate and its sub-CA');
      assert.equal(authorize?.iso15118CertificateHashData?.[0]?.responderURL, 'http://127.0.0.1:9/ocsp');

      await waitFor(() => {
        t.clock.advance(1000);
        return t.hardware.meter(1).powerW > 0;
      }, 'the EV charging');
      const state = (await (await fetch(`${base}/api/state`)).json()) as { evses: { transaction: { chargingState: string } | null }[] };
      assert.equal(state.evses[0]?.transaction?.chargingState, 'Charging');

      const stopped = await post('/api/evses/1/session-stop', {});
      assert.equal(stopped.status, 200, await stopped.clone().text());
      await waitFor(
        () => requests<TransactionEventRequest>('TransactionEvent').some((e) => e.eventType === 'Ended'),
        'the transaction ended',
      );
      const ended = requests<TransactionEventRequest>('TransactionEvent').find((e) => e.eventType === 'Ended');
      assert.equal(ended?.triggerReason, 'StopAuthorized');
      assert.equal(ended?.transactionInfo.stoppedReason, 'StoppedByEV');
      assert.equal(t.hardware.meter(1).powerW, 0, 'the EV draws no more');
      const again = await post('/api/evses/1/session-stop', {});
      assert.equal(again.status, 200, 'a second session stop changes nothing');
      const iec = await post('/api/evses/1/unplug', {});
      assert.equal(iec.status, 200);
      assert.equal((await post('/api/evses/1/session-stop', {})).status, 400, 'no EV, no session to stop');
    } finally {
      await api.close();
      await t.stop();
    }
  });

  it('C07 + K15/K17 + E15 – one Plug & Charge session from the control API: contract, charging needs, TxProfile, schedule followed, EV stop', async () => {
    const mo = await createContractPki({ emaid: 'NLTSTC000000778', ocspUrl: 'http://127.0.0.1:9/ocsp' });
    const t = makeTestRuntime({
      id: FULL_ID,
      csmsUrl: csms.url,
      overrides: { 'ISO15118Ctrlr/PnCEnabled': 'true' },
    });
    const api = new ControlApi(new VirtualWallbox(t.runtime, t.hardware));
    const requests = <R>(action: string): R[] =>
      (csms.store.requests(FULL_ID) ?? []).filter((r) => r.action === action).map((r) => r.request as R);
    try {
      t.runtime.start();
      await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
      const installed = await csms.call(FULL_ID, 'InstallCertificate', { certificateType: 'MORootCertificate', certificate: mo.root.cert });
      assert.equal(installed.status, 'Accepted', 'the MO root is installed');
      const base = `http://127.0.0.1:${await api.listen(0)}`;
      const post = (path: string, body: unknown) =>
        fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const state = async () => (await (await fetch(`${base}/api/state`)).json()) as StateBody;

      // 22 kWh in 4 h: 5.5 kW, levelled by the CSMS to 8 A on three phases. The departure is
      // reckoned on the CSMS's clock (the station's fake one lags behind it).
      const departureTime = new Date(Date.now() + 4 * 3_600_000).toISOString();
      const plugged = await post('/api/evses/1/plug', {
        ev: { protocol: 'ISO15118-2', emaid: mo.emaid, contractCertificateChain: mo.chain, energyRequestWh: 22_000, departureTime },
      });
      assert.equal(plugged.status, 200, await plugged.clone().text());

      await waitFor(() => {
        t.clock.advance(100);
        return requests('NotifyEVChargingSchedule').length > 0;
      }, 'the EV chose a schedule');
      const [authorize] = requests<AuthorizeRequest>('Authorize');
      assert.deepEqual(authorize?.idToken, { idToken: mo.emaid, type: 'eMAID' }, 'C07.FR.01: the eMAID');
      assert.equal(authorize?.iso15118CertificateHashData?.length, 2, 'C07.FR.02: with the certificate hash data');
      const [needs] = requests<NotifyEVChargingNeedsRequest>('NotifyEVChargingNeeds');
      assert.equal(needs?.evseId, 1);
      assert.equal(needs?.chargingNeeds.acChargingParameters?.energyAmount, 22_000, 'K15.FR.01: the needs reach the CSMS');
      assert.equal(needs?.chargingNeeds.departureTime, departureTime);
      const started = requests<TransactionEventRequest>('TransactionEvent').find((e) => e.eventType === 'Started');
      const transactionId = started?.transactionInfo.transactionId;
      assert.ok(transactionId, 'a transaction');
      const profile = t.runtime.station.blocks.smartCharging.installed().find((p) => p.profile.id === LEVELING_PROFILE_ID);
      assert.equal(profile?.profile.chargingProfilePurpose, 'TxProfile', "K15.FR.07: the CSMS's TxProfile is applied");
      assert.equal(profile?.profile.transactionId, transactionId, 'for the transaction of the session');
      const [chosen] = requests<NotifyEVChargingScheduleRequest>('NotifyEVChargingSchedule');
      assert.equal(chosen?.evseId, 1);
      assert.equal(chosen?.chargingSchedule.chargingSchedulePeriod[0]?.limit, 8, 'K15.FR.10: the EV chose the 8 A schedule');

      // The EV ramps up to the schedule's limit and stays there.
      await waitFor(() => {
        t.clock.advance(1000);
        return Math.round(t.hardware.meter(1).powerW) === 8 * W_PER_A;
      }, 'the EV drawing 8 A on three phases');
      const evse = (await state()).evses[0];
      assert.equal(Math.round(evse?.meter.powerW ?? 0), 8 * W_PER_A, 'GET /api/state: the power the schedule allows');
      assert.equal(evse?.transaction?.chargingState, 'Charging');
      assert.equal(evse?.transaction?.id, transactionId);
      assert.equal(evse?.iso15118?.evChargingSchedule?.chargingSchedulePeriod[0]?.limit, 8, 'the control API shows the schedule');
      t.clock.advance(60_000);
      assert.equal(Math.round((await state()).evses[0]?.meter.powerW ?? 0), 8 * W_PER_A, 'a minute later: still the schedule');

      const stopped = await post('/api/evses/1/session-stop', {});
      assert.equal(stopped.status, 200, await stopped.clone().text());
      const ended = await waitFor(
        () => requests<TransactionEventRequest>('TransactionEvent').find((e) => e.eventType === 'Ended'),
        'the transaction ended',
      );
      assert.equal(ended.transactionInfo.transactionId, transactionId);
      assert.equal(ended.transactionInfo.stoppedReason, 'StoppedByEV', 'E15.FR.04');
      assert.equal((await state()).evses[0]?.meter.powerW, 0, 'the EV draws no more');
      await waitFor(
        () => !t.runtime.station.blocks.smartCharging.installed().some((p) => p.profile.id === LEVELING_PROFILE_ID),
        'K02.FR.05: the TxProfile goes with its transaction',
      );

      // E15: the EV's ISO 15118 session is over, its smart charging with it: a new profile is
      // offered to nobody, and the EV chooses no schedule.
      assert.equal((await state()).evses[0]?.iso15118, null, 'GET /api/state: no ISO 15118 session after the stop');
      const schedules = requests('NotifyEVChargingSchedule').length;
      const set = await csms.call(FULL_ID, 'SetChargingProfile', {
        evseId: 1,
        chargingProfile: {
          id: 77,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: [
            {
              id: 77,
              startSchedule: new Date().toISOString(),
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
            },
          ],
        },
      });
      assert.equal(set.status, 'Accepted');
      const heartbeats = requests('Heartbeat').length;
      assert.equal((await csms.call(FULL_ID, 'TriggerMessage', { requestedMessage: 'Heartbeat' })).status, 'Accepted');
      await waitFor(() => {
        t.clock.advance(100);
        return requests('Heartbeat').length > heartbeats;
      }, 'a heartbeat after the new profile');
      assert.equal(requests('NotifyEVChargingSchedule').length, schedules, 'no NotifyEVChargingSchedule after the session stop');
      assert.equal(t.hardware.chargingSession(1), null, 'the EV has no smart-charging session left');
    } finally {
      await api.close();
      await t.stop();
    }
  });
});
