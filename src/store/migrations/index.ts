// Every schema migration, in order. A new one is a new file NNN-<what>.ts exporting `sql`,
// added to the end of this list; a migration already released is never edited.

import * as deviceModel from './001-device-model.js';
import * as stationState from './002-station-state.js';
import * as outbox from './003-outbox.js';
import * as authCache from './004-auth-cache.js';
import * as transactions from './005-transactions.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-device-model', sql: deviceModel.sql },
  { version: 2, name: '002-station-state', sql: stationState.sql },
  { version: 3, name: '003-outbox', sql: outbox.sql },
  { version: 4, name: '004-auth-cache', sql: authCache.sql },
  { version: 5, name: '005-transactions', sql: transactions.sql },
];
