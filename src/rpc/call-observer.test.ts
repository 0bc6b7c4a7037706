// The load-test hook of the endpoint: each of our CALLs that settles is reported once, timed from
// the moment it is written (not queued), with its outcome; calls that say nothing of the peer's
// speed (never written, cut by a closed connection) are not reported.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock/fake-clock.js';
import { silentLogger } from '../log/logger.js';
import type { SettledCall } from './call-observer.js';
import { RpcEndpoint } from './endpoint.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../generated/ocpp201/index.js';

const TIMEOUT_MS = 30_000;
const NOW = '2026-01-01T12:00:00Z';

function observedEndpoint(observerNow?: () => number) {
  const clock = new FakeClock();
  const settled: SettledCall[] = [];
  const written: string[] = [];
  let nextId = 0;
  const endpoint = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>({
    clock,
    log: silentLogger,
    callTimeoutMs: () => TIMEOUT_MS,
    newMessageId: () => `m${++nextId}`,
    observeCalls: { settled: (call) => settled.push(call), ...(observerNow ? { now: observerNow } : {}) },
  });
  endpoint.attach((text) => written.push(text));
  return { clock, endpoint, settled, written };
}

const heartbeatAnswer = (id: string): string => `[3,"${id}",{"currentTime":"${NOW}"}]`;

describe('fleet report: the endpoint reports how each of its CALLs settles', () => {
  it('a CALLRESULT is ok, timed from writing the CALL, not from queueing it', async () => {
    const { clock, endpoint, settled } = observedEndpoint();
    const first = endpoint.call('Heartbeat', {});
    const second = endpoint.call('Heartbeat', {});
    clock.advance(40);
    endpoint.receive(heartbeatAnswer('m1'));
    await first;
    // m2 is written only now, after 40 ms in the queue.
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(7);
    endpoint.receive(heartbeatAnswer('m2'));
    await second;
    assert.deepEqual(settled, [
      { action: 'Heartbeat', ms: 40, outcome: 'ok' },
      { action: 'Heartbeat', ms: 7, outcome: 'ok' },
    ]);
  });

  it('a CALLERROR is reported with its code, a schema-invalid CALLRESULT as invalid', async () => {
    const { clock, endpoint, settled } = observedEndpoint();
    const refused = endpoint.call('Heartbeat', {});
    clock.advance(3);
    endpoint.receive('[4,"m1","InternalError","busy",{}]');
    await assert.rejects(refused);
    await new Promise((resolve) => setImmediate(resolve));
    const broken = endpoint.call('Heartbeat', {});
    clock.advance(2);
    endpoint.receive('[3,"m2",{"currentTime":42}]');
    await assert.rejects(broken);
    assert.deepEqual(settled, [
      { action: 'Heartbeat', ms: 3, outcome: 'InternalError' },
      { action: 'Heartbeat', ms: 2, outcome: 'invalid' },
    ]);
  });

  it('a call without an answer within MessageTimeout is reported as a timeout', async () => {
    const { clock, endpoint, settled } = observedEndpoint();
    const silent = endpoint.call('StatusNotification', {
      timestamp: NOW,
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    clock.advance(TIMEOUT_MS);
    await assert.rejects(silent);
    assert.deepEqual(settled, [{ action: 'StatusNotification', ms: TIMEOUT_MS, outcome: 'timeout' }]);
  });

  it('calls cut by a closed connection, or never written, are not reported', async () => {
    const { endpoint, settled } = observedEndpoint();
    const outstanding = endpoint.call('Heartbeat', {});
    const waiting = endpoint.call('Heartbeat', {});
    endpoint.detach();
    await assert.rejects(outstanding);
    await assert.rejects(waiting);
    await assert.rejects(endpoint.call('Heartbeat', {}));
    assert.deepEqual(settled, []);
  });

  it("times with the observer's own clock when it has one (sub-millisecond)", async () => {
    let t = 1000.25;
    const { endpoint, settled } = observedEndpoint(() => t);
    const call = endpoint.call('Heartbeat', {});
    t += 0.5;
    endpoint.receive(heartbeatAnswer('m1'));
    await call;
    assert.deepEqual(settled, [{ action: 'Heartbeat', ms: 0.5, outcome: 'ok' }]);
  });

  it('an observer that throws does not change the outcome of the call', async () => {
    const clock = new FakeClock();
    const endpoint = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>({
      clock,
      log: silentLogger,
      callTimeoutMs: () => TIMEOUT_MS,
      newMessageId: () => 'm1',
      observeCalls: {
        settled: () => {
          throw new Error('observer bug');
        },
      },
    });
    endpoint.attach(() => undefined);
    const call = endpoint.call('Heartbeat', {});
    endpoint.receive(heartbeatAnswer('m1'));
    assert.deepEqual(await call, { currentTime: NOW });
  });
});
