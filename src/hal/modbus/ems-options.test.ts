import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmsUrlError, parseEmsUrl } from './ems-options.js';

describe('Modbus EMS URL', () => {
  it('every parameter given', () => {
    assert.deepEqual(
      parseEmsUrl(
        'tcp://ems.local:1502?unit=3&register=100&format=s32&scale=10&none=0x7fffffff&poll=2.5&evse=1&failsafe=4200&failsafe-after=5',
      ),
      {
        host: 'ems.local',
        port: 1502,
        unitId: 3,
        register: 100,
        format: 's32',
        scaleW: 10,
        none: 0x7fffffff,
        pollS: 2.5,
        evseId: 1,
        failsafeW: 4200,
        failsafeAfter: 5,
      },
    );
  });

  it('only the register given: port 502, unit 1, u16 in W, every second, for the station, no failsafe', () => {
    assert.deepEqual(parseEmsUrl('tcp://192.168.1.20?register=40100'), {
      host: '192.168.1.20',
      port: 502,
      unitId: 1,
      register: 40100,
      format: 'u16',
      scaleW: 1,
      pollS: 1,
      evseId: 0,
      failsafeAfter: 3,
    });
  });

  it('words=low-first or high-first for a 32-bit format: the word order', () => {
    assert.equal(parseEmsUrl('tcp://ems?register=1&format=f32&words=low-first').wordOrder, 'low-first');
    assert.equal(parseEmsUrl('tcp://ems?register=1&format=u32&words=high-first').wordOrder, 'high-first');
    assert.equal(parseEmsUrl('tcp://ems?register=1&format=s32').wordOrder, undefined, 'not given: high word first');
  });

  it('an IPv6 address, a trailing slash, hexadecimal integers', () => {
    const options = parseEmsUrl('tcp://[::1]:5020/?register=0x10&unit=0xff');
    assert.equal(options.host, '::1');
    assert.equal(options.port, 5020);
    assert.equal(options.register, 16);
    assert.equal(options.unitId, 255);
  });

  const bad: [string, RegExp][] = [
    ['not a url', /expected tcp:\/\/HOST\[:PORT\]\?register=N/],
    ['http://ems?register=1', /^http: only tcp:\/\/ \(Modbus TCP\)/],
    ['rtu://ems?register=1', /^rtu: only tcp:\/\//],
    ['tcp://?register=1', /expected tcp:\/\/|no host/],
    ['tcp://ems:70000?register=1', /expected tcp:\/\//],
    ['tcp://ems:0?register=1', /^port 0: expected a port from 1 to 65535/],
    ['tcp://user:pw@ems?register=1', /no user or password/],
    ['tcp://ems/100?unit=1', /^\/100: no path expected/],
    ['tcp://ems?register=1#x', /^#x: no fragment/],
    ['tcp://ems', /^register=N is missing/],
    ['tcp://ems?unit=1', /^register=N is missing/],
    ['tcp://ems?register=65536', /^register=65536: expected an integer from 0 to 65535/],
    ['tcp://ems?register=65535&format=u32', /^register=65535: expected an integer from 0 to 65534/],
    ['tcp://ems?register=-1', /^register=-1: expected an integer/],
    ['tcp://ems?register=1.5', /^register=1\.5: expected an integer/],
    ['tcp://ems?register=', /^register=: expected an integer/],
    ['tcp://ems?register=1&unit=256', /^unit=256: expected an integer from 0 to 255/],
    ['tcp://ems?register=1&format=u8', /^format=u8: expected one of u16, s16, u32, s32, f32/],
    ['tcp://ems?register=1&scale=0', /^scale=0: expected a number of watts per unit above 0/],
    ['tcp://ems?register=1&scale=-10', /^scale=-10: expected a number/],
    ['tcp://ems?register=1&scale=kW', /^scale=kW: expected a number/],
    ['tcp://ems?register=1&poll=0', /^poll=0: expected seconds from 0\.1 to 3600/],
    ['tcp://ems?register=1&poll=1h', /^poll=1h: expected seconds/],
    ['tcp://ems?register=1&evse=-1', /^evse=-1: expected an integer from 0 to 64/],
    ['tcp://ems?register=1&none=0x10000', /^none=0x10000: expected an integer from 0 to 65535/],
    ['tcp://ems?register=1&format=u32&none=0x100000000', /^none=0x100000000: expected an integer from 0 to 4294967295/],
    ['tcp://ems?register=1&format=u32&words=little', /^words=little: expected one of high-first, low-first/],
    ['tcp://ems?register=1&format=u32&words=', /^words=: expected one of high-first, low-first/],
    ['tcp://ems?register=1&words=low-first', /^words=low-first: format=u16 has one register, no word order/],
    ['tcp://ems?register=1&format=s16&words=high-first', /^words=high-first: format=s16 has one register/],
    ['tcp://ems?register=1&failsafe=lots', /^failsafe=lots: expected an integer/],
    ['tcp://ems?register=1&failsafe=4200&failsafe-after=0', /^failsafe-after=0: expected an integer from 1 to 1000/],
    ['tcp://ems?register=1&failsafe-after=3', /^failsafe-after without failsafe=W/],
    ['tcp://ems?register=1&register=2', /^register: given twice/],
    ['tcp://ems?register=1&reg=2', /^reg: unknown parameter \(unit, register, format/],
  ];
  for (const [url, message] of bad) {
    it(`refuses ${url} with a message that names the problem`, () => {
      assert.throws(
        () => parseEmsUrl(url),
        (error: unknown) => error instanceof EmsUrlError && message.test(error.message) && !error.message.includes('\n'),
      );
    });
  }
});
