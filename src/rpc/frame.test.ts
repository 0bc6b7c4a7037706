// parseFrame/serialize fed with literal JSON text, as ws's receiver tests feed hex.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OcppError } from './errors.js';
import {
  CALL,
  CALLERROR,
  CALLRESULT,
  MAX_MESSAGE_ID_LENGTH,
  UNREADABLE_ID,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
  type Frame,
} from './frame.js';

const id36 = 'a'.repeat(MAX_MESSAGE_ID_LENGTH);
const id37 = 'a'.repeat(MAX_MESSAGE_ID_LENGTH + 1);

/** Asserts a bad frame and returns [messageId, code, answer]. */
function badOf(frame: Frame): [string, string, boolean] {
  assert.equal(frame.type, 'bad', `expected a bad frame, got ${JSON.stringify(frame)}`);
  if (frame.type !== 'bad') throw new Error('unreachable');
  assert.ok(frame.error instanceof OcppError);
  return [frame.messageId, frame.error.code, frame.answer];
}

describe('Part 4 §4.2.1 CALL', () => {
  it('Part 4 §4.2.1: the BootNotification example parses to a CALL', () => {
    const text =
      '[2, "19223201", "BootNotification", {"reason": "PowerUp", "chargingStation": {"model": "SingleSocketCharger", "vendorName": "VendorX"}}]';
    assert.deepEqual(parseFrame(text), {
      type: CALL,
      messageId: '19223201',
      action: 'BootNotification',
      payload: { reason: 'PowerUp', chargingStation: { model: 'SingleSocketCharger', vendorName: 'VendorX' } },
    });
  });

  it('Part 4 §4.2.1: an unknown action still parses (NotImplemented is decided later)', () => {
    const frame = parseFrame('[2,"x","NoSuchAction",{}]');
    assert.equal(frame.type, CALL);
    if (frame.type === CALL) assert.equal(frame.action, 'NoSuchAction');
  });

  it('Part 4 §4.2.1: whitespace and non-ASCII text are accepted', () => {
    const frame = parseFrame(' \n[ 2 , "ü-1" , "DataTransfer" , { "vendorId" : "Ωmega", "data": "⚡" } ]\t');
    assert.equal(frame.type, CALL);
    if (frame.type === CALL) {
      assert.equal(frame.messageId, 'ü-1');
      assert.deepEqual(frame.payload, { vendorId: 'Ωmega', data: '⚡' });
    }
  });

  it('Part 4 §4.2.1: a CALL with 3 or 5 elements → ProtocolError with its id', () => {
    assert.deepEqual(badOf(parseFrame('[2,"m1","Heartbeat"]')), ['m1', 'ProtocolError', true]);
    assert.deepEqual(badOf(parseFrame('[2,"m2","Heartbeat",{},{}]')), ['m2', 'ProtocolError', true]);
    assert.deepEqual(badOf(parseFrame('[2,"m3"]')), ['m3', 'ProtocolError', true]);
  });

  it('Part 4 §4.2.1: a non-string action → ProtocolError with its id', () => {
    assert.deepEqual(badOf(parseFrame('[2,"m1",42,{}]')), ['m1', 'ProtocolError', true]);
    assert.deepEqual(badOf(parseFrame('[2,"m2",null,{}]')), ['m2', 'ProtocolError', true]);
    assert.deepEqual(badOf(parseFrame('[2,"m3",["Heartbeat"],{}]')), ['m3', 'ProtocolError', true]);
  });

  it('Part 4 §4.1.5: a CALL payload that is not an object → FormatViolation with its id', () => {
    for (const payload of ['null', '[]', '"{}"', '1', 'true', '[{}]']) {
      assert.deepEqual(badOf(parseFrame(`[2,"p","Heartbeat",${payload}]`)), ['p', 'FormatViolation', true], payload);
    }
  });
});

describe('Part 4 §4.2.2 CALLRESULT', () => {
  it('Part 4 §4.2.2: the BootNotification response example parses to a CALLRESULT', () => {
    const text = '[3, "19223201", {"currentTime": "2013-02-01T20:53:32.486Z", "interval": 300, "status": "Accepted"}]';
    assert.deepEqual(parseFrame(text), {
      type: CALLRESULT,
      messageId: '19223201',
      payload: { currentTime: '2013-02-01T20:53:32.486Z', interval: 300, status: 'Accepted' },
    });
  });

  it('Part 4 §4.2.2: a malformed CALLRESULT is bad and never answered', () => {
    for (const text of ['[3,"r"]', '[3,"r",{},{}]', '[3,"r",null]', '[3,"r",[]]', '[3,"r","ok"]']) {
      const [, , answer] = badOf(parseFrame(text));
      assert.equal(answer, false, text);
    }
  });
});

