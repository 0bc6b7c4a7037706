// Every schema migration, in order. A new one is a new file NNN-<what>.ts exporting `sql`,
// added to the end of this list; a migration already released is never edited.

import * as deviceModel from './001-device-model.js';
import * as stationState from './002-station-state.js';
import * as outbox from './003-outbox.js';
import * as authCache from './004-auth-cache.js';
import * as transactions from './005-transactions.js';
import * as localAuthList from './006-local-auth-list.js';
import * as reservations from './007-reservations.js';
import * as displayMessages from './008-display-messages.js';
import * as chargingProfiles from './009-charging-profiles.js';
import * as certificates from './010-certificates.js';
import * as monitors from './011-monitors.js';
import * as stationKeyed from './012-station-keyed.js';

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
  { version: 6, name: '006-local-auth-list', sql: localAuthList.sql },
  { version: 7, name: '007-reservations', sql: reservations.sql },
  { version: 8, name: '008-display-messages', sql: displayMessages.sql },
  { version: 9, name: '009-charging-profiles', sql: chargingProfiles.sql },
  { version: 10, name: '010-certificates', sql: certificates.sql },
  { version: 11, name: '011-monitors', sql: monitors.sql },
  { version: 12, name: '012-station-keyed', sql: stationKeyed.sql },
];
