// Part 6 block F, TriggerMessage for LogStatusNotification and FirmwareStatusNotification (F06),
// in Part 6 order, on one station given the manufacturer root at start. The file server is a
// plain HTTP server started here: it takes log uploads (PUT/POST under /logs/) and serves a
// firmware image (/fw.bin). For the Uploading and Downloading cases it holds the station's
// request open until the triggered notification is in, so the station is still uploading or
// downloading when the trigger comes.

import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCa, issueClientCert, type Pem } from '../support/pki.js';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
const image = Buffer.from('Conformance firmware 2.0.1 '.repeat(1000));
let server: Server;
let base = '';
let signer: Pem;
let cs: Booted;

/** A request of the station the server keeps open: `arrived()` once it is in, answered after `release()`. */
interface Held {
  arrived(timeoutMs?: number): Promise<void>;
  release(): void;
}
let holding: { arrive: () => void; gate: Promise<void> } | undefined;

/** Holds the next request the file server gets. */
function holdNext(): Held {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  holding = { arrive, gate };
  const timedOut = (ms: number) =>
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no request at the file server in ${ms} ms`)), ms).unref());
  return { arrived: (timeoutMs = 15_000) => Promise.race([arrived, timedOut(timeoutMs)]), release };
}

before(async () => {
  await csms.listen();
  const root = await createCa({ commonName: 'Conformance Manufacturer Root' });
  signer = await issueClientCert(root, { commonName: 'Conformance Firmware Signing' });
  server = createServer((request, response) => {
    request.resume();
    request.on('end', async () => {
      const held = holding;
      holding = undefined;
      if (held) {
        held.arrive();
        await held.gate;
      }
      const path = request.url ?? '';
      if (path === '/fw.bin' && request.method === 'GET') return void response.end(image);
      const upload = path.startsWith('/logs/') && (request.method === 'PUT' || request.method === 'POST');
      response.statusCode = upload ? 200 : 404;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cs = await booted(csms, { id: 'CONF-F-TS', roots: { manufacturer: [root.cert] } });
});
after(async () => {
  await cs?.station.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await csms.close();
});

/** Steps 1-2 (5-6): TriggerMessage, Accepted. */
async function trigger(requestedMessage: string, step: number, evse?: Json): Promise<void> {
  const res = (await cs.link.call('TriggerMessage', evse ? { requestedMessage, evse } : { requestedMessage })) as Json;
  assert.equal(res.status, 'Accepted', `step ${step}: TriggerMessageResponse status Accepted`);
}

describe('Part 6 F – Trigger message, log and firmware status', () => {
  it('TC_F_15_CS – Trigger message - LogStatusNotification - Idle', async () => {
    await trigger('LogStatusNotification', 2);
    const n = await cs.link.next('LogStatusNotification');
    assert.equal(n.status, 'Idle', 'step 3: LogStatusNotificationRequest status Idle');
  });

  it('TC_F_16_CS – Trigger message - LogStatusNotification - Uploading', async () => {
    const held = holdNext();
    try {
      const res = (await cs.link.call('GetLog', {
        logType: 'DiagnosticsLog',
        requestId: 16,
        log: { remoteLocation: `${base}/logs/${cs.station.id}` },
      })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: GetLogResponse status Accepted');
      const uploading = await cs.link.next('LogStatusNotification', (p) => p.requestId === 16);
      assert.equal(uploading.status, 'Uploading', 'step 3: LogStatusNotificationRequest status Uploading');
      await held.arrived();
      await trigger('LogStatusNotification', 6);
      const n = await cs.link.next('LogStatusNotification');
      assert.equal(n.status, 'Uploading', 'step 7: LogStatusNotificationRequest status Uploading');
      assert.equal(n.requestId, 16, 'step 7: LogStatusNotificationRequest requestId of the upload');
    } finally {
      held.release();
    }
  });

  it('TC_F_17_CS – Trigger message - FirmwareStatusNotification - Specific EVSE not relevant', async () => {
    await trigger('FirmwareStatusNotification', 2, { id: 1 });
    const n = await cs.link.next('FirmwareStatusNotification');
    assert.equal(n.status, 'Idle', 'step 3: FirmwareStatusNotificationRequest status Idle');
  });

  it('TC_F_18_CS – Trigger message - FirmwareStatusNotification - Idle', async () => {
    await trigger('FirmwareStatusNotification', 2);
    const n = await cs.link.next('FirmwareStatusNotification');
    assert.equal(n.status, 'Idle', 'step 3: FirmwareStatusNotificationRequest status Idle');
  });

  it('TC_F_19_CS – Trigger message - FirmwareStatusNotification - Downloading', async () => {
    // Errata 2025-09 (TC_F_19_CS): an invalid signature, so that the update ends after the case
    // (Downloaded, InvalidSignature) instead of installing; those steps are not validated here.
    const signature = sign('sha256', Buffer.from('another image'), signer.key).toString('base64');
    const held = holdNext();
    try {
      const res = (await cs.link.call('UpdateFirmware', {
        requestId: 19,
        firmware: {
          location: `${base}/fw.bin`,
          retrieveDateTime: new Date(Date.now() - 2 * 3600_000).toISOString(),
          signingCertificate: signer.cert,
          signature,
        },
      })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: UpdateFirmwareResponse status Accepted');
      const downloading = await cs.link.next('FirmwareStatusNotification', (p) => p.requestId === 19);
      assert.equal(downloading.status, 'Downloading', 'step 3: FirmwareStatusNotificationRequest status Downloading');
      await held.arrived();
      await trigger('FirmwareStatusNotification', 6);
      const n = await cs.link.next('FirmwareStatusNotification');
      assert.equal(n.status, 'Downloading', 'step 7: FirmwareStatusNotificationRequest status Downloading');
    } finally {
      held.release();
    }
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
