// Part 6 block C, ISO 15118 authorization with contract certificates (C07, Plug & Charge), picked
// by the vendor declaration (ISO 15118 support, PnC), with the errata 2025-02/2025-04 (the V2G
// certificates always re-installed, IdTokenCached15118), one station per case.
//
// The station's TxStartPoint is PowerPathClosed and its TxStopPoint EVConnected,Authorized; the
// simulated EV presents its contract a moment after it plugs in (PaymentDetailsReq). Where a case
// gives no AuthorizeResponse, the CSMS the tool is built on answers (the built-in one with a
// certificateStatus, C07.FR.14).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stationOffline, unplug } from './support/authorization.js';
import { assertOcspData, contractAuthorize, contractPki, evConnected15118, v2gCertificatesInstalled } from './support/plug-and-charge.js';
import { type Booted, energyTransferStarted, quiescent, stopAuthorizedRemote, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const PNC = ['ISO15118Ctrlr/PnCEnabled=true', 'AuthCtrlr/DisableRemoteAuthorization=false'];
const LOCAL_VALIDATION = [...PNC, 'ISO15118Ctrlr/CentralContractValidationAllowed=false'];
const CENTRAL_VALIDATION = [...PNC, 'ISO15118Ctrlr/CentralContractValidationAllowed=true'];
const OFFLINE = [
  ...PNC,
  'AuthCacheCtrlr/Enabled=true',
  'AuthCtrlr/LocalAuthorizeOffline=true',
  'AuthCtrlr/OfflineTxForUnknownIdEnabled=true',
  'OCPPCommCtrlr/OfflineThreshold=62',
  'OCPPCommCtrlr/RetryBackOffWaitMinimum=2',
  'OCPPCommCtrlr/RetryBackOffRandomRange=0',
];

const txOf = (p: Json): Json => p.transactionInfo as Json;

/** Step 3: the TransactionEventRequest triggerReason Authorized with the eMAID; then EnergyTransferStarted. */
async function authorizedAndCharging(cs: Booted, emaid: string, where: string): Promise<Json> {
  const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
  assert.deepEqual(t.idToken, { idToken: emaid, type: 'eMAID' }, `${where}: TransactionEventRequest idToken is the eMAID`);
  await energyTransferStarted(cs);
  return t;
}

/** Post scenario: EV is not authorized and shall not charge. */
async function notCharging(cs: Booted, sent: number, where: string): Promise<void> {
  await quiescent(cs);
  const later = cs.link.received('TransactionEvent').slice(sent);
  assert.ok(
    later.every((p) => p.triggerReason !== 'Authorized' && txOf(p).chargingState !== 'Charging'),
    `${where}: no TransactionEventRequest with triggerReason Authorized or chargingState Charging (${JSON.stringify(later)})`,
  );
  const { evses } = await cs.station.get<{ evses: { id: number; meter: { powerW: number } }[] }>('/api/state');
  assert.equal(evses.find((e) => e.id === 1)?.meter.powerW, 0, `${where}: the EV draws no power`);
}

describe('Part 6 C – Authorization using Contract Certificates 15118', { concurrency: true }, () => {
  it('TC_C_50_CS – Online - Local contract certificate validation - Accepted', () =>
    withStation(csms, 'CONF-C50', LOCAL_VALIDATION, async (cs) => {
      const mo = await contractPki('NLTSTC000000050');
      await v2gCertificatesInstalled(cs, mo);
      await evConnected15118(cs, mo);
      const a = await contractAuthorize(cs, mo); // step 1
      await assertOcspData(a, mo);
      assert.equal(a.certificate, undefined, 'step 1: no certificate chain when the station validated it itself');
      await authorizedAndCharging(cs, mo.emaid, 'step 3'); // steps 3-5
      await unplug(cs);
    }));

  it('TC_C_51_CS – Online - Local contract certificate validation - Rejected', () =>
    withStation(csms, 'CONF-C51', LOCAL_VALIDATION, async (cs) => {
      cs.link.answers.set('Authorize', () => ({ idTokenInfo: { status: 'Invalid' }, certificateStatus: 'ContractCancelled' }));
      const mo = await contractPki('NLTSTC000000051');
      await v2gCertificatesInstalled(cs, mo);
      const sent = cs.link.received('TransactionEvent').length;
      await evConnected15118(cs, mo);
      const a = await contractAuthorize(cs, mo); // step 1, answered Invalid / ContractCancelled
      await assertOcspData(a, mo);
      await notCharging(cs, sent, 'post scenario');
      await unplug(cs);
    }));

  it('TC_C_52_CS – Online - Central contract certificate validation - Accepted', () =>
    withStation(csms, 'CONF-C52', CENTRAL_VALIDATION, async (cs) => {
      const mo = await contractPki('NLTSTC000000052');
      await v2gCertificatesInstalled(cs); // no MO root: the station cannot validate the contract
      await evConnected15118(cs, mo);
      const a = await contractAuthorize(cs, mo); // step 1
      const chain = String(a.certificate ?? '');
      assert.ok(chain.includes(mo.contract.cert.trim()), 'step 1: certificate holds the contract certificate (PEM), C07.FR.06');
      assert.ok(chain.includes(mo.subCa.cert.trim()), 'step 1: certificate holds the rest of the chain (the sub-CA)');
      await authorizedAndCharging(cs, mo.emaid, 'step 3'); // steps 3-5
      await unplug(cs);
    }));

  it('TC_C_53_CS – Online - Central contract validation fails', () =>
    withStation(csms, 'CONF-C53', CENTRAL_VALIDATION, async (cs) => {
      cs.link.answers.set('Authorize', () => ({ idTokenInfo: { status: 'Invalid' }, certificateStatus: 'CertChainError' }));
      const mo = await contractPki('NLTSTC000000053');
      await v2gCertificatesInstalled(cs);
      const sent = cs.link.received('TransactionEvent').length;
      await evConnected15118(cs, mo);
      const a = await contractAuthorize(cs, mo); // step 1
      assert.ok(String(a.certificate ?? '').includes(mo.contract.cert.trim()), 'step 1: certificate holds the contract chain');
      await notCharging(cs, sent, 'step 3');
      await unplug(cs);
    }));

  for (const [id, title, offlineValidation] of [
    ['TC_C_54_CS', 'Offline - ContractValidationOffline is true', true],
    ['TC_C_55_CS', 'Offline - ContractValidationOffline is false', false],
  ] as const) {
    it(`${id} – ${title}`, () =>
      withStation(
        csms,
        `CONF-${id.slice(3, 7)}`,
        [...OFFLINE, `ISO15118Ctrlr/ContractValidationOffline=${offlineValidation}`],
        async (cs) => {
          const mo = await contractPki(`NLTSTC0000000${id.slice(5, 7)}`);
          await v2gCertificatesInstalled(cs, mo);
          await idTokenCached15118(cs, mo);
          const sent = cs.link.received('TransactionEvent').length;
          await cs.link.goOffline(); // step 1
          await stationOffline(cs);
          // Manual action: connect the EV and EVSE (no parking bay sensor).
          await cs.station.post('/api/evses/1/plug', {
            ev: { protocol: 'ISO15118-2', emaid: mo.emaid, contractCertificateChain: mo.chain },
          });
          await cs.link.nextRefused();
          cs.link.acceptReconnect(); // step 2
          await cs.link.whenConnected(60_000);
          const s = await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Occupied');
          assert.equal(s.connectorStatus, 'Occupied', 'step 3: StatusNotificationRequest connectorStatus Occupied');
          if (offlineValidation) {
            // Step 7 (TxStartPoint PowerPathClosed: the Started is the Authorized one), C07.FR.08-11.
            const t = await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
            assert.equal(t.offline, true, 'step 7: TransactionEventRequest offline true');
            assert.deepEqual(t.idToken, { idToken: mo.emaid, type: 'eMAID' }, 'step 7: the eMAID authorized offline');
            await energyTransferStarted(cs); // step 9
          } else {
            // Step 7, C07.FR.07: no charging while offline.
            await notCharging(cs, sent, 'step 7');
            assert.equal(
              cs.link.received('Authorize').filter((p) => (p.idToken as Json).idToken === mo.emaid).length,
              1,
              'step 7: no AuthorizeRequest after the reconnect',
            );
          }
          await unplug(cs);
        },
      ));
  }
});

/**
 * Memory State IdTokenCached15118 (errata 2025-04): EVConnectedPreSession, Authorized15118,
 * EnergyTransferStarted, StopAuthorized (remote), EVDisconnected.
 */
async function idTokenCached15118(cs: Booted, mo: Awaited<ReturnType<typeof contractPki>>): Promise<void> {
  await evConnected15118(cs, mo);
  await contractAuthorize(cs, mo);
  await cs.link.next('TransactionEvent', (p) => p.triggerReason === 'Authorized');
  const started = await energyTransferStarted(cs);
  await stopAuthorizedRemote(cs, String(txOf(started).transactionId));
  await unplug(cs);
}
