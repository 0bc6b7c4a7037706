// The station's side of the link: the WebSocket connection (rpc/connection.ts) bound to the RPC
// endpoint (rpc/endpoint.ts), with every setting read from the device model at each attempt, so
// a new password (A01) applies on the next connection. URL, security profile and message timeout
// come from the network profile slot in use (B10: NetworkConfigurationPriority order, the next slot
// after NetworkProfileConnectionAttempts failed attempts); slot 0 without a profile is `csmsUrl`.

import type { Clock } from '../clock/clock.js';
import type { DeviceModel } from '../device-model/device-model.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { Logger } from '../log/logger.js';
import { type ConnectionEvents, StationConnection, type SecurityProfile } from '../rpc/connection.js';
import type { CallObserver } from '../rpc/call-observer.js';
import type { LoopbackConnection } from '../rpc/loopback.js';
import { RpcEndpoint, type TraceDirection } from '../rpc/endpoint.js';
import type { OcppError } from '../rpc/errors.js';
import type { StationState } from '../store/station-state.js';
import { adoptConnectedProfile, SlotRotation } from '../blocks/provisioning/index.js';

export interface LinkOptions {
  csmsUrl: string;
  ca?: string;
  clientCert?: string;
  clientKey?: string;
  /** Part 4 §3.3: offer permessage-deflate (RFC 7692); true when absent. */
  compression?: boolean;
  /** An in-memory link instead of a WebSocket (tests that are not about the socket). */
  loopback?: LoopbackConnection;
  /** Told how each of the station's own CALLs settles (a fleet's load-test report). */
  observeCalls?: CallObserver;
}

/** What the station asks of its connection, whether a WebSocket or the in-memory loopback. */
export type LinkConnection = Pick<StationConnection, 'start' | 'stop' | 'reconnect' | 'url' | 'connected'> &
  Partial<Pick<StationConnection, 'cut'>>;

export interface LinkDeps {
  id: string;
  dm: DeviceModel;
  state: StationState;
  clock: Clock;
  log: Logger;
  gate(action: string): OcppError | undefined;
  onOpen(): void;
  onClose(): void;
  onSecurityEvent(type: string, techInfo: string): void;
  /** Connected on another network profile slot than last time (B10.FR.10: boot again). */
  onProfileSwitched?(): void;
  /** The CSMSRootCertificates of the certificate store, which the CSMS server certificate may chain to too. */
  csmsRoots?(): readonly string[];
  /** A02.FR.09: the client certificate and key for security profile 3; the command-line ones when undefined. */
  clientCredentials?(): { id: string; cert: string; key: string } | undefined;
  /** A02.FR.10: the attempt with the credentials `id` opened, or failed before opening. */
  onCredentialsOutcome?(id: string, opened: boolean): void;
  onTrace?(direction: TraceDirection, text: string): void;
}

export type StationEndpoint = RpcEndpoint<StationToCsmsAction, CsmsToStationAction>;

export function createLink(options: LinkOptions, deps: LinkDeps): { endpoint: StationEndpoint; connection: LinkConnection } {
  const { dm, clock, log } = deps;
  const slots = new SlotRotation(dm, deps.state, () => dm.getInt(DM.OCPPCommCtrlr.NetworkProfileConnectionAttempts) ?? 3);
  let lastOpenedSlot: number | undefined;
  /** The credentials of the attempt under way, on security profile 3. */
  let presented: string | undefined;
  const endpoint: StationEndpoint = new RpcEndpoint({
    clock,
    log,
    callTimeoutMs: () => (slots.current.profile?.messageTimeout ?? dm.getInt(DM.OCPPCommCtrlr.MessageTimeout.Default) ?? 30) * 1000,
    gate: deps.gate,
    ...(deps.onTrace ? { onTrace: deps.onTrace } : {}),
    ...(options.observeCalls ? { observeCalls: options.observeCalls } : {}),
  });
  const events: ConnectionEvents = {
    onOpen: (send) => {
      const { slot } = slots.current;
      slots.opened();
      dm.set(DM.OCPPCommCtrlr.ActiveNetworkProfile, String(slot));
      if (adoptConnectedProfile(dm, deps.state, slot)) log.info({ slot }, 'security profile upgraded (A05.FR.06)');
      if (lastOpenedSlot !== undefined && lastOpenedSlot !== slot) deps.onProfileSwitched?.();
      lastOpenedSlot = slot;
      if (presented !== undefined) deps.onCredentialsOutcome?.(presented, true);
      endpoint.attach(send);
      deps.onOpen();
    },
    onMessage: (text) => endpoint.receive(text),
    onClose: () => {
      endpoint.detach();
      deps.onClose();
    },
    onSecurityEvent: deps.onSecurityEvent,
    onAttemptFailed: () => {
      if (presented !== undefined) deps.onCredentialsOutcome?.(presented, false);
      if (slots.failed()) log.warn({ slot: slots.current.slot }, 'trying the next network profile (B10.FR.03)');
    },
  };
  if (options.loopback) return { endpoint, connection: options.loopback.bind(events) };
  const connection = new StationConnection(
    () => {
      const password = dm.secret(DM.SecurityCtrlr.BasicAuthPassword);
      const { profile } = slots.current;
      const securityProfile = (profile?.securityProfile ?? dm.getInt(DM.SecurityCtrlr.SecurityProfile) ?? 0) as SecurityProfile;
      const credentials = securityProfile === 3 ? deps.clientCredentials?.() : undefined;
      presented = credentials?.id;
      return {
        ...options,
        ...caOf(options.ca, deps.csmsRoots?.() ?? []),
        ...(profile ? { csmsUrl: profile.ocppCsmsUrl } : {}),
        stationId: deps.id,
        securityProfile,
        ...(password === undefined ? {} : { basicAuthPassword: password }),
        ...(credentials ? { clientCert: credentials.cert, clientKey: credentials.key } : {}),
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
    events,
    { clock, log },
  );
  return { endpoint, connection };
}

/** The `--ca` bundle and the installed CSMS roots together; the system store when there is neither. */
function caOf(ca: string | undefined, roots: readonly string[]): { ca?: string } {
  const bundle = [ca, ...roots].filter((pem): pem is string => Boolean(pem)).join('\n');
  return bundle ? { ca: bundle } : {};
}
