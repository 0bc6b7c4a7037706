// What the Modbus TCP energy-manager input needs to know, and how one URL spells it:
//   tcp://HOST[:PORT]?register=N[&unit=1][&format=u16][&scale=1][&none=N][&poll=1][&evse=0]
//                    [&words=high-first][&failsafe=W][&failsafe-after=3]

import { DEFAULT_NONE, REGISTER_FORMATS, type RegisterFormat, registerCount, WORD_ORDERS, type WordOrder } from './register-format.js';

export interface ModbusEmsOptions {
  host: string;
  /** 502, the Modbus TCP port, unless given. */
  port: number;
  /** The Modbus unit identifier of the EMS (1 unless given; gateways often use 0 or 255). */
  unitId: number;
  /** Protocol address (from 0) of the holding register, the first of two for 32-bit formats. */
  register: number;
  format: RegisterFormat;
  /** Watts per unit of the register value. */
  scaleW: number;
  /** The raw register pattern that means "no limit"; DEFAULT_NONE of the format unless given. */
  none?: number;
  /** The order of the two registers of a 32-bit format; high-first (the usual Modbus order) unless given. */
  wordOrder?: WordOrder;
  /** Seconds between two reads. */
  pollS: number;
  /** The EVSE the limit is for; 0 is the whole station. */
  evseId: number;
  /**
   * The limit, W, that holds while the EMS cannot be read (the failsafe limit of EEBus LPC and
   * §14a EnWG); without one, the last limit read stays.
   */
  failsafeW?: number;
  /** Consecutive polls without a reading (read errors, no link) before the failsafe limit applies. */
  failsafeAfter: number;
}

/** A URL that does not describe a Modbus EMS input; the message names the part that is wrong. */
export class EmsUrlError extends Error {
  override readonly name = 'EmsUrlError';
}

const PARAMETERS = ['unit', 'register', 'format', 'scale', 'none', 'words', 'poll', 'evse', 'failsafe', 'failsafe-after'] as const;
type Parameter = (typeof PARAMETERS)[number];

export function parseEmsUrl(text: string): ModbusEmsOptions {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EmsUrlError('expected tcp://HOST[:PORT]?register=N&...');
  }
  if (url.protocol !== 'tcp:') throw new EmsUrlError(`${url.protocol.slice(0, -1)}: only tcp:// (Modbus TCP) is supported`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new EmsUrlError('no host: expected tcp://HOST[:PORT]?register=N&...');
  if (url.username || url.password) throw new EmsUrlError('Modbus TCP has no user or password');
  if (url.pathname !== '' && url.pathname !== '/') throw new EmsUrlError(`${url.pathname}: no path expected, the register is a parameter`);
  if (url.hash) throw new EmsUrlError(`${url.hash}: no fragment expected`);
  if (url.port === '0') throw new EmsUrlError('port 0: expected a port from 1 to 65535');

  const given = parameters(url.searchParams);
  const format = given.format ?? 'u16';
  if (!(REGISTER_FORMATS as readonly string[]).includes(format))
    throw new EmsUrlError(`format=${format}: expected one of ${REGISTER_FORMATS.join(', ')}`);
  const registerFormat = format as RegisterFormat;
  if (given.register === undefined) throw new EmsUrlError('register=N is missing: the holding register of the limit');
  const options: ModbusEmsOptions = {
    host,
    port: url.port === '' ? 502 : Number(url.port),
    unitId: integer('unit', given.unit ?? '1', 0, 255),
    register: integer('register', given.register, 0, 0x10000 - registerCount(registerFormat)),
    format: registerFormat,
    scaleW: positive('scale', given.scale ?? '1'),
    pollS: seconds('poll', given.poll ?? '1'),
    evseId: integer('evse', given.evse ?? '0', 0, 64),
    failsafeAfter: integer('failsafe-after', given['failsafe-after'] ?? '3', 1, 1000),
  };
  if (given.none !== undefined) options.none = integer('none', given.none, 0, DEFAULT_NONE[registerFormat] > 0xffff ? 0xffffffff : 0xffff);
  if (given.words !== undefined) {
    if (!(WORD_ORDERS as readonly string[]).includes(given.words))
      throw new EmsUrlError(`words=${given.words}: expected one of ${WORD_ORDERS.join(', ')}`);
    // Said of a one-register format, the order would be silently meaningless: most likely the format is wrong.
    if (registerCount(registerFormat) === 1)
      throw new EmsUrlError(`words=${given.words}: format=${registerFormat} has one register, no word order`);
    options.wordOrder = given.words as WordOrder;
  }
  if (given.failsafe !== undefined) options.failsafeW = integer('failsafe', given.failsafe, 0, 10_000_000);
  else if (given['failsafe-after'] !== undefined) throw new EmsUrlError('failsafe-after without failsafe=W: no limit to fall back to');
  return options;
}

function parameters(search: URLSearchParams): Partial<Record<Parameter, string>> {
  const given: Partial<Record<Parameter, string>> = {};
  for (const [name, value] of search) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw new EmsUrlError(`${name}: unknown parameter (${PARAMETERS.join(', ')})`);
    if (given[name as Parameter] !== undefined) throw new EmsUrlError(`${name}: given twice`);
    given[name as Parameter] = value;
  }
  return given;
}

/** A decimal or 0x-hexadecimal integer. */
function integer(name: string, text: string, min: number, max: number): number {
  const value = /^(\d+|0x[0-9a-f]+)$/i.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new EmsUrlError(`${name}=${text}: expected an integer from ${min} to ${max}`);
  return value;
}

function positive(name: string, text: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 1_000_000)) throw new EmsUrlError(`${name}=${text}: expected a number of watts per unit above 0`);
  return value;
}

function seconds(name: string, text: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0.1 && value <= 3600)) throw new EmsUrlError(`${name}=${text}: expected seconds from 0.1 to 3600`);
  return value;
}
