// The device model over OCPP against the built-in local CSMS over a real WebSocket: B05 Set
// Variables (with A01 password change), B06 Get Variables, B07 Get Base Report, B08 Get Custom
// Report. The local CSMS validates every frame both ways; its warnings are collected and must
// stay empty.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { formatPath, parsePath } from '../../src/device-model/path.js';
import { componentId } from '../../src/device-model/report.js';
import { DM, DM_CATALOG } from '../../src/generated/ocpp201/dm-catalog.js';
import type { GetVariableDataType, NotifyReportRequest, ReportDataType } from '../../src/generated/ocpp201/index.js';
import { createLogger } from '../../src/log/logger.js';
import { makeTestStation, type TestStation } from '../support/test-station.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

const PASSWORD = 'Old-Passw0rd-4-Tests';
const NEW_PASSWORD = 'New-Passw0rd-4-Tests';

let csms: LocalCsms;
/** Warnings and errors of the local CSMS: schema complaints, refused calls. */
const complaints: string[] = [];
/** Passwords the stations connected with, by station id. */
const passwords = new Map<string, (string | undefined)[]>();
const stations: TestStation[] = [];

before(async () => {
  // A01 reconnects at once, so the CSMS may see the new connection before the old one has closed.
  const expected = (line: string) => line.includes('the older connection is replaced');
  const log = createLogger({ level: 'warn', destination: { write: (line: string) => void (expected(line) || complaints.push(line)) } });
  csms = await startLocalCsms({
    heartbeatIntervalS: 300,
    log,
    authenticate: ({ stationId, password }) => {
      passwords.set(stationId, [...(passwords.get(stationId) ?? []), password]);
      return true;
    },
  });
});
after(async () => {
  await csms.close();
});
afterEach(async () => {
  for (const t of stations.splice(0)) await t.stop();
  assert.deepEqual(complaints.splice(0), [], 'the local CSMS found nothing to complain about');
});

async function booted(id: string, overrides: Record<string, string> = {}, evses = 1): Promise<TestStation> {
  const t = makeTestStation({ id, evses, csmsUrl: csms.url, overrides });
  stations.push(t);
  t.station.start();
  await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
  await waitFor(() => sent(id, 'StatusNotification').length === evses, 'status notifications');
  return t;
}

const sent = (id: string, action: string) => (csms.store.requests(id) ?? []).filter((r) => r.action === action);
const reports = (id: string, requestId: number): NotifyReportRequest[] =>
  sent(id, 'NotifyReport')
    .map((r) => r.request as NotifyReportRequest)
    .filter((r) => r.requestId === requestId);
const key = (path: string): GetVariableDataType => parsePath(path);

