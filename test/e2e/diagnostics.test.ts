// N01 Retrieve log information against the local CSMS over a real WebSocket; the log file is
// received by a real HTTP server on 127.0.0.1. Retry intervals run on the station's fake clock.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { GetLogRequest, LogStatusNotificationRequest } from '../../src/generated/ocpp201/index.js';
import { useLocalCsms } from '../support/local-csms-suite.js';
import type { TestStation } from '../support/test-station.js';
import { UPLOAD_TIMEOUT_MS } from '../../src/blocks/diagnostics/upload.js';
import { quiet, transferOver } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

const suite = useLocalCsms();
let server: Server;
let base: string;
const received = new Map<string, { method: string; body: string }>();
const hits = new Map<string, number>();
const held: ServerResponse[] = [];
const running: TestStation[] = [];

before(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.set(path, { method: request.method ?? '', body: Buffer.concat(chunks).toString('utf8') });
      if (path.startsWith('/ok/')) return void response.end();
      if (path.startsWith('/slow/')) return void held.push(response);
      if (path.startsWith('/denied/')) response.statusCode = 403;
      else response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

async function online(id: string): Promise<TestStation> {
  const t = await suite.online(id);
  running.push(t);
  return t;
}
const statuses = (id: string) =>
  (suite.csms.store.requests(id) ?? [])
    .filter((r) => r.action === 'LogStatusNotification')
    .map((r) => {
      const { status, requestId } = r.request as LogStatusNotificationRequest;
      return requestId === undefined ? status : `${status}#${requestId}`;
    });
const getLog = (requestId: number, remoteLocation: string, extra: Partial<GetLogRequest> = {}): GetLogRequest => ({
  logType: 'DiagnosticsLog',
  requestId,
  log: { remoteLocation },
  ...extra,
});

/** Moves the fake clock a second at a time until the station reports `final`. */
async function until(t: TestStation, id: string, final: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await transferOver(t, UPLOAD_TIMEOUT_MS, 'the upload attempt over');
    if (statuses(id).includes(final)) break;
    await t.clock.tick(1000);
  }
  assert.ok(statuses(id).includes(final), `${final} in ${statuses(id).join(',')}`);
}