describe('Part 4 §4.2.3 CALLERROR', () => {
  it('Part 4 §4.2.3: the NotSupported example parses to a CALLERROR carrying an OcppError', () => {
    const frame = parseFrame('[4, "162376037", "NotSupported", "SetDisplayMessageRequest not implemented", {}]');
    assert.equal(frame.type, CALLERROR);
    if (frame.type !== CALLERROR) return;
    assert.equal(frame.messageId, '162376037');
    assert.ok(frame.error instanceof OcppError);
    assert.equal(frame.error.code, 'NotSupported');
    assert.equal(frame.error.description, 'SetDisplayMessageRequest not implemented');
    assert.deepEqual(frame.error.details, {});
  });

  it('Part 4 §4.3: a peer CALLERROR spelled OccurenceConstraintViolation (1.6) reads as OccurrenceConstraintViolation', () => {
    const frame = parseFrame('[4,"e","OccurenceConstraintViolation","",{}]');
    assert.equal(frame.type, CALLERROR);
    if (frame.type === CALLERROR) assert.equal(frame.error.code, 'OccurrenceConstraintViolation');
  });

  it('Part 4 §4.3: a peer CALLERROR with a code outside the table reads as GenericError, details kept', () => {
    const frame = parseFrame('[4,"e","FormationViolation","typo",{"k":1}]');
    assert.equal(frame.type, CALLERROR);
    if (frame.type !== CALLERROR) return;
    assert.equal(frame.error.code, 'GenericError');
    assert.deepEqual(frame.error.details, { k: 1 });
  });

  it('Part 4 §4.2.3: a malformed CALLERROR is bad and never answered', () => {
    for (const text of [
      '[4,"e","GenericError","x"]',
      '[4,"e","GenericError","x",{},1]',
      '[4,"e",1,"x",{}]',
      '[4,"e","GenericError",null,{}]',
      '[4,"e","GenericError","x",null]',
      '[4,"e","GenericError","x",[]]',
    ]) {
      const [id, , answer] = badOf(parseFrame(text));
      assert.equal(id, 'e', text);
      assert.equal(answer, false, text);
    }
  });
});

describe('Part 4 §4.2.3 unreadable frames → RpcFrameworkError with id "-1"', () => {
  it('Part 4 §4.1.2: invalid JSON → RpcFrameworkError with id "-1"', () => {
    for (const text of ['', '[', '[2,"a","Heartbeat",{}', "[2,'a','Heartbeat',{}]", 'undefined', '[2,"a",]', '\u0000']) {
      assert.deepEqual(badOf(parseFrame(text)), [UNREADABLE_ID, 'RpcFrameworkError', true], JSON.stringify(text));
    }
  });

  it('Part 4 §4.2: valid JSON that is not an array → RpcFrameworkError with id "-1"', () => {
    for (const text of ['{}', '{"0":2,"1":"a"}', '2', '"[2]"', 'null', 'true']) {
      assert.deepEqual(badOf(parseFrame(text)), [UNREADABLE_ID, 'RpcFrameworkError', true], text);
    }
  });

  it('Part 4 §4.2.3: unreadable messageId → CALLERROR with id "-1"', () => {
    for (const text of [
      '[]',
      '[2]',
      '[2,1,"Heartbeat",{}]',
      '[2,null,"Heartbeat",{}]',
      '[2,"","Heartbeat",{}]',
      '[2,["a"],"Heartbeat",{}]',
    ]) {
      assert.deepEqual(badOf(parseFrame(text)), [UNREADABLE_ID, 'RpcFrameworkError', true], text);
    }
  });

  it('Part 4 §4.1.4: a messageId of 36 characters is read, 37 is too long → id "-1"', () => {
    assert.equal(parseFrame(`[2,"${id36}","Heartbeat",{}]`).type, CALL);
    assert.deepEqual(badOf(parseFrame(`[2,"${id37}","Heartbeat",{}]`)), [UNREADABLE_ID, 'RpcFrameworkError', true]);
  });

  it('Part 4 §4.2.3: a CALLRESULT/CALLERROR with an unreadable id is not answered either', () => {
    for (const text of ['[3]', '[3,1,{}]', `[3,"${id37}",{}]`, '[4,null,"GenericError","",{}]', '[4,"","GenericError","",{}]']) {
      const [id, code, answer] = badOf(parseFrame(text));
      assert.equal(id, UNREADABLE_ID, text);
      assert.equal(code, 'RpcFrameworkError', text);
      assert.equal(answer, false, text);
    }
  });
});

