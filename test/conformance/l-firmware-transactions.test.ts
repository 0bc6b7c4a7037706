// Part 6 block L (firmware management), a firmware update while a transaction runs. The file
// server is a real HTTP server of the test; the manufacturer root, the signing certificate and the
// signature are made here (as in l-firmware.test.ts).
//
// The station downloads while a transaction runs (AQ-7) and installs only once no transaction runs
// (not C-43): it reports InstallScheduled. The station has two EVSEs here, so that one is Available
// when the update asks for the connectors not in use to be set Unavailable (step 11).
//
// TC_L_11_CS (Unable to cancel) does not apply: the station cancels an update that is downloading
// and starts the new one (C-60, UpdateFirmwareResponse AcceptedCanceled, L01.FR.24).

import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCa, issueClientCert, type Pem } from '../support/pki.js';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
const image = Buffer.from('Conformance firmware 2.1.0 '.repeat(1000));
let server: Server;
let base: string;
let root: Pem;
let signer: Pem;

before(async () => {
  await csms.listen();
  root = await createCa({ commonName: 'Conformance Manufacturer Root' });
  signer = await issueClientCert(root, { commonName: 'Conformance Firmware Signing' });
  server = createServer((request, response) => {
    if (request.url === '/fw.bin') return void response.end(image);
    response.statusCode = 404;
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await csms.close();
  await new Promise((resolve) => server.close(resolve));
});

const twoHoursAgo = (): string => new Date(Date.now() - 2 * 3600_000).toISOString();

/** The next FirmwareStatusNotificationRequest of the update; its status is `status` (Part 6 `step`). */
async function firmwareStatus(b: Booted, requestId: number, status: RegExp, step: number): Promise<Json> {
  const n = await b.link.next('FirmwareStatusNotification', (p) => p.requestId === requestId);
  assert.match(String(n.status), status, `step ${step}: FirmwareStatusNotificationRequest status ${status.source}`);
  return n;
}

/** The StatusNotificationRequests the station sent after the frame `from` and before `to`. */
function statusNotifications(b: Booted, from: Json, to: Json): Json[] {
  const frames = b.link.frames;
  const start = frames.findIndex((f) => f.payload === from);
  const end = frames.findIndex((f) => f.payload === to);
  return frames
    .slice(start + 1, end)
    .filter((f) => f.direction === 'station' && f.action === 'StatusNotification')
    .map((f) => f.payload);
}

describe('Part 6 L – Firmware management with a transaction', { concurrency: true }, () => {
  it('TC_L_15_CS – Secure Firmware Update - Unable to install and activate firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is false', async () => {
    const b = await booted(csms, {
      id: 'CONF-L15',
      evses: 2,
      roots: { manufacturer: [root.cert] },
      set: ['ChargingStation/AllowNewSessionsPendingFirmwareUpdate=false'],
    });
    try {
      // Before: Reusable State EnergyTransferStarted on EVSE 1.
      await evConnectedPreSession(b, 1);
      await authorized(b, 'L15TOKEN', 1);
      const started = await energyTransferStarted(b);
      const transactionId = (started.transactionInfo as Json).transactionId;

      const requestId = 115;
      const res = (await b.link.call('UpdateFirmware', {
        requestId,
        firmware: {
          location: `${base}/fw.bin`,
          retrieveDateTime: twoHoursAgo(),
          installDateTime: twoHoursAgo(),
          signingCertificate: signer.cert,
          signature: sign('sha256', image, signer.key).toString('base64'),
        },
      })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: UpdateFirmwareResponse status Accepted');
      await firmwareStatus(b, requestId, /^Downloading$/, 3);
      await firmwareStatus(b, requestId, /^Downloaded$/, 5);
      await firmwareStatus(b, requestId, /^SignatureVerified$/, 7);
      const scheduled = await firmwareStatus(b, requestId, /^(InstallScheduled|Installing)$/, 9);
      const unavailable = await b.link.next('StatusNotification', (p) => p.evseId === 2);
      assert.equal(unavailable.connectorStatus, 'Unavailable', 'step 11: StatusNotificationRequest EVSE 2 connectorStatus Unavailable');
      // Step 12a: a station that reported Installing gets 30-60 s before the transaction is stopped.
      if (scheduled.status === 'Installing') await new Promise((resolve) => setTimeout(resolve, 30_000));

      // Step 13, Reusable State ParkingBayUnoccupied (EVDisconnected first): the EV unplugged ends
      // the transaction (TxStopPoint EVConnected); there is no parking bay sensor.
      await b.station.post('/api/evses/1/unplug');
      const ended = await b.link.next(
        'TransactionEvent',
        (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
      );
      assert.equal(ended.eventType, 'Ended', 'step 13: the transaction ends');
      if (scheduled.status === 'InstallScheduled') await firmwareStatus(b, requestId, /^Installing$/, 17);
      // Step 19, Reusable State RebootBeforeFirmwareActivation.
      await firmwareStatus(b, requestId, /^InstallRebooting$/, 19);
      const boot = await b.link.next('BootNotification');
      assert.equal(boot.reason, 'FirmwareUpdate', 'step 19 RebootBeforeFirmwareActivation: BootNotificationRequest reason FirmwareUpdate');
      // Step 14 (optional): what the station reported of EVSE 1 between the end of the transaction
      // and the reboot sets the last connector Unavailable before the install.
      for (const s of statusNotifications(b, ended, boot).filter((p) => p.evseId === 1)) {
        assert.equal(s.connectorStatus, 'Unavailable', 'step 14: StatusNotificationRequest EVSE 1 connectorStatus Unavailable');
        await b.link.next('StatusNotification', (p) => p === s);
      }
      // Steps 21-26 in any order.
      const installed = b.link.next('FirmwareStatusNotification', (p) => p.requestId === requestId);
      const event = b.link.next('SecurityEventNotification', (p) => p.type === 'FirmwareUpdated');
      for (const evseId of [1, 2]) {
        const s = await b.link.next('StatusNotification', (p) => p.evseId === evseId);
        assert.equal(s.connectorStatus, 'Available', `step 21: StatusNotificationRequest EVSE ${evseId} connectorStatus Available`);
      }
      assert.equal((await installed).status, 'Installed', 'step 23: FirmwareStatusNotificationRequest status Installed');
      assert.equal((await event).type, 'FirmwareUpdated', 'step 25: SecurityEventNotificationRequest type FirmwareUpdated');
      assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await b.station.dispose();
    }
  });
});
