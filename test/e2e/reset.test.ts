// B11/B12 Reset against the built-in local CSMS over a real WebSocket, with the station software
// restarted in place by StationRuntime over a SQLite file, as a charger reboots its firmware.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { parsePath } from '../../src/device-model/path.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { BootNotificationRequest, StatusNotificationRequest } from '../../src/generated/ocpp201/index.js';
import type { StationEventMap } from '../../src/kernel/events.js';
import { makeTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
const running: TestRuntime[] = [];
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 300 });
});
after(async () => {
  await csms.close();
});
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
});

const sent = (id: string, action: string) => (csms.store.requests(id) ?? []).filter((r) => r.action === action);
const boots = (id: string) => sent(id, 'BootNotification').map((r) => (r.request as BootNotificationRequest).reason);

async function started(id: string, evses = 1): Promise<TestRuntime> {
  const t = makeTestRuntime({ id, evses, csmsUrl: csms.url });
  running.push(t);
  t.runtime.start();
  await waitFor(() => t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
  await waitFor(() => sent(id, 'StatusNotification').length === evses, 'status notifications');
  return t;
}

/** Every resetRequested event of the station as it is now. */
function resetEvents(t: TestRuntime): StationEventMap['resetRequested'][] {
  const events: StationEventMap['resetRequested'][] = [];
  t.runtime.station.ctx.events.on('resetRequested', (event) => events.push(event));
  return events;
}

describe('B11 Reset – without ongoing transaction', () => {
  it('B11.FR.01/03/04 – Immediate: Accepted, then the station reboots and boots with reason RemoteReset', async () => {
    const t = await started('B11-A');
    const first = t.runtime.station;
    const events = resetEvents(t);
    assert.deepEqual(await csms.call('B11-A', 'Reset', { type: 'Immediate' }), { status: 'Accepted' });
    await waitFor(() => boots('B11-A').length === 2, 'second boot');
    assert.deepEqual(boots('B11-A'), ['PowerUp', 'RemoteReset']);
    assert.notEqual(t.runtime.station, first, 'a new station software instance');
    assert.deepEqual(events, [{ type: 'Immediate' }]);
    // A04: ResetOrReboot is a critical security event, in the durable outbox across the reboot.
    const types = () => sent('B11-A', 'SecurityEventNotification').map((r) => (r.request as { type: string }).type);
    await waitFor(() => types().includes('ResetOrReboot'), 'security event');
  });

  it('B11.FR.01 – OnIdle without a transaction: Accepted and reboots at once', async () => {
    const t = await started('B11-B');
    assert.deepEqual(await csms.call('B11-B', 'Reset', { type: 'OnIdle' }), { status: 'Accepted' });
    await waitFor(() => boots('B11-B').length === 2, 'second boot');
    await t.runtime.settled();
    assert.deepEqual(boots('B11-B'), ['PowerUp', 'RemoteReset']);
  });

  it('B11.FR.02 – an EVSE set Inoperative and a value set by the CSMS survive the reboot', async () => {
    const _t = await started('B11-C', 2);
    assert.equal(
      (await csms.call('B11-C', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } })).status,
      'Accepted',
    );
    const offline = parsePath(DM.OCPPCommCtrlr.OfflineThreshold);
    const set = await csms.call('B11-C', 'SetVariables', { setVariableData: [{ ...offline, attributeValue: '77' }] });
    assert.equal(set.setVariableResult[0]?.attributeStatus, 'Accepted');
    await csms.call('B11-C', 'Reset', { type: 'Immediate' });
    await waitFor(() => boots('B11-C').length === 2, 'second boot');
    await waitFor(() => sent('B11-C', 'StatusNotification').length >= 5, 'statuses after the reboot');
    const after = sent('B11-C', 'StatusNotification')
      .slice(-2)
      .map((r) => r.request as StatusNotificationRequest);
    assert.deepEqual(
      after.map((s) => [s.evseId, s.connectorStatus]),
      [
        [1, 'Available'],
        [2, 'Unavailable'],
      ],
    );
    const { getVariableResult } = await csms.call('B11-C', 'GetVariables', { getVariableData: [offline] });
    assert.equal(getVariableResult[0]?.attributeValue, '77');
  });

  it('B11.FR.08 – EVSE reset of a known EVSE: Accepted, resetRequested for that EVSE, no reboot; unknown EVSE: Rejected', async () => {
    const t = await started('B11-D', 2);
    const events = resetEvents(t);
    assert.deepEqual(await csms.call('B11-D', 'Reset', { type: 'Immediate', evseId: 2 }), { status: 'Accepted' });
    assert.deepEqual(await csms.call('B11-D', 'Reset', { type: 'Immediate', evseId: 3 }), {
      status: 'Rejected',
      statusInfo: { reasonCode: 'UnknownEvse' },
    });
    await waitFor(() => events.length === 1, 'reset event');
    assert.deepEqual(events, [{ type: 'Immediate', evseId: 2 }]);
    await quiet({ station: t.runtime.station, clock: t.clock });
    assert.deepEqual(boots('B11-D'), ['PowerUp'], 'no reboot for an EVSE reset');
  });
});

