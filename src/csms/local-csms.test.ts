import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawStation } from '../../test/support/raw-station.js';
import { minimalRequests } from '../../test/support/station-requests.js';
import { LocalCallError } from '../rpc/errors.js';
import { startLocalCsms } from './local-csms.js';

describe('B02 Cold boot: Pending, then Accepted', () => {
  it('answers Pending, refuses other requests with SecurityError until Accepted', async () => {
    const csms = await startLocalCsms({ bootStatus: 'Pending', bootRetryIntervalS: 5, heartbeatIntervalS: 60 });
    const station = await RawStation.connect(`${csms.url}/CS1`);
    station.answerCalls(() => ({ status: 'Accepted' }));

    const pending = await station.call('BootNotification', minimalRequests.BootNotification);
    assert.equal((pending[2] as { status: string }).status, 'Pending');
    assert.equal((pending[2] as { interval: number }).interval, 5);
    // B02.FR.09
    const refused = await station.call('StatusNotification', minimalRequests.StatusNotification);
    assert.deepEqual(refused.slice(0, 3), [4, refused[1], 'SecurityError']);
    // B02.FR.02: what the CSMS asked for with TriggerMessage or GetBaseReport is admitted.
    await csms.call('CS1', 'TriggerMessage', { requestedMessage: 'StatusNotification' });
    assert.equal((await station.call('StatusNotification', minimalRequests.StatusNotification))[0], 3);
    await csms.call('CS1', 'GetBaseReport', { requestId: 1, reportBase: 'FullInventory' });
    assert.equal((await station.call('NotifyReport', minimalRequests.NotifyReport))[0], 3);
    assert.equal((await station.call('Heartbeat', {}))[2], 'SecurityError');

    csms.setBootStatus('Accepted');
    const accepted = await station.call('BootNotification', minimalRequests.BootNotification);
    assert.equal((accepted[2] as { status: string }).status, 'Accepted');
    assert.equal((accepted[2] as { interval: number }).interval, 60);
    assert.equal((await station.call('Heartbeat', {}))[0], 3);
    assert.equal(csms.store.get('CS1')?.registration, 'Accepted');
    await station.close();
    await csms.close();
  });
});

describe('B03 Cold boot: Rejected, then Accepted', () => {
  it('refuses everything but BootNotification while Rejected', async () => {
    const csms = await startLocalCsms({ bootStatus: 'Rejected' });
    const station = await RawStation.connect(`${csms.url}/CS1`);
    const rejected = await station.call('BootNotification', minimalRequests.BootNotification);
    assert.equal((rejected[2] as { status: string }).status, 'Rejected');
    // B03.FR.07
    assert.equal((await station.call('Heartbeat', {}))[2], 'SecurityError');
    csms.setBootStatus('Accepted');
    const accepted = await station.call('BootNotification', minimalRequests.BootNotification);
    assert.equal((accepted[2] as { status: string }).status, 'Accepted');
    assert.equal((await station.call('Heartbeat', {}))[0], 3);
    await station.close();
    await csms.close();
  });

  it('admits a station that reconnects without a new BootNotification', async () => {
    const csms = await startLocalCsms();
    const station = await RawStation.connect(`${csms.url}/CS1`);
    assert.equal((await station.call('Heartbeat', {}))[0], 3);
    await station.close();
    await csms.close();
  });
});

describe('what the local CSMS records', () => {
  it('keeps connection state, boot, connector statuses and transactions', async () => {
    const csms = await startLocalCsms();
    const station = await RawStation.connect(`${csms.url}/CS1`);
    await station.call('BootNotification', minimalRequests.BootNotification);
    await station.call('StatusNotification', minimalRequests.StatusNotification);
    await station.call('TransactionEvent', minimalRequests.TransactionEvent);
    const record = csms.store.get('CS1');
    assert.equal(record?.connected, true);
    assert.equal(record?.boot?.request.chargingStation.vendorName, 'Acme');
    assert.equal(record?.statuses['1/1']?.status, 'Available');
    assert.deepEqual(
      { ...record?.transactions['tx-1'], updatedAt: 'x' },
      {
        transactionId: 'tx-1',
        evseId: 1,
        idToken: 'AABBCCDD',
        eventType: 'Started',
        chargingState: 'EVConnected',
        seqNo: 0,
        updatedAt: 'x',
      },
    );
    await station.close();
    await waitUntil(() => csms.store.get('CS1')?.connected === false);
    await csms.close();
  });

  it('keeps a station connected when a new connection replaces the old one', async () => {
    const csms = await startLocalCsms();
    const first = await RawStation.connect(`${csms.url}/CS1`);
    const second = await RawStation.connect(`${csms.url}/CS1`);
    await first.closed;
    assert.equal(csms.store.get('CS1')?.connected, true);
    await second.close();
    await csms.close();
  });

  it('call() to a station that is not connected fails with OCPP_ERR_OFFLINE', async () => {
    const csms = await startLocalCsms();
    await assert.rejects(
      csms.call('NOPE', 'Reset', { type: 'Immediate' }),
      (e: unknown) => e instanceof LocalCallError && e.code === 'OCPP_ERR_OFFLINE',
    );
    await csms.close();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition never became true');
}
