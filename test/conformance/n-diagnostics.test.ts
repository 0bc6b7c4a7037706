// Part 6 block N (diagnostics), charging-station cases, in Part 6 order; each case on its own
// station, concurrently. The log server is a plain HTTP server started here that accepts PUT
// and POST (N01.FR.18) under /logs/ and answers 404 under /missing/ (a non-existing path). For
// TC_N_36 it holds the first upload into a folder open, so the station is still uploading when the
// second GetLogRequest comes.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Booted, booted, quiescent } from './support/states.js';
import { HeldRequests } from './support/held-requests.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let server: Server;
let logServer = '';
/** Every request the log server got: method, path, body. */
const uploads: { method: string; path: string; body: string }[] = [];

/** Requests the server keeps open (a download or upload in progress). */
const open = new HeldRequests();

before(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const path = request.url ?? '';
      uploads.push({ method: request.method ?? '', path, body: Buffer.concat(chunks).toString('utf8') });
      const folder = path.slice(0, path.lastIndexOf('/'));
      await open.pass(folder);
      const accepted = path.startsWith('/logs/') && (request.method === 'PUT' || request.method === 'POST');
      response.statusCode = accepted ? 200 : 404;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  logServer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await csms.listen();
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await csms.close();
});

/** TC_N_25/35: GetLog of `logType`, Uploading, the file at the log server, Uploaded. */
async function logUploaded(cs: Booted, logType: 'DiagnosticsLog' | 'SecurityLog', requestId: number): Promise<void> {
  const folder = `/logs/${cs.station.id}`;
  const res = (await cs.link.call('GetLog', { logType, requestId, log: { remoteLocation: `${logServer}${folder}` } })) as Json;
  assert.equal(res.status, 'Accepted', 'step 2: GetLogResponse status Accepted');
  assert.ok(typeof res.filename === 'string' && res.filename !== '', 'step 2: GetLogResponse filename not omitted and not empty');
  const uploading = await cs.link.next('LogStatusNotification', (p) => p.requestId === requestId);
  assert.equal(uploading.status, 'Uploading', 'step 3: LogStatusNotificationRequest status Uploading');
  const uploaded = await cs.link.next('LogStatusNotification', (p) => p.requestId === requestId);
  assert.equal(uploaded.status, 'Uploaded', 'step 5: LogStatusNotificationRequest status Uploaded');
  const file = uploads.find((u) => u.path === `${folder}/${encodeURIComponent(String(res.filename))}`);
  assert.ok(file && file.body.length > 0, 'step 5: the log file is at <remoteLocation>/<filename>, not empty');
}

