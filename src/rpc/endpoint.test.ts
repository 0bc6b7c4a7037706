// The Part 4 error table over a REAL WebSocket: every malformed frame from the CSMS side gets the
// CALLERROR code Part 4 prescribes, a CALLRESULT goes back for a valid CALL, and the frames the
// station must not answer stay unanswered (bench: endpoint.test-harness.ts).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { validatePayload } from './validator.js';
import { assertCallError, component, getVariables, harness, type Message, variable } from './endpoint.test-harness.js';

const profile = (edit: (p: Record<string, unknown>) => void = () => {}) => {
  const schedule = { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
  const chargingProfile: Record<string, unknown> = {
    id: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: [schedule],
  };
  edit(chargingProfile);
  return JSON.stringify({ evseId: 0, chargingProfile });
};

/** One row of the Part 4 error table: a literal frame and the exact CALLERROR it must get. */
const TABLE: [rule: string, frame: string, id: string, code: string][] = [
  ['Part 4 §4.1.2: invalid JSON', '[2,"j1","GetVariables",{', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.1.2: invalid JSON (single quotes)', "[2,'j2','GetVariables',{}]", '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2: JSON that is not an array', '{"messageTypeId":2,"messageId":"n1"}', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.3: unreadable messageId (number)', '[2,17,"GetVariables",{}]', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.3: unreadable messageId (empty)', '[2,"","GetVariables",{}]', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.3: missing messageId', '[2]', '-1', 'RpcFrameworkError'],
  ['Part 4 §4.1.4: messageId longer than 36', `[2,"${'x'.repeat(37)}","GetVariables",${getVariables}]`, '-1', 'RpcFrameworkError'],
  ['Part 4 §4.2.1: CALL with 3 elements', '[2,"p1","GetVariables"]', 'p1', 'ProtocolError'],
  ['Part 4 §4.2.1: CALL with 5 elements', `[2,"p2","GetVariables",${getVariables},{}]`, 'p2', 'ProtocolError'],
  ['Part 4 §4.2.1: CALL with a non-string action', '[2,"p3",22,{}]', 'p3', 'ProtocolError'],
  ['Part 4 §4.1.5: CALL payload null', '[2,"f1","GetVariables",null]', 'f1', 'FormatViolation'],
  ['Part 4 §4.1.5: CALL payload an array', `[2,"f2","GetVariables",[${getVariables}]]`, 'f2', 'FormatViolation'],
  ['Part 4 §4.4: unknown message type 5', '[5,"t1","GetVariables",{}]', 't1', 'MessageTypeNotSupported'],
  ['Part 4 §4.4: unknown message type 0', '[0,"t2"]', 't2', 'MessageTypeNotSupported'],
  ['Part 4 §4.4: message type as a string', '["2","t3","GetVariables",{}]', 't3', 'MessageTypeNotSupported'],
  ['Part 4 §4.3: unknown action', '[2,"a1","GetVariable",{}]', 'a1', 'NotImplemented'],
  ['Part 4 §4.3: unknown action (wrong case)', '[2,"a2","getvariables",{}]', 'a2', 'NotImplemented'],
  ['Part 4 §4.3: known action without a handler (SetDisplayMessage)', '[2,"s1","SetDisplayMessage",{}]', 's1', 'NotSupported'],
  ['Part 4 §4.3: known action of the other direction (BootNotification)', '[2,"s2","BootNotification",{}]', 's2', 'NotSupported'],
  ['Part 4 §4.3: missing required field', '[2,"o1","GetVariables",{}]', 'o1', 'OccurrenceConstraintViolation'],
  [
    'Part 4 §4.3: missing required nested field',
    '[2,"o2","GetVariables",{"getVariableData":[{"component":{"name":"EVSE"}}]}]',
    'o2',
    'OccurrenceConstraintViolation',
  ],
  ['Part 4 §4.3: unknown extra field', '[2,"o3","ClearCache",{"force":true}]', 'o3', 'OccurrenceConstraintViolation'],
  ['Part 4 §4.1.5: empty array for a 1..* field', '[2,"o4","GetVariables",{"getVariableData":[]}]', 'o4', 'OccurrenceConstraintViolation'],
  [
    'Part 4 §4.3: too many items (chargingSchedule 4 > 3)',
    `[2,"o5","SetChargingProfile",${profile((p) => (p.chargingSchedule = [1, 2, 3, 4].map((id) => ({ ...(p.chargingSchedule as object[])[0], id }))))}]`,
    'o5',
    'OccurrenceConstraintViolation',
  ],
  [
    'Part 4 §4.3: wrong JSON type (string for integer)',
    '[2,"y1","ChangeAvailability",{"operationalStatus":"Operative","evse":{"id":"1"}}]',
    'y1',
    'TypeConstraintViolation',
  ],
  [
    'Part 4 §4.3: wrong JSON type (number for string)',
    '[2,"y2","GetVariables",{"getVariableData":[{"component":{"name":12},"variable":{"name":"x"}}]}]',
    'y2',
    'TypeConstraintViolation',
  ],
  ['Part 4 §4.3: value outside the enum', '[2,"v1","ChangeAvailability",{"operationalStatus":"Off"}]', 'v1', 'PropertyConstraintViolation'],
  [
    'Part 4 §4.3: string longer than maxLength',
    `[2,"v2","GetVariables",{"getVariableData":[{"component":{"name":"${'c'.repeat(51)}"},"variable":{"name":"x"}}]}]`,
    'v2',
    'PropertyConstraintViolation',
  ],
  [
    'Part 4 §4.3: date-time in the wrong format',
    `[2,"v3","SetChargingProfile",${profile((p) => (p.validFrom = '01/01/2026 12:00'))}]`,
    'v3',
    'PropertyConstraintViolation',
  ],
  ['Part 4 §4.3: handler throws an Error → InternalError', '[2,"i1","Reset",{"type":"Immediate"}]', 'i1', 'InternalError'],
  ['Part 4 §4.3: handler returns an invalid response → InternalError', '[2,"i2","ClearCache",{}]', 'i2', 'InternalError'],
  [
    'Part 4 §4.3: handler throws OcppError(SecurityError) → SecurityError',
    '[2,"x1","RequestStartTransaction",{"remoteStartId":1,"idToken":{"idToken":"T","type":"Central"}}]',
    'x1',
    'SecurityError',
  ],
];

describe('Part 4 §4.3 error table over a real WebSocket (station role)', () => {
  for (const [rule, frame, id, code] of TABLE) {
    it(`${rule} → CALLERROR ${code} with id "${id}"`, async (t) => {
      const { peer } = await harness(t);
      assertCallError(await peer.request(frame), id, code);
    });
  }

  it('Part 4 §4.3: every row of the table is answered on ONE connection, which stays open', async (t) => {
    const { peer } = await harness(t);
    for (const [, frame] of TABLE) peer.send(frame);
    const answers = new Map<string, Message[]>();
    for (let i = 0; i < TABLE.length; i++) {
      const answer = await peer.next();
      const list = answers.get(String(answer[1])) ?? [];
      list.push(answer);
      answers.set(String(answer[1]), list);
    }
    for (const [rule, , id, code] of TABLE) {
      const list = answers.get(id);
      assert.ok(list?.length, `${rule}: no answer`);
      const index = list.findIndex((m) => m[2] === code);
      assert.ok(index >= 0, `${rule}: got ${JSON.stringify(list)}`);
      list.splice(index, 1);
    }
    assert.equal(peer.socket.readyState, WebSocket.OPEN);
  });

  it('Part 4 §4.3: an InternalError carries no stack trace or handler message on the wire', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request('[2,"i9","Reset",{"type":"OnIdle"}]');
    assertCallError(answer, 'i9', 'InternalError');
    const text = JSON.stringify(answer);
    assert.doesNotMatch(text, /database is locked|\/srv\/station|at secret/);
    assert.deepEqual(answer[4], {});
  });

  it('Part 4 §4.3: a handler OcppError keeps its description', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request('[2,"x9","RequestStartTransaction",{"remoteStartId":1,"idToken":{"idToken":"T","type":"Central"}}]');
    assertCallError(answer, 'x9', 'SecurityError');
    assert.equal(answer[3], 'not accepted by the CSMS yet');
  });
});

