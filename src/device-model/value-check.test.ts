import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkValue, splitList } from './value-check.js';

describe('B05 value checks', () => {
  it('B05.FR.07 rejects values not formatted for the data type', () => {
    assert.equal(checkValue('12a', { dataType: 'integer', supportsMonitoring: false })?.reasonCode, 'InvalidValue');
    assert.equal(checkValue('1.5', { dataType: 'integer', supportsMonitoring: false })?.reasonCode, 'InvalidValue');
    assert.equal(checkValue('1.5', { dataType: 'decimal', supportsMonitoring: false }), undefined);
    assert.equal(checkValue('yes', { dataType: 'boolean', supportsMonitoring: false })?.reasonCode, 'InvalidValue');
    assert.equal(checkValue('2024-13-01', { dataType: 'dateTime', supportsMonitoring: false })?.reasonCode, 'InvalidValue');
    assert.equal(checkValue('2024-05-01T10:00:00Z', { dataType: 'dateTime', supportsMonitoring: false }), undefined);
  });

  it('B05.FR.08 rejects numbers outside minLimit..maxLimit', () => {
    const c = { dataType: 'integer', minLimit: 1, maxLimit: 10, supportsMonitoring: false } as const;
    assert.equal(checkValue('0', c)?.reasonCode, 'ValueTooLow');
    assert.equal(checkValue('11', c)?.reasonCode, 'ValueTooHigh');
    assert.equal(checkValue('10', c), undefined);
  });

  it('B05.FR.07 checks list values against valuesList', () => {
    const option = { dataType: 'OptionList', valuesList: 'LRU,FIFO', supportsMonitoring: false } as const;
    assert.equal(checkValue('LRU', option), undefined);
    assert.equal(checkValue('LRU,FIFO', option)?.reasonCode, 'InvalidValue');
    const members = { dataType: 'MemberList', valuesList: 'A,B,C', supportsMonitoring: false } as const;
    assert.equal(checkValue('C,A', members), undefined);
    assert.equal(checkValue('', members), undefined);
    assert.equal(checkValue('A,A', members)?.reasonCode, 'InvalidValue');
    assert.equal(checkValue('D', members)?.reasonCode, 'InvalidValue');
    const sequence = { dataType: 'SequenceList', valuesList: '0,1,2', supportsMonitoring: false } as const;
    assert.equal(checkValue('', sequence)?.reasonCode, 'InvalidValue');
    assert.equal(checkValue('2,0', sequence), undefined);
  });

  it('limits string length by maxLimit and by ConfigurationValueSize', () => {
    const c = { dataType: 'string', minLimit: 16, maxLimit: 40, supportsMonitoring: false } as const;
    assert.equal(checkValue('short', c)?.reasonCode, 'ValueTooLow');
    assert.equal(checkValue('x'.repeat(41), c)?.reasonCode, 'ValueTooHigh');
    assert.equal(checkValue('x'.repeat(20), c), undefined);
    assert.equal(checkValue('x'.repeat(20), c, 10)?.reasonCode, 'TooLargeElement');
  });

  it('splits comma-separated lists, trimming items', () => {
    assert.deepEqual(splitList(' a, b ,,c '), ['a', 'b', 'c']);
    assert.deepEqual(splitList(''), []);
  });
});
