// What every block is given: a narrow, typed view of the station instead of the station itself.

import type { Clock } from '../clock/clock.js';
import type { CsmsToStationAction, RequestOf, ResponseOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { Logger } from '../log/logger.js';
import type { RpcEndpoint } from '../rpc/endpoint.js';
import type { StationDescription } from './description.js';
import type { Settings } from './settings.js';

export interface StationContext {
  readonly id: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: Settings;
  readonly description: StationDescription;
  /** Sends a CALL to the CSMS; rejects while offline or when the registration state forbids it. */
  call<A extends StationToCsmsAction>(action: A, payload: RequestOf<A>): Promise<ResponseOf<A>>;
  /** Registers the handler for a CSMS-initiated action. */
  readonly rpc: Pick<RpcEndpoint<StationToCsmsAction, CsmsToStationAction>, 'handle' | 'after'>;
  /** Station time: the local clock corrected by the CSMS's currentTime (B01.FR.06). */
  now(): Date;
  /** Adopts the CSMS's currentTime as station time (B01.FR.06). */
  adoptCsmsTime(currentTime: string): void;
}