describe('B12 Reset – with ongoing transaction', () => {
  it('B12.FR.01/03 – OnIdle while a transaction runs: Scheduled, and the reboot follows when it ends', async () => {
    const t = await started('B12-A');
    const { availability: connectors } = t.runtime.station.blocks;
    connectors.setTransaction(1, true);
    assert.deepEqual(await csms.call('B12-A', 'Reset', { type: 'OnIdle' }), { status: 'Scheduled' });
    await quiet({ station: t.runtime.station, clock: t.clock });
    assert.deepEqual(boots('B12-A'), ['PowerUp'], 'no reboot while the transaction runs');
    connectors.setTransaction(1, false);
    await waitFor(() => boots('B12-A').length === 2, 'reboot after the transaction');
    assert.deepEqual(boots('B12-A'), ['PowerUp', 'ScheduledReset'], 'TC_B_21: a reset that waited for the transaction is ScheduledReset');
  });

  it('B12.FR.02/04 – Immediate while a transaction runs: Accepted, resetRequested (to end it) before the reboot', async () => {
    const t = await started('B12-B');
    const first = t.runtime.station;
    first.blocks.availability.setTransaction(1, true);
    const order: string[] = [];
    first.ctx.events.on('resetRequested', () => order.push(first.ctx.online() ? 'resetRequested while running' : 'too late'));
    assert.deepEqual(await csms.call('B12-B', 'Reset', { type: 'Immediate' }), { status: 'Accepted' });
    await waitFor(() => boots('B12-B').length === 2, 'reboot');
    assert.deepEqual(order, ['resetRequested while running']);
  });

  it('B12.FR.07 – OnIdle for an EVSE with a transaction: Scheduled, resetRequested for it when the transaction ends', async () => {
    const t = await started('B12-C', 2);
    const { availability: connectors } = t.runtime.station.blocks;
    const events = resetEvents(t);
    connectors.setTransaction(2, true);
    assert.deepEqual(await csms.call('B12-C', 'Reset', { type: 'OnIdle', evseId: 1 }), { status: 'Accepted' }, 'EVSE 1 is idle');
    assert.deepEqual(await csms.call('B12-C', 'Reset', { type: 'OnIdle', evseId: 2 }), { status: 'Scheduled' });
    await waitFor(() => events.length === 1, 'EVSE 1 reset');
    connectors.setTransaction(2, false);
    await waitFor(() => events.length === 2, 'EVSE 2 reset');
    assert.deepEqual(events, [
      { type: 'OnIdle', evseId: 1 },
      { type: 'OnIdle', evseId: 2 },
    ]);
    assert.deepEqual(boots('B12-C'), ['PowerUp']);
  });
});
