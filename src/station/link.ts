// The station's side of the link: the WebSocket connection (rpc/connection.ts) bound to the RPC
// endpoint (rpc/endpoint.ts), with every setting read from the device model at each attempt, so
// a new password (A01) or profile applies on the next connection.

import type { Clock } from '../clock/clock.js';
import type { DeviceModel } from '../device-model/device-model.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { Logger } from '../log/logger.js';
import { StationConnection, type SecurityProfile } from '../rpc/connection.js';
import { RpcEndpoint, type TraceDirection } from '../rpc/endpoint.js';
import type { OcppError } from '../rpc/errors.js';

export interface LinkOptions {
  csmsUrl: string;
  ca?: string;
  clientCert?: string;
  clientKey?: string;
}

export interface LinkDeps {
  id: string;
  dm: DeviceModel;
  clock: Clock;
  log: Logger;
  gate(action: string): OcppError | undefined;
  onOpen(): void;
  onClose(): void;
  onSecurityEvent(type: string, techInfo: string): void;
  onTrace?(direction: TraceDirection, text: string): void;
}

export type StationEndpoint = RpcEndpoint<StationToCsmsAction, CsmsToStationAction>;

export function createLink(options: LinkOptions, deps: LinkDeps): { endpoint: StationEndpoint; connection: StationConnection } {
  const { dm, clock, log } = deps;
  const endpoint: StationEndpoint = new RpcEndpoint({
    clock,
    log,
    callTimeoutMs: () => (dm.getInt(DM.OCPPCommCtrlr.MessageTimeout.Default) ?? 30) * 1000,
    gate: deps.gate,
    ...(deps.onTrace ? { onTrace: deps.onTrace } : {}),
  });
  const connection = new StationConnection(
    () => {
      const password = dm.secret(DM.SecurityCtrlr.BasicAuthPassword);
      return {
        ...options,
        stationId: deps.id,
        securityProfile: (dm.getInt(DM.SecurityCtrlr.SecurityProfile) ?? 0) as SecurityProfile,
        ...(password === undefined ? {} : { basicAuthPassword: password }),
      };
    },
    {
      pingIntervalS: () => dm.getInt(DM.OCPPCommCtrlr.WebSocketPingInterval) ?? 0,
      backoff: () => ({
        waitMinimumS: dm.getInt(DM.OCPPCommCtrlr.RetryBackOffWaitMinimum) ?? 5,
        randomRangeS: dm.getInt(DM.OCPPCommCtrlr.RetryBackOffRandomRange) ?? 10,
        repeatTimes: dm.getInt(DM.OCPPCommCtrlr.RetryBackOffRepeatTimes) ?? 5,
      }),
    },
    {
      onOpen: (send) => {
        endpoint.attach(send);
        deps.onOpen();
      },
      onMessage: (text) => endpoint.receive(text),
      onClose: () => {
        endpoint.detach();
        deps.onClose();
      },
      onSecurityEvent: deps.onSecurityEvent,
    },
    { clock, log },
  );
  return { endpoint, connection };
}