describe('B06 Get Variables', () => {
  it('B06.FR.01/04/10 – every required variable of every seeded component: Accepted with a value, WriteOnly ones Rejected (B06.FR.09)', async () => {
    const t = await booted('B06-A', {}, 2);
    const inventory = t.station.ctx.dm.reportData('FullInventory');
    const components = new Map(inventory.map((d) => [componentId(d.component), d.component]));
    const items: GetVariableDataType[] = [];
    for (const component of components.values()) {
      for (const entry of DM_CATALOG) {
        if (!entry.required || entry.component.toLowerCase() !== component.name.toLowerCase()) continue;
        items.push({ component, variable: entry.instance ? { name: entry.variable, instance: entry.instance } : { name: entry.variable } });
      }
    }
    assert.ok(items.length > 50, `${items.length} required variables`);
    const writeOnly = new Set(
      inventory.filter((d) => d.variableAttribute.some((a) => a.mutability === 'WriteOnly')).map((d) => formatPath(d).toLowerCase()),
    );
    const perMessage = t.station.ctx.dm.getInt(DM.DeviceDataCtrlr.ItemsPerMessage.GetVariables)!;
    for (let i = 0; i < items.length; i += perMessage) {
      const batch = items.slice(i, i + perMessage) as [GetVariableDataType, ...GetVariableDataType[]];
      const { getVariableResult } = await csms.call('B06-A', 'GetVariables', { getVariableData: batch });
      assert.equal(getVariableResult.length, batch.length); // B06.FR.01
      getVariableResult.forEach((result, n) => {
        const path = formatPath(batch[n]!);
        assert.equal(formatPath(result), path, 'B06.FR.02: same component and variable, in order');
        assert.equal(result.attributeType, 'Actual', 'B06.FR.11');
        if (writeOnly.has(path.toLowerCase())) {
          assert.equal(result.attributeStatus, 'Rejected', `${path}: B06.FR.09 WriteOnly`);
          assert.equal(result.attributeValue, undefined);
        } else {
          assert.equal(result.attributeStatus, 'Accepted', path);
          assert.equal(typeof result.attributeValue, 'string', `${path} has a value`);
        }
      });
    }
  });

  it('B06.FR.06/07/08/13 – unknown component, unknown variable, unsupported attribute type, unset value', async () => {
    await booted('B06-B');
    const { getVariableResult } = await csms.call('B06-B', 'GetVariables', {
      getVariableData: [
        { component: { name: 'NoSuchCtrlr' }, variable: { name: 'Enabled' } },
        { ...key(DM.OCPPCommCtrlr.HeartbeatInterval), variable: { name: 'NoSuchVariable' } },
        { ...key(DM.OCPPCommCtrlr.HeartbeatInterval), attributeType: 'Target' },
        { ...key(DM.OCPPCommCtrlr.HeartbeatInterval), attributeType: 'Actual' },
      ],
    });
    assert.deepEqual(
      getVariableResult.map((r) => [r.attributeStatus, r.attributeType, r.attributeValue]),
      [
        ['UnknownComponent', 'Actual', undefined],
        ['UnknownVariable', 'Actual', undefined],
        ['NotSupportedAttributeType', 'Target', undefined],
        ['Accepted', 'Actual', '300'],
      ],
    );
  });

  it('B06.FR.16 – more items than ItemsPerMessageGetVariables → CALLERROR OccurrenceConstraintViolation', async () => {
    await booted('B06-C', { [DM.DeviceDataCtrlr.ItemsPerMessage.GetVariables]: '2' });
    const item = key(DM.OCPPCommCtrlr.HeartbeatInterval);
    const ok = await csms.call('B06-C', 'GetVariables', { getVariableData: [item, item] });
    assert.equal(ok.getVariableResult.length, 2);
    await assert.rejects(csms.call('B06-C', 'GetVariables', { getVariableData: [item, item, item] }), {
      code: 'OccurrenceConstraintViolation',
    });
  });

  it('B06.FR.17 – a request longer than BytesPerMessageGetVariables → CALLERROR FormatViolation', async () => {
    await booted('B06-D', { [DM.DeviceDataCtrlr.BytesPerMessage.GetVariables]: '300' });
    const item = key(DM.OCPPCommCtrlr.HeartbeatInterval);
    await csms.call('B06-D', 'GetVariables', { getVariableData: [item] });
    await assert.rejects(csms.call('B06-D', 'GetVariables', { getVariableData: [item, item, item, item, item] }), {
      code: 'FormatViolation',
    });
  });
});

