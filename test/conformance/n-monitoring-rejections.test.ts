// Part 6 block N (diagnostics), monitoring requests the station refuses, in Part 6 order; each case
// on its own station, concurrently. The station supports every MonitoringCriterionEnumType and
// MonitoringBaseEnumType value, so the "configured unsupported" value of TC_N_04/TC_N_07 can only be
// one outside the enum; as their Part 6 note says, the schema check catches it before N02.FR.02 /
// N03.FR.02 could answer NotSupported. A value the schema does not allow in a well-formed payload is
// a PropertyConstraintViolation (Part 4 §4.3, Table 8). The tool sends these without checking them
// (callUnchecked). Configured values: evse 1, severity 5.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { quiescent, withStation } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

/** Not a MonitoringCriterionEnumType value. */
const UNSUPPORTED_CRITERION = 'FaultMonitoring';
/** Not a MonitoringBaseEnumType value. */
const UNSUPPORTED_BASE = 'CustomOnly';

describe('Part 6 N – Monitoring requests refused', { concurrency: 4 }, () => {
  it('TC_N_04_CS – Get Monitoring Report - for unknown component criteria', () =>
    withStation(csms, 'CONF-N04', [], async (cs) => {
      const requestId = 4;
      const error = await cs.link.callUnchecked('GetMonitoringReport', {
        requestId,
        monitoringCriteria: ['DeltaMonitoring', UNSUPPORTED_CRITERION],
      });
      assert.equal(error.code, 'PropertyConstraintViolation', 'step 1: CALLERROR PropertyConstraintViolation');
      assert.match(error.description, /monitoringCriteria/, 'step 1: the CALLERROR names the field');
      await quiescent(cs);
      assert.equal(
        cs.link.received('NotifyMonitoringReport').filter((p) => p.requestId === requestId).length,
        0,
        'nothing reported for the refused request',
      );
    }));

  it('TC_N_07_CS – Set Monitoring Base - for unknown base type', () =>
    withStation(csms, 'CONF-N07', [], async (cs) => {
      const error = await cs.link.callUnchecked('SetMonitoringBase', { monitoringBase: UNSUPPORTED_BASE });
      assert.equal(error.code, 'PropertyConstraintViolation', 'step 2: CALLERROR PropertyConstraintViolation');
      assert.match(error.description, /monitoringBase/, 'step 2: the CALLERROR names the field');
    }));

  it('TC_N_38_CS – Set Variable Monitoring - Not supported MonitorType', () =>
    withStation(csms, 'CONF-N38', [], async (cs) => {
      // AvailabilityState is an OptionList: no threshold can be set on it (N04.FR.05).
      const res = (await cs.link.call('SetVariableMonitoring', {
        setMonitoringData: [
          {
            value: 1,
            type: 'UpperThreshold',
            severity: 5,
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'AvailabilityState' },
          },
        ],
      })) as Json;
      const [r] = res.setMonitoringResult as Json[];
      assert.match(String(r?.status), /^(UnsupportedMonitorType|Rejected)$/, 'step 2: status UnsupportedMonitorType or Rejected');
      assert.deepEqual(
        [r?.type, (r?.component as Json | undefined)?.name, (r?.variable as Json | undefined)?.name],
        ['UpperThreshold', 'EVSE', 'AvailabilityState'],
        'step 2: type, component and variable echoed',
      );
    }));
});
