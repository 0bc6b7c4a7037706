// N10 Clear customer information, proved on the disk: a station process with a data directory of
// its own holds an idToken (Authorization Cache entry, a finished transaction with a display
// message tied to it), the CSMS clears it, the station stops, and the database file itself is
// read: every table, then the raw bytes of the database and its WAL, before and after a
// checkpoint (a graceful stop closes the database, which moves the WAL into it; a power cut
// leaves the WAL as it is). Only what the spec keeps may remain: the Local Authorization List
// (N10.FR.03/06) and what is not about the customer (the transaction ids the station used,
// E01.FR.08, which no longer name the token once the transaction ended).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { authorized, type Booted, booted, energyTransferStarted, evConnectedPreSession, quiescent } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const TOKEN = 'N10ERASE7Q4Z';
const LISTED = 'N10LISTED9K2W';
/** How the station could hold a token: as given, lower-cased (compared case-insensitively), hashed. */
const traces = (idToken: string): string[] => {
  const hash = createHash('sha256').update(`ISO14443:${idToken.toLowerCase()}`).digest('hex');
  return [idToken, idToken.toLowerCase(), hash];
};

/** Every file of the data directory (the database, its -wal and -shm, anything else) that holds `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))) found.push(name);
  }
  return found;
}

/** Rows of every table of the database that hold `needle`, as `table: row`. */
function rowsHolding(db: BetterSqlite3.Database, needle: string): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`SELECT * FROM "${name}"`).all() as Json[])
      .map((row) => JSON.stringify(row))
      .filter((row) => row.toLowerCase().includes(needle.toLowerCase()))
      .map((row) => `${name}: ${row}`),
  );
}

