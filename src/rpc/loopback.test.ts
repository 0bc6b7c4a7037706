// The in-memory link between two endpoints: frames cross both ways, an outage fails what is in
// flight and refuses new calls, and the idle barrier sees calls, handlers and after-hooks.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/fake-clock.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../generated/ocpp201/index.js';
import { silentLogger } from '../log/logger.js';
import { RpcEndpoint } from './endpoint.js';
import { LocalCallError } from './errors.js';
import { Loopback, LoopbackConnection } from './loopback.js';

const currentTime = '2026-01-01T12:00:00Z';

function pair() {
  const clock = new FakeClock();
  const options = { clock, log: silentLogger, callTimeoutMs: () => 30_000 };
  const station = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>(options);
  const csms = new RpcEndpoint<CsmsToStationAction, StationToCsmsAction>(options);
  return { clock, station, csms, link: new Loopback(station, csms) };
}

const offlineOrClosed = (e: unknown): boolean =>
  e instanceof LocalCallError && (e.code === 'OCPP_ERR_OFFLINE' || e.code === 'OCPP_ERR_CLOSED');

it('Loopback – a CALL crosses to the peer and its CALLRESULT comes back, then the link is idle', async () => {
  const { station, csms, link } = pair();
  csms.handle('Heartbeat', () => ({ currentTime }));
  const answer = station.call('Heartbeat', {});
  assert.equal(station.idle, false);
  assert.equal(link.idle, false);
  assert.deepEqual(await answer, { currentTime });
  assert.equal(link.idle, true);
});

it('Loopback – the idle barrier waits for the after-hook of an answered CALL', async () => {
  const { station, csms, link } = pair();
  let release!: () => void;
  const hookDone = new Promise<void>((resolve) => {
    release = resolve;
  });
  station.handle('ClearCache', () => ({ status: 'Accepted' }));
  station.after('ClearCache', () => hookDone);
  assert.deepEqual(await csms.call('ClearCache', {}), { status: 'Accepted' });
  assert.equal(station.idle, false, 'the after-hook is still running');
  assert.equal(link.idle, false);
  release();
  await hookDone;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(station.idle, true);
  assert.equal(link.idle, true);
});

it('Loopback – setOnline(false) fails the outstanding CALL and refuses new ones; setOnline(true) reconnects', async () => {
  const { station, csms, link } = pair();
  csms.handle('Heartbeat', () => ({ currentTime }));
  const lost = station.call('Heartbeat', {});
  link.setOnline(false);
  assert.equal(link.connected, false);
  assert.equal(station.connected, false);
  assert.equal(csms.connected, false);
  await assert.rejects(lost, offlineOrClosed);
  await assert.rejects(station.call('Heartbeat', {}), offlineOrClosed);
  assert.equal(link.inTransit, 0);
  assert.equal(link.idle, true);
  link.setOnline(true);
  assert.equal(station.connected, true);
  assert.deepEqual(await station.call('Heartbeat', {}), { currentTime });
});

it('Loopback – a CALL that gets no answer times out on the fake clock, not in real time', async () => {
  const { clock, station, csms, link } = pair();
  let reached!: () => void;
  const atPeer = new Promise<void>((resolve) => {
    reached = resolve;
  });
  csms.handle('Heartbeat', () => {
    reached();
    return new Promise(() => {});
  });
  const call = station.call('Heartbeat', {});
  await atPeer;
  assert.equal(link.inTransit, 0);
  assert.equal(csms.idle, false, 'its handler is still running');
  clock.advance(30_000);
  await assert.rejects(call, (e: unknown) => e instanceof LocalCallError && e.code === 'OCPP_ERR_CALL_TIMEOUT');
  assert.equal(station.idle, true);
});

function stationLink(online = true) {
  const clock = new FakeClock();
  const options = { clock, log: silentLogger, callTimeoutMs: () => 30_000 };
  const station = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>(options);
  const csms = new RpcEndpoint<CsmsToStationAction, StationToCsmsAction>(options);
  const closes: { code: number; reason: string }[] = [];
  let opens = 0;
  const connection = new LoopbackConnection(csms, { online }).bind({
    onOpen: (send) => {
      opens++;
      station.attach(send);
    },
    onMessage: (text) => station.receive(text),
    onClose: (info) => {
      closes.push(info);
      station.detach();
    },
  });
  return { station, csms, connection, closes, opens: () => opens };
}

it('LoopbackConnection – the station link opens on start, carries CALLs both ways, and is idle once answered', async () => {
  const { station, csms, connection, opens } = stationLink();
  csms.handle('Heartbeat', () => ({ currentTime }));
  station.handle('ClearCache', () => ({ status: 'Accepted' }));
  assert.equal(connection.state, 'idle');
  connection.start();
  assert.equal(connection.connected, true);
  assert.equal(opens(), 1);
  assert.deepEqual(await station.call('Heartbeat', {}), { currentTime });
  assert.deepEqual(await csms.call('ClearCache', {}), { status: 'Accepted' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(connection.idle && station.idle, true);
});

it('LoopbackConnection – an outage closes the link with 1006 and fails what was in flight; back online it opens again', async () => {
  const { station, csms, connection, closes, opens } = stationLink();
  csms.handle('Heartbeat', () => ({ currentTime }));
  connection.start();
  const lost = station.call('Heartbeat', {});
  connection.setOnline(false);
  assert.deepEqual(closes, [{ code: 1006, reason: 'loopback offline' }]);
  assert.equal(connection.connected, false);
  assert.equal(connection.inTransit, 0, 'the frame in transit is lost');
  await assert.rejects(lost, offlineOrClosed);
  await assert.rejects(csms.call('ClearCache', {}), offlineOrClosed);
  connection.setOnline(true);
  assert.equal(opens(), 2);
  assert.deepEqual(await station.call('Heartbeat', {}), { currentTime });
});

it('LoopbackConnection – started while offline it opens when the link comes up; stop() closes with 1000 for good', async () => {
  const { station, csms, connection, closes, opens } = stationLink(false);
  csms.handle('Heartbeat', () => ({ currentTime }));
  connection.start();
  assert.equal(opens(), 0);
  await assert.rejects(station.call('Heartbeat', {}), offlineOrClosed);
  connection.setOnline(true);
  assert.equal(opens(), 1);
  connection.reconnect();
  assert.deepEqual(closes, [{ code: 1000, reason: 'reconnecting' }]);
  assert.equal(opens(), 2);
  await connection.stop();
  assert.equal(connection.state, 'stopped');
  assert.deepEqual(closes.at(-1), { code: 1000, reason: 'stopping' });
  connection.setOnline(false);
  connection.setOnline(true);
  assert.equal(opens(), 2, 'no reopening after stop()');
});
