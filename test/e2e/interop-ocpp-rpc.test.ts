// The station against an independent CSMS built on another library (ocpp-rpc in strict mode,
// which validates every frame against its own copy of the OCPP 2.0.1 schemas): boot, status,
// heartbeat and CSMS-initiated calls with zero schema or framing complaints.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import { createRPCError } from 'ocpp-rpc';
import { useStrictCsms } from '../support/strict-csms.js';
import { makeTestRuntime } from '../support/test-runtime.js';
import { makeTestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

/** BootNotification answers per station, in order; then Accepted. */
const bootAnswers = new Map<string, ('Pending' | 'Rejected')[]>();
/** Stations whose next StatusNotification the peer rejects with RpcFrameworkError, as a busy CSMS does. */
const rejectNextStatus = new Set<string>();

const peer = useStrictCsms((identity, { method }) => {
  switch (method) {
    case 'BootNotification': {
      const status = bootAnswers.get(identity)?.shift() ?? 'Accepted';
      return { status, interval: status === 'Accepted' ? 120 : 10, currentTime: new Date().toISOString() };
    }
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'StatusNotification':
      if (rejectNextStatus.delete(identity)) throw createRPCError('RpcFrameworkError', 'a call of the CSMS is still open');
      return {};
    default:
      return {};
  }
});
const { seen, clients } = peer;

describe('Interoperability with an independent strict CSMS (ocpp-rpc)', () => {
  it('B01 – boots, reports both connectors and heartbeats with zero schema or framing complaints', async () => {
    const t = makeTestStation({ id: 'INTEROP1', evses: 2, csmsUrl: peer.url });
    t.station.start();
    try {
      await waitFor(() => seen.get('INTEROP1')?.length === 4, 'boot, two status notifications and the start security event');
      assert.deepEqual(
        seen
          .get('INTEROP1')!
          .map((s) => s.method)
          .sort(),
        ['BootNotification', 'SecurityEventNotification', 'StatusNotification', 'StatusNotification'],
      );
      assert.equal(seen.get('INTEROP1')![0]?.method, 'BootNotification', 'B01.FR.01: the boot first');
      assert.equal(t.station.ctx.dm.getInt(DM.OCPPCommCtrlr.HeartbeatInterval), 120);
      t.clock.advance(120_000);
      await waitFor(() => seen.get('INTEROP1')!.some((s) => s.method === 'Heartbeat'), 'heartbeat');
      assert.deepEqual(peer.allComplaints(), []);
    } finally {
      await t.stop();
    }
  });

  it('G03/E13.FR.02 – a StatusNotification the CSMS rejected with RpcFrameworkError is sent again, after MessageAttemptInterval', async () => {
    const id = 'INTEROP-RESEND';
    const t = makeTestStation({ id, csmsUrl: peer.url, overrides: { [DM.OCPPCommCtrlr.MessageAttemptInterval.TransactionEvent]: '10' } });
    t.station.start();
    try {
      await waitFor(() => clients.get(id) && t.snapshot().registration === 'Accepted', 'accepted');
      await quiet(t);
      const unavailable = () =>
        seen.get(id)!.filter((s) => s.method === 'StatusNotification' && JSON.stringify(s.params).includes('Unavailable'));
      rejectNextStatus.add(id);
      assert.deepEqual(await clients.get(id)!.call('ChangeAvailability', { operationalStatus: 'Inoperative' }), { status: 'Accepted' });
      await waitFor(() => unavailable().length === 1, 'the first StatusNotification, rejected');
      await quiet(t);
      assert.equal(unavailable().length, 1, 'not sent again before MessageAttemptInterval');
      t.clock.advance(10_000);
      await waitFor(() => unavailable().length === 2, 'the same StatusNotification sent again');
      assert.deepEqual(unavailable()[1]!.params, unavailable()[0]!.params);
      assert.deepEqual(peer.allComplaints(), []);
    } finally {
      rejectNextStatus.delete(id);
      await t.stop();
    }
  });

  it('Part 4 §4.3 – a CSMS call the station does not support yet is answered with a CALLERROR the peer accepts', async () => {
    const t = makeTestStation({ id: 'INTEROP2', csmsUrl: peer.url });
    t.station.start();
    try {
      await waitFor(() => clients.get('INTEROP2') && t.snapshot().registration === 'Accepted', 'accepted');
      await assert.rejects(
        clients.get('INTEROP2')!.call('UnpublishFirmware', { checksum: 'd41d8cd98f00b204e9800998ecf8427e' }),
        (error: Error & { rpcErrorCode?: string }) => {
          assert.match(String(error.rpcErrorCode ?? error.name), /NotSupported|NotImplemented/);
          return true;
        },
      );
      assert.deepEqual(peer.allComplaints(), []);
    } finally {
      await t.stop();
    }
  });

  it('B06/B05/B07/F06 – the strict peer validates every answer to its calls without a complaint', async () => {
    const t = makeTestStation({ id: 'INTEROP3', evses: 2, csmsUrl: peer.url });
    t.station.start();
    try {
      await waitFor(() => clients.get('INTEROP3') && t.snapshot().registration === 'Accepted', 'accepted');
      const client = clients.get('INTEROP3')!;
      const got = (await client.call('GetVariables', {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      })) as { getVariableResult: { attributeStatus: string; attributeValue?: string }[] };
      assert.deepEqual(
        got.getVariableResult.map((r) => [r.attributeStatus, r.attributeValue]),
        [['Accepted', '120']],
      );
      const set = (await client.call('SetVariables', {
        setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '90' }],
      })) as { setVariableResult: { attributeStatus: string }[] };
      assert.equal(set.setVariableResult[0]?.attributeStatus, 'Accepted');
      assert.deepEqual(await client.call('GetBaseReport', { requestId: 7, reportBase: 'FullInventory' }), { status: 'Accepted' });
      await waitFor(
        () => seen.get('INTEROP3')!.some((s) => s.method === 'NotifyReport' && !(s.params as { tbc?: boolean }).tbc),
        'last report part',
      );
      assert.deepEqual(await client.call('TriggerMessage', { requestedMessage: 'Heartbeat' }), { status: 'Accepted' });
      await waitFor(() => seen.get('INTEROP3')!.some((s) => s.method === 'Heartbeat'), 'triggered heartbeat');
      assert.deepEqual(await client.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } }), {
        status: 'Accepted',
      });
      assert.deepEqual(peer.allComplaints(), []);
    } finally {
      await t.stop();
    }
  });

  it('B02/B03 – Pending then Accepted, and Rejected then Accepted, boot at the intervals the strict peer gives', async () => {
    for (const first of ['Pending', 'Rejected'] as const) {
      const id = `INTEROP-${first}`;
      bootAnswers.set(id, [first]);
      const t = makeTestStation({ id, csmsUrl: peer.url });
      t.station.start();
      try {
        await waitFor(() => t.snapshot().registration === first, first);
        t.clock.advance(10_000);
        await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted after the interval');
        // Accepted is known before the StatusNotification that follows it reaches the peer.
        await waitFor(() => seen.get(id)!.some((s) => s.method === 'StatusNotification'), 'StatusNotification after Accepted');
        await quiet(t);
        assert.deepEqual(
          seen
            .get(id)!
            .map((s) => s.method)
            .filter((m) => m !== 'SecurityEventNotification'),
          ['BootNotification', 'BootNotification', 'StatusNotification'],
        );
        // A04.FR.01: the start of the device, held back while not Accepted (B02.FR.02), follows.
        assert.equal(seen.get(id)!.filter((s) => s.method === 'SecurityEventNotification').length, 1);
        assert.equal(seen.get(id)!.findIndex((s) => s.method === 'SecurityEventNotification') > 1, true);
      } finally {
        await t.stop();
      }
    }
    assert.deepEqual(peer.allComplaints(), []);
  });

  it('B11 – Reset Immediate from the strict peer restarts the station, which boots again with reason RemoteReset', async () => {
    const t = makeTestRuntime({ id: 'INTEROP-RESET', csmsUrl: peer.url });
    t.runtime.start();
    try {
      await waitFor(() => clients.get('INTEROP-RESET') && t.runtime.station.ctx.registration() === 'Accepted', 'accepted');
      assert.deepEqual(await clients.get('INTEROP-RESET')!.call('Reset', { type: 'Immediate' }), { status: 'Accepted' });
      await waitFor(() => seen.get('INTEROP-RESET')!.filter((s) => s.method === 'BootNotification').length === 2, 'second boot');
      const boots = seen.get('INTEROP-RESET')!.filter((s) => s.method === 'BootNotification');
      assert.equal((boots[1]!.params as { reason: string }).reason, 'RemoteReset');
      assert.deepEqual(peer.allComplaints(), []);
    } finally {
      await t.stop();
    }
  });
});
