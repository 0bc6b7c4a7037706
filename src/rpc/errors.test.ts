import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KEYWORD_TO_CODE, LocalCallError, OcppError, RPC_ERROR_CODES, readErrorCode } from './errors.js';

/** Part 4 §4.3 Table 8, copied by hand from the specification. */
const PART4_TABLE_8 = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
];

describe('Part 4 §4.3 RPC framework error codes', () => {
  it('Part 4 §4.3: RPC_ERROR_CODES is exactly the 12 codes of Table 8', () => {
    assert.equal(RPC_ERROR_CODES.length, 12);
    assert.equal(new Set(RPC_ERROR_CODES).size, 12);
    assert.deepEqual([...RPC_ERROR_CODES].sort(), [...PART4_TABLE_8].sort());
  });

  it('Part 4 §4.3: every one of the 12 codes is read back as itself', () => {
    for (const code of RPC_ERROR_CODES) assert.equal(readErrorCode(code), code);
  });

  it('Part 4 §4.3: the 1.6 spelling OccurenceConstraintViolation is read as OccurrenceConstraintViolation', () => {
    assert.equal(readErrorCode('OccurenceConstraintViolation'), 'OccurrenceConstraintViolation');
  });

  it('Part 4 §4.3: anything outside the table is read as GenericError', () => {
    for (const code of ['FormationViolation', 'formatviolation', '', ' GenericError', 'toString', '__proto__', 42, null, undefined, {}]) {
      assert.equal(readErrorCode(code), 'GenericError', String(code));
    }
  });
});

describe('ajv keyword → Part 4 code', () => {
  it('Part 4 §4.3: a missing or extra field, or too many/few items, is an OccurrenceConstraintViolation', () => {
    for (const keyword of [
      'required',
      'additionalProperties',
      'minItems',
      'maxItems',
      'additionalItems',
      'minProperties',
      'maxProperties',
    ]) {
      assert.equal(KEYWORD_TO_CODE[keyword], 'OccurrenceConstraintViolation', keyword);
    }
  });

  it('Part 4 §4.3: a wrong JSON type is a TypeConstraintViolation', () => {
    assert.equal(KEYWORD_TO_CODE.type, 'TypeConstraintViolation');
  });

  it('Part 4 §4.3: a value outside its enum, length, range or format is a PropertyConstraintViolation', () => {
    for (const keyword of [
      'enum',
      'const',
      'maxLength',
      'minLength',
      'maximum',
      'minimum',
      'exclusiveMaximum',
      'exclusiveMinimum',
      'multipleOf',
      'pattern',
      'format',
      'uniqueItems',
    ]) {
      assert.equal(KEYWORD_TO_CODE[keyword], 'PropertyConstraintViolation', keyword);
    }
  });

  it('Part 4 §4.3: every code in the keyword table is one of the 12 Part 4 codes', () => {
    for (const [keyword, code] of Object.entries(KEYWORD_TO_CODE)) {
      assert.ok(PART4_TABLE_8.includes(code), `${keyword} → ${code}`);
    }
  });
});

describe('OcppError', () => {
  it('Part 4 §4.2.3: toCallError gives the 5 elements, "" and {} when empty', () => {
    assert.deepEqual(new OcppError('NotSupported').toCallError('m'), [4, 'm', 'NotSupported', '', {}]);
  });

  it('Part 4 §4.2.3: toCallError keeps description and details, cutting the description to 255 characters', () => {
    const error = new OcppError('SecurityError', 's'.repeat(256), { why: 'x' });
    const [, , code, description, details] = error.toCallError('-1');
    assert.equal(code, 'SecurityError');
    assert.equal(description.length, 255);
    assert.deepEqual(details, { why: 'x' });
  });

  it('OcppError is an Error named OcppError whose message starts with its code', () => {
    const error = new OcppError('GenericError', 'boom');
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'OcppError');
    assert.equal(error.message, 'GenericError: boom');
    assert.equal(new OcppError('InternalError').message, 'InternalError');
  });

  it('LocalCallError carries a stable OCPP_ERR_* code and the violation when there is one', () => {
    const violation = new OcppError('TypeConstraintViolation', '/interval must be integer');
    const error = new LocalCallError('OCPP_ERR_INVALID_RESPONSE', 'bad response', violation);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'LocalCallError');
    assert.equal(error.code, 'OCPP_ERR_INVALID_RESPONSE');
    assert.equal(error.violation, violation);
    assert.ok(!(error instanceof OcppError), 'a local failure is never a protocol error');
  });
});
