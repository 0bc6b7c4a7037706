import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GetReportRequest, ReportDataType } from '../../generated/ocpp201/index.js';
import { afterGetReport, getReport } from './get-report.js';

const entry: ReportDataType = {
  component: { name: 'EVSE', evse: { id: 1 } },
  variable: { name: 'AvailabilityState' },
  variableAttribute: [{ type: 'Actual', value: 'Available', mutability: 'ReadOnly' }],
};

/** A device model whose custom report is `reports` in turn, and a CSMS that records the calls. */
function station(reports: ReportDataType[][]) {
  const sent: { action: string; payload: { requestId: number; reportData?: ReportDataType[] } }[] = [];
  const ctx = {
    dm: { customReport: () => reports.shift() ?? [], getInt: () => undefined },
    call: async (action: string, payload: unknown) => {
      sent.push({ action, payload: payload as (typeof sent)[number]['payload'] });
      return {};
    },
    log: { warn: () => {} },
    now: () => new Date('2026-01-01T00:00:00Z'),
  } as unknown as Parameters<typeof getReport>[1];
  return { ctx, sent };
}
const call = { action: 'GetReport', messageId: 'm1' };

describe('B08 GetReport', () => {
  it('B08.FR.01/FR.03 – the report sent is the one taken when answering Accepted', async () => {
    // The second look at the device model (after the answer) would find nothing.
    const { ctx, sent } = station([[entry], []]);
    const request: GetReportRequest = { requestId: 7, componentCriteria: ['Available'] };
    const response = getReport(request, ctx, call);
    assert.equal(response.status, 'Accepted');
    await afterGetReport(request, response, ctx);
    assert.deepEqual(
      sent.map((s) => [s.action, s.payload.requestId, s.payload.reportData]),
      [['NotifyReport', 7, [entry]]],
    );
  });

  it('B08.FR.15 – EmptyResultSet, and no NotifyReport', async () => {
    const { ctx, sent } = station([[]]);
    const request: GetReportRequest = { requestId: 8, componentCriteria: ['Problem'] };
    const response = getReport(request, ctx, call);
    assert.deepEqual(response, { status: 'EmptyResultSet' });
    await afterGetReport(request, response, ctx);
    assert.deepEqual(sent, []);
  });
});