describe('Part 4 §4.4 unknown message type', () => {
  it('Part 4 §4.4: an unknown message type number → MessageTypeNotSupported with the id', () => {
    for (const type of ['0', '1', '5', '6', '-2', '2.5', '99999']) {
      assert.deepEqual(badOf(parseFrame(`[${type},"t${type}",{}]`)), [`t${type}`, 'MessageTypeNotSupported', true], type);
    }
  });

  it('Part 4 §4.4: a message type that is not a number → MessageTypeNotSupported with the id', () => {
    for (const type of ['"2"', 'null', 'true', '{}', '[2]']) {
      assert.deepEqual(badOf(parseFrame(`[${type},"t","Heartbeat",{}]`)), ['t', 'MessageTypeNotSupported', true], type);
    }
  });

  it('Part 4 §4.1.3: the payload of an unknown message type is ignored, however deep (no stack overflow)', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    assert.deepEqual(badOf(parseFrame(`[${deep},"deep"]`)), ['deep', 'MessageTypeNotSupported', true]);
    assert.deepEqual(badOf(parseFrame(`[7,"deep2",${deep}]`)), ['deep2', 'MessageTypeNotSupported', true]);
  });

  it('Part 4 §4.2.3: the description of a bad frame is at most 255 characters on the wire', () => {
    const frame = parseFrame(`["${'x'.repeat(10_000)}","long"]`);
    const [, , code, description] = JSON.parse(serializeCallError('long', badFrameError(frame))) as unknown[];
    assert.equal(code, 'MessageTypeNotSupported');
    assert.ok(typeof description === 'string' && description.length <= 255);
  });
});

function badFrameError(frame: Frame): OcppError {
  if (frame.type !== 'bad') throw new Error('not a bad frame');
  return frame.error;
}

describe('serialization', () => {
  it('Part 4 §4.2.1: serializeCall writes [2, id, action, payload] and parses back', () => {
    const text = serializeCall('c1', 'Heartbeat', {});
    assert.equal(text, '[2,"c1","Heartbeat",{}]');
    assert.deepEqual(parseFrame(text), { type: CALL, messageId: 'c1', action: 'Heartbeat', payload: {} });
  });

  it('Part 4 §4.2.2: serializeCallResult writes [3, id, payload]', () => {
    assert.equal(serializeCallResult('c1', { currentTime: '2026-01-01T00:00:00Z' }), '[3,"c1",{"currentTime":"2026-01-01T00:00:00Z"}]');
  });

  it('Part 4 §4.2.3: serializeCallError writes 5 elements with {} details when there are none', () => {
    assert.equal(serializeCallError('c1', new OcppError('NotSupported')), '[4,"c1","NotSupported","",{}]');
    assert.equal(
      serializeCallError('-1', new OcppError('RpcFrameworkError', 'bad', { at: 1 })),
      '[4,"-1","RpcFrameworkError","bad",{"at":1}]',
    );
  });

  it('Part 4 §4.2.3: errorDescription is cut to 255 characters', () => {
    const [, , , description] = JSON.parse(serializeCallError('c', new OcppError('GenericError', 'd'.repeat(300)))) as unknown[];
    assert.equal(description, 'd'.repeat(255));
  });

  it('Part 4 §4.2.3: a CALLERROR answering a corrupt frame is itself valid JSON (the input is not echoed raw)', () => {
    const frame = parseFrame('[2,"q\\"",');
    const text = serializeCallError(UNREADABLE_ID, badFrameError(frame));
    assert.doesNotThrow(() => JSON.parse(text));
    assert.equal(parseFrame(text).type, CALLERROR);
  });

  it('round trip: a serialized CALLERROR parses back to the same code, description and details', () => {
    const text = serializeCallError('r', new OcppError('SecurityError', 'not accepted', { reason: 'boot' }));
    const frame = parseFrame(text);
    assert.equal(frame.type, CALLERROR);
    if (frame.type !== CALLERROR) return;
    assert.equal(frame.error.code, 'SecurityError');
    assert.equal(frame.error.description, 'not accepted');
    assert.deepEqual(frame.error.details, { reason: 'boot' });
  });
});
