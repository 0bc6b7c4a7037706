import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basicAuth } from '../../test/support/raw-station.js';
import { parseBasicAuth, stationIdFromPath } from './upgrade-request.js';

describe('Part 4 §3.1.1 station identity from the URL', () => {
  it('takes the last path segment, with any prefix', () => {
    assert.equal(stationIdFromPath('/ocpp/CS001'), 'CS001');
    assert.equal(stationIdFromPath('/a/b/c/CS001?x=1'), 'CS001');
    assert.equal(stationIdFromPath('/CS001'), 'CS001');
    assert.equal(stationIdFromPath('/ocpp/RDAM%20123'), 'RDAM 123');
    assert.equal(stationIdFromPath('/ocpp/'), undefined);
    assert.equal(stationIdFromPath('/ocpp/%E0%A4%A'), undefined);
  });
});

describe('A00 Basic auth header', () => {
  it('reads passwords that contain a colon', () => {
    assert.deepEqual(parseBasicAuth(basicAuth('CS1', 'a:b').Authorization), { username: 'CS1', password: 'a:b' });
    assert.equal(parseBasicAuth('Bearer x'), 'malformed');
  });
});
