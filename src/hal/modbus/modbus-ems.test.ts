// The Modbus TCP EMS input against a real Modbus TCP server on a local port: the driver's own
// timers run on a fake clock, its socket is real. After each poll the test waits for the driver
// to arm its next one, so every read has been answered and handled before it looks.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { defaultDescription } from '../../description/station-description.js';
import { TestEms } from '../../../test/support/modbus-ems-server.js';
import { waitFor } from '../../../test/support/wait.js';
import { runHardwareContract } from '../contract.js';
import type { Hardware, HardwareEvent } from '../hardware.js';
import { SimulatedHardware } from '../simulated/simulated-hardware.js';
import type { ModbusEmsOptions } from './ems-options.js';
import { withModbusEms } from './modbus-ems.js';

const POLL_MS = 1000;
const REGISTER = 100;
const NO_LIMIT_U16 = 0xffff;

// One EMS for the contract suite, its register saying "no limit".
const contractEms = await TestEms.start();
contractEms.set(REGISTER, 0xffff);
after(() => contractEms.stop());

runHardwareContract('SimulatedHardware behind a Modbus TCP EMS', () => {
  const clock = new FakeClock();
  const inner = new SimulatedHardware(defaultDescription(1), { clock });
  const hw = withModbusEms(inner, options(contractEms.port), clock);
  return {
    hw,
    clock,
    plug: (evseId) => inner.plug(evseId),
    unplug: (evseId) => inner.unplug(evseId),
    setEvDrawing: (evseId, drawing) => inner.setEv(evseId, { drawing }),
  };
});

function options(port: number, more: Partial<ModbusEmsOptions> = {}): ModbusEmsOptions {
  return {
    host: '127.0.0.1',
    port,
    unitId: 7,
    register: REGISTER,
    format: 'u16',
    scaleW: 1,
    pollS: POLL_MS / 1000,
    evseId: 0,
    failsafeAfter: 3,
    ...more,
  };
}

interface Driver {
  hw: Hardware;
  clock: FakeClock;
  /** The externalLimit events so far, as [evseId, limitW]. */
  limits(): [number, number | null][];
  /** Lets one poll interval pass and waits until that poll is over. */
  poll(): Promise<void>;
}

/** The driver over an idle simulated wallbox (no timers of its own), the first poll done. */
async function driver(port: number, more: Partial<ModbusEmsOptions> = {}): Promise<Driver> {
  const clock = new FakeClock();
  const hw = withModbusEms(new SimulatedHardware(defaultDescription(2), { clock }), options(port, more), clock);
  const events: HardwareEvent[] = [];
  hw.subscribe((e) => events.push(e));
  const settle = async (ms: number) => {
    clock.advance(ms);
    await waitFor(() => clock.delays().includes(POLL_MS), 'the next poll armed');
  };
  await settle(0);
  return {
    hw,
    clock,
    limits: () => events.flatMap((e) => (e.type === 'externalLimit' ? [[e.evseId, e.limitW] as [number, number | null]] : [])),
    poll: () => settle(POLL_MS),
  };
}

