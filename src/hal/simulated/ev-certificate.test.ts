import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../clock/fake-clock.js';
import { defaultDescription } from '../../description/station-description.js';
import type { HardwareEvent } from '../hardware.js';
import { SimulatedHardware } from './simulated-hardware.js';

function make() {
  const clock = new FakeClock();
  const hw = new SimulatedHardware(defaultDescription(1), { clock });
  const requests: Extract<HardwareEvent, { type: 'certificateRequest' }>[] = [];
  hw.subscribe((e) => {
    if (e.type === 'certificateRequest') requests.push(e);
  });
  return { clock, hw, requests };
}

describe('M01/M02 the simulated EV asks for its contract certificate', () => {
  it('M01.FR.01 – an ISO 15118 EV without a contract asks Install a moment after plug-in, with base64 EXI', () => {
    const { clock, hw, requests } = make();
    hw.plug(1, 1, { protocol: 'ISO15118-2', requestsContractInstall: true });
    assert.equal(requests.length, 0, 'not at the plug itself');
    clock.advance(200);
    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request?.action, 'Install');
    assert.equal(request?.iso15118SchemaVersion, 'urn:iso:15118:2:2013:MsgDef');
    assert.equal(Buffer.from(request?.exiRequest ?? '', 'base64')[0], 0x80, 'an EXI stream header');
  });

  it('M02.FR.01 – an EV holding a contract certificate asks Update', () => {
    const { clock, hw, requests } = make();
    const chain = '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----';
    hw.plug(1, 1, { protocol: 'ISO15118-20', requestsContractInstall: true, contractCertificateChain: chain });
    clock.advance(200);
    assert.equal(requests[0]?.action, 'Update');
    assert.equal(requests[0]?.iso15118SchemaVersion, 'urn:iso:std:iso:15118:-20:CommonMessages');
  });

  it('an IEC 61851 EV, an EV not set to ask, or one unplugged before it asks sends nothing', () => {
    const { clock, hw, requests } = make();
    hw.plug(1, 1, { protocol: 'IEC61851' });
    clock.advance(1000);
    hw.unplug(1);
    hw.plug(1, 1, { protocol: 'ISO15118-2', requestsContractInstall: false });
    clock.advance(1000);
    hw.unplug(1);
    hw.plug(1, 1, { protocol: 'ISO15118-2', requestsContractInstall: true });
    hw.unplug(1);
    clock.advance(1000);
    assert.deepEqual(requests, []);
  });

  it('deliverCertificate records the answer per EVSE', () => {
    const { clock, hw } = make();
    assert.equal(hw.evCertificate(1), null);
    hw.plug(1, 1, { protocol: 'ISO15118-2', requestsContractInstall: true });
    clock.advance(200);
    hw.deliverCertificate(1, 'Accepted', 'gAE=');
    assert.deepEqual(hw.evCertificate(1), {
      action: 'Install',
      status: 'Accepted',
      exiResponse: 'gAE=',
      at: new Date(clock.now()).toISOString(),
    });
    assert.throws(() => hw.deliverCertificate(9, 'Failed', ''), RangeError);
  });
});