describe('N10 Clear customer information – nothing of the customer left on the disk', () => {
  for (const end of ['stop', 'kill'] as const) {
    it(`N10.FR.03/FR.06 – after a clear and a ${end === 'stop' ? 'graceful stop' : 'power cut'}, no table, no page of the database or its WAL holds the idToken; the Local Authorization List keeps its entry`, async () => {
      let cs: Booted | undefined = await booted(csms, {
        id: `CONF-N10-ERASE-${end}`,
        set: ['AuthCacheCtrlr/Enabled=true', 'LocalAuthListCtrlr/Enabled=true'],
      });
      const dataDir = cs.station.dataDir;
      try {
        // What the station comes to hold about the customer: a cache entry, a transaction, a
        // display message shown during it; and, for another token, a Local Authorization List entry.
        const list = (await cs.link.call('SendLocalList', {
          versionNumber: 1,
          updateType: 'Full',
          localAuthorizationList: [{ idToken: { idToken: LISTED, type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }],
        })) as Json;
        assert.equal(list.status, 'Accepted', 'the Local Authorization List is set');
        await authorized(cs, TOKEN);
        await evConnectedPreSession(cs);
        const started = await energyTransferStarted(cs);
        const transactionId = String((started.transactionInfo as Json).transactionId);
        const set = (await cs.link.call('SetDisplayMessage', {
          message: {
            id: 1001,
            priority: 'NormalCycle',
            transactionId,
            message: { format: 'ASCII', content: 'Charging for you' },
          },
        })) as Json;
        assert.equal(set.status, 'Accepted', 'a display message tied to the transaction');
        await cs.station.post('/api/evses/1/unplug');
        await cs.link.next(
          'TransactionEvent',
          (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended',
        );
        await quiescent(cs);

        // Report and clear; the report names what was held.
        const res = (await cs.link.call('CustomerInformation', {
          requestId: 10,
          report: true,
          clear: true,
          idToken: { idToken: TOKEN, type: 'ISO14443' },
        })) as Json;
        assert.equal(res.status, 'Accepted', 'CustomerInformationResponse status Accepted');
        const parts: Json[] = [];
        for (let seqNo = 0; ; seqNo++) {
          const n: Json = await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === 10);
          assert.equal(n.seqNo, seqNo, `NotifyCustomerInformationRequest seqNo ${seqNo}`);
          parts.push(n);
          if (n.tbc !== true) break;
        }
        const reported = parts.map((p) => String(p.data)).join(' ');
        assert.match(reported, /cache/i, 'N10.FR.03: the Authorization Cache entry is reported as cleared');
        await quiescent(cs);
        if (end === 'stop') await cs.station.stop();
        else await cs.station.kill();
        cs = undefined;

        // The files as the station left them: first what the tables hold, then every byte.
        const db = new BetterSqlite3(join(dataDir, 'station.db'), { readonly: true });
        try {
          for (const needle of traces(TOKEN)) assert.deepEqual(rowsHolding(db, needle), [], `no row holds ${needle}`);
        } finally {
          db.close();
        }
        for (const needle of traces(TOKEN)) {
          assert.deepEqual(filesHolding(dataDir, needle), [], `no file of the data directory holds ${needle}`);
        }
        const rw = new BetterSqlite3(join(dataDir, 'station.db'));
        try {
          // Kept: the list entry of the other token (N10.FR.03), the transaction id (E01.FR.08).
          assert.equal(rowsHolding(rw, traces(LISTED)[2]!).length, 1, 'the Local Authorization List keeps its entry');
          assert.equal(rowsHolding(rw, transactionId).filter((r) => r.startsWith('tx_history')).length, 1, 'tx_history keeps the id');
          rw.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          rw.close();
        }
        // After a checkpoint: the WAL's frames are in the database file, freed pages included.
        for (const needle of traces(TOKEN)) {
          assert.deepEqual(filesHolding(dataDir, needle), [], `after a checkpoint, no file holds ${needle}`);
        }
        assert.ok(existsSync(join(dataDir, 'station.db')));
      } finally {
        await cs?.station.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('N09.FR.05/N10.FR.03 – during a transaction: cache entry, transaction, its display message and a reservation reported; the clear removes all but the transaction, which goes when it ends', async () => {
    const cs = await booted(csms, { id: 'CONF-N10-ONGOING', evses: 2, set: ['AuthCacheCtrlr/Enabled=true'] });
    const report = async (requestId: number, clear: boolean): Promise<string> => {
      const res = (await cs.link.call('CustomerInformation', {
        requestId,
        report: true,
        clear,
        idToken: { idToken: TOKEN, type: 'ISO14443' },
      })) as Json;
      assert.equal(res.status, 'Accepted', `request ${requestId}: CustomerInformationResponse status Accepted`);
      const parts: Json[] = [];
      for (let seqNo = 0; ; seqNo++) {
        const n: Json = await cs.link.next('NotifyCustomerInformation', (p) => p.requestId === requestId);
        assert.equal(n.seqNo, seqNo, `request ${requestId}: NotifyCustomerInformationRequest seqNo ${seqNo}`);
        parts.push(n);
        if (n.tbc !== true) break;
      }
      return parts.map((p) => String(p.data)).join('; ');
    };
    try {
      await authorized(cs, TOKEN);
      await evConnectedPreSession(cs);
      const transactionId = String(((await energyTransferStarted(cs)).transactionInfo as Json).transactionId);
      const set = (await cs.link.call('SetDisplayMessage', {
        message: { id: 1002, priority: 'NormalCycle', transactionId, message: { format: 'ASCII', content: 'Charging for you' } },
      })) as Json;
      assert.equal(set.status, 'Accepted', 'a display message tied to the transaction');
      const expiryDateTime = new Date(Date.now() + 3_600_000).toISOString();
      const reserved = (await cs.link.call('ReserveNow', {
        id: 77,
        expiryDateTime,
        evseId: 2,
        idToken: { idToken: TOKEN, type: 'ISO14443' },
      })) as Json;
      assert.equal(reserved.status, 'Accepted', 'a reservation for the token');
      await cs.link.next('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Reserved');

      const held = await report(20, false);
      for (const [what, pattern] of [
        ['the Authorization Cache entry', /Authorization Cache/],
        ['the ongoing transaction', new RegExp(`Transaction ${transactionId}`)],
        ['the display message of the transaction', /Display message 1002/],
        ['the reservation', /Reservation 77/],
        ['the log records of the messages that carried the token', /log record/],
      ] as const) {
        assert.match(held, pattern, `N09.FR.05: ${what} reported`);
      }
      assert.ok(!held.includes(TOKEN), 'the report does not repeat the token');

      await report(21, true);
      const removed = await cs.link.next('ReservationStatusUpdate', (p) => p.reservationId === 77);
      assert.equal(removed.reservationUpdateStatus, 'Removed', 'N10.FR.03: the reservation is removed, and the CSMS told');
      await cs.link.next('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Available');
      const messages = (await cs.link.call('GetDisplayMessages', { requestId: 22, id: [1002] })) as Json;
      assert.equal(messages.status, 'Unknown', 'N10.FR.03: the display message of the transaction is removed');

      const kept = await report(23, false);
      assert.match(kept, new RegExp(`Transaction ${transactionId}.*kept`), 'the ongoing transaction is kept until it ends');
      for (const gone of [/Authorization Cache/, /Display message/, /Reservation/, /log record/])
        assert.doesNotMatch(kept, gone, `${gone} cleared`);

      await cs.station.post('/api/evses/1/unplug');
      await cs.link.next('TransactionEvent', (p) => (p.transactionInfo as Json).transactionId === transactionId && p.eventType === 'Ended');
      await quiescent(cs);
      assert.match(await report(24, false), /no customer data found/i, 'once the transaction ended, nothing of the customer is held');
      assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
    } finally {
      await cs.station.dispose();
    }
  });
});