describe('N01 Retrieve log information', () => {
  it('N01.FR.01/02/04/07/08/09 – Accepted with the filename, Uploading, the frames PUT to <remoteLocation>/<filename>, Uploaded', async () => {
    await online('N01-A');
    const response = await suite.csms.call('N01-A', 'GetLog', getLog(21, `${base}/ok/`));
    assert.deepEqual(response, { status: 'Accepted', filename: 'diagnostics-21.log' });
    await waitFor(() => statuses('N01-A').includes('Uploaded#21'), 'Uploaded');
    assert.deepEqual(statuses('N01-A'), ['Uploading#21', 'Uploaded#21']);
    const file = received.get('/ok/diagnostics-21.log');
    assert.equal(file?.method, 'PUT');
    assert.match(file!.body, /^\d{4}-\d\d-\d\dT\S+Z out \[2,"[^"]+","BootNotification",/m);
    assert.match(file!.body, /^\S+ in \[2,"[^"]+","GetLog",/m);
  });

  it('N01.FR.03 – SecurityLog: the security events, no frames', async () => {
    const t = await online('N01-B');
    t.station.blocks.security.record('SettingSystemTime', 'moved by test');
    assert.equal((await suite.csms.call('N01-B', 'GetLog', getLog(22, `${base}/ok/b`, { logType: 'SecurityLog' }))).status, 'Accepted');
    await waitFor(() => statuses('N01-B').includes('Uploaded#22'), 'Uploaded');
    const body = received.get('/ok/b/security-22.log')?.body ?? '';
    assert.match(body, /^\S+ SettingSystemTime moved by test$/m);
    assert.doesNotMatch(body, /BootNotification/);
  });

  it('N01.FR.03 – SecurityLog: also the events of the start-up, before any block could act (StartupOfTheDevice)', async () => {
    await online('N01-B2');
    assert.equal((await suite.csms.call('N01-B2', 'GetLog', getLog(25, `${base}/ok/b2`, { logType: 'SecurityLog' }))).status, 'Accepted');
    await waitFor(() => statuses('N01-B2').includes('Uploaded#25'), 'Uploaded');
    assert.match(received.get('/ok/b2/security-25.log')?.body ?? '', /^\S+ StartupOfTheDevice power up$/m);
  });

  it('N01.FR.05 – nothing logged in the requested period: Rejected without filename, nothing sent', async () => {
    const t = await online('N01-C');
    const response = await suite.csms.call(
      'N01-C',
      'GetLog',
      getLog(23, `${base}/ok/c`, { log: { remoteLocation: `${base}/ok/c`, latestTimestamp: '2001-01-01T00:00:00Z' } }),
    );
    assert.equal(response.status, 'Rejected');
    assert.equal(response.filename, undefined);
    await quiet(t);
    assert.deepEqual(statuses('N01-C'), []);
  });

  it('N01.FR.10 – HTTP 500: UploadFailure once 1 + retries attempts failed, retryInterval apart', async () => {
    const t = await online('N01-D');
    await suite.csms.call('N01-D', 'GetLog', getLog(24, `${base}/fail`, { retries: 2, retryInterval: 30 }));
    await waitFor(() => hits.get('/fail/diagnostics-24.log') === 1, 'first attempt');
    await transferOver(t, UPLOAD_TIMEOUT_MS, 'first attempt over');
    await t.clock.tick(29_000);
    await transferOver(t, UPLOAD_TIMEOUT_MS, 'an early retry, if any, over');
    assert.equal(hits.get('/fail/diagnostics-24.log'), 1, 'no retry before retryInterval');
    await t.clock.tick(1_000);
    await waitFor(() => hits.get('/fail/diagnostics-24.log') === 2, 'second attempt');
    await transferOver(t, UPLOAD_TIMEOUT_MS, 'second attempt over');
    await t.clock.tick(30_000);
    await waitFor(() => statuses('N01-D').includes('UploadFailure#24'), 'UploadFailure');
    assert.equal(hits.get('/fail/diagnostics-24.log'), 3);
    assert.deepEqual(statuses('N01-D'), ['Uploading#24', 'UploadFailure#24']);
  });

  it('N01.FR.10 – unreachable server: UploadFailure after the retries; 403: PermissionDenied', async () => {
    const t = await online('N01-E');
    await suite.csms.call('N01-E', 'GetLog', getLog(25, 'http://127.0.0.1:1/logs', { retries: 1, retryInterval: 1 }));
    await until(t, 'N01-E', 'UploadFailure#25');
    await suite.csms.call('N01-E', 'GetLog', getLog(26, `${base}/denied`, { retries: 0 }));
    await waitFor(() => statuses('N01-E').includes('PermissionDenied#26'), 'PermissionDenied');
    assert.deepEqual(statuses('N01-E'), ['Uploading#25', 'UploadFailure#25', 'Uploading#26', 'PermissionDenied#26']);
  });

  it('N01.FR.10/14 – a location that is not HTTP(S): Accepted, then NotSupportedOperation without upload', async () => {
    await online('N01-F');
    assert.equal((await suite.csms.call('N01-F', 'GetLog', getLog(27, 'ftp://127.0.0.1/logs'))).status, 'Accepted');
    await waitFor(() => statuses('N01-F').includes('NotSupportedOperation#27'), 'NotSupportedOperation');
    assert.deepEqual(statuses('N01-F'), ['NotSupportedOperation#27']);
  });

  it('N01.FR.12/20, F06.FR.14/15 – a GetLog during an upload: AcceptedCanceled; the trigger reports Uploading, then Idle', async () => {
    await online('N01-G');
    assert.equal((await suite.csms.call('N01-G', 'TriggerMessage', { requestedMessage: 'LogStatusNotification' })).status, 'Accepted');
    await waitFor(() => statuses('N01-G').includes('Idle'), 'Idle');
    await suite.csms.call('N01-G', 'GetLog', getLog(28, `${base}/slow`));
    await waitFor(() => received.has('/slow/diagnostics-28.log'), 'upload held by the server');
    await suite.csms.call('N01-G', 'TriggerMessage', { requestedMessage: 'LogStatusNotification' });
    await waitFor(() => statuses('N01-G').filter((s) => s === 'Uploading#28').length === 2, 'triggered Uploading');
    const second = await suite.csms.call('N01-G', 'GetLog', getLog(29, `${base}/ok/g`));
    assert.deepEqual(second, { status: 'AcceptedCanceled', filename: 'diagnostics-29.log' });
    await waitFor(() => statuses('N01-G').includes('Uploaded#29'), 'Uploaded');
    await suite.csms.call('N01-G', 'TriggerMessage', { requestedMessage: 'LogStatusNotification' });
    await waitFor(() => statuses('N01-G').at(-1) === 'Idle', 'Idle again');
    assert.deepEqual(statuses('N01-G'), [
      'Idle',
      'Uploading#28',
      'Uploading#28',
      'AcceptedCanceled#28',
      'Uploading#29',
      'Uploaded#29',
      'Idle',
    ]);
  });
});
