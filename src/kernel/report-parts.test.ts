import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeCall } from '../rpc/frame.js';
import { splitIntoParts } from './report-parts.js';

const ID = '0123456789abcdef0123456789abcdef0123'; // the longest messageId, 36 characters

describe('Reports in parts (B07.FR.04/10, O04, K09): one splitter for every report', () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ id: i, text: 'x'.repeat(i * 7) }));

  it('every part, as the whole CALL frame, stays within BytesPerMessage and ItemsPerMessage; items keep their order', () => {
    const limits = { maxItems: 7, maxBytes: 1200 };
    const parts = splitIntoParts('NotifyDisplayMessages', items, { requestId: 1, tbc: false, messageInfo: [] }, limits);
    assert.deepEqual(parts.flat(), items);
    for (const part of parts) {
      assert.ok(part.length <= 7);
      const frame = serializeCall(ID, 'NotifyDisplayMessages', { requestId: 1, tbc: true, messageInfo: part });
      if (part.length > 1) assert.ok(Buffer.byteLength(frame) <= 1200, `${Buffer.byteLength(frame)} bytes`);
    }
    assert.ok(parts.length > 50 / 7, 'the byte limit split more than the item limit alone');
  });

  it('an item larger than the limit goes alone; no items still make one empty part', () => {
    const big = { id: 1, text: 'y'.repeat(5000) };
    assert.deepEqual(splitIntoParts('NotifyReport', [big, { id: 2 }], {}, { maxItems: 10, maxBytes: 1000 }), [[big], [{ id: 2 }]]);
    assert.deepEqual(splitIntoParts('NotifyReport', [], {}, { maxItems: 0, maxBytes: 1000 }), [[]]);
  });
});