describe('B05 Set Variables', () => {
  it('B05.FR.01/10 – HeartbeatInterval set by the CSMS takes effect at once', async () => {
    const t = await booted('B05-A');
    const { setVariableResult } = await csms.call('B05-A', 'SetVariables', {
      setVariableData: [{ ...key(DM.OCPPCommCtrlr.HeartbeatInterval), attributeValue: '15' }],
    });
    assert.deepEqual(
      setVariableResult.map((r) => [r.attributeStatus, r.attributeType]),
      [['Accepted', 'Actual']],
    );
    t.clock.advance(14_000);
    await quiet(t);
    assert.equal(sent('B05-A', 'Heartbeat').length, 0);
    t.clock.advance(1_000);
    await waitFor(() => sent('B05-A', 'Heartbeat').length === 1, 'heartbeat after the new interval');
  });

  it('B05.FR.04/05/06/07/08/09 – one result per item: unknown component, unknown variable, attribute type, bad value, out of range, ReadOnly', async () => {
    await booted('B05-B');
    const heartbeat = key(DM.OCPPCommCtrlr.HeartbeatInterval);
    const { setVariableResult } = await csms.call('B05-B', 'SetVariables', {
      setVariableData: [
        { component: { name: 'NoSuchCtrlr' }, variable: { name: 'Enabled' }, attributeValue: 'true' },
        { component: heartbeat.component, variable: { name: 'NoSuchVariable' }, attributeValue: '1' },
        { ...heartbeat, attributeType: 'MaxSet', attributeValue: '1' },
        { ...heartbeat, attributeValue: 'often' },
        { ...heartbeat, attributeValue: '0' },
        { ...key(DM.DeviceDataCtrlr.ItemsPerMessage.GetVariables), attributeValue: '5' },
      ],
    });
    assert.deepEqual(
      setVariableResult.map((r) => r.attributeStatus),
      ['UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType', 'Rejected', 'Rejected', 'Rejected'],
    );
    assert.equal(setVariableResult[5]?.attributeStatusInfo?.reasonCode, 'ReadOnly');
  });

  it('B05.FR.11 / B06.FR.16 style – more items than ItemsPerMessageSetVariables → OccurrenceConstraintViolation; more bytes → FormatViolation', async () => {
    await booted('B05-C', {
      [DM.DeviceDataCtrlr.ItemsPerMessage.SetVariables]: '1',
      [DM.DeviceDataCtrlr.BytesPerMessage.SetVariables]: '400',
    });
    const item = { ...key(DM.OCPPCommCtrlr.HeartbeatInterval), attributeValue: '60' };
    await assert.rejects(csms.call('B05-C', 'SetVariables', { setVariableData: [item, item] }), { code: 'OccurrenceConstraintViolation' });
    await assert.rejects(csms.call('B05-C', 'SetVariables', { setVariableData: [{ ...item, attributeValue: '6'.padStart(300, '0') }] }), {
      code: 'FormatViolation',
    });
  });

  it('A01.FR.01-03 – a new BasicAuthPassword is stored, not readable, and the station reconnects with it after answering', async () => {
    const t = await booted('A01-A', { [DM.SecurityCtrlr.SecurityProfile]: '1', [DM.SecurityCtrlr.BasicAuthPassword]: PASSWORD });
    assert.deepEqual(passwords.get('A01-A'), [PASSWORD]);
    const password = key(DM.SecurityCtrlr.BasicAuthPassword);
    const { setVariableResult } = await csms.call('A01-A', 'SetVariables', {
      setVariableData: [{ ...password, attributeValue: NEW_PASSWORD }],
    });
    assert.equal(setVariableResult[0]?.attributeStatus, 'Accepted');
    await waitFor(() => passwords.get('A01-A')?.length === 2, 'reconnection');
    assert.deepEqual(passwords.get('A01-A'), [PASSWORD, NEW_PASSWORD]);
    await waitFor(() => t.snapshot().connected, 'connected again');
    const { getVariableResult } = await csms.call('A01-A', 'GetVariables', { getVariableData: [password] });
    assert.equal(getVariableResult[0]?.attributeStatus, 'Rejected', 'B06.FR.09: WriteOnly');
    // Reconnected without a reboot: no new BootNotification (Part 4 §5.3).
    assert.equal(sent('A01-A', 'BootNotification').length, 1);
  });

  it('A01 failure postcondition – a password that is not accepted keeps the old credentials and the link', async () => {
    const t = await booted('A01-B', { [DM.SecurityCtrlr.SecurityProfile]: '1', [DM.SecurityCtrlr.BasicAuthPassword]: PASSWORD });
    const { setVariableResult } = await csms.call('A01-B', 'SetVariables', {
      setVariableData: [{ ...key(DM.SecurityCtrlr.BasicAuthPassword), attributeValue: 'short' }],
    });
    assert.equal(setVariableResult[0]?.attributeStatus, 'Rejected');
    await quiet(t);
    assert.deepEqual(passwords.get('A01-B'), [PASSWORD]);
  });
});

