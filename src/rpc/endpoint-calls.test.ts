// The station's own calls over a REAL WebSocket: typed call() with its results, CALLERRORs and
// timeouts, and after-hooks that run once the answer to the CSMS is written (bench:
// endpoint.test-harness.ts).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/fake-clock.js';
import { silentLogger } from '../log/logger.js';
import { RpcEndpoint } from './endpoint.js';
import { LocalCallError, OcppError } from './errors.js';
import { assertCallError, getVariables, harness, now, type Station, TIMEOUT_MS } from './endpoint.test-harness.js';

describe('typed call() from the station', () => {
  it('Part 4 §4.2.2: call() resolves with the CSMS response', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    const call = await peer.next();
    assert.deepEqual(call, [2, 'st-1', 'Heartbeat', {}]);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    assert.deepEqual(await result, { currentTime: now });
  });

  it('Part 4 §4.2.3: call() rejects with OcppError on a CALLERROR', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    peer.send('[4,"st-1","SecurityError","boot not accepted",{"hint":1}]');
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof OcppError);
      assert.equal(error.code, 'SecurityError');
      assert.equal(error.description, 'boot not accepted');
      assert.deepEqual(error.details, { hint: 1 });
      return true;
    });
  });

  it('Part 4 §4.3: a peer CALLERROR spelled OccurenceConstraintViolation rejects as OccurrenceConstraintViolation', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    peer.send('[4,"st-1","OccurenceConstraintViolation","",{}]');
    await assert.rejects(result, (error: unknown) => error instanceof OcppError && error.code === 'OccurrenceConstraintViolation');
  });

  it('Part 4 §4.1.7: a schema-invalid CALLRESULT rejects with LocalCallError OCPP_ERR_INVALID_RESPONSE', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
    await peer.next();
    peer.send(`[3,"st-1",{"currentTime":"${now}","interval":"300","status":"Accepted"}]`);
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof LocalCallError);
      assert.equal(error.code, 'OCPP_ERR_INVALID_RESPONSE');
      assert.equal(error.violation?.code, 'TypeConstraintViolation');
      return true;
    });
  });

  it('Part 4 §4.1.1: call() rejects with OCPP_ERR_CALL_TIMEOUT after MessageTimeout of silence (FakeClock)', async (t) => {
    const { peer, station, clock } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    clock.advance(TIMEOUT_MS - 1);
    let settled = false;
    void result.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    clock.advance(1);
    await assert.rejects(result, (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_CALL_TIMEOUT');
    // The late answer is ignored, and the next call works.
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    const next = station.call('Heartbeat', {});
    assert.deepEqual(await peer.next(), [2, 'st-2', 'Heartbeat', {}]);
    peer.send(`[3,"st-2",{"currentTime":"${now}"}]`);
    assert.deepEqual(await next, { currentTime: now });
  });

  it('call() rejects with OCPP_ERR_CLOSED when the connection drops, for the outstanding and the waiting call', async (t) => {
    const { peer, station, serverClosed } = await harness(t);
    const first = station.call('Heartbeat', {});
    const second = station.call('Heartbeat', {});
    await peer.next();
    peer.socket.close();
    await serverClosed;
    await assert.rejects(first, (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_CLOSED');
    await assert.rejects(second, (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_CLOSED');
    await assert.rejects(
      station.call('Heartbeat', {}),
      (error: unknown) => error instanceof LocalCallError && error.code === 'OCPP_ERR_OFFLINE',
    );
  });

  it('Part 4 §4.1.1: a second call() is written only after the first was answered', async (t) => {
    const { peer, station, written } = await harness(t);
    const first = station.call('Heartbeat', {});
    const second = station.call('Heartbeat', {});
    assert.deepEqual(await peer.next(), [2, 'st-1', 'Heartbeat', {}]);
    assert.equal(written.length, 1);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    await first;
    assert.deepEqual(await peer.next(), [2, 'st-2', 'Heartbeat', {}]);
    peer.send(`[3,"st-2",{"currentTime":"${now}"}]`);
    await second;
  });

  it('Part 4 §4.1.1: an incoming CALL crossing an outstanding call is still answered', async (t) => {
    const { peer, station } = await harness(t);
    const result = station.call('Heartbeat', {});
    await peer.next();
    const answer = await peer.request(`[2,"cross","GetVariables",${getVariables}]`);
    assert.deepEqual(answer.slice(0, 2), [3, 'cross']);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    assert.deepEqual(await result, { currentTime: now });
  });

  it('Part 4 §4.1.7: an invalid outgoing request is rejected locally and nothing is written', async (t) => {
    const { peer, station, written } = await harness(t);
    const invalid = { reason: 'Unplugged', chargingStation: { model: 'M', vendorName: 'V' } } as never;
    await assert.rejects(
      station.call('BootNotification', invalid),
      (e: unknown) => e instanceof OcppError && e.code === 'PropertyConstraintViolation',
    );
    const missing = { timestamp: now } as never;
    await assert.rejects(
      station.call('StatusNotification', missing),
      (e: unknown) => e instanceof OcppError && e.code === 'OccurrenceConstraintViolation',
    );
    assert.deepEqual(written, []);
    // The first frame the CSMS sees is the next valid call: nothing went out before it.
    const ok = station.call('Heartbeat', {});
    assert.deepEqual(await peer.next(), [2, 'st-1', 'Heartbeat', {}]);
    peer.send(`[3,"st-1",{"currentTime":"${now}"}]`);
    await ok;
  });
});

describe('after-hooks: answer first, then act', () => {
  it('after-hooks run only after the CALLRESULT was written', async (t) => {
    const { peer, hooks } = await harness(t);
    const answer = await peer.request('[2,"h1","TriggerMessage",{"requestedMessage":"Heartbeat"}]');
    assert.deepEqual(answer, [3, 'h1', { status: 'Accepted' }]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0]?.writtenBefore.at(-1), '[3,"h1",{"status":"Accepted"}]');
  });

  it('after-hooks do not run when the CALL was answered with a CALLERROR', async (t) => {
    const { peer, hooks } = await harness(t);
    assertCallError(await peer.request('[2,"h2","TriggerMessage",{"requestedMessage":"Coffee"}]'), 'h2', 'PropertyConstraintViolation');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(hooks, []);
  });

  it('a failing after-hook does not affect the answer or the link', async (t) => {
    const { peer } = await harness(t);
    assert.deepEqual(await peer.request('[2,"h3","ChangeAvailability",{"operationalStatus":"Inoperative"}]'), [
      3,
      'h3',
      { status: 'Accepted' },
    ]);
    assert.deepEqual((await peer.request(`[2,"h4","GetVariables",${getVariables}]`)).slice(0, 2), [3, 'h4']);
  });

  it('a handler still running when the connection drops does not crash the process', async (t) => {
    const { peer, serverClosed, started, release, hooks, written } = await harness(t);
    const failures: unknown[] = [];
    const record = (error: unknown) => failures.push(error);
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    try {
      peer.send('[2,"late","TriggerMessage",{"requestedMessage":"MeterValues"}]');
      await started;
      peer.socket.terminate();
      await serverClosed;
      release();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(failures, []);
      assert.deepEqual(written, [], 'the answer is dropped');
      assert.deepEqual(hooks, [], 'after-hooks of an unsent answer do not run');
    } finally {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    }
  });
});

it('receive() never throws, even when detached', () => {
  const station: Station = new RpcEndpoint({ clock: new FakeClock(), log: silentLogger, callTimeoutMs: () => TIMEOUT_MS });
  for (const text of ['not json', '[5,"x"]', '[3,"x",{}]', '[2,"x","Reset",{"type":"OnIdle"}]'])
    assert.doesNotThrow(() => station.receive(text));
});

describe('frames that arrive together', () => {
  it('B03.FR.08 – a CALL right behind the BootNotification answer that rejected the boot is judged after that answer: SecurityError', async () => {
    const written: string[] = [];
    let rejected = false;
    const station: Station = new RpcEndpoint({
      clock: new FakeClock(),
      log: silentLogger,
      callTimeoutMs: () => TIMEOUT_MS,
      newMessageId: () => 'boot-1',
      gate: () => (rejected ? new OcppError('SecurityError', 'Boot was rejected') : undefined),
    });
    station.handle('GetBaseReport', () => ({ status: 'Accepted' }));
    const answer = new Promise<string>((resolve) =>
      station.attach((text) => {
        written.push(text);
        if (written.length === 2) resolve(text);
      }),
    );
    const boot = station.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
    void boot.then((r) => (rejected = r.status === 'Rejected'));
    // One socket read: the answer to the boot and the next CALL are fed in the same turn.
    station.receive(`[3,"boot-1",{"status":"Rejected","interval":300,"currentTime":"${now}"}]`);
    station.receive('[2,"csms-1","GetBaseReport",{"requestId":30,"reportBase":"FullInventory"}]');
    const text = await answer;
    assert.equal(JSON.parse(text)[2], 'SecurityError', text);
  });
});

describe('misbehave(): answering a CSMS wrongly on purpose', () => {
  it('withhold: the next GetVariables gets no answer at all, the one after it is answered', async (t) => {
    const { peer, station } = await harness(t);
    station.misbehave({ action: 'GetVariables', answer: 'withhold' });
    await peer.assertNoAnswer(`[2,"w1","GetVariables",${getVariables}]`);
    assert.deepEqual((await peer.request(`[2,"w2","GetVariables",${getVariables}]`)).slice(0, 2), [3, 'w2']);
  });

  it('callError: the next two CALLs of any action get the CALLERROR asked for, then normal answers', async (t) => {
    const { peer, station } = await harness(t);
    station.misbehave({ action: '*', answer: 'callError', code: 'InternalError', times: 2 });
    assertCallError(await peer.request(`[2,"e1","GetVariables",${getVariables}]`), 'e1', 'InternalError');
    assertCallError(await peer.request('[2,"e2","SetChargingProfile",{}]'), 'e2', 'InternalError');
    assert.deepEqual((await peer.request(`[2,"e3","GetVariables",${getVariables}]`)).slice(0, 2), [3, 'e3']);
  });

  it('delay: the answer leaves only once the delay has passed on the station clock', async (t) => {
    const { peer, station, clock, written } = await harness(t);
    station.misbehave({ action: 'GetVariables', answer: 'delay', delayMs: 20_000 });
    peer.send(`[2,"d1","GetVariables",${getVariables}]`);
    await waitForTimer(clock);
    assert.equal(written.length, 0, 'nothing answered before the delay');
    clock.advance(20_000);
    assert.deepEqual((await peer.next()).slice(0, 2), [3, 'd1']);
  });

  it('sendRaw: a text that is not a frame reaches the CSMS as it is', async (t) => {
    const { station, written } = await harness(t);
    station.sendRaw('[2,"x1","Heartbeat"');
    assert.deepEqual(written, ['[2,"x1","Heartbeat"']);
  });
});

/** Resolves once the clock has a timer pending (the endpoint reached its delay). */
async function waitForTimer(clock: FakeClock): Promise<void> {
  for (let turns = 0; clock.pending === 0; turns++) {
    if (turns > 10_000) throw new Error('the endpoint never started its delay');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
