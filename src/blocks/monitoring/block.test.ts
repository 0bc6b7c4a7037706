// The monitoring block's routes as the router calls them: message limits (N04.FR.09,
// N06.FR.06/07, N02.FR.07), the after-steps (NotifyMonitoringReport parts, new monitors checked).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NotifyMonitoringReportRequest, SetMonitoringDataType } from '../../generated/ocpp201/index.js';
import { OcppError } from '../../rpc/errors.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { monitoringBlock } from './block.js';

const data = (severity: number): SetMonitoringDataType => ({
  value: 1,
  type: 'Delta',
  severity,
  component: { name: 'EVSE', evse: { id: 1 } },
  variable: { name: 'AvailabilityState' },
});

function block(overrides: Record<string, string> = {}) {
  const calls: { action: string; payload: NotifyMonitoringReportRequest }[] = [];
  const { ctx } = makeBlockContext({
    id: 'CS-NB',
    overrides,
    call: async (action: string, payload: NotifyMonitoringReportRequest) => {
      calls.push({ action, payload });
      return {};
    },
  });
  const created = monitoringBlock.create(ctx, { transactions: { view: () => null } });
  return { routes: created.routes!, calls };
}
const call = (action: string) => ({ action, messageId: 'm-1' });

describe('N monitoring block routes', () => {
  it('N04.FR.09 – more setMonitoringData than ItemsPerMessage SetVariableMonitoring: CALLERROR OccurrenceConstraintViolation', () => {
    const { routes } = block({ [DM.MonitoringCtrlr.ItemsPerMessage.SetVariableMonitoring]: '2' });
    assert.throws(
      () => routes.SetVariableMonitoring.handle({ setMonitoringData: [data(1), data(2), data(3)] }, call('SetVariableMonitoring')),
      (e: unknown) => e instanceof OcppError && e.code === 'OccurrenceConstraintViolation',
    );
    const response = routes.SetVariableMonitoring.handle({ setMonitoringData: [data(1), data(2)] }, call('SetVariableMonitoring'));
    assert.equal((response as { setMonitoringResult: unknown[] }).setMonitoringResult.length, 2);
  });

  it('N06.FR.06/07 – ClearVariableMonitoring over ItemsPerMessage or BytesPerMessage: CALLERROR', () => {
    const { routes } = block({
      [DM.MonitoringCtrlr.ItemsPerMessage.ClearVariableMonitoring]: '1',
    });
    assert.throws(
      () => routes.ClearVariableMonitoring.handle({ id: [1, 2] }, call('ClearVariableMonitoring')),
      (e: unknown) => e instanceof OcppError && e.code === 'OccurrenceConstraintViolation',
    );
    const { routes: small } = block({ [DM.MonitoringCtrlr.BytesPerMessage.ClearVariableMonitoring]: '60' });
    assert.throws(
      () => small.ClearVariableMonitoring.handle({ id: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, call('ClearVariableMonitoring')),
      (e: unknown) => e instanceof OcppError && e.code === 'FormatViolation',
    );
  });

  it('N02.FR.01/03/04 – GetMonitoringReport Accepted, then NotifyMonitoringReport parts with the requestId; EmptyResultSet when nothing matches', async () => {
    const { routes, calls } = block();
    const request = { requestId: 9 };
    const response = routes.GetMonitoringReport.handle(request, call('GetMonitoringReport'));
    assert.equal((response as { status: string }).status, 'Accepted', 'the station’s own monitors');
    await routes.GetMonitoringReport.after(request, response as never);
    assert.ok(calls.length > 0 && calls.every((c) => c.action === 'NotifyMonitoringReport' && c.payload.requestId === 9));
    assert.equal(calls[0]?.payload.seqNo, 0);
    const none = routes.GetMonitoringReport.handle(
      { requestId: 10, monitoringCriteria: ['PeriodicMonitoring'] },
      call('GetMonitoringReport'),
    );
    assert.equal((none as { status: string }).status, 'EmptyResultSet');
  });
});
