import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { download } from './download.js';

const image = Buffer.alloc(10_000, 7);
let server: Server;
let base: string;

before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/image') return void response.end(image);
    if (request.url === '/chunked') {
      response.write(image.subarray(0, 5_000));
      return void response.end(image.subarray(5_000));
    }
    if (request.url === '/drop') {
      response.writeHead(200, { 'content-length': String(image.length) });
      return void response.write(image.subarray(0, 10), () => response.socket?.destroy());
    }
    if (request.url === '/hang') return void response.writeHead(200, { 'content-length': '10' });
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('L01 firmware download over HTTP', () => {
  it('L01 step 3 – the whole image, with Content-Length or chunked', async () => {
    const clock = new FakeClock();
    assert.deepEqual(await download(`${base}/image`, { clock }), new Uint8Array(image));
    assert.deepEqual(await download(`${base}/chunked`, { clock }), new Uint8Array(image));
    assert.equal(clock.pending, 0, 'the time bound is cleared');
  });

  it('L01.FR.30 – 404, a dropped connection, an unsupported protocol or a bad URL fail', async () => {
    const clock = new FakeClock();
    await assert.rejects(download(`${base}/missing`, { clock }), /HTTP 404/);
    await assert.rejects(download(`${base}/drop`, { clock }), /dropped|aborted|socket hang up|received/);
    await assert.rejects(download('ftp://127.0.0.1/image', { clock }), /unsupported protocol/);
    await assert.rejects(download('not a url', { clock }), /not a URL/);
  });

  it('an image larger than maxBytes fails, by Content-Length or by the bytes received', async () => {
    const clock = new FakeClock();
    await assert.rejects(download(`${base}/image`, { clock, maxBytes: 1_000 }), /exceeds/);
    await assert.rejects(download(`${base}/chunked`, { clock, maxBytes: 6_000 }), /exceeds/);
  });

  it('a transfer that does not finish within timeoutMs (station clock) fails', async () => {
    const clock = new FakeClock();
    const pending = download(`${base}/hang`, { clock, timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(60_000);
    await assert.rejects(pending, /timed out/);
  });
});
