// Part 6 B07/B08 reports as the test CSMS receives them: NotifyReport parts collected in order,
// and names for the reported variables.

import assert from 'node:assert/strict';
import type { StationLink } from './test-csms.js';

type Json = Record<string, unknown>;

export const nameOf = (d: Json): string => `${(d.component as Json).name}.${(d.variable as Json).name}`;
/** Component, EVSE, connector and variable of a reported variable. */
export const keyOf = (d: Json): string => {
  const c = d.component as { name: string; evse?: { id: number; connectorId?: number } };
  return [c.name, c.evse?.id, c.evse?.connectorId, (d.variable as Json).name].join('|');
};
export const actual = (d: Json | undefined): unknown =>
  (d?.variableAttribute as Json[] | undefined)?.find((a) => (a.type ?? 'Actual') === 'Actual')?.value;
/** The abnormal-state variables of a SummaryInventory (B07.FR.09). */
export const ABNORMAL = ['Problem', 'Tripped', 'Overload', 'Fallback'];

/**
 * Step 3 of the report cases: the NotifyReport parts of `requestId`, seqNo 0, 1, ... while tbc,
 * each with a generatedAt timestamp, and variableCharacteristics for every reported variable
 * (B07.FR.13, B08.FR.12), with a valuesList for the list types. Returns the reported variables.
 */
export async function reportParts(link: StationLink, requestId: number, step: string): Promise<Json[]> {
  const reports: Json[] = [];
  for (let seqNo = 0; ; seqNo++) {
    const r = await link.next('NotifyReport', (p) => p.requestId === requestId);
    assert.equal(r.seqNo, seqNo, `${step}: NotifyReportRequest seqNo ${seqNo}`);
    assert.ok(!Number.isNaN(Date.parse(String(r.generatedAt))), `${step}: generatedAt a timestamp`);
    reports.push(r);
    if (r.tbc !== true) break;
  }
  const data = reports.flatMap((r) => (r.reportData as Json[] | undefined) ?? []);
  assert.ok(data.length > 0, `${step}: variables reported`);
  for (const d of data) {
    const ch = d.variableCharacteristics as Json | undefined;
    assert.ok(ch, `${step}: variableCharacteristics present for ${nameOf(d)}`);
    if (['OptionList', 'SequenceList', 'MemberList'].includes(String(ch.dataType))) {
      assert.ok(ch.valuesList, `${step}: valuesList provided for ${nameOf(d)} (${ch.dataType})`);
    }
  }
  return data;
}

/** Step 2 of the report cases: status as expected, statusInfo absent or the one reason allowed. */
export function assertReportResponse(
  res: { status: string; statusInfo?: { reasonCode: string } },
  step: string,
  response: string,
  status: string,
  reasonCode = 'NoError',
): void {
  assert.equal(res.status, status, `${step}: ${response} status ${status}`);
  assert.ok(
    res.statusInfo === undefined || res.statusInfo.reasonCode === reasonCode,
    `${step}: statusInfo absent or reasonCode ${reasonCode} (got ${JSON.stringify(res.statusInfo)})`,
  );
}

/**
 * Steps 1-4 of the Get Base Report cases: GetBaseReport, step 2 Accepted, step 3 NotifyReport
 * parts seqNo 0, 1, ... while tbc; and the post scenario checks that hold for every reported
 * variable (variableCharacteristics, valuesList for list types). Returns the reported variables.
 */
export async function baseReport(link: StationLink, requestId: number, reportBase: string): Promise<Json[]> {
  const res = (await link.call('GetBaseReport', { requestId, reportBase })) as {
    status: string;
    statusInfo?: { reasonCode: string };
  };
  assertReportResponse(res, 'step 2', 'GetBaseReportResponse', 'Accepted');
  return reportParts(link, requestId, 'step 3');
}

/**
 * Steps 1-4 of the Get Custom Report cases: GetReport, step 2 Accepted, step 3 the NotifyReport
 * parts (see reportParts), each with the requestId of the request (B08.FR.04). Returns the
 * reported variables.
 */
export async function customReport(link: StationLink, request: Json & { requestId: number }, step = 2): Promise<Json[]> {
  const res = (await link.call('GetReport', request)) as { status: string; statusInfo?: { reasonCode: string } };
  assertReportResponse(res, `step ${step}`, 'GetReportResponse', 'Accepted');
  return reportParts(link, request.requestId, `step ${step + 1}`);
}