describe('Part 6 N – Diagnostics', { concurrency: true }, () => {
  it('TC_N_25_CS – Retrieve Log Information - Diagnostics Log - Success', async () => {
    const cs = await booted(csms, { id: 'CONF-N25' });
    try {
      await logUploaded(cs, 'DiagnosticsLog', 25);
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_N_26_CS – Retrieve Log Information - Diagnostics Log - Upload failed', async () => {
    const cs = await booted(csms, { id: 'CONF-N26' });
    const retryInterval = 2; // longer than an attempt on this machine takes
    const requestId = 26;
    const folder = `/missing/${cs.station.id}`;
    try {
      const res = (await cs.link.call('GetLog', {
        logType: 'DiagnosticsLog',
        requestId,
        retries: 3,
        retryInterval,
        log: { remoteLocation: `${logServer}${folder}` },
      })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: GetLogResponse status Accepted');
      const failures = /^(UploadFailure|BadMessage|PermissionDenied|NotSupportedOperation)$/;
      const first = await cs.link.next('LogStatusNotification', (p) => p.requestId === requestId);
      assert.equal(first.status, 'Uploading', 'step 3: LogStatusNotificationRequest status Uploading');
      await cs.link.next('LogStatusNotification', (p) => p.requestId === requestId && failures.test(String(p.status)), 30_000);
      await quiescent(cs); // the tool's wait before it ends the case
      const statuses = cs.link.frames.filter(
        (f) => f.direction === 'station' && f.action === 'LogStatusNotification' && f.payload.requestId === requestId,
      );
      const uploading = statuses.filter((f) => f.payload.status === 'Uploading');
      const failed = statuses.filter((f) => failures.test(String(f.payload.status)));
      assert.ok(uploading.length === 1 || uploading.length === 4, `step 3: Uploading sent 1 or 4 times (${uploading.length})`);
      assert.ok(failed.length === 1 || failed.length === 4, `step 5: a failure status sent 1 or 4 times (${failed.length})`);
      assert.equal(statuses.length, uploading.length + failed.length, 'steps 3/5: no other status for the request');
      assert.equal(uploads.filter((u) => u.path.startsWith(`${folder}/`)).length, 4, 'step 5: four upload attempts (1 + retries)');
      const span = failed.at(-1)!.at - uploading[0]!.at;
      assert.ok(
        span >= 3 * retryInterval * 1000 && span < 4 * retryInterval * 1000,
        `step 5: first Uploading to last failure status is 3 x retryInterval (${span} ms)`,
      );
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_N_32_CS – Clear Customer Information - Clear and no report', async () => {
    const cs = await booted(csms, { id: 'CONF-N32' });
    try {
      const res = (await cs.link.call('CustomerInformation', {
        requestId: 32,
        report: false,
        clear: true,
        idToken: { idToken: 'N32TOKEN', type: 'ISO14443' },
      })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: CustomerInformationResponse status Accepted');
      const n = await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === 32);
      assert.ok(typeof n.data === 'string' && n.data !== '', 'step 3: NotifyCustomerInformationRequest data says the data is cleared');
      assert.notEqual(n.tbc, true, 'post scenario: one message (tbc not true)');
      await quiescent(cs);
      assert.equal(cs.link.received('NotifyCustomerInformation').length, 1, 'post scenario: one NotifyCustomerInformationRequest');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  // Part 5 lists TC_N_34 for the CSMS only; the station meets the case's prerequisite ("possible to have
  // no log information available") for any period before its first record, so the case runs with one.
  it('TC_N_34_CS – Retrieve Log Information - Rejected', async () => {
    const cs = await booted(csms, { id: 'CONF-N34' });
    const requestId = 34;
    const folder = `/logs/${cs.station.id}`;
    try {
      const res = (await cs.link.call('GetLog', {
        logType: 'SecurityLog',
        requestId,
        log: { remoteLocation: `${logServer}${folder}`, oldestTimestamp: '2001-01-01T00:00:00Z', latestTimestamp: '2001-01-02T00:00:00Z' },
      })) as Json;
      assert.equal(res.status, 'Rejected', 'step 2: GetLogResponse status Rejected');
      await quiescent(cs);
      assert.equal(
        cs.link.received('LogStatusNotification').filter((p) => p.requestId === requestId).length,
        0,
        'no LogStatusNotificationRequest for the rejected request',
      );
      assert.equal(uploads.filter((u) => u.path.startsWith(`${folder}/`)).length, 0, 'nothing uploaded');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_N_35_CS – Retrieve Log Information - Security Log - Success', async () => {
    const cs = await booted(csms, { id: 'CONF-N35' });
    try {
      await logUploaded(cs, 'SecurityLog', 35);
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_N_36_CS – Retrieve Log Information - Second Request', async () => {
    const cs = await booted(csms, { id: 'CONF-N36' });
    const folder = `/logs/${cs.station.id}`;
    const log = { remoteLocation: `${logServer}${folder}` };
    const held = open.hold(folder);
    try {
      const first = (await cs.link.call('GetLog', { logType: 'DiagnosticsLog', requestId: 3601, log })) as Json;
      assert.equal(first.status, 'Accepted', 'step 2: GetLogResponse status Accepted');
      const uploading = await cs.link.next('LogStatusNotification');
      assert.equal(uploading.status, 'Uploading', 'step 3: LogStatusNotificationRequest status Uploading');
      assert.equal(uploading.requestId, 3601, 'step 3: LogStatusNotificationRequest requestId of the first request');
      await held.arrived; // the station is uploading the first log file
      const second = (await cs.link.call('GetLog', { logType: 'DiagnosticsLog', requestId: 3602, log })) as Json;
      assert.equal(second.status, 'AcceptedCanceled', 'step 6: GetLogResponse status AcceptedCanceled');
      // Errata 2025-09 (TC_N_36_CS): step 7 may come before step 6.
      const canceled = await cs.link.next('LogStatusNotification');
      assert.equal(canceled.status, 'AcceptedCanceled', 'step 7: LogStatusNotificationRequest status AcceptedCanceled');
      assert.equal(canceled.requestId, 3601, 'step 7: LogStatusNotificationRequest requestId of the first request');
      held.release(); // the canceled upload may now end: nothing more may be reported of it
      const again = await cs.link.next('LogStatusNotification');
      assert.equal(again.status, 'Uploading', 'step 9: LogStatusNotificationRequest status Uploading');
      assert.equal(again.requestId, 3602, 'step 9: LogStatusNotificationRequest requestId of the second request');
      const uploaded = await cs.link.next('LogStatusNotification');
      assert.equal(uploaded.status, 'Uploaded', 'step 11: LogStatusNotificationRequest status Uploaded');
      assert.equal(uploaded.requestId, 3602, 'step 11: LogStatusNotificationRequest requestId of the second request');
      const file = uploads.find((u) => u.path === `${folder}/${encodeURIComponent(String(second.filename))}`);
      assert.ok(file && file.body.length > 0, 'step 11: the second log file is at <remoteLocation>/<filename>, not empty');
      await quiescent(cs);
      assert.equal(cs.link.received('LogStatusNotification').length, 4, 'steps 3-11: no other LogStatusNotificationRequest');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      held.release();
      await cs.station.dispose();
    }
  });
});