describe('Part 4 §4.2.2 CALLRESULT', () => {
  it('Part 4 §4.2.2: a valid CALL gets a CALLRESULT with its id whose payload passes the response schema', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request(`[2,"ok-1","GetVariables",${getVariables}]`);
    assert.equal(answer.length, 3);
    assert.deepEqual(answer.slice(0, 2), [3, 'ok-1']);
    assert.equal(validatePayload('GetVariables', 'Response', answer[2]), undefined);
    assert.deepEqual(answer[2], { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', component, variable }] });
  });

  it('Part 4 §4.1.4: a messageId of exactly 36 characters is answered with that id', async (t) => {
    const { peer } = await harness(t);
    const id = 'f'.repeat(36);
    const answer = await peer.request(`[2,"${id}","GetVariables",${getVariables}]`);
    assert.deepEqual(answer.slice(0, 2), [3, id]);
  });

  it('Part 4 §4.1.2: non-ASCII text in a payload and in the messageId is answered', async (t) => {
    const { peer } = await harness(t);
    const answer = await peer.request(
      '[2,"ü-⚡-1","GetVariables",{"getVariableData":[{"component":{"name":"Zähler"},"variable":{"name":"Ström"}}]}]',
    );
    assert.deepEqual(answer.slice(0, 2), [3, 'ü-⚡-1']);
    assert.equal(validatePayload('GetVariables', 'Response', answer[2]), undefined);
  });
});

describe('Part 4 §4.2 answers the station does not answer', () => {
  it('Part 4 §4.1.4: a CALLRESULT with an unknown id is ignored: no answer, the link still works', async (t) => {
    const { peer } = await harness(t);
    await peer.assertNoAnswer('[3,"nobody-asked",{"currentTime":"2026-01-01T00:00:00Z"}]');
    await peer.assertNoAnswer('[4,"nobody-asked","GenericError","",{}]');
    const answer = await peer.request(`[2,"after","GetVariables",${getVariables}]`);
    assert.deepEqual(answer.slice(0, 2), [3, 'after']);
  });

  it('Part 4 §4.2.2/§4.2.3: a malformed CALLRESULT or CALLERROR is ignored (never answered)', async (t) => {
    const { peer } = await harness(t);
    for (const frame of [
      '[3,"m1"]',
      '[3,"m2",null]',
      '[3,"m3",{},{}]',
      '[4,"m4","GenericError"]',
      '[4,"m5",1,"",{}]',
      '[3,17,{}]',
      `[4,"${'z'.repeat(40)}","GenericError","",{}]`,
    ]) {
      await peer.assertNoAnswer(frame);
    }
  });
});
