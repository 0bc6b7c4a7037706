import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../store/database.js';
import { StationScope } from '../store/scope.js';
import { Outbox, OutboxFullError } from './outbox.js';

describe('durable outbox', () => {
  it('keeps messages in commit order with a fixed messageId, across a reopen of the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'station.db');
    const db = new StationScope(openDatabase(file));
    const outbox = new Outbox(db);
    const a = outbox.add('TransactionEvent', { seqNo: 0 }, { kind: 'transaction' });
    const b = outbox.add('TransactionEvent', { seqNo: 1 }, { kind: 'transaction' });
    db.db.close();
    const reopened = new Outbox(new StationScope(openDatabase(file)));
    assert.deepEqual(
      reopened.entries().map((e) => [e.messageId, e.payload]),
      [
        [a.messageId, { seqNo: 0 }],
        [b.messageId, { seqNo: 1 }],
      ],
    );
    assert.equal(reopened.head()?.seq, a.seq);
    reopened.remove(a.seq);
    assert.equal(reopened.head()?.seq, b.seq);
  });

  it('counts failed attempts per message', () => {
    const outbox = new Outbox(new StationScope(openDatabase(':memory:')));
    const a = outbox.add('SecurityEventNotification', {}, { kind: 'other' });
    assert.equal(outbox.noteAttempt(a.seq), 1);
    assert.equal(outbox.noteAttempt(a.seq), 2);
    assert.equal(outbox.head()?.attempts, 2);
  });

  it('when full, drops intermediate meter values first, then other messages, and never a transaction event', () => {
    const outbox = new Outbox(new StationScope(openDatabase(':memory:')), { maxEntries: 3 });
    outbox.add('TransactionEvent', { n: 'started' }, { kind: 'transaction' });
    outbox.add('TransactionEvent', { n: 'periodic' }, { kind: 'transaction', droppable: true });
    outbox.add('SecurityEventNotification', { n: 'event' }, { kind: 'other' });
    outbox.add('TransactionEvent', { n: 'updated' }, { kind: 'transaction' });
    assert.deepEqual(
      outbox.entries().map((e) => (e.payload as { n: string }).n),
      ['started', 'event', 'updated'],
    );
    outbox.add('TransactionEvent', { n: 'ended' }, { kind: 'transaction' });
    assert.deepEqual(
      outbox.entries().map((e) => (e.payload as { n: string }).n),
      ['started', 'updated', 'ended'],
    );
    assert.throws(() => outbox.add('TransactionEvent', { n: 'more' }, { kind: 'transaction' }), OutboxFullError);
    assert.equal(outbox.size, 3);
  });

  it('a message committed by a process killed right after is there on restart', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outbox-kill-')), 'station.db');
    const module = new URL('./outbox.js', import.meta.url).href;
    const database = new URL('../store/database.js', import.meta.url).href;
    const scope = new URL('../store/scope.js', import.meta.url).href;
    // The child commits one message, reports it, and kills itself with SIGKILL: no clean shutdown.
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { Outbox } = await import(${JSON.stringify(module)});
         const { openDatabase } = await import(${JSON.stringify(database)});
         const { StationScope } = await import(${JSON.stringify(scope)});
         const e = new Outbox(new StationScope(openDatabase(${JSON.stringify(file)}))).add('TransactionEvent', { seqNo: 7 }, { kind: 'transaction' });
         process.stdout.write(e.messageId);
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(child.signal, 'SIGKILL');
    const [entry] = new Outbox(new StationScope(openDatabase(file))).entries();
    assert.equal(entry?.messageId, child.stdout);
    assert.deepEqual(entry?.payload, { seqNo: 7 });
  });
});
