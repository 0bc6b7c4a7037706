// Part 6 block L (firmware management), charging-station cases of the Core profile. The file server
// is a real HTTP server of the test; the manufacturer root, the firmware signing certificates and
// the signatures are made here. Each case has a station of its own, given the manufacturer root at
// start (`--manufacturer-root`), since an update reboots the station.
//
// This station installs without a reboot before the installation (no RebootBeforeFirmwareInstallation)
// and reboots to activate the new firmware (RebootBeforeFirmwareActivation). TC_L_08 needs an image
// the station downloads and verifies but cannot install: the station's hardware refuses an empty
// image, so the file served for it is empty, with a real signature over it. For TC_L_10 the server
// holds the first request for /held/fw.bin open, so the station is still downloading when the
// second UpdateFirmwareRequest comes.

import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCa, issueClientCert, type Pem } from '../support/pki.js';
import { type Booted, booted, quiescent } from './support/states.js';
import { HeldRequests } from './support/held-requests.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
const image = Buffer.from('Conformance firmware 2.0.0 '.repeat(1000));
const empty = Buffer.alloc(0);
let server: Server;
let base: string;
let root: Pem;
let signer: Pem;
/** A firmware signing certificate of another root: well formed, valid in time, not trusted by the station. */
let untrusted: Pem;
const running: Booted[] = [];
/** Time for the station to give up a download it cannot do, with its own retries (none are asked for). */
const DOWNLOAD_GIVE_UP_MS = 60_000;

/** Requests the server keeps open (a download or upload in progress). */
const open = new HeldRequests();

