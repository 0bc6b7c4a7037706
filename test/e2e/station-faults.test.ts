// POST /api/faults on a real station against the built-in CSMS over a real WebSocket: each fault
// a CSMS must cope with happens as asked, and the station carries on afterwards.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { GetVariablesRequest } from '../../src/generated/ocpp201/index.js';
import { OcppError } from '../../src/rpc/errors.js';
import { withControlledStation } from '../support/control-station.js';
import { waitFor } from '../support/wait.js';

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ callTimeoutMs: 1500 });
});
after(() => csms.close());

const boots = (id: string) => (csms.store.requests(id) ?? []).filter((r) => r.action === 'BootNotification');
const getHeartbeat: GetVariablesRequest = {
  getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
};

describe('station faults on purpose (POST /api/faults)', () => {
  it('answer withhold: the CSMS gets no answer to the next GetVariables (its call times out), then answers again', () =>
    withControlledStation(csms.url, 'FLT-WITHHOLD', async ({ post }) => {
      await post('/api/faults', { type: 'answer', action: 'GetVariables', answer: 'withhold' });
      await assert.rejects(csms.call('FLT-WITHHOLD', 'GetVariables', getHeartbeat), /no answer within/);
      const answer = await csms.call('FLT-WITHHOLD', 'GetVariables', getHeartbeat);
      assert.equal(answer.getVariableResult[0]?.attributeStatus, 'Accepted');
    }));

  it('answer callError: the next Reset is answered with the CALLERROR code asked for, and not carried out', () =>
    withControlledStation(csms.url, 'FLT-ERROR', async ({ post }) => {
      await post('/api/faults', { type: 'answer', action: 'Reset', answer: 'callError', code: 'NotSupported' });
      await assert.rejects(
        csms.call('FLT-ERROR', 'Reset', { type: 'Immediate' }),
        (e: unknown) => e instanceof OcppError && e.code === 'NotSupported',
      );
      assert.equal(boots('FLT-ERROR').length, 1, 'no reboot');
    }));

  it('frame: a malformed frame reaches the CSMS, which answers it with RpcFrameworkError; the link stays up', () =>
    withControlledStation(csms.url, 'FLT-FRAME', async ({ post, t }) => {
      await post('/api/faults', { type: 'frame', text: '[2,"bad-1","Heartbeat"' });
      await waitFor(
        () => (csms.store.frames('FLT-FRAME') ?? []).some((f) => f.direction === 'out' && f.text.includes('RpcFrameworkError')),
        'the CSMS answering the malformed frame',
      );
      assert.equal(t.runtime.station.connectedToCsms, true);
    }));

  it('cut-link: the CSMS sees the station go without a close frame; it is back after the offline time, on the station clock', () =>
    withControlledStation(csms.url, 'FLT-CUT', async ({ post, t }) => {
      await post('/api/faults', { type: 'cut-link', offlineS: 120 });
      await waitFor(() => csms.store.get('FLT-CUT')?.connected === false, 'the CSMS seeing the link gone');
      t.clock.advance(119_000);
      assert.equal(t.runtime.station.connectedToCsms, false, 'still offline before 120 s');
      t.clock.advance(1_000);
      await waitFor(() => csms.store.get('FLT-CUT')?.connected === true, 'connected again');
    }));

  it('power-cycle: the station boots again with reason PowerUp', () =>
    withControlledStation(csms.url, 'FLT-POWER', async ({ post }) => {
      await post('/api/faults', { type: 'power-cycle' });
      await waitFor(() => boots('FLT-POWER').length === 2, 'a second BootNotification');
      assert.equal((boots('FLT-POWER')[1]!.request as { reason: string }).reason, 'PowerUp');
    }));

  it('frame while offline: 400 with a reason, nothing else changes', () =>
    withControlledStation(csms.url, 'FLT-OFFLINE', async ({ post, t }) => {
      await post('/api/faults', { type: 'cut-link', offlineS: 60 });
      await waitFor(() => !t.runtime.station.connectedToCsms, 'offline');
      await assert.rejects(post('/api/faults', { type: 'frame', text: '[2,"x","Heartbeat",{}]' }), /offline/);
    }));
});
