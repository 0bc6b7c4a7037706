import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawStation } from '../../test/support/raw-station.js';
import { minimalRequests } from '../../test/support/station-requests.js';
import { STATION_TO_CSMS_ACTIONS, type StationToCsmsAction } from '../generated/ocpp201/index.js';
import { validatePayload } from '../rpc/validator.js';
import { routes, type CsmsContext } from './handlers.js';
import { startLocalCsms } from './local-csms.js';
import { CsmsStore } from './store.js';

const now = Date.parse('2025-06-01T08:00:00.000Z');

function context(): CsmsContext {
  return {
    stationId: 'CS1',
    store: new CsmsStore({ now: () => now }),
    settings: { bootStatus: 'Accepted', heartbeatIntervalS: 300, bootRetryIntervalS: 10 },
    now: () => now,
  };
}

describe('local CSMS answers to the 25 station-to-CSMS actions', () => {
  it('the minimal request fixture of every action is itself valid', () => {
    for (const action of STATION_TO_CSMS_ACTIONS) {
      assert.equal(validatePayload(action, 'Request', minimalRequests[action])?.message, undefined, action);
    }
  });

  it('every route returns a response its schema accepts', async () => {
    for (const action of STATION_TO_CSMS_ACTIONS) {
      const route = routes[action] as (request: unknown, ctx: CsmsContext) => unknown;
      // An OCSP responder that refuses at once: GetCertificateStatus is Failed without waiting on a name lookup.
      const request =
        action === 'GetCertificateStatus'
          ? { ocspRequestData: { ...minimalRequests.GetCertificateStatus.ocspRequestData, responderURL: 'http://127.0.0.1:1/' } }
          : minimalRequests[action];
      const response = await route(request, context());
      assert.equal(validatePayload(action, 'Response', response)?.message, undefined, action);
    }
  });

  it('B01 BootNotification: Accepted with currentTime and the heartbeat interval', () => {
    const ctx = context();
    const response = routes.BootNotification(minimalRequests.BootNotification, ctx);
    assert.deepEqual(response, { status: 'Accepted', currentTime: '2025-06-01T08:00:00.000Z', interval: 300 });
    assert.equal(ctx.store.registration('CS1'), 'Accepted');
  });

  it('B02 BootNotification: Pending with the boot retry interval', () => {
    const ctx = context();
    ctx.settings.bootStatus = 'Pending';
    assert.deepEqual(routes.BootNotification(minimalRequests.BootNotification, ctx), {
      status: 'Pending',
      currentTime: '2025-06-01T08:00:00.000Z',
      interval: 10,
    });
  });

  it('E TransactionEvent: idTokenInfo only when the event carries an id token', () => {
    const { idToken: _idToken, ...withoutToken } = minimalRequests.TransactionEvent;
    assert.deepEqual(routes.TransactionEvent(minimalRequests.TransactionEvent), { idTokenInfo: { status: 'Accepted' } });
    assert.deepEqual(routes.TransactionEvent(withoutToken), {});
  });

  it('a raw station sending all 25 actions over a socket gets a schema-valid CALLRESULT for each', async () => {
    const csms = await startLocalCsms();
    const station = await RawStation.connect(`${csms.url}/CS1`);
    // BootNotification first, so that the rest is sent by an Accepted station.
    const order: StationToCsmsAction[] = ['BootNotification', ...STATION_TO_CSMS_ACTIONS.filter((a) => a !== 'BootNotification')];
    for (const action of order) {
      const answer = await station.call(action, minimalRequests[action]);
      assert.equal(answer[0], 3, `${action}: ${JSON.stringify(answer)}`);
      assert.equal(validatePayload(action, 'Response', answer[2])?.message, undefined, action);
    }
    assert.equal(csms.store.requests('CS1')?.length, 25);
    await station.close();
    await csms.close();
  });
});
