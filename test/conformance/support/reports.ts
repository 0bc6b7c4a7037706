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
 * Steps 1-4 of the Get Base Report cases: GetBaseReport, step 2 Accepted, step 3 NotifyReport
 * parts seqNo 0, 1, ... while tbc; and the post scenario checks that hold for every reported
 * variable (variableCharacteristics, valuesList for list types). Returns the reported variables.
 */
export async function baseReport(link: StationLink, requestId: number, reportBase: string): Promise<Json[]> {
  const res = (await link.call('GetBaseReport', { requestId, reportBase })) as {
    status: string;
    statusInfo?: { reasonCode: string };
  };
  assert.equal(res.status, 'Accepted', 'step 2: GetBaseReportResponse status Accepted');
  assert.ok(res.statusInfo === undefined || res.statusInfo.reasonCode === 'NoError', 'step 2: statusInfo absent or NoError');
  const reports: Json[] = [];
  for (let seqNo = 0; ; seqNo++) {
    const r = await link.next('NotifyReport', (p) => p.requestId === requestId);
    assert.equal(r.seqNo, seqNo, `step 3: NotifyReportRequest seqNo ${seqNo}`);
    assert.ok(!Number.isNaN(Date.parse(String(r.generatedAt))), 'step 3: generatedAt a timestamp');
    reports.push(r);
    if (r.tbc !== true) break;
  }
  const data = reports.flatMap((r) => (r.reportData as Json[] | undefined) ?? []);
  assert.ok(data.length > 0, 'step 3: variables reported');
  for (const d of data) {
    const ch = d.variableCharacteristics as Json | undefined;
    assert.ok(ch, `post scenario: variableCharacteristics present for ${nameOf(d)}`);
    if (['OptionList', 'SequenceList', 'MemberList'].includes(String(ch.dataType))) {
      assert.ok(ch.valuesList, `step 3: valuesList provided for ${nameOf(d)} (${ch.dataType})`);
    }
  }
  return data;
}
