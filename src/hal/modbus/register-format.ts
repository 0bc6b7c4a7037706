// How an energy manager's power limit sits in Modbus holding registers: one 16-bit register or
// two (high word first, the usual Modbus order for 32-bit values, or low word first as many meters
// and gateways send them), as an integer or an IEEE 754 float, in units of `scaleW` watts. A
// register pattern that means "no limit" clears the limit.

export const REGISTER_FORMATS = ['u16', 's16', 'u32', 's32', 'f32'] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

/**
 * The raw pattern that means "no value" unless the configuration names another: SunSpec's
 * "not implemented" values, which EMS and gateway vendors commonly reuse for "no limit".
 */
export const DEFAULT_NONE: Readonly<Record<RegisterFormat, number>> = {
  u16: 0xffff,
  s16: 0x8000,
  u32: 0xffffffff,
  s32: 0x80000000,
  f32: 0x7fc00000,
};

/** Which of the two registers of a 32-bit value holds its high 16 bits. */
export const WORD_ORDERS = ['high-first', 'low-first'] as const;
export type WordOrder = (typeof WORD_ORDERS)[number];

/** How many holding registers a value of the format takes. */
export function registerCount(format: RegisterFormat): 1 | 2 {
  return format.endsWith('16') ? 1 : 2;
}

export interface LimitEncoding {
  format: RegisterFormat;
  /** Watts per unit of the register value: 1 for W, 10 for daW, 1000 for kW. */
  scaleW: number;
  /** The raw register pattern (unsigned) that means "no limit"; DEFAULT_NONE of the format without it. */
  none?: number;
  /** The order of the two registers of a 32-bit format; high-first without it. */
  wordOrder?: WordOrder;
}

/**
 * The limit in whole watts, or null for "no limit": the `none` pattern, a negative value, or a
 * float that is not finite. Throws a RangeError when the words are not what the format needs.
 */
export function decodeLimit(words: readonly number[], encoding: LimitEncoding): number | null {
  const { format, scaleW } = encoding;
  const count = registerCount(format);
  if (words.length !== count || words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffff))
    throw new RangeError(`${format} needs ${count} register value(s) of 0 to 65535, got [${words.join(', ')}]`);
  const [first, second] = [words[0]!, words[1]!];
  const raw = count === 1 ? first : encoding.wordOrder === 'low-first' ? second * 0x10000 + first : first * 0x10000 + second;
  if (raw === (encoding.none ?? DEFAULT_NONE[format])) return null;
  const value = numberOf(raw, format);
  if (!Number.isFinite(value) || value < 0) return null;
  return Math.round(value * scaleW);
}

function numberOf(raw: number, format: RegisterFormat): number {
  switch (format) {
    case 'u16':
    case 'u32':
      return raw;
    case 's16':
      return raw >= 0x8000 ? raw - 0x10000 : raw;
    case 's32':
      return raw | 0;
    case 'f32': {
      const bytes = new DataView(new ArrayBuffer(4));
      bytes.setUint32(0, raw);
      return bytes.getFloat32(0);
    }
    default:
      return format satisfies never;
  }
}
