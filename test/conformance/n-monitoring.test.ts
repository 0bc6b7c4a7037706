// Part 6 block N (diagnostics), the variable-monitoring cases (N02–N08), in Part 6 order; each
// case on its own station, concurrently. Configured values: evseId 1, severity 5, the threshold
// variable EVSE Power (maxLimit 22000), the delta variable EVSE AvailabilityState. The station's
// preconfigured monitor is EVSE Problem Delta (not AvailabilityState, see TC_N_41).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent, withStation } from './support/states.js';
import { stopAuthorizedLocal, txOf } from './support/stop-authorized.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const SEVERITY = 5;
const EVSE = { name: 'EVSE', evse: { id: 1 } };
const STATION = { name: 'ChargingStation' };
const STATE = { name: 'AvailabilityState' };
const POWER = { name: 'Power' };
const delta = (component: Json, severity = SEVERITY, extra: Json = {}): Json => ({
  value: 1,
  type: 'Delta',
  severity,
  component,
  variable: STATE,
  ...extra,
});
const threshold = (type: 'UpperThreshold' | 'LowerThreshold', value: number, extra: Json = {}): Json => ({
  value,
  type,
  severity: SEVERITY,
  component: EVSE,
  variable: POWER,
  ...extra,
});

async function setMonitoring(cs: Booted, data: Json[]): Promise<Json[]> {
  const res = (await cs.link.call('SetVariableMonitoring', { setMonitoringData: data })) as Json;
  return res.setMonitoringResult as Json[];
}

let requestIds = 1;
/** GetMonitoringReport; when Accepted every NotifyMonitoringReport part (seqNo from 0, until no tbc), their monitors joined. */
async function monitoringReport(cs: Booted, request: Json, step: number): Promise<{ status: string; monitor: Json[] }> {
  const requestId = requestIds++;
  const res = (await cs.link.call('GetMonitoringReport', { requestId, ...request })) as Json;
  const status = String(res.status);
  if (status !== 'Accepted') return { status, monitor: [] };
  const monitor: Json[] = [];
  for (let seqNo = 0; ; seqNo++) {
    const part = await cs.link.next('NotifyMonitoringReport', (p) => p.requestId === requestId);
    assert.equal(part.seqNo, seqNo, `step ${step + 1}: NotifyMonitoringReportRequest seqNo ${seqNo}`);
    monitor.push(...((part.monitor as Json[] | undefined) ?? []));
    if (part.tbc !== true) return { status, monitor };
  }
}
const monitorsOf = (report: { monitor: Json[] }): Json[] => report.monitor.flatMap((m) => m.variableMonitoring as Json[]);
const onVariable = (component: Json, variable: Json): Json => ({ component, variable });
const nameOf = (x: unknown): unknown => (x as Json | undefined)?.name;

