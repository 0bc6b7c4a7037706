import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../../test/support/wait.js';
import { systemClock } from '../clock/clock.js';
import { startLocalCsms } from '../csms/local-csms.js';
import { defaultDescription } from '../description/station-description.js';
import { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';
import { silentLogger } from '../log/logger.js';
import { StationRuntime } from '../station/runtime.js';
import { Fleet } from './fleet.js';

/** A WebSocket server that accepts compression and keeps each upgrade request's extension offer by station id. */
let server: WebSocketServer;
let url: string;
const offers = new Map<string, string | undefined>();
before(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: true, handleProtocols: () => 'ocpp2.0.1' });
  server.on('connection', (_ws, request: IncomingMessage) => {
    offers.set(decodeURIComponent(request.url?.split('/').pop() ?? ''), request.headers['sec-websocket-extensions']);
  });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp`;
});
after(() => new Promise((resolve) => server.close(resolve)));

async function offerOf(id: string): Promise<string | undefined> {
  await waitFor(() => offers.has(id), `the connection of ${id}`);
  return offers.get(id);
}

describe('Part 4 §3.3 WebSocket compression (RFC 7692)', () => {
  it('a station offers permessage-deflate', async () => {
    const description = defaultDescription(1);
    const runtime = new StationRuntime({
      id: 'ZIP-ONE',
      description,
      hal: new SimulatedHardware(description, { clock: systemClock }),
      clock: systemClock,
      log: silentLogger,
      dbFile: ':memory:',
      link: { csmsUrl: url },
    });
    try {
      runtime.start();
      assert.match((await offerOf('ZIP-ONE')) ?? '', /^permessage-deflate/);
    } finally {
      await runtime.stop();
    }
  });

  it('fleet stations do not offer it (zlib state per station), unless the fleet is asked to', async () => {
    const plain = new Fleet({ count: 2, csmsUrl: url, idPrefix: 'ZIP-OFF-', rampPerS: 1000, clock: systemClock, log: silentLogger });
    const zipped = new Fleet({
      count: 2,
      csmsUrl: url,
      idPrefix: 'ZIP-ON-',
      rampPerS: 1000,
      clock: systemClock,
      log: silentLogger,
      compression: true,
    });
    try {
      await Promise.all([plain.start(), zipped.start()]);
      assert.equal(await offerOf('ZIP-OFF-00001'), undefined);
      assert.equal(await offerOf('ZIP-OFF-00002'), undefined);
      assert.match((await offerOf('ZIP-ON-00001')) ?? '', /^permessage-deflate/);
      assert.match((await offerOf('ZIP-ON-00002')) ?? '', /^permessage-deflate/);
    } finally {
      await Promise.all([plain.stop(), zipped.stop()]);
    }
  });

  it('the built-in CSMS with compression accepts it, as a CSMS shall (errata 2025-09), and answers over the compressed link', async () => {
    const csms = await startLocalCsms({ compression: true });
    const ws = new WebSocket(`${csms.url}/ZIP-CSMS`, ['ocpp2.0.1']);
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      assert.match(ws.extensions, /^permessage-deflate/);
      const answer = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
      ws.send(JSON.stringify([2, 'z1', 'Heartbeat', {}]));
      const [type, id, payload] = JSON.parse(await answer) as [number, string, { currentTime: string }];
      assert.deepEqual([type, id], [3, 'z1']);
      assert.ok(Number.isFinite(Date.parse(payload.currentTime)));
    } finally {
      ws.close();
      await csms.close();
    }
  });
});
