// L01/L02 firmware update against the local CSMS over a real WebSocket, the image served by a
// real HTTP server on 127.0.0.1, the station software restarted in place by StationRuntime.

import assert from 'node:assert/strict';
import { createHash, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type {
  BootNotificationRequest,
  FirmwareStatusNotificationRequest,
  StatusNotificationRequest,
  UpdateFirmwareRequest,
} from '../../src/generated/ocpp201/index.js';
import { createCa, issueClientCert, type Pem } from '../support/pki.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { DOWNLOAD_TIMEOUT_MS } from '../../src/blocks/firmware/download.js';
import { quiet, transferOver } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

const image = Buffer.from('OpenWallbox firmware 2.0.0 '.repeat(1000));
const version = `sim-${createHash('sha256').update(image).digest('hex').slice(0, 12)}`;
let csms: LocalCsms;
let server: Server;
let base: string;
const hits = new Map<string, number>();
let root: Pem;
let signer: Pem;
let stranger: Pem;
const running: TestRuntime[] = [];

before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  root = await createCa({ commonName: 'Manufacturer Root' });
  signer = await issueClientCert(root, { commonName: 'Firmware Signing' });
  stranger = await issueClientCert(await createCa({ commonName: 'Other Root' }), { commonName: 'Firmware Signing' });
  server = createServer((request, response) => {
    const path = request.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.startsWith('/fw.bin')) return void response.end(image);
    if (path.startsWith('/drop')) {
      response.writeHead(200, { 'content-length': String(image.length) });
      // Dropped mid-transfer: the first bytes are out, then the connection goes.
      return void response.write(image.subarray(0, 100), () => response.socket?.destroy());
    }
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
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

const sent = (id: string, action: string) => (csms.store.requests(id) ?? []).filter((r) => r.action === action);
const statuses = (id: string) =>
  sent(id, 'FirmwareStatusNotification').map((r) => {
    const { status, requestId } = r.request as FirmwareStatusNotificationRequest;
    return requestId === undefined ? status : `${status}#${requestId}`;
  });
const securityEvents = (id: string) => sent(id, 'SecurityEventNotification').map((r) => (r.request as { type: string }).type);
const boots = (id: string) => sent(id, 'BootNotification').map((r) => r.request as BootNotificationRequest);

/** The runtime's current station and clock, for the idle barrier. */
const q = (t: TestRuntime) => ({ station: t.runtime.station, clock: t.clock });

async function started(id: string, roots: string[] = [root.cert], evses = 1): Promise<TestRuntime> {
  const t = makeTestRuntime({ id, evses, csmsUrl: csms.url, manufacturerRootCertificates: roots });
  running.push(t);
  t.runtime.start();
  await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
  await waitFor(() => sent(id, 'StatusNotification').length === evses, 'status notifications');
  return t;
}

const past = () => new Date(Date.now() - 3600_000).toISOString();
function request(
  requestId: number,
  path: string,
  extra: Partial<UpdateFirmwareRequest> = {},
  signedBy: Pem = signer,
): UpdateFirmwareRequest {
  return {
    requestId,
    firmware: {
      location: `${base}${path}`,
      retrieveDateTime: past(),
      signingCertificate: signedBy.cert,
      signature: sign('sha256', image, signedBy.key).toString('base64'),
    },
    ...extra,
  };
}

describe('L01 Secure firmware update', () => {
  it('L01.FR.01/10/15/28/31/32 – Downloading … InstallRebooting, reboot with reason FirmwareUpdate, Installed by the new software with the new version', async () => {
    const t = await started('L01-A');
    const first = t.runtime.station;
    assert.deepEqual(await csms.call('L01-A', 'UpdateFirmware', request(11, '/fw.bin?a', { retries: 1 })), { status: 'Accepted' });
    await waitFor(() => statuses('L01-A').includes('Installed#11'), 'Installed');
    assert.deepEqual(statuses('L01-A'), [
      'Downloading#11',
      'Downloaded#11',
      'SignatureVerified#11',
      'Installing#11',
      'InstallRebooting#11',
      'Installed#11',
    ]);
    assert.notEqual(t.runtime.station, first, 'the station software restarted');
    assert.deepEqual(t.hardware.installedFirmware, new Uint8Array(image));
    const [before, afterUpdate] = boots('L01-A');
    assert.equal(before?.chargingStation.firmwareVersion, '0.1.0');
    assert.equal(afterUpdate?.reason, 'FirmwareUpdate');
    assert.equal(afterUpdate?.chargingStation.firmwareVersion, version);
    await waitFor(() => securityEvents('L01-A').includes('FirmwareUpdated'), 'L01.FR.31 FirmwareUpdated');
    // L01.FR.25: after Installed a trigger reports Idle.
    assert.equal((await csms.call('L01-A', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'Accepted');
    await waitFor(() => statuses('L01-A').at(-1) === 'Idle', 'Idle');
  });

  it('L01.FR.03/04 – a signature that does not match the image: Downloaded, InvalidSignature, security event, nothing installed', async () => {
    const t = await started('L01-B');
    const bad = request(12, '/fw.bin?b');
    bad.firmware.signature = sign('sha256', Buffer.from('another image'), signer.key).toString('base64');
    assert.equal((await csms.call('L01-B', 'UpdateFirmware', bad)).status, 'Accepted');
    await waitFor(() => statuses('L01-B').includes('InvalidSignature#12'), 'InvalidSignature');
    await waitFor(() => securityEvents('L01-B').includes('InvalidFirmwareSignature'), 'security event');
    assert.deepEqual(statuses('L01-B'), ['Downloading#12', 'Downloaded#12', 'InvalidSignature#12']);
    await quiet(q(t));
    assert.equal(t.hardware.installedFirmware, undefined);
    assert.equal(boots('L01-B').length, 1, 'no reboot');
  });

  it('L01.FR.02/21/22 – a signing certificate from another root: InvalidCertificate and the security event, no download', async () => {
    const t = await started('L01-C');
    const response = await csms.call('L01-C', 'UpdateFirmware', request(13, '/fw.bin?c', {}, stranger));
    assert.equal(response.status, 'InvalidCertificate');
    await waitFor(() => securityEvents('L01-C').includes('InvalidFirmwareSigningCertificate'), 'security event');
    await transferOver(q(t), DOWNLOAD_TIMEOUT_MS, 'a download, if any, over');
    assert.equal(hits.get('/fw.bin?c'), undefined);
    assert.deepEqual(statuses('L01-C'), []);
  });

  it('L01.FR.30 – 404: DownloadFailed once 1 + retries attempts failed, retryInterval apart', async () => {
    const t = await started('L01-D');
    assert.equal(
      (await csms.call('L01-D', 'UpdateFirmware', request(14, '/missing', { retries: 2, retryInterval: 5 }))).status,
      'Accepted',
    );
    for (let attempt = 1; attempt <= 2; attempt++) {
      await waitFor(() => hits.get('/missing') === attempt, `attempt ${attempt}`);
      await transferOver(q(t), DOWNLOAD_TIMEOUT_MS, `attempt ${attempt} over`);
      assert.deepEqual(statuses('L01-D'), ['Downloading#14']);
      await t.clock.tick(4_000);
      assert.equal(hits.get('/missing'), attempt, 'no retry before retryInterval');
      await t.clock.tick(1_000);
    }
    await waitFor(() => statuses('L01-D').includes('DownloadFailed#14'), 'DownloadFailed');
    assert.equal(hits.get('/missing'), 3);
    assert.deepEqual(statuses('L01-D'), ['Downloading#14', 'DownloadFailed#14']);
  });

  it('L01.FR.30 – the server drops the connection mid-transfer: DownloadFailed, nothing installed', async () => {
    const t = await started('L01-E');
    assert.equal((await csms.call('L01-E', 'UpdateFirmware', request(15, '/drop', { retries: 0 }))).status, 'Accepted');
    await waitFor(() => statuses('L01-E').includes('DownloadFailed#15'), 'DownloadFailed');
    assert.equal(t.hardware.installedFirmware, undefined);
  });

  it('L01.FR.06/07/34 – a transaction runs: InstallScheduled, the other EVSE Unavailable, and the install waits until it has ended', async () => {
    const t = await started('L01-F', [root.cert], 2);
    t.hardware.plug(1);
    await quiet(q(t));
    t.hardware.presentToken('CARD-1');
    await waitFor(() => t.runtime.station.blocks.availability.hasTransaction(1), 'transaction');
    assert.equal((await csms.call('L01-F', 'UpdateFirmware', request(16, '/fw.bin?f'))).status, 'Accepted');
    await waitFor(() => statuses('L01-F').includes('InstallScheduled#16'), 'InstallScheduled');
    await quiet(q(t));
    assert.equal(t.hardware.installedFirmware, undefined, 'not installed while charging');
    const status = (evseId: number) =>
      sent('L01-F', 'StatusNotification')
        .map((r) => r.request as StatusNotificationRequest)
        .filter((r) => r.evseId === evseId)
        .at(-1)?.connectorStatus;
    await waitFor(() => status(2) === 'Unavailable', 'L01.FR.07 – the EVSE not in use is Unavailable');
    assert.equal(status(1), 'Occupied');
    assert.equal(boots('L01-F').length, 1);
    t.hardware.unplug(1);
    await waitFor(() => statuses('L01-F').includes('Installed#16'), 'Installed');
    assert.deepEqual(statuses('L01-F'), [
      'Downloading#16',
      'Downloaded#16',
      'SignatureVerified#16',
      'InstallScheduled#16',
      'Installing#16',
      'InstallRebooting#16',
      'Installed#16',
    ]);
    const ended = sent('L01-F', 'TransactionEvent').findIndex((r) => (r.request as { eventType: string }).eventType === 'Ended');
    assert.ok(ended >= 0, 'the transaction ended first');
    assert.equal(boots('L01-F').at(-1)?.reason, 'FirmwareUpdate');
    await waitFor(() => status(2) === 'Available', 'the new firmware runs: EVSE 2 Available again');
  });

  it('L01.FR.16 – installDateTime ahead: InstallScheduled, installed once that time has come', async () => {
    const t = await started('L01-H');
    const scheduled = request(19, '/fw.bin?h');
    scheduled.firmware.installDateTime = new Date(t.runtime.station.now().getTime() + 3600_000).toISOString();
    assert.equal((await csms.call('L01-H', 'UpdateFirmware', scheduled)).status, 'Accepted');
    await waitFor(() => statuses('L01-H').includes('InstallScheduled#19'), 'InstallScheduled');
    // The CSMS records a status before its answer is back: the clock jumps only once none is in flight.
    await quiet(q(t));
    await t.clock.tick(3_500_000);
    await quiet(q(t));
    assert.equal(t.hardware.installedFirmware, undefined, 'not before installDateTime');
    await t.clock.tick(100_000);
    await waitFor(() => statuses('L01-H').includes('Installed#19'), 'Installed');
    assert.deepEqual(t.hardware.installedFirmware, new Uint8Array(image));
  });

  it('L01.FR.13/24, F06.FR.16 – retrieveDateTime ahead: DownloadScheduled (also on trigger); a new request: AcceptedCanceled', async () => {
    await started('L01-G');
    const later = request(17, '/fw.bin?g');
    later.firmware.retrieveDateTime = new Date(Date.now() + 86400_000).toISOString();
    assert.equal((await csms.call('L01-G', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'Accepted');
    await waitFor(() => statuses('L01-G').includes('Idle'), 'Idle before any update');
    assert.equal((await csms.call('L01-G', 'UpdateFirmware', later)).status, 'Accepted');
    await waitFor(() => statuses('L01-G').includes('DownloadScheduled#17'), 'DownloadScheduled');
    await csms.call('L01-G', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await waitFor(() => statuses('L01-G').filter((s) => s === 'DownloadScheduled#17').length === 2, 'triggered status');
    const now = request(18, '/fw.bin?g2');
    assert.equal((await csms.call('L01-G', 'UpdateFirmware', now)).status, 'AcceptedCanceled');
    await waitFor(() => statuses('L01-G').includes('Installed#18'), 'Installed');
    assert.deepEqual(statuses('L01-G').slice(0, 5), [
      'Idle',
      'DownloadScheduled#17',
      'DownloadScheduled#17',
      'DownloadFailed#17',
      'Downloading#18',
    ]);
    assert.equal(hits.get('/fw.bin?g'), undefined, 'the canceled update never downloaded');
  });
});

describe('L02 Non-secure firmware update', () => {
  it('L02.FR.01/06/20/21 – no manufacturer root, no certificate: Downloading, Downloaded, Installing, InstallRebooting, Installed', async () => {
    await started('L02-A', []);
    const { requestId, firmware } = request(21, '/fw.bin?l02');
    const unsigned = { requestId, firmware: { location: firmware.location, retrieveDateTime: firmware.retrieveDateTime } };
    assert.equal((await csms.call('L02-A', 'UpdateFirmware', unsigned)).status, 'Accepted');
    await waitFor(() => statuses('L02-A').includes('Installed#21'), 'Installed');
    assert.deepEqual(statuses('L02-A'), ['Downloading#21', 'Downloaded#21', 'Installing#21', 'InstallRebooting#21', 'Installed#21']);
  });

  it('L01.FR.21 – with a manufacturer root, a request without certificate is InvalidCertificate; an ftp location is Rejected', async () => {
    await started('L02-B');
    const { requestId, firmware } = request(22, '/fw.bin?l02b');
    const unsigned = { requestId, firmware: { location: firmware.location, retrieveDateTime: firmware.retrieveDateTime } };
    assert.equal((await csms.call('L02-B', 'UpdateFirmware', unsigned)).status, 'InvalidCertificate');
    const ftp = request(23, '/x');
    ftp.firmware.location = 'ftp://127.0.0.1/fw.bin';
    assert.equal((await csms.call('L02-B', 'UpdateFirmware', ftp)).status, 'Rejected');
  });
});
