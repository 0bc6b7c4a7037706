import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportDataType } from '../../generated/ocpp201/index.js';
import { validatePayload } from '../../rpc/validator.js';
import { getBaseReport } from './get-base-report.js';
import { reportParts } from './notify-report.js';

const at = '2026-01-01T00:00:00.000Z';
const entry = (n: number): ReportDataType => ({
  component: { name: 'EVSE', evse: { id: n } },
  variable: { name: 'AvailabilityState' },
  variableAttribute: [{ type: 'Actual', value: 'Available', mutability: 'ReadOnly' }],
});
const data = Array.from({ length: 10 }, (_, i) => entry(i + 1));

describe('B07/B08 NotifyReport parts', () => {
  it('B07.FR.04/10 – same requestId, seqNo from 0, tbc on all but the last, at most ItemsPerMessage entries', () => {
    const parts = reportParts(5, at, data, { maxItems: 4, maxBytes: 65_000 });
    assert.deepEqual(
      parts.map((p) => [p.requestId, p.seqNo, p.tbc ?? false, p.reportData?.length]),
      [
        [5, 0, true, 4],
        [5, 1, true, 4],
        [5, 2, false, 2],
      ],
    );
    assert.deepEqual(
      parts.flatMap((p) => p.reportData ?? []),
      data,
    );
    for (const part of parts) assert.equal(validatePayload('NotifyReport', 'Request', part), undefined);
  });

  it('each part stays within BytesPerMessage, frame included', () => {
    const maxBytes = 400;
    const parts = reportParts(5, at, data, { maxItems: 100, maxBytes });
    assert.ok(parts.length > 1);
    for (const part of parts) {
      const frame = JSON.stringify([2, '00000000-0000-0000-0000-000000000000', 'NotifyReport', part]);
      assert.ok(Buffer.byteLength(frame) <= maxBytes, `${Buffer.byteLength(frame)} bytes`);
    }
    assert.deepEqual(
      parts.flatMap((p) => p.reportData ?? []),
      data,
    );
  });

  it('an empty report is one part without reportData', () => {
    assert.deepEqual(reportParts(1, at, [], { maxItems: 10, maxBytes: 1000 }), [{ requestId: 1, generatedAt: at, seqNo: 0 }]);
  });

  it('B07.FR.02 – a report base that is not supported → NotSupported', () => {
    assert.deepEqual(getBaseReport({ requestId: 1, reportBase: 'FullInventory' }), { status: 'Accepted' });
    assert.deepEqual(getBaseReport({ requestId: 1, reportBase: 'SomethingElse' as 'FullInventory' }), { status: 'NotSupported' });
  });
});
