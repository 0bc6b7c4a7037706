import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalControllerApi } from './http-api.js';
import { LocalController } from './local-controller.js';

describe('Local Controller HTTP API', () => {
  const controller = new LocalController({ csmsUrl: 'ws://127.0.0.1:1/ocpp', groupLimitW: 11_000, id: 'LC-API' });
  const api = new LocalControllerApi(controller);
  let base: string;
  before(async () => {
    base = `http://127.0.0.1:${await api.listen(0)}`;
  });
  after(() => api.close());

  it('GET /api/state: the id, the group limit, no members yet', async () => {
    const response = await fetch(`${base}/api/state`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      id: 'LC-API',
      groupLimitW: 11_000,
      configuredLimitW: 11_000,
      ownLimitW: null,
      members: [],
      profiles: { sent: 0, accepted: 0, rejected: 0, callErrors: 0, timeouts: 0 },
    });
  });

  it('K03.FR.02 – POST /api/group-limit sets a new limit, 0 included', async () => {
    for (const limitW of [22_000, 0]) {
      const response = await fetch(`${base}/api/group-limit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ limitW }),
      });
      assert.equal(response.status, 200);
      assert.equal(controller.group.limitW, limitW);
    }
  });

  it('K14 – POST /api/external-limit: 409 without an own connection to report it on, 400 with the reason for a bad body', async () => {
    const post = (body: unknown) =>
      fetch(`${base}/api/external-limit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cases: [unknown, number, RegExp][] = [
      [{ limitW: 5000 }, 409, /no own connection to the CSMS.*--own-connection/],
      [{ limitW: null, source: 'SO' }, 409, /no own connection/],
      [{}, 400, /limitW must be a number of W, or null/],
      [{ limitW: '5000' }, 400, /limitW must be a number of W/],
      [{ limitW: -1 }, 400, /limitW -1 is out of range/],
      [{ limitW: 5000, source: 'CSO' }, 400, /source must be one of EMS, SO, Other/],
      [{ limitW: 5000, evseId: 1 }, 400, /unknown field "evseId"/],
      [[5000], 400, /JSON object/],
    ];
    for (const [body, status, reason] of cases) {
      const response = await post(body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(((await response.json()) as { error: string }).error, reason, JSON.stringify(body));
    }
  });

  it('refuses requests from a web page of another site (403)', async () => {
    const foreign = await fetch(`${base}/api/group-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{"limitW": 1}',
    });
    assert.equal(foreign.status, 403);
    assert.match(((await foreign.json()) as { error: string }).error, /evil\.example/);
    assert.equal(controller.group.limitW, 0, 'unchanged');
  });

  it('405 with Allow for the wrong method, 404 with the path for an unknown one', async () => {
    const wrong = await fetch(`${base}/api/state`, { method: 'POST' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    const unknown = await fetch(`${base}/api/members`);
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /no route \/api\/members/);
  });
});
