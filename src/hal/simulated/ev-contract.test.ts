import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { defaultDescription } from '../../description/station-description.js';
import type { HardwareEvent } from '../hardware.js';
import { CONTRACT_DELAY_MS } from './ev-contract.js';
import { SimulatedHardware } from './simulated-hardware.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const ISO_EV = { protocol: 'ISO15118-2', emaid: 'NLTSTC000000001', contractCertificateChain: PEM } as const;

function make() {
  const clock = new FakeClock();
  const hw = new SimulatedHardware(defaultDescription(1), { clock, evResponseMs: 0 });
  const events: HardwareEvent[] = [];
  hw.subscribe((e) => events.push(e));
  return { clock, hw, events, of: (type: HardwareEvent['type']) => events.filter((e) => e.type === type) };
}

describe('the simulated EV’s ISO 15118 session', () => {
  it('C07: an ISO 15118 EV with a contract presents it a moment after plug-in, on the clock', () => {
    const { clock, hw, of } = make();
    hw.plug(1, 1, ISO_EV);
    assert.deepEqual(of('contract'), []);
    clock.advance(CONTRACT_DELAY_MS);
    assert.deepEqual(of('contract'), [{ type: 'contract', evseId: 1, emaid: ISO_EV.emaid, certificateChain: PEM }]);
    hw.close();
  });

  it('an IEC 61851 EV, an ISO 15118 EV without a contract, or one gone before the moment, presents none', () => {
    const { clock, hw, of } = make();
    hw.plug(1, 1, { protocol: 'IEC61851' });
    clock.advance(CONTRACT_DELAY_MS);
    hw.unplug(1);
    hw.plug(1, 1, { protocol: 'ISO15118-20' });
    clock.advance(CONTRACT_DELAY_MS);
    hw.unplug(1);
    hw.plug(1, 1, ISO_EV);
    hw.unplug(1);
    clock.advance(CONTRACT_DELAY_MS);
    assert.deepEqual(of('contract'), []);
    hw.close();
  });

  it('C07/C01: an ISO 15118 EV draws only once its session is authorized; an IEC 61851 EV needs no session', async () => {
    const iso = make();
    iso.hw.plug(1, 1, ISO_EV);
    await iso.hw.setContactor(1, true);
    assert.equal(iso.hw.evDrawing(1), false, 'not authorized yet');
    iso.hw.authorizationResult(1, false);
    assert.equal(iso.hw.evDrawing(1), false, 'refused');
    iso.hw.authorizationResult(1, true);
    assert.equal(iso.hw.evDrawing(1), false, 'authorized, but no schedule chosen yet (K15)');
    iso.hw.offerSchedules(1, [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] }]);
    assert.equal(iso.hw.evDrawing(1), true, 'authorized and following its schedule');
    assert.deepEqual(iso.of('ev').at(-1), { type: 'ev', evseId: 1, drawing: true });
    iso.hw.unplug(1);
    iso.hw.plug(1, 1, ISO_EV);
    assert.equal(iso.hw.evDrawing(1), false, 'a new session is authorized anew');
    iso.hw.close();
    const iec = make();
    iec.hw.plug(1, 1, { protocol: 'IEC61851' });
    await iec.hw.setContactor(1, true);
    assert.equal(iec.hw.evDrawing(1), true);
    iec.hw.close();
  });

  it('E15: evStopsSession sends sessionStop and the EV stops drawing; without an ISO 15118 EV it throws', async () => {
    const { hw, of } = make();
    hw.plug(1, 1, ISO_EV);
    await hw.setContactor(1, true);
    hw.authorizationResult(1, true);
    hw.evStopsSession(1);
    assert.deepEqual(of('sessionStop'), [{ type: 'sessionStop', evseId: 1 }]);
    assert.equal(hw.evDrawing(1), false);
    hw.unplug(1);
    assert.throws(() => hw.evStopsSession(1), /no EV is plugged/);
    hw.plug(1, 1, { protocol: 'IEC61851' });
    assert.throws(() => hw.evStopsSession(1), /no ISO 15118 session/);
    hw.close();
  });
});