describe('Part 6 N – Variable monitoring', { concurrency: 4 }, () => {
  it('TC_N_01_CS – Get Monitoring Report - with monitoringCriteria', () =>
    withStation(csms, 'CONF-N01', [], async (cs) => {
      const set = await setMonitoring(cs, [
        threshold('LowerThreshold', 100),
        threshold('UpperThreshold', 11000),
        delta(EVSE),
        delta(EVSE, SEVERITY, { type: 'Periodic', value: 3600 }),
        delta(STATION, SEVERITY, { type: 'PeriodicClockAligned', value: 3600 }),
      ]);
      assert.ok(
        set.every((r) => r.status === 'Accepted'),
        'configuration state: one monitor of each type',
      );
      for (const [step, criteria, types] of [
        [2, ['ThresholdMonitoring'], ['UpperThreshold', 'LowerThreshold']],
        [6, ['ThresholdMonitoring', 'DeltaMonitoring'], ['UpperThreshold', 'LowerThreshold', 'Delta']],
        [10, ['DeltaMonitoring', 'PeriodicMonitoring'], ['Delta', 'Periodic', 'PeriodicClockAligned']],
      ] as const) {
        const report = await monitoringReport(cs, { monitoringCriteria: criteria }, step);
        assert.equal(report.status, 'Accepted', `step ${step}: GetMonitoringReportResponse status Accepted`);
        const reported = new Set(monitorsOf(report).map((m) => String(m.type)));
        assert.ok(
          [...reported].every((t) => (types as readonly string[]).includes(t)),
          `step ${step + 1}: only ${types.join('/')} monitors, got ${[...reported].join(',')}`,
        );
        for (const t of types) assert.ok(reported.has(t), `step ${step + 1}: the ${t} monitor is reported`);
      }
    }));

  it('TC_N_02_CS – Get Monitoring Report - with component/variable', () =>
    withStation(csms, 'CONF-N02', [], async (cs) => {
      await setMonitoring(cs, [delta(STATION), delta(EVSE)]);
      const report = await monitoringReport(cs, { componentVariable: [onVariable(STATION, STATE), { component: EVSE }] }, 2);
      assert.equal(report.status, 'Accepted', 'step 2: GetMonitoringReportResponse status Accepted');
      for (const m of report.monitor) {
        assert.ok(
          nameOf(m.component) === 'ChargingStation' || nameOf(m.component) === 'EVSE',
          'step 3: monitor component ChargingStation or EVSE',
        );
        if (nameOf(m.variable) === 'AvailabilityState') {
          assert.ok(
            monitorsOfOne(m).every((v) => v.type === 'Delta'),
            'step 3: the AvailabilityState monitors are Delta',
          );
        }
      }
      assert.deepEqual(
        report.monitor.filter((m) => nameOf(m.variable) === 'AvailabilityState').map((m) => nameOf(m.component)),
        ['ChargingStation', 'EVSE'],
        'step 3: AvailabilityState of the station and of EVSE 1',
      );
    }));

  it('TC_N_03_CS – Get Monitoring Report - with component criteria and component/variable', () =>
    withStation(csms, 'CONF-N03', [], async (cs) => {
      await setMonitoring(cs, [delta(EVSE), delta(EVSE, SEVERITY, { type: 'Periodic', value: 3600, variable: POWER })]);
      const both = [onVariable(STATION, STATE), onVariable(EVSE, STATE)];
      const thresholds = await monitoringReport(cs, { monitoringCriteria: ['ThresholdMonitoring'], componentVariable: both }, 2);
      assert.equal(thresholds.status, 'EmptyResultSet', 'step 2: GetMonitoringReportResponse status EmptyResultSet');
      const deltas = await monitoringReport(cs, { monitoringCriteria: ['DeltaMonitoring'], componentVariable: both }, 4);
      assert.equal(deltas.status, 'Accepted', 'step 4: GetMonitoringReportResponse status Accepted');
      assert.deepEqual(
        deltas.monitor.map((m) => [nameOf(m.component), nameOf(m.variable), monitorsOfOne(m).map((v) => v.type)]),
        [['EVSE', 'AvailabilityState', ['Delta']]],
        'step 5: the Delta monitor on EVSE AvailabilityState only',
      );
    }));

  it('TC_N_05_CS – Set Monitoring Base - success', () =>
    withStation(csms, 'CONF-N05', [], async (cs) => {
      for (const [step, monitoringBase] of [
        [2, 'All'],
        [4, 'FactoryDefault'],
        [6, 'HardWiredOnly'],
      ] as const) {
        const res = (await cs.link.call('SetMonitoringBase', { monitoringBase })) as Json;
        assert.equal(res.status, 'Accepted', `step ${step}: SetMonitoringBaseResponse status Accepted (${monitoringBase})`);
      }
    }));

  it('TC_N_06_CS – Set Monitoring Base - test removal custom monitors', () =>
    withStation(csms, 'CONF-N06', [], async (cs) => {
      const [set] = await setMonitoring(cs, [delta(STATION)]);
      assert.equal(set?.status, 'Accepted', 'configuration state: the custom monitor is set');
      const filter = { componentVariable: [onVariable(STATION, STATE)] };
      const first = await monitoringReport(cs, filter, 2);
      assert.equal(first.status, 'Accepted', 'step 2: GetMonitoringReportResponse status Accepted');
      assert.ok(
        monitorsOf(first).some((m) => m.type === 'Delta'),
        'step 3: NotifyMonitoringReportRequest holds the AvailabilityState Delta monitor',
      );
      const base = (await cs.link.call('SetMonitoringBase', { monitoringBase: 'HardWiredOnly' })) as Json;
      assert.equal(base.status, 'Accepted', 'step 6: SetMonitoringBaseResponse status Accepted');
      const second = await monitoringReport(cs, filter, 8);
      assert.equal(second.status, 'EmptyResultSet', 'step 8: GetMonitoringReportResponse status EmptyResultSet (monitor removed)');
    }));

  it('TC_N_08_CS – Set Variable Monitoring - single value', () =>
    withStation(csms, 'CONF-N08', [], async (cs) => {
      const [result] = await setMonitoring(cs, [delta(EVSE, 8)]);
      assert.equal(result?.status, 'Accepted', 'step 2: setMonitoringResult status Accepted');
      assert.equal(typeof result?.id, 'number', 'step 2: setMonitoringResult id generated');
      const report = await monitoringReport(cs, { componentVariable: [onVariable(EVSE, STATE)] }, 4);
      assert.equal(report.status, 'Accepted', 'step 4: GetMonitoringReportResponse status Accepted');
      const [m] = monitorsOf(report);
      assert.deepEqual([m?.id, m?.type, m?.severity, m?.value], [result?.id, 'Delta', 8, 1], 'step 5: the monitor as set');
    }));

  it('TC_N_09_CS – Set Variable Monitoring - multiple values', () =>
    withStation(csms, 'CONF-N09', [], async (cs) => {
      const results = await setMonitoring(cs, [delta(EVSE), delta(STATION)]);
      assert.deepEqual(
        results.map((r) => [r.status, nameOf(r.component)]),
        [
          ['Accepted', 'EVSE'],
          ['Accepted', 'ChargingStation'],
        ],
        'step 2: both setMonitoringResult Accepted',
      );
      const report = await monitoringReport(cs, { componentVariable: [onVariable(EVSE, STATE), onVariable(STATION, STATE)] }, 4);
      assert.equal(monitorsOf(report).length, 2, 'step 5: both monitors reported');
    }));

  it('TC_N_10_CS – Set Variable Monitoring - multiple monitors on one variable', () =>
    withStation(csms, 'CONF-N10', [], async (cs) => {
      const results = await setMonitoring(cs, [delta(EVSE, 8), delta(EVSE, 7)]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['Accepted', 'Accepted'],
        'step 2: both Accepted',
      );
      const report = await monitoringReport(cs, { componentVariable: [onVariable(EVSE, STATE)] }, 4);
      assert.deepEqual(
        monitorsOf(report)
          .map((m) => m.severity)
          .sort(),
        [7, 8],
        'step 5: both monitors on the variable',
      );
    }));

  it('TC_N_11_CS – Set Variable Monitoring - Unknown component', () =>
    withStation(csms, 'CONF-N11', [], async (cs) => {
      const [noEvse, noComponent] = await setMonitoring(cs, [
        delta({ name: 'EVSE', evse: { id: 99 } }),
        threshold('UpperThreshold', 1234, { component: { name: 'NonExistent' } }),
      ]);
      assert.equal(noEvse?.status, 'UnknownComponent', 'step 2: setMonitoringResult[0] status UnknownComponent');
      assert.match(
        String(noComponent?.status),
        /^Unknown(Component|Variable)$/,
        'step 2: setMonitoringResult[1] UnknownComponent or UnknownVariable',
      );
    }));

  it('TC_N_12_CS – Set Variable Monitoring - Value out of range - Delta monitor', () =>
    withStation(csms, 'CONF-N12', [], async (cs) => {
      const [r] = await setMonitoring(cs, [delta(EVSE, SEVERITY, { value: -1 })]);
      assert.equal(r?.status, 'Rejected', 'step 2: status Rejected');
      assert.equal(r?.id, undefined, 'step 2: id is absent');
      assert.match(
        String((r?.statusInfo as Json | undefined)?.reasonCode ?? 'ValueOutOfRange'),
        /^(ValueOutOfRange|ValuePositiveOnly)$/,
        'step 2: reasonCode',
      );
    }));

  it('TC_N_13_CS – Set Variable Monitoring - Value out of range - Threshold monitor', () =>
    withStation(csms, 'CONF-N13', [], async (cs) => {
      const [r] = await setMonitoring(cs, [threshold('UpperThreshold', 22001)]);
      assert.deepEqual([r?.status, r?.id, r?.type], ['Rejected', undefined, 'UpperThreshold'], 'step 2: Rejected, id absent, type echoed');
    }));

  it('TC_N_15_CS – Set Variable Monitoring - Duplicate', () =>
    withStation(csms, 'CONF-N15', [], async (cs) => {
      const results = await setMonitoring(cs, [delta(EVSE), delta(EVSE)]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['Accepted', 'Duplicate'],
        'step 2: the second monitor of the same type and severity is Duplicate',
      );
    }));

  it('TC_N_16_CS – Set Monitoring Level - success', () =>
    withStation(csms, 'CONF-N16', [], async (cs) => {
      await setMonitoring(cs, [delta(EVSE, 8)]);
      const res = (await cs.link.call('SetMonitoringLevel', { severity: 7 })) as Json;
      assert.equal(res.status, 'Accepted', 'step 2: SetMonitoringLevelResponse status Accepted');
      await evConnectedPreSession(cs);
      await quiescent(cs);
      assert.equal(cs.link.received('NotifyEvent').length, 0, 'step 4 / post scenario: no NotifyEventRequest for the configured EVSE');
    }));

  it('TC_N_17_CS – Set Monitoring Level - out of range', () =>
    withStation(csms, 'CONF-N17', [], async (cs) => {
      for (const [step, severity] of [
        [2, 10],
        [4, -1],
      ] as const) {
        const res = (await cs.link.call('SetMonitoringLevel', { severity })) as Json;
        assert.equal(res.status, 'Rejected', `step ${step}: SetMonitoringLevelResponse status Rejected (severity ${severity})`);
        const reason = (res.statusInfo as Json | undefined)?.reasonCode;
        assert.ok(reason === undefined || /^Value(OutOfRange|TooHigh|TooLow)$/.test(String(reason)), `step ${step}: reasonCode`);
      }
    }));

  it('TC_N_18_CS – Clear Variable Monitoring - success', () =>
    withStation(csms, 'CONF-N18', [], async (cs) => {
      const ids = (await setMonitoring(cs, [delta(STATION), delta(EVSE)])).map((r) => r.id as number);
      const res = (await cs.link.call('ClearVariableMonitoring', { id: ids })) as Json;
      assert.deepEqual(
        (res.clearMonitoringResult as Json[]).map((r) => [r.id, r.status]).sort(),
        ids.map((id) => [id, 'Accepted']).sort(),
        'step 2: clearMonitoringResult Accepted for both ids',
      );
      const report = await monitoringReport(cs, { componentVariable: [onVariable(STATION, STATE), onVariable(EVSE, STATE)] }, 4);
      assert.equal(report.status, 'EmptyResultSet', 'step 4: GetMonitoringReportResponse status EmptyResultSet');
    }));

  it('TC_N_19_CS – Clear Variable Monitoring - not found', () =>
    withStation(csms, 'CONF-N19', [], async (cs) => {
      const all = monitorsOf(await monitoringReport(cs, {}, 0));
      const id = Math.max(0, ...all.map((m) => m.id as number)) + 1;
      const res = (await cs.link.call('ClearVariableMonitoring', { id: [id] })) as Json;
      const [r] = res.clearMonitoringResult as Json[];
      assert.deepEqual([r?.id, r?.status], [id, 'NotFound'], 'step 2: clearMonitoringResult status NotFound');
    }));

  it('TC_N_20_CS – Alert Event - Threshold value exceeded', () =>
    withStation(csms, 'CONF-N20', [], async (cs) => {
      const base = (await cs.link.call('SetMonitoringBase', { monitoringBase: 'All' })) as Json;
      assert.equal(base.status, 'Accepted', 'memory state: SetMonitoringBaseResponse Accepted');
      const [upper] = await setMonitoring(cs, [threshold('UpperThreshold', 100)]);
      assert.equal(upper?.status, 'Accepted', 'memory state: the UpperThreshold monitor is set');
      const level = (await cs.link.call('SetMonitoringLevel', { severity: 8 })) as Json;
      assert.equal(level.status, 'Accepted', 'memory state: SetMonitoringLevelResponse Accepted');
      await authorized(cs, 'N20TOKEN');
      const transactionId = txOf(await energyTransferStarted(cs, { plug: true })); // step 1
      const byMonitor = (id: unknown) => (p: Json) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === id);
      const alert = await cs.link.next('NotifyEvent', byMonitor(upper?.id));
      assert.equal(alert.seqNo, 0, 'step 2: NotifyEventRequest seqNo 0');
      const e = (alert.eventData as Json[]).find((x) => x.variableMonitoringId === upper?.id)!;
      assert.equal(e.trigger, 'Alerting', 'step 2: trigger Alerting');
      assert.ok(Number(e.actualValue) > 100, `step 2: actualValue above the threshold, got ${String(e.actualValue)}`);
      assert.ok(e.cleared === undefined || e.cleared === false, 'step 2: cleared absent or false');
      assert.equal(e.transactionId, transactionId, 'step 2: transactionId of the ongoing transaction');
      assert.deepEqual([nameOf(e.component), nameOf(e.variable)], ['EVSE', 'Power'], 'step 2: component EVSE, variable Power');
      const [lower] = await setMonitoring(cs, [threshold('LowerThreshold', 10)]);
      assert.equal(lower?.status, 'Accepted', 'step 5: SetVariableMonitoringResponse status Accepted');
      await stopAuthorizedLocal(cs, 'N20TOKEN', transactionId, { ends: true, where: 'step 6' });
      const cleared = await cs.link.next('NotifyEvent', byMonitor(upper?.id));
      const below = await cs.link.next('NotifyEvent', byMonitor(lower?.id));
      const c = (cleared.eventData as Json[]).find((x) => x.variableMonitoringId === upper?.id)!;
      const l = (below.eventData as Json[]).find((x) => x.variableMonitoringId === lower?.id)!;
      assert.deepEqual(
        [c.trigger, c.cleared, c.eventNotificationType],
        ['Alerting', true, 'CustomMonitor'],
        'step 7: back below the upper threshold, cleared',
      );
      assert.ok(Number(c.actualValue) <= 100, 'step 7: actualValue within the upper threshold');
      assert.equal(l.trigger, 'Alerting', 'step 7: dropping below the lower threshold, trigger Alerting');
      assert.ok(Number(l.actualValue) < 10 && l.cleared !== true, 'step 7: actualValue below the lower threshold, not cleared');
    }));

  it('TC_N_22_CS – Offline Notification - OfflineMonitoringEventQueuingSeverity equal to the severity of the monitor', () =>
    withStation(csms, 'CONF-N22', ['OCPPCommCtrlr/RetryBackOffWaitMinimum=2', 'OCPPCommCtrlr/RetryBackOffRandomRange=0'], async (cs) => {
      const offline = (await cs.link.call('SetVariables', {
        setVariableData: [
          { component: { name: 'MonitoringCtrlr' }, variable: { name: 'OfflineQueuingSeverity' }, attributeValue: String(SEVERITY) },
        ],
      })) as Json;
      assert.equal(
        (offline.setVariableResult as Json[])[0]?.attributeStatus,
        'Accepted',
        'configuration state: OfflineQueuingSeverity set',
      );
      const [set] = await setMonitoring(cs, [delta(EVSE)]);
      await cs.link.goOffline();
      await stationOffline(cs);
      await cs.station.post('/api/evses/1/plug', {}); // step 1: the event happens offline
      await cs.link.nextRefused();
      cs.link.acceptReconnect();
      const n = await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id), 60_000);
      const e = (n.eventData as Json[]).find((x) => x.variableMonitoringId === set?.id)!;
      assert.deepEqual(
        [e.trigger, e.actualValue, nameOf(e.component), (e.component as Json).evse, nameOf(e.variable)],
        ['Delta', 'Occupied', 'EVSE', { id: 1 }, 'AvailabilityState'],
        'step 3: the queued NotifyEventRequest, AvailabilityState Occupied',
      );
    }));

  it('TC_N_24_CS – Set Variable Monitoring - Periodic event', () =>
    withStation(csms, 'CONF-N24', [], async (cs) => {
      const [r] = await setMonitoring(cs, [delta(EVSE, SEVERITY, { type: 'Periodic', value: 2 })]);
      assert.equal(r?.status, 'Accepted', 'step 2: setMonitoringResult status Accepted');
      for (let i = 0; i < 2; i++) {
        const n = await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === r?.id));
        const [e] = n.eventData as Json[];
        assert.deepEqual(
          [e?.trigger, nameOf(e?.component), nameOf(e?.variable), e?.actualValue],
          ['Periodic', 'EVSE', 'AvailabilityState', 'Available'],
          `step 3: NotifyEventRequest ${i + 1} trigger Periodic for EVSE AvailabilityState`,
        );
      }
    }));

  it('TC_N_37_CS – Set Variable Monitoring - Unknown Variable', () =>
    withStation(csms, 'CONF-N37', [], async (cs) => {
      const [r] = await setMonitoring(cs, [delta({ name: 'EVSE' }, SEVERITY, { variable: { name: 'unknownVariable' } })]);
      assert.deepEqual(
        [r?.status, r?.type, r?.severity, nameOf(r?.component), nameOf(r?.variable)],
        ['UnknownVariable', 'Delta', SEVERITY, 'EVSE', 'unknownVariable'],
        'step 2: status UnknownVariable, the element echoed',
      );
    }));

  it('TC_N_39_CS – Set Variable Monitoring - Component/Variable combination does NOT correspond', () =>
    withStation(csms, 'CONF-N39', [], async (cs) => {
      const [set] = await setMonitoring(cs, [delta(EVSE)]);
      const [r] = await setMonitoring(cs, [threshold('UpperThreshold', 100, { id: set?.id, component: STATION })]);
      assert.deepEqual([r?.status, r?.type, nameOf(r?.component)], ['Rejected', 'UpperThreshold', 'ChargingStation'], 'step 2: Rejected');
      const report = await monitoringReport(cs, {}, 4);
      assert.equal(report.status, 'Accepted', 'step 4: GetMonitoringReportResponse status Accepted');
      const kept = report.monitor.find((m) => monitorsOfOne(m).some((v) => v.id === set?.id));
      assert.deepEqual(
        [(kept?.component as Json | undefined)?.name, (kept?.variable as Json | undefined)?.name],
        ['EVSE', 'AvailabilityState'],
        'step 5: the monitor stays on EVSE AvailabilityState',
      );
    }));

  it('TC_N_40_CS – Set Variable Monitoring - Replace Variable Monitor', () =>
    withStation(csms, 'CONF-N40', [], async (cs) => {
      const [set] = await setMonitoring(cs, [delta(EVSE, 5)]);
      const [r] = await setMonitoring(cs, [delta(EVSE, 4, { id: set?.id })]);
      assert.deepEqual([r?.status, r?.id], ['Accepted', set?.id], 'step 2: Accepted, the same id');
      const report = await monitoringReport(
        cs,
        { componentVariable: [onVariable(EVSE, STATE)], monitoringCriteria: ['DeltaMonitoring'] },
        4,
      );
      assert.deepEqual(
        monitorsOf(report).map((m) => [m.id, m.severity]),
        [[set?.id, 4]],
        'step 5: the one monitor, now severity 4',
      );
    }));

  it('TC_N_41_CS – Set Variable Monitoring - Return to FactoryDefault', () =>
    withStation(csms, 'CONF-N41', [], async (cs) => {
      // The preconfigured monitor of this station: EVSE 1 Problem, Delta.
      const problem = onVariable(EVSE, { name: 'Problem' });
      const [preconfigured] = monitorsOf(await monitoringReport(cs, { componentVariable: [problem] }, 0));
      assert.ok(preconfigured, 'memory state: a preconfigured monitor exists');
      const severity = (preconfigured.severity as number) + 1;
      const [r] = await setMonitoring(cs, [{ ...problem, id: preconfigured.id, type: 'Delta', value: 1, severity }]);
      assert.equal(r?.status, 'Accepted', 'step 2: SetVariableMonitoringResponse status Accepted');
      assert.equal(monitorsOf(await monitoringReport(cs, { componentVariable: [problem] }, 4))[0]?.severity, severity, 'step 5: overruled');
      const base = (await cs.link.call('SetMonitoringBase', { monitoringBase: 'FactoryDefault' })) as Json;
      assert.equal(base.status, 'Accepted', 'step 8: SetMonitoringBaseResponse status Accepted');
      const restored = monitorsOf(await monitoringReport(cs, { componentVariable: [problem] }, 10));
      assert.deepEqual(
        restored.map((m) => [m.id, m.severity]),
        [[preconfigured.id, preconfigured.severity]],
        'step 11: the preconfigured monitor is back',
      );
    }));

  it('TC_N_43_CS – Set Variable Monitoring - the second of three SetMonitoringData out of range', () =>
    withStation(csms, 'CONF-N43', [], async (cs) => {
      const results = await setMonitoring(cs, [
        threshold('UpperThreshold', 11000),
        { ...threshold('UpperThreshold', -1), type: 'Delta' },
        threshold('LowerThreshold', 100),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['Accepted', 'Rejected', 'Accepted'],
        'step 2: Accepted, Rejected, Accepted',
      );
    }));

  it('TC_N_44_CS – Clear Monitoring - Rejected', () =>
    withStation(csms, 'CONF-N44', [], async (cs) => {
      // Preparations: the hard-wired monitor of this station, ChargingStation Problem.
      const [hardwired] = monitorsOf(await monitoringReport(cs, { componentVariable: [onVariable(STATION, { name: 'Problem' })] }, 0));
      assert.ok(hardwired, 'preparations: a hard-wired monitor exists');
      const res = (await cs.link.call('ClearVariableMonitoring', { id: [hardwired.id] })) as Json;
      assert.equal((res.clearMonitoringResult as Json[])[0]?.status, 'Rejected', 'step 2: clearMonitoringResult status Rejected');
    }));

  it('TC_N_45_CS – Alert Event - Delta value exceeded', () =>
    withStation(csms, 'CONF-N45', [], async (cs) => {
      const [set] = await setMonitoring(cs, [delta(EVSE)]);
      await evConnectedPreSession(cs); // the manual action: EVSE 1 becomes Occupied
      const n = await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id));
      assert.equal(n.seqNo, 0, 'step 2: NotifyEventRequest seqNo 0');
      const [e] = n.eventData as Json[];
      assert.deepEqual(
        [e?.trigger, e?.actualValue, nameOf(e?.component), nameOf(e?.variable), e?.eventNotificationType],
        ['Delta', 'Occupied', 'EVSE', 'AvailabilityState', 'CustomMonitor'],
        'step 2: eventData trigger Delta with the component, variable and variableMonitoringId',
      );
    }));

  it('TC_N_47_CS – Get Monitoring report - Report all', () =>
    withStation(csms, 'CONF-N47', [], async (cs) => {
      await setMonitoring(cs, [delta(STATION), delta(EVSE)]);
      const report = await monitoringReport(cs, {}, 2);
      assert.equal(report.status, 'Accepted', 'step 2: GetMonitoringReportResponse status Accepted');
      const availability = report.monitor.filter((m) => nameOf(m.variable) === 'AvailabilityState');
      assert.deepEqual(
        availability.map((m) => [nameOf(m.component), monitorsOfOne(m).map((v) => v.type)]),
        [
          ['ChargingStation', ['Delta']],
          ['EVSE', ['Delta']],
        ],
        'step 3: AvailabilityState Delta monitors of ChargingStation and EVSE',
      );
    }));

  it('TC_N_48_CS – Alert Event - Variable monitoring on write only', async () => {
    const password = 'Conformance-Passw0rd-N';
    const cs = await booted(csms, { id: 'CONF-N48', securityProfile: 1, basicAuthPassword: password });
    try {
      const basicAuth = onVariable({ name: 'SecurityCtrlr' }, { name: 'BasicAuthPassword' });
      const [set] = await setMonitoring(cs, [{ ...basicAuth, type: 'Delta', value: 1, severity: SEVERITY }]);
      assert.equal(set?.status, 'Accepted', 'memory state: a Delta monitor on SecurityCtrlr.BasicAuthPassword');
      const res = (await cs.link.call('SetVariables', {
        setVariableData: [{ ...basicAuth, attributeValue: 'Conformance-Passw0rd-X' }],
      })) as Json;
      assert.match(
        String((res.setVariableResult as Json[])[0]?.attributeStatus),
        /^(Accepted|RebootRequired)$/,
        'step 2: SetVariablesResponse status Accepted or RebootRequired',
      );
      const n = await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id));
      const e = (n.eventData as Json[]).find((x) => x.variableMonitoringId === set?.id)!;
      assert.equal(e.actualValue, '', 'step 4: NotifyEventRequest actualValue is an empty string');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });

  it('TC_N_51_CS – Set Variable Monitoring - Replace a threshold monitor (N07.FR.11)', () =>
    withStation(csms, 'CONF-N51', [], async (cs) => {
      const [set] = await setMonitoring(cs, [threshold('UpperThreshold', 21999)]);
      await authorized(cs, 'N51TOKEN');
      await energyTransferStarted(cs, { plug: true }); // step 1: the power stays below 21999 W
      const [r] = await setMonitoring(cs, [threshold('UpperThreshold', 100, { id: set?.id })]);
      assert.deepEqual([r?.status, r?.id], ['Accepted', set?.id], 'step 3: SetVariableMonitoringResponse Accepted, the same id');
      const n = await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id));
      const e = (n.eventData as Json[]).find((x) => x.variableMonitoringId === set?.id)!;
      assert.equal(e.trigger, 'Alerting', 'step 4: the new threshold is exceeded by the power now: trigger Alerting');
      assert.ok(Number(e.actualValue) > 100, 'step 4: actualValue above the new threshold');
    }));

  it('TC_N_52_CS – Set Variable Monitoring - Removing a VariableMonitor (N07.FR.12)', () =>
    withStation(csms, 'CONF-N52', [], async (cs) => {
      const [set] = await setMonitoring(cs, [threshold('UpperThreshold', 100)]);
      await authorized(cs, 'N52TOKEN');
      const transactionId = txOf(await energyTransferStarted(cs, { plug: true }));
      await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id));
      const res = (await cs.link.call('ClearVariableMonitoring', { id: [set?.id] })) as Json;
      assert.deepEqual(
        [(res.clearMonitoringResult as Json[])[0]?.status, (res.clearMonitoringResult as Json[])[0]?.id],
        ['Accepted', set?.id],
        'step 2: clearMonitoringResult Accepted',
      );
      const report = await monitoringReport(
        cs,
        { monitoringCriteria: ['ThresholdMonitoring'], componentVariable: [onVariable(EVSE, POWER)] },
        4,
      );
      assert.equal(report.status, 'EmptyResultSet', 'step 4: GetMonitoringReportResponse status EmptyResultSet');
      await stopAuthorizedLocal(cs, 'N52TOKEN', transactionId, { ends: true, where: 'step 5' });
      await quiescent(cs);
      const events = cs.link.received('NotifyEvent').filter((p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id));
      assert.equal(events.length, 1, 'step 6: no NotifyEventRequest for the cleared monitor (only the alert before it)');
    }));

  it('TC_N_53_CS – Alert Event - Persistent over reboot', async () => {
    const cs = await booted(csms, { id: 'CONF-N53' });
    try {
      const [set] = await setMonitoring(cs, [threshold('UpperThreshold', 11000)]);
      await cs.station.stop();
      const again = await booted(csms, { id: 'CONF-N53', dataDir: cs.station.dataDir });
      try {
        const report = await monitoringReport(again, { monitoringCriteria: ['ThresholdMonitoring'] }, 2);
        assert.equal(report.status, 'Accepted', 'step 2: GetMonitoringReportResponse status Accepted');
        assert.deepEqual(
          monitorsOf(report).map((m) => [m.id, m.type, m.value]),
          [[set?.id, 'UpperThreshold', 11000]],
          'step 3: the monitor set before the reboot',
        );
        assert.deepEqual(again.link.complaints, [], 'every frame valid against the schemas');
      } finally {
        await again.station.dispose();
      }
    } finally {
      await cs.station.dispose();
    }
  });
  it('TC_N_56_CS – Alert Event - Delta value NOT numeric exceeded', () =>
    withStation(csms, 'CONF-N56', [], async (cs) => {
      const [set] = await setMonitoring(cs, [delta(EVSE)]);
      await cs.station.post('/api/evses/1/plug', {}); // the manual action: AvailabilityState changes
      const n = await cs.link.next('NotifyEvent', (p) => (p.eventData as Json[]).some((e) => e.variableMonitoringId === set?.id));
      const [e] = n.eventData as Json[];
      assert.deepEqual(
        [e?.trigger, nameOf(e?.component), nameOf(e?.variable), e?.variableMonitoringId],
        ['Delta', 'EVSE', 'AvailabilityState', set?.id],
        'step 1: NotifyEventRequest trigger Delta for the monitor of the memory state',
      );
    }));
});

/** The station reports no connection any more (control API state): what happens "while offline" comes after. */
async function stationOffline(cs: Booted, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await cs.station.get<{ connected: boolean }>('/api/state')).connected) {
    if (Date.now() > until) throw new Error(`${cs.link.id} still reports a connection ${timeoutMs} ms after the close`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function monitorsOfOne(m: Json): Json[] {
  return m.variableMonitoring as Json[];
}