describe('B07 Get Base Report', () => {
  it('B07.FR.01/03/04/08/10 – FullInventory arrives in several NotifyReport parts whose concatenation is the full inventory', async () => {
    const t = await booted('B07-A', { [DM.DeviceDataCtrlr.ItemsPerMessage.GetReport]: '25' }, 2);
    const response = await csms.call('B07-A', 'GetBaseReport', { requestId: 7, reportBase: 'FullInventory' });
    assert.equal(response.status, 'Accepted');
    const expected = t.station.ctx.dm.reportData('FullInventory');
    await waitFor(() => reports('B07-A', 7).some((r) => !r.tbc), 'last part');
    const parts = reports('B07-A', 7);
    assert.ok(parts.length >= 3, `${parts.length} parts`);
    assert.deepEqual(
      parts.map((p) => p.seqNo),
      parts.map((_, i) => i),
      'seqNo from 0',
    );
    assert.deepEqual(
      parts.map((p) => p.tbc === true),
      parts.map((_, i) => i < parts.length - 1),
      'tbc on all but the last',
    );
    for (const part of parts) {
      assert.ok((part.reportData?.length ?? 0) <= 25, 'ItemsPerMessageGetReport');
      assert.ok(!Number.isNaN(Date.parse(part.generatedAt)));
    }
    const all: ReportDataType[] = parts.flatMap((p) => p.reportData ?? []);
    assert.deepEqual(all, expected);
    // B07.FR.03 (errata 2025-01): never the value of a WriteOnly variable.
    const password = all.find((d) => formatPath(d) === DM.SecurityCtrlr.BasicAuthPassword);
    assert.equal(password?.variableAttribute[0]?.value, undefined);
  });

  it('B07.FR.07/09 – ConfigurationInventory and SummaryInventory, one part each within the default limits', async () => {
    const t = await booted('B07-B');
    for (const [requestId, reportBase] of [
      [1, 'ConfigurationInventory'],
      [2, 'SummaryInventory'],
    ] as const) {
      assert.equal((await csms.call('B07-B', 'GetBaseReport', { requestId, reportBase })).status, 'Accepted');
      await waitFor(() => reports('B07-B', requestId).length === 1, reportBase);
      assert.deepEqual(reports('B07-B', requestId)[0]?.reportData, t.station.ctx.dm.reportData(reportBase));
    }
  });

  it('B02.FR.02 – while the boot is Pending the report is still sent', async () => {
    csms.setBootStatus('Pending');
    try {
      const t = makeTestStation({ id: 'B07-C', csmsUrl: csms.url });
      stations.push(t);
      t.station.start();
      await waitFor(() => t.snapshot().registration === 'Pending', 'pending');
      assert.equal((await csms.call('B07-C', 'GetBaseReport', { requestId: 3, reportBase: 'SummaryInventory' })).status, 'Accepted');
      await waitFor(() => reports('B07-C', 3).length === 1, 'report while pending');
    } finally {
      csms.setBootStatus('Accepted');
    }
  });
});

describe('B08 Get Custom Report', () => {
  it('B08.FR.01/03/04/05/11/12 – only the listed component-variables, with their characteristics', async () => {
    await booted('B08-A', {}, 2);
    const { component, variable } = key(DM.OCPPCommCtrlr.HeartbeatInterval);
    const response = await csms.call('B08-A', 'GetReport', {
      requestId: 11,
      componentVariable: [
        { component, variable },
        { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
      ],
    });
    assert.equal(response.status, 'Accepted');
    await waitFor(() => reports('B08-A', 11).length === 1, 'report');
    const data = reports('B08-A', 11)[0]!.reportData ?? [];
    assert.deepEqual(data.map((d) => formatPath(d)).sort(), ['EVSE@2/AvailabilityState', DM.OCPPCommCtrlr.HeartbeatInterval]);
    assert.ok(
      data.every((d) => d.variableCharacteristics !== undefined),
      'B08.FR.12',
    );
  });

  it('B08.FR.15 – a selection that matches nothing → EmptyResultSet and no NotifyReport', async () => {
    const t = await booted('B08-B');
    const response = await csms.call('B08-B', 'GetReport', {
      requestId: 12,
      componentVariable: [{ component: { name: 'NoSuchCtrlr' } }],
    });
    assert.equal(response.status, 'EmptyResultSet');
    await quiet(t);
    assert.deepEqual(reports('B08-B', 12), []);
  });

  it('B08.FR.17 – more componentVariables than ItemsPerMessageGetReport → CALLERROR OccurrenceConstraintViolation', async () => {
    await booted('B08-C', { [DM.DeviceDataCtrlr.ItemsPerMessage.GetReport]: '2' });
    const cv = { component: { name: 'EVSE' } };
    await assert.rejects(csms.call('B08-C', 'GetReport', { requestId: 13, componentVariable: [cv, cv, cv] }), {
      code: 'OccurrenceConstraintViolation',
    });
  });
});