before(async () => {
  await csms.listen();
  root = await createCa({ commonName: 'Conformance Manufacturer Root' });
  signer = await issueClientCert(root, { commonName: 'Conformance Firmware Signing' });
  untrusted = await issueClientCert(await createCa({ commonName: 'Unknown Manufacturer Root' }), { commonName: 'Firmware Signing' });
  server = createServer(async (request, response) => {
    await open.pass(request.url ?? '');
    if (request.url === '/fw.bin' || request.url === '/held/fw.bin') return void response.end(image);
    if (request.url === '/empty.bin') return void response.end(empty);
    response.statusCode = 404;
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await Promise.all(running.map((b) => b.station.dispose()));
  await csms.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function station(id: string): Promise<Booted> {
  const b = await booted(csms, { id, roots: { manufacturer: [root.cert] } });
  running.push(b);
  return b;
}

const fromNow = (ms: number): string => new Date(Date.now() + ms).toISOString();
const HOURS_2 = 2 * 3600_000;

/** Part 6's UpdateFirmwareRequest: install and retrieve 2 hours ago, the configured certificate and signature. */
function updateFirmware(requestId: number, firmware: Json = {}, content: Buffer = image): Json {
  return {
    requestId,
    firmware: {
      location: `${base}/fw.bin`,
      retrieveDateTime: fromNow(-HOURS_2),
      installDateTime: fromNow(-HOURS_2),
      signingCertificate: signer.cert,
      signature: sign('sha256', content, signer.key).toString('base64'),
      ...firmware,
    },
  };
}

async function accepted(b: Booted, request: Json): Promise<void> {
  const res = (await b.link.call('UpdateFirmware', request)) as Json;
  assert.equal(res.status, 'Accepted', 'step 2: UpdateFirmwareResponse status Accepted');
}

/** The next FirmwareStatusNotificationRequest of the update; its status is `status` (Part 6 `step`). */
async function firmwareStatus(b: Booted, requestId: number, status: string, step: number, timeoutMs?: number): Promise<Json> {
  const n = await b.link.next('FirmwareStatusNotification', (p) => p.requestId === requestId, timeoutMs);
  assert.equal(n.status, status, `step ${step}: FirmwareStatusNotificationRequest status ${status}`);
  return n;
}

/** The StatusNotificationRequests the station sent after the frame `from` (and before `to`, if given). */
function statusNotifications(b: Booted, from: Json, to?: Json): Json[] {
  const frames = b.link.frames;
  const start = frames.findIndex((f) => f.payload === from);
  const end = to ? frames.findIndex((f) => f.payload === to) : frames.length;
  return frames
    .slice(start + 1, end)
    .filter((f) => f.direction === 'station' && f.action === 'StatusNotification')
    .map((f) => f.payload);
}

/**
 * The optional step that sets the connectors Unavailable before the install: what the station
 * reported between `request` and `until` is Unavailable. Takes those reports, so that what comes
 * next is what followed them.
 */
async function unavailableBeforeInstall(b: Booted, request: Json, until: Json, step: number): Promise<void> {
  for (const s of statusNotifications(b, request, until)) {
    assert.equal(s.connectorStatus, 'Unavailable', `step ${step}: StatusNotificationRequest connectorStatus Unavailable`);
    await b.link.next('StatusNotification', (p) => p === s);
  }
}

/**
 * From Installing on, for an update that installs: Installing (not before `notBefore`),
 * RebootBeforeFirmwareActivation (InstallRebooting, BootNotification reason FirmwareUpdate, the
 * connectors Available again), Installed and the security event FirmwareUpdated.
 */
async function installedAndActivated(
  b: Booted,
  request: Json,
  steps: { unavailable: number; installing: number },
  notBefore = 0,
): Promise<void> {
  const requestId = request.requestId as number;
  await firmwareStatus(b, requestId, 'Installing', steps.installing);
  assert.ok(Date.now() >= notBefore - 1_000, `step ${steps.installing}: installing once installDateTime is reached`);
  const at = steps.installing + 2;
  await firmwareStatus(b, requestId, 'InstallRebooting', at);
  const boot = await b.link.next('BootNotification');
  assert.equal(
    boot.reason,
    'FirmwareUpdate',
    `step ${at} RebootBeforeFirmwareActivation step 3: BootNotificationRequest reason FirmwareUpdate`,
  );
  await unavailableBeforeInstall(b, request, boot, steps.unavailable);
  const available = await b.link.next('StatusNotification', (p) => p.evseId === 1);
  assert.equal(available.connectorStatus, 'Available', `step ${at + 2}: StatusNotificationRequest connectorStatus Available`);
  await firmwareStatus(b, requestId, 'Installed', at + 4);
  const event = await b.link.next('SecurityEventNotification', (p) => p.type === 'FirmwareUpdated');
  assert.equal(event.type, 'FirmwareUpdated', `step ${at + 6}: SecurityEventNotificationRequest type FirmwareUpdated`);
}

/** The CSMS frame of the last UpdateFirmware call, for ordering what came after it. */
const sentRequest = (b: Booted): Json =>
  b.link.frames.filter((f) => f.direction === 'csms' && f.action === 'UpdateFirmware').at(-1)!.payload;

describe('Part 6 L – Firmware management', { concurrency: true }, () => {
  it('TC_L_01_CS – Secure Firmware Update - Installation successful', async () => {
    const b = await station('CONF-L01');
    await accepted(b, updateFirmware(101));
    await firmwareStatus(b, 101, 'Downloading', 3);
    await firmwareStatus(b, 101, 'Downloaded', 5);
    await firmwareStatus(b, 101, 'SignatureVerified', 7);
    await installedAndActivated(b, sentRequest(b), { unavailable: 9, installing: 12 });
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_02_CS – Secure Firmware Update - InstallScheduled', async () => {
    const b = await station('CONF-L02');
    const installAt = Date.now() + 5_000; // <Configured Install Offset Period>: 5 s
    await accepted(b, updateFirmware(102, { installDateTime: new Date(installAt).toISOString() }));
    await firmwareStatus(b, 102, 'Downloading', 3);
    await firmwareStatus(b, 102, 'Downloaded', 5);
    await firmwareStatus(b, 102, 'SignatureVerified', 7);
    await firmwareStatus(b, 102, 'InstallScheduled', 9);
    await installedAndActivated(b, sentRequest(b), { unavailable: 11, installing: 14 }, installAt);
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_03_CS – Secure Firmware Update - DownloadScheduled', async () => {
    const b = await station('CONF-L03');
    const retrieveAt = Date.now() + 5_000; // <Configured Download Offset Period>: 5 s
    await accepted(b, updateFirmware(103, { retrieveDateTime: new Date(retrieveAt).toISOString() }));
    await firmwareStatus(b, 103, 'DownloadScheduled', 3);
    await firmwareStatus(b, 103, 'Downloading', 5);
    assert.ok(Date.now() >= retrieveAt - 1_000, 'step 5: downloading once retrieveDateTime is reached');
    await firmwareStatus(b, 103, 'Downloaded', 7);
    await firmwareStatus(b, 103, 'SignatureVerified', 9);
    await installedAndActivated(b, sentRequest(b), { unavailable: 11, installing: 14 });
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_05_CS – Secure Firmware Update - InvalidCertificate', async () => {
    const b = await station('CONF-L05');
    const request = updateFirmware(105, { signingCertificate: untrusted.cert });
    const res = (await b.link.call('UpdateFirmware', request)) as Json;
    assert.match(
      String(res.status),
      /^(InvalidCertificate|RevokedCertificate)$/,
      'step 2: UpdateFirmwareResponse status InvalidCertificate or RevokedCertificate',
    );
    const event = await b.link.next('SecurityEventNotification', (p) => p.type === 'InvalidFirmwareSigningCertificate');
    assert.equal(
      event.type,
      'InvalidFirmwareSigningCertificate',
      'step 3: SecurityEventNotificationRequest type InvalidFirmwareSigningCertificate',
    );
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_06_CS – Secure Firmware Update - InvalidSignature', async () => {
    const b = await station('CONF-L06');
    // <Configured invalid firmware signature>: a real signature by the signing certificate, of another image.
    await accepted(b, updateFirmware(106, {}, Buffer.from('another image')));
    await firmwareStatus(b, 106, 'Downloading', 3);
    await firmwareStatus(b, 106, 'Downloaded', 5);
    // Errata 2025-09 (TC_L_06_CS): steps 7 and 9 in either order.
    const event = b.link.next('SecurityEventNotification', (p) => p.type === 'InvalidFirmwareSignature');
    await firmwareStatus(b, 106, 'InvalidSignature', 7);
    assert.equal((await event).type, 'InvalidFirmwareSignature', 'step 9: SecurityEventNotificationRequest type InvalidFirmwareSignature');
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_07_CS – Secure Firmware Update - DownloadFailed', async () => {
    const b = await station('CONF-L07');
    await accepted(b, updateFirmware(107, { location: `${base}/fw.bin_does.not.Exist` }));
    // Step 3 is optional: a station may see at once that it cannot download.
    const first = await b.link.next('FirmwareStatusNotification', (p) => p.requestId === 107);
    if (first.status !== 'DownloadFailed') {
      assert.equal(first.status, 'Downloading', 'step 3: FirmwareStatusNotificationRequest status Downloading');
      await firmwareStatus(b, 107, 'DownloadFailed', 5, DOWNLOAD_GIVE_UP_MS);
    }
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_08_CS – Secure Firmware Update - InstallVerificationFailed or InstallationFailed', async () => {
    const b = await station('CONF-L08');
    await accepted(b, updateFirmware(108, { location: `${base}/empty.bin` }, empty));
    await firmwareStatus(b, 108, 'Downloading', 3);
    await firmwareStatus(b, 108, 'Downloaded', 5);
    await firmwareStatus(b, 108, 'SignatureVerified', 7);
    const request = sentRequest(b);
    await firmwareStatus(b, 108, 'Installing', 12);
    const failed = await b.link.next('FirmwareStatusNotification', (p) => p.requestId === 108);
    assert.match(
      String(failed.status),
      /^(InstallVerificationFailed|InstallationFailed)$/,
      'step 16: status InstallVerificationFailed or InstallationFailed',
    );
    await quiescent(b);
    // Steps 9 and 14: connectors set Unavailable for the install are reported Available again after it failed.
    const reported = statusNotifications(b, request);
    if (reported.length > 0) {
      assert.equal(reported[0]!.connectorStatus, 'Unavailable', 'step 9: StatusNotificationRequest connectorStatus Unavailable');
      assert.equal(reported.at(-1)!.connectorStatus, 'Available', 'step 14: StatusNotificationRequest connectorStatus Available');
    }
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_10_CS – Secure Firmware Update - AcceptedCanceled', async () => {
    const b = await station('CONF-L10');
    const location = `${base}/held/fw.bin`;
    const held = open.hold('/held/fw.bin');
    try {
      await accepted(b, updateFirmware(1101, { location }));
      await firmwareStatus(b, 1101, 'Downloading', 3);
      await held.arrived; // the station is downloading the first image
      const res = (await b.link.call('UpdateFirmware', updateFirmware(1102, { location }))) as Json;
      assert.equal(res.status, 'AcceptedCanceled', 'step 6: UpdateFirmwareResponse status AcceptedCanceled');
      await firmwareStatus(b, 1102, 'Downloading', 7);
      held.release(); // the canceled download may now end: nothing of it may be reported but a failure
      await firmwareStatus(b, 1102, 'Downloaded', 9);
      await firmwareStatus(b, 1102, 'SignatureVerified', 11);
      await installedAndActivated(b, sentRequest(b), { unavailable: 13, installing: 16 });
      await quiescent(b);
      // Errata 2025-09 (TC_L_10_CS): from step 6 on the requestId is the second one, but for a
      // DownloadFailed or InstallationFailed of the first update, before or after step 6.
      const notices = b.link.received('FirmwareStatusNotification');
      const first = notices.slice(notices.findIndex((n) => n.requestId === 1101 && n.status === 'Downloading') + 1);
      for (const n of first.filter((x) => x.requestId !== 1102)) {
        assert.equal(n.requestId, 1101, 'step 6: FirmwareStatusNotificationRequest requestId of the second request');
        assert.match(String(n.status), /^(DownloadFailed|InstallationFailed)$/, 'step 6: the canceled update reports only a failure');
      }
    } finally {
      held.release();
    }
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });

  it('TC_L_18_CS – Secure Firmware Update - Missing firmware signing certificate and signature', async () => {
    const b = await station('CONF-L18');
    const { firmware } = updateFirmware(118) as { firmware: Json };
    const { signingCertificate: _c, signature: _s, ...unsigned } = firmware;
    const res = (await b.link.call('UpdateFirmware', { requestId: 118, firmware: unsigned })) as Json;
    assert.match(
      String(res.status),
      /^(Rejected|InvalidCertificate)$/,
      'step 2: UpdateFirmwareResponse status Rejected or InvalidCertificate',
    );
    assert.deepEqual(b.link.complaints, [], 'every frame valid against the schemas');
  });
});
