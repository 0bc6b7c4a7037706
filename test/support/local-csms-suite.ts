// One built-in local CSMS per test file (started before its tests, closed after them), the
// stations that boot against it, and what it recorded of them.

import { after, before } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import type { IdTokenType } from '../../src/generated/ocpp201/index.js';
import type { Database } from '../../src/store/database.js';
import { makeTestStation, type TestStation } from './test-station.js';
import { waitFor } from './wait.js';

export const rfid = (idToken: string): IdTokenType => ({ idToken, type: 'ISO14443' });

export interface LocalCsmsSuite {
  /** The CSMS of the file; there once its `before` hook has run. */
  readonly csms: LocalCsms;
  /** A station started against the CSMS, once its boot was Accepted. */
  online(id: string, overrides?: Record<string, string>, station?: { evses?: number; db?: Database }): Promise<TestStation>;
  /** The idTokens of the AuthorizeRequests the CSMS received from a station. */
  authorizeRequests(id: string): string[];
}

/** Call at the top level of a test file: registers the `before`/`after` hooks of the CSMS. */
export function useLocalCsms(): LocalCsmsSuite {
  let csms: LocalCsms | undefined;
  before(async () => {
    csms = await startLocalCsms();
  });
  after(async () => {
    await csms?.close();
  });
  const suite: LocalCsmsSuite = {
    get csms(): LocalCsms {
      if (!csms) throw new Error('the local CSMS is not started yet');
      return csms;
    },
    async online(id, overrides = {}, station = {}) {
      const t = makeTestStation({
        id,
        evses: station.evses ?? 1,
        csmsUrl: suite.csms.url,
        overrides,
        ...(station.db ? { db: station.db } : {}),
      });
      t.station.start();
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted boot');
      return t;
    },
    authorizeRequests: (id) =>
      (suite.csms.store.requests(id) ?? [])
        .filter((r) => r.action === 'Authorize')
        .map((r) => (r.request as { idToken: IdTokenType }).idToken.idToken),
  };
  return suite;
}
