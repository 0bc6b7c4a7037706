import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLimit, registerCount, type LimitEncoding } from './register-format.js';

const watts = (words: number[], encoding: LimitEncoding) => decodeLimit(words, encoding);

/** The two registers (high word first) of an IEEE 754 single. */
function f32(value: number): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return [view.getUint16(0), view.getUint16(2)];
}

describe('Modbus EMS register decoding', () => {
  it('u16: the register value times the scale, in whole watts', () => {
    assert.equal(watts([4200], { format: 'u16', scaleW: 1 }), 4200);
    assert.equal(watts([420], { format: 'u16', scaleW: 10 }), 4200);
    assert.equal(watts([4], { format: 'u16', scaleW: 1000 }), 4000, 'kW');
    assert.equal(watts([37], { format: 'u16', scaleW: 0.1 }), 4, '0.1 W units, rounded to whole watts');
    assert.equal(watts([0], { format: 'u16', scaleW: 1 }), 0, '0 W is a limit (stop charging), not "no limit"');
    assert.equal(watts([0xfffe], { format: 'u16', scaleW: 1 }), 65_534);
  });

  it('s16: two’s complement; a negative value means no limit', () => {
    assert.equal(watts([11_000], { format: 's16', scaleW: 1 }), 11_000);
    assert.equal(watts([0xffff], { format: 's16', scaleW: 1 }), null, '-1');
    assert.equal(watts([0x8000], { format: 's16', scaleW: 1 }), null, '-32768');
    assert.equal(watts([0x7fff], { format: 's16', scaleW: 1 }), 32_767);
  });

  it('u32 and s32: the high word first', () => {
    assert.equal(watts([0x0001, 0x0000], { format: 'u32', scaleW: 1 }), 65_536);
    assert.equal(watts([0x0001, 0x86a0], { format: 'u32', scaleW: 1 }), 100_000);
    assert.equal(watts([0x0000, 0x0fa0], { format: 's32', scaleW: 1 }), 4000);
    assert.equal(watts([0xffff, 0xf060], { format: 's32', scaleW: 1 }), null, '-4000');
    assert.equal(watts([0x7fff, 0xffff], { format: 's32', scaleW: 1 }), 2_147_483_647);
  });

  it('f32: an IEEE 754 single, high word first; NaN, infinite or negative means no limit', () => {
    assert.deepEqual(f32(4.2), [0x4086, 0x6666]);
    assert.equal(watts(f32(4.2), { format: 'f32', scaleW: 1000 }), 4200, 'kW as a float');
    assert.equal(watts(f32(3680.5), { format: 'f32', scaleW: 1 }), 3681);
    assert.equal(watts(f32(Number.NaN), { format: 'f32', scaleW: 1 }), null);
    assert.equal(watts(f32(Number.POSITIVE_INFINITY), { format: 'f32', scaleW: 1 }), null);
    assert.equal(watts(f32(-1), { format: 'f32', scaleW: 1 }), null);
  });

  it('u32, s32 and f32 low word first: the same values with the two registers swapped', () => {
    assert.equal(watts([0x86a0, 0x0001], { format: 'u32', scaleW: 1, wordOrder: 'low-first' }), 100_000);
    assert.equal(
      watts([0x0000, 0x0001], { format: 'u32', scaleW: 1, wordOrder: 'low-first' }),
      65_536,
      'the second register is the high word',
    );
    assert.equal(watts([0x0fa0, 0x0000], { format: 's32', scaleW: 1, wordOrder: 'low-first' }), 4000);
    assert.equal(watts([0xf060, 0xffff], { format: 's32', scaleW: 1, wordOrder: 'low-first' }), null, '-4000');
    assert.equal(watts(f32(4.2).reverse(), { format: 'f32', scaleW: 1000, wordOrder: 'low-first' }), 4200);
    assert.equal(watts([0x0000, 0x7fc0], { format: 'f32', scaleW: 1, wordOrder: 'low-first' }), null, 'the NaN "no limit" pattern');
    assert.equal(
      watts([0x2710, 0x0000], { format: 'u32', scaleW: 1, none: 10_000, wordOrder: 'low-first' }),
      null,
      'none is the value, not the words',
    );
    assert.equal(watts([0x0001, 0x86a0], { format: 'u32', scaleW: 1, wordOrder: 'high-first' }), 100_000, 'high-first said outright');
    assert.equal(watts([4200], { format: 'u16', scaleW: 1, wordOrder: 'low-first' }), 4200, 'one register: no order to apply');
  });

  it('the "no limit" pattern: all ones for unsigned formats by default, or the one configured', () => {
    assert.equal(watts([0xffff], { format: 'u16', scaleW: 1 }), null);
    assert.equal(watts([0xffff, 0xffff], { format: 'u32', scaleW: 1 }), null);
    assert.equal(watts([0x7fc0, 0x0000], { format: 'f32', scaleW: 1 }), null);
    assert.equal(watts([0xffff], { format: 'u16', scaleW: 1, none: 0 }), 65_535, 'another pattern configured: 0xFFFF is a value');
    assert.equal(watts([0], { format: 'u16', scaleW: 1, none: 0 }), null, 'and 0 means no limit');
    assert.equal(watts([0x0000, 0x2710], { format: 'u32', scaleW: 1, none: 10_000 }), null, 'compared before scaling');
  });

  it('a format takes one register or two; any other number of words, or a word out of range, is a RangeError', () => {
    assert.deepEqual((['u16', 's16', 'u32', 's32', 'f32'] as const).map(registerCount), [1, 1, 2, 2, 2]);
    assert.throws(() => watts([1, 2], { format: 'u16', scaleW: 1 }), RangeError);
    assert.throws(() => watts([1], { format: 'u32', scaleW: 1 }), RangeError);
    assert.throws(() => watts([0x10000], { format: 'u16', scaleW: 1 }), RangeError);
    assert.throws(() => watts([-1], { format: 'u16', scaleW: 1 }), RangeError);
  });
});