describe('Modbus TCP EMS: limits read from a holding register', () => {
  let ems: TestEms;
  before(async () => {
    ems = await TestEms.start();
  });
  after(() => ems.stop());

  it('K12.FR.01 – a limit in the register: one externalLimit event (EMS, station), read with the unit id configured; the same value again: no event', async () => {
    ems.set(REGISTER, 4000);
    const d = await driver(ems.port);
    try {
      const events: HardwareEvent[] = [];
      d.hw.subscribe((e) => events.push(e));
      await d.poll();
      assert.deepEqual(events, [], 'reported at the first poll already, not again');
      assert.deepEqual(d.limits(), [[0, 4000]]);
      assert.equal(ems.lastUnitId, 7);
      const reads = ems.reads;
      await d.poll();
      await d.poll();
      assert.equal(ems.reads, reads + 2, 'read every poll');
      assert.deepEqual(d.limits(), [[0, 4000]], 'an unchanged value is not reported again');
    } finally {
      d.hw.close();
    }
  });

  it('K11.FR.01/K13.FR.01 – a new value is one event; the "no limit" pattern or a negative value clears it (null), once', async () => {
    ems.set(REGISTER, 0xffff);
    const d = await driver(ems.port, { evseId: 2, format: 's16', none: 0x7fff, scaleW: 10 });
    try {
      assert.deepEqual(d.limits(), [[2, null]].slice(1), 'no limit at the start: nothing to report');
      ems.set(REGISTER, 420);
      await d.poll();
      ems.set(REGISTER, 600);
      await d.poll();
      ems.set(REGISTER, 0x7fff);
      await d.poll();
      await d.poll();
      ems.set(REGISTER, 100);
      await d.poll();
      ems.set(REGISTER, 0xfc18); // -1000
      await d.poll();
      assert.deepEqual(d.limits(), [
        [2, 4200],
        [2, 6000],
        [2, null],
        [2, 1000],
        [2, null],
      ]);
    } finally {
      d.hw.close();
    }
  });

  it('a 32-bit float in kW over two registers, high word first', async () => {
    ems.set(REGISTER, 0x4086, 0x6666); // 4.2
    const d = await driver(ems.port, { format: 'f32', scaleW: 1000 });
    try {
      assert.deepEqual(d.limits(), [[0, 4200]]);
    } finally {
      d.hw.close();
    }
  });

  it('words=low-first: a 32-bit value read from two registers, low word first', async () => {
    ems.set(REGISTER, 0x86a0, 0x0001); // 100 000 low word first; 2 258 698 241 high word first
    const d = await driver(ems.port, { format: 'u32', wordOrder: 'low-first' });
    try {
      assert.deepEqual(d.limits(), [[0, 100_000]]);
      ems.set(REGISTER, 0xffff, 0xffff); // the "no limit" pattern
      await d.poll();
      ems.set(REGISTER, 0x1770, 0x0000); // 6000
      await d.poll();
      assert.deepEqual(d.limits(), [
        [0, 100_000],
        [0, null],
        [0, 6000],
      ]);
    } finally {
      d.hw.close();
    }
  });

  it('a Modbus exception counts as a failed poll: the failsafe limit after failsafe-after of them, the value once it reads again', async () => {
    ems.set(REGISTER, 9000);
    const d = await driver(ems.port, { failsafeW: 4200, failsafeAfter: 3 });
    try {
      ems.refuse = true;
      await d.poll();
      await d.poll();
      assert.deepEqual(d.limits(), [[0, 9000]], 'the last limit holds for failsafe-after - 1 failed polls');
      await d.poll();
      await d.poll();
      assert.deepEqual(d.limits(), [
        [0, 9000],
        [0, 4200],
      ]);
      assert.equal(ems.connections, 1, 'an exception answer keeps the connection');
      ems.refuse = false;
      await d.poll();
      assert.deepEqual(d.limits().at(-1), [0, 9000], 'the value read replaces the failsafe limit');
    } finally {
      ems.refuse = false;
      d.hw.close();
    }
  });

  it('a listener that throws neither keeps the limit from the others nor stops the polling', async () => {
    ems.set(REGISTER, NO_LIMIT_U16);
    const d = await driver(ems.port);
    try {
      d.hw.subscribe(() => {
        throw new Error('a broken listener');
      });
      const seen: HardwareEvent[] = [];
      d.hw.subscribe((e) => seen.push(e));
      ems.set(REGISTER, 2500);
      await d.poll();
      ems.set(REGISTER, 3500);
      await d.poll();
      assert.deepEqual(
        seen.map((e) => e.type === 'externalLimit' && e.limitW),
        [2500, 3500],
      );
    } finally {
      d.hw.close();
    }
  });

  it('close() stops polling: no timer left, the connection closed, no more reads reach the EMS', async () => {
    ems.set(REGISTER, 5000);
    const d = await driver(ems.port);
    await d.poll();
    assert.equal(ems.connections, 1);
    d.hw.close();
    assert.equal(d.clock.pending, 0);
    await waitFor(() => ems.connections === 0, 'the EMS sees the connection closed');
    const reads = ems.reads;
    d.clock.advance(60 * POLL_MS);
    assert.equal(d.clock.pending, 0);
    assert.equal(ems.reads, reads);
  });
});

describe('Modbus TCP EMS: the EMS goes away and comes back', () => {
  it('the failsafe limit after failsafe-after failed polls; reconnected on its own, the value read replaces it', async () => {
    const ems = await TestEms.start();
    ems.set(REGISTER, 11_000);
    const d = await driver(ems.port, { failsafeW: 4200, failsafeAfter: 3 });
    try {
      assert.deepEqual(d.limits(), [[0, 11_000]]);
      await ems.stop();
      await d.poll();
      await d.poll();
      assert.deepEqual(d.limits(), [[0, 11_000]], 'two polls without the EMS: the last limit holds');
      await d.poll();
      assert.deepEqual(d.limits().at(-1), [0, 4200], 'the third: the failsafe limit');
      for (let i = 0; i < 5; i++) await d.poll();
      assert.equal(d.limits().length, 2, 'the failsafe limit is reported once');
      ems.set(REGISTER, 7000);
      await ems.restart();
      for (let i = 0; i < 20 && d.limits().length === 2; i++) await d.poll();
      assert.deepEqual(d.limits(), [
        [0, 11_000],
        [0, 4200],
        [0, 7000],
      ]);
    } finally {
      d.hw.close();
      await ems.stop();
    }
  });

  it('without a failsafe limit the last limit read stays while the EMS is away', async () => {
    const ems = await TestEms.start();
    ems.set(REGISTER, 6000);
    const d = await driver(ems.port);
    try {
      await ems.stop();
      for (let i = 0; i < 10; i++) await d.poll();
      assert.deepEqual(d.limits(), [[0, 6000]]);
    } finally {
      d.hw.close();
    }
  });

  it('connection attempts back off: 1, 2, then 4 polls apart while the EMS refuses connections', async () => {
    const ems = await TestEms.start();
    ems.set(REGISTER, 3000);
    const port = ems.port;
    await ems.stop();
    const d = await driver(port); // t = 0: the first attempt is refused
    try {
      await d.poll(); // t = 1 s: the second attempt, refused; the next one at t = 3 s
      await d.poll(); // t = 2 s: waits
      await d.poll(); // t = 3 s: the third attempt, refused; the next one at t = 7 s
      await ems.restart();
      for (let s = 4; s <= 6; s++) {
        await d.poll();
        assert.equal(ems.reads, 0, `t = ${s} s: no attempt yet`);
      }
      await d.poll(); // t = 7 s
      assert.deepEqual(d.limits(), [[0, 3000]]);
      assert.equal(ems.reads, 1);
    } finally {
      d.hw.close();
      await ems.stop();
    }
  });
});
