import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawStation } from '../../test/support/raw-station.js';
import { minimalRequests } from '../../test/support/station-requests.js';
import { startLocalCsms, type LocalCsms } from './local-csms.js';

interface Answer {
  status: number;
  /** JSON as read back, inspected field by field in the assertions. */
  // biome-ignore lint/suspicious/noExplicitAny: read back from JSON and inspected field by field
  body: any;
}

describe('local CSMS HTTP API', () => {
  let csms: LocalCsms;
  let station: RawStation;
  const api = async (method: string, path: string, body?: string): Promise<Answer> => {
    const res = await fetch(new URL(path, csms.httpUrl), { method, ...(body === undefined ? {} : { body }) });
    return { status: res.status, body: await res.json() };
  };

  before(async () => {
    csms = await startLocalCsms();
    station = await RawStation.connect(`${csms.url}/CS1`);
    station.answerCalls((action, payload) => {
      if (action === 'GetVariables') {
        const [data] = (payload as { getVariableData: { component: object; variable: object }[] }).getVariableData;
        return { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', ...data }] };
      }
      if (action === 'Reset') return { status: 'Accepted' };
      return { unexpected: true };
    });
    await station.call('BootNotification', minimalRequests.BootNotification);
    await station.call('StatusNotification', minimalRequests.StatusNotification);
  });
  after(async () => {
    await station.close();
    await csms.close();
  });

  it('GET /api/stations lists the station with connection, boot and statuses', async () => {
    const { status, body } = await api('GET', '/api/stations');
    assert.equal(status, 200);
    assert.equal(body.length, 1);
    assert.equal(body[0].id, 'CS1');
    assert.equal(body[0].connected, true);
    assert.equal(body[0].registration, 'Accepted');
    assert.equal(body[0].boot.request.chargingStation.model, 'Wallbox');
    assert.equal(body[0].statuses['1/1'].status, 'Available');
  });

  it('POST /api/stations/<id>/call/GetVariables returns the station response', async () => {
    const request = { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] };
    const { status, body } = await api('POST', '/api/stations/CS1/call/GetVariables', JSON.stringify(request));
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    assert.equal(body.response.getVariableResult[0].attributeValue, '300');
  });

  it('POST /api/stations/<id>/call/Reset returns the station response', async () => {
    const { status, body } = await api('POST', '/api/stations/CS1/call/Reset', '{"type":"Immediate"}');
    assert.deepEqual([status, body], [200, { ok: true, response: { status: 'Accepted' } }]);
  });

  it('reports a response that breaks its schema as ok: false', async () => {
    const { status, body } = await api('POST', '/api/stations/CS1/call/ClearCache', '{}');
    assert.equal(status, 502);
    assert.equal(body.ok, false);
    assert.equal(body.error.code, 'OCPP_ERR_INVALID_RESPONSE');
  });

  it('answers 400 with the reason for a body that is not JSON or breaks the schema', async () => {
    const notJson = await api('POST', '/api/stations/CS1/call/Reset', '{type:');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.ok, false);
    assert.match(notJson.body.error.description, /not valid JSON/);
    const invalid = await api('POST', '/api/stations/CS1/call/Reset', '{"type":"Sometime"}');
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.code, 'PropertyConstraintViolation');
    assert.match(invalid.body.error.description, /\/type/);
  });

  it('answers 400 for an action a CSMS does not send', async () => {
    for (const action of ['Heartbeat', 'Nonsense']) {
      const { status, body } = await api('POST', `/api/stations/CS1/call/${action}`, '{}');
      assert.equal(status, 400, action);
      assert.equal(body.error.code, 'BadAction');
    }
  });

  it('answers 404 for an unknown station', async () => {
    const call = await api('POST', '/api/stations/NOPE/call/Reset', '{"type":"Immediate"}');
    assert.equal(call.status, 404);
    assert.equal(call.body.ok, false);
    assert.equal((await api('GET', '/api/stations/NOPE/log')).status, 404);
    assert.equal((await api('GET', '/api/nothing')).status, 404);
  });

  it('GET /api/stations/<id>/log returns the frames in order, with direction and time', async () => {
    const { status, body } = await api('GET', '/api/stations/CS1/log');
    assert.equal(status, 200);
    assert.equal(body[0].direction, 'in');
    assert.match(body[0].text, /^\[2,"m1","BootNotification"/);
    assert.equal(body[1].direction, 'out');
    assert.match(body[1].text, /^\[3,"m1"/);
    assert.ok(body.some((f: { text: string }) => f.text.includes('"Reset"')));
    assert.ok(!Number.isNaN(Date.parse(body[0].time)));
  });

  it('POST /api/config changes the boot status and interval at run time', async () => {
    const { status, body } = await api('POST', '/api/config', '{"bootStatus":"Pending","heartbeatIntervalS":10}');
    assert.equal(status, 200);
    assert.equal(body.bootStatus, 'Pending');
    const pending = await station.call('BootNotification', minimalRequests.BootNotification);
    assert.equal((pending[2] as { status: string }).status, 'Pending');
    await api('POST', '/api/config', '{"bootStatus":"Accepted"}');
    const accepted = await station.call('BootNotification', minimalRequests.BootNotification);
    assert.deepEqual([(accepted[2] as { status: string }).status, (accepted[2] as { interval: number }).interval], ['Accepted', 10]);
    const bad = await api('POST', '/api/config', '{"bootStatus":"Maybe"}');
    assert.equal(bad.status, 400);
  });

  it('answers 404 for a station that has disconnected', async () => {
    const other = await RawStation.connect(`${csms.url}/CS2`);
    await other.close();
    for (let i = 0; i < 100 && csms.store.get('CS2')?.connected !== false; i++) await new Promise((r) => setTimeout(r, 5));
    const { status, body } = await api('POST', '/api/stations/CS2/call/Reset', '{"type":"Immediate"}');
    assert.equal(status, 404);
    assert.match(body.error.description, /offline/);
  });
});
