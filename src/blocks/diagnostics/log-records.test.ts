import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogRecords, MAX_CHARS, MAX_RECORDS } from './log-records.js';

/** Station time from epoch milliseconds. */
const at = (ms: () => number) => ({ now: () => new Date(ms()) });

describe('N01 log records', () => {
  it('keeps the last MAX_RECORDS frames, oldest dropped first', () => {
    let now = 0;
    const records = new LogRecords(at(() => now));
    for (let i = 0; i < MAX_RECORDS + 5; i++) {
      now = i * 1000;
      records.frame('out', `frame ${i}`);
    }
    const lines = records.text('DiagnosticsLog')!.trimEnd().split('\n');
    assert.equal(lines.length, MAX_RECORDS);
    assert.equal(lines[0], `${new Date(5000).toISOString()} out frame 5`);
  });

  it('keeps no more than the limits it is given (a fleet member keeps less)', () => {
    const records = new LogRecords(
      at(() => 0),
      { records: 3, chars: 1000 },
    );
    for (let i = 0; i < 10; i++) records.frame('out', `frame ${i}`);
    assert.deepEqual(
      records
        .text('DiagnosticsLog')!
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ').slice(1).join(' ')),
      ['out frame 7', 'out frame 8', 'out frame 9'],
    );
  });

  it('keeps at most MAX_CHARS characters', () => {
    const records = new LogRecords(at(() => 0));
    for (let i = 0; i < 20; i++) records.frame('in', 'x'.repeat(MAX_CHARS / 10));
    assert.ok(records.text('DiagnosticsLog')!.length < MAX_CHARS + 100);
  });

  it('filters on oldestTimestamp/latestTimestamp; nothing in the period is undefined (N01.FR.05)', () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const records = new LogRecords(at(() => now));
    records.security('SettingSystemTime', 'a');
    now += 60_000;
    records.security('ResetOrReboot');
    assert.equal(records.text('SecurityLog', '2025-01-01T00:00:30Z'), '2025-01-01T00:01:00.000Z ResetOrReboot\n');
    assert.equal(records.text('SecurityLog', undefined, '2025-01-01T00:00:30Z'), '2025-01-01T00:00:00.000Z SettingSystemTime a\n');
    assert.equal(records.text('SecurityLog', '2026-01-01T00:00:00Z'), undefined);
    assert.match(records.text('DiagnosticsLog')!, /security ResetOrReboot/);
  });

  it('N10.FR.03/06 – erase drops the records of both logs that carry the idToken, any case; naming counts them', () => {
    const records = new LogRecords(at(() => 0));
    records.frame('in', '[2,"1","Authorize",{"idToken":{"idToken":"Card7","type":"ISO14443"}}]');
    records.frame('out', '[2,"2","Heartbeat",{}]');
    records.frame('out', '[2,"3","TransactionEvent",{"idToken":{"idToken":"CARD7","type":"ISO14443"}}]');
    records.frame('out', '[2,"4","TransactionEvent",{"idToken":{"idToken":"CARD77","type":"ISO14443"}}]');
    records.frame(
      'in',
      '[2,"5","CustomerInformation",{"requestId":1,"report":true,"clear":true,"idToken":{"idToken":"Card7","type":"ISO14443"}}]',
    );
    assert.equal(records.naming('card7'), 2, 'the CSMS asking is not data the station holds');
    records.erase('card7');
    assert.equal(records.naming('card7'), 0);
    const left = records.text('DiagnosticsLog')!;
    assert.ok(!/"card7"/i.test(left) && left.includes('Heartbeat') && left.includes('CARD77'));
  });
});
