// Part 6 block P (DataTransfer, CustomData), charging-station cases, on one station.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONFIGURED, chargingProfile, limitApplied, wattsOf } from './support/charging-profiles-set.js';
import { type Booted, booted } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;

before(async () => {
  await csms.listen();
  cs = await booted(csms, { id: 'CONF-P' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
});

describe('Part 6 P – DataTransfer', () => {
  it('TC_P_01_CS – Data Transfer to the Charging Station - Rejected / Unknown VendorId / Unknown MessageId', async () => {
    const res = (await cs.link.call('DataTransfer', { vendorId: 'org.openchargealliance.octt', messageId: 'P01' })) as Json;
    assert.match(
      String(res.status),
      /^(UnknownVendorId|UnknownMessageId|Rejected)$/,
      'step 2: DataTransferResponse status UnknownVendorId, UnknownMessageId or Rejected',
    );
  });

  it('TC_P_03_CS – CustomData - Receive custom data', async () => {
    const customData = { vendorId: 'org.openchargealliance.octt', note: 'P03' };
    const set = (await cs.link.call('SetVariables', {
      customData,
      setVariableData: [
        {
          customData,
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'OfflineThreshold' },
          attributeValue: '200',
          attributeType: 'Actual',
        },
      ],
    })) as { setVariableResult: Json[] };
    assert.equal(set.setVariableResult[0]!.attributeStatus, 'Accepted', 'step 2: SetVariablesResponse attributeStatus Accepted');
    const got = (await cs.link.call('GetVariables', {
      customData,
      getVariableData: [
        { customData, component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeType: 'Actual' },
      ],
    })) as { getVariableResult: Json[] };
    const r = got.getVariableResult[0]!;
    assert.equal(r.attributeStatus, 'Accepted', 'step 4: GetVariablesResponse attributeStatus Accepted');
    assert.ok(r.attributeType === undefined || r.attributeType === 'Actual', 'step 4: attributeType Actual or omitted');
    assert.equal(r.attributeValue, '200', 'step 4: attributeValue 200');
  });

  it('TC_P_04_CS – CustomData - Able to receive customData - ChargingProfile', async () => {
    const customData = { vendorId: 'org.openchargealliance.octt', note: 'P04' };
    const profile = chargingProfile({ id: 104, purpose: 'TxDefaultProfile', duration: CONFIGURED.duration });
    const [schedule] = profile.chargingSchedule as Json[];
    const [period] = schedule!.chargingSchedulePeriod as Json[];
    const res = (await cs.link.call('SetChargingProfile', {
      evseId: CONFIGURED.evseId,
      chargingProfile: {
        ...profile,
        customData,
        chargingSchedule: [{ ...schedule, chargingSchedulePeriod: [{ ...period, customData }] }],
      },
    })) as Json;
    assert.equal(res.status, 'Accepted', `step 2: SetChargingProfileResponse status Accepted (${JSON.stringify(res.statusInfo)})`);
    // The profile is in force as without customData: 6 A on the configured phases.
    await limitApplied(cs, CONFIGURED.evseId, wattsOf(6), 'after step 2: the profile is in force');
    const cleared = (await cs.link.call('ClearChargingProfile', { chargingProfileId: 104 })) as Json;
    assert.equal(cleared.status, 'Accepted', 'after the case: ClearChargingProfileResponse status Accepted');
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, []);
  });
});
