// The station's functional blocks, one line each, in the order they are created. Adding a block
// is a folder under blocks/ and a line here. A block is given the APIs of the blocks it names in
// `needs` (they must stand above it); its hooks run in this order too.

import { authorizationBlock } from '../blocks/authorization/index.js';
import { certificateManagementBlock, type CertificateSources } from '../blocks/certificate-management/index.js';
import { availabilityBlock } from '../blocks/availability/index.js';
import { dataTransferBlock } from '../blocks/data-transfer/index.js';
import { diagnosticsBlock, type LogLimits } from '../blocks/diagnostics/index.js';
import { displayMessageBlock } from '../blocks/display-message/index.js';
import { firmwareBlock } from '../blocks/firmware/index.js';
import { localAuthListBlock } from '../blocks/local-auth-list/index.js';
import { meterValuesBlock } from '../blocks/meter-values/index.js';
import { monitoringBlock } from '../blocks/monitoring/index.js';
import { provisioningBlock } from '../blocks/provisioning/index.js';
import { remoteControlBlock } from '../blocks/remote-control/index.js';
import { reservationBlock } from '../blocks/reservation/index.js';
import { securityBlock } from '../blocks/security/index.js';
import { smartChargingBlock } from '../blocks/smart-charging/index.js';
import { tariffCostBlock } from '../blocks/tariff-cost/index.js';
import { transactionsBlock } from '../blocks/transactions/index.js';
import type { CsmsToStationAction } from '../generated/ocpp201/index.js';
import type { ApiOf, NeedsOf, RoutesOf } from '../kernel/block.js';

export const BLOCKS = [
  // N01.FR.03: the security log holds every security event, also those of the other blocks'
  // creation (B01 StartupOfTheDevice); so diagnostics, and the blocks it needs, come first.
  localAuthListBlock, // D
  authorizationBlock, // C
  diagnosticsBlock, // N
  securityBlock, // A
  certificateManagementBlock, // M
  availabilityBlock, // G
  provisioningBlock, // B
  meterValuesBlock, // J
  reservationBlock, // H
  transactionsBlock, // E
  remoteControlBlock, // F
  displayMessageBlock, // O
  tariffCostBlock, // I
  smartChargingBlock, // K
  firmwareBlock, // L
  dataTransferBlock, // P
  // Last, so that its monitors see the values the other blocks set at start-up.
  monitoringBlock, // N02-N08
] as const;

/** What the composition root itself gives the blocks, beside the blocks' own APIs. */
export interface StationProvided {
  /** The roots and the station certificate given on the command line. */
  certificateSources: CertificateSources;
  /** How much of its logs the station keeps in memory for GetLog (N01). */
  logLimits: LogLimits;
}

type Definitions = (typeof BLOCKS)[number];
/** Every block's API by its name: what `station.blocks` holds. */
export type BlockApis = { [D in Definitions as D['name']]: ApiOf<D> };

/** Actions no installed block owns: answered with CALLERROR NotSupported. */
export const NOT_SUPPORTED = [
  'PublishFirmware', // L03
  'UnpublishFirmware', // L04
] as const satisfies readonly CsmsToStationAction[];

// The compiler checks the route table: every CSMS-to-station action is owned by a block or listed
// as not supported (the type below names the missing ones), and every block's needs are met.
type Owned = keyof UnionToIntersection<RoutesOf<Definitions>> | (typeof NOT_SUPPORTED)[number];
type Missing = Exclude<CsmsToStationAction, Owned>;
const everyActionOwned: [Missing] extends [never] ? true : { missing: Missing } = true;
type Unmet<D> = D extends Definitions ? (BlockApis & StationProvided extends NeedsOf<D> ? never : D['name']) : never;
const everyNeedMet: [Unmet<Definitions>] extends [never] ? true : { unmet: Unmet<Definitions> } = true;
void everyActionOwned;
void everyNeedMet;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
