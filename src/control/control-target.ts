// What the control API and dashboard can do to a running station (contract: "Control API of a
// running station"). The station implements it; the HTTP layer only parses and validates.

import type { IdTokenEnumType } from '../generated/ocpp201/index.js';
import type { ExternalLimitSource } from '../hal/hardware.js';
import type { Misbehaviour } from '../rpc/endpoint.js';
import type { EvChange } from './ev-body.js';
import type { StationSnapshot, TraceFrame } from './snapshot.js';

export type { EvChange } from './ev-body.js';

export type { DisplayMessageSnapshot, EvseSnapshot, StationSnapshot, TransactionSnapshot } from './snapshot.js';

/** Who imposes an external charging limit (K11.FR.05: never CSO). */
export type { ExternalLimitSource };

export interface DeviceModelQuery {
  component: string;
  variable: string;
  attribute?: string;
  evseId?: number;
  connectorId?: number;
  componentInstance?: string;
  variableInstance?: string;
}

/** A request that cannot be carried out: 404 for an unknown EVSE/connector/variable, 400 otherwise. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A fault on purpose, towards the CSMS, to test its error handling: answer the next CALLs of an
 * action wrongly, write a raw (even malformed) frame, lose the network link, lose power.
 */
export type StationFault =
  | { type: 'answer'; rule: Misbehaviour }
  | { type: 'frame'; text: string }
  | { type: 'cut-link'; offlineMs?: number }
  | { type: 'power-cycle' };

/** How the cable goes in (POST /api/evses/<id>/plug). */
export interface PlugCable {
  /** G05: the plug is not fully in, so the station's next attempt to lock the connector fails. */
  lockFails?: boolean;
}

export interface ControlTarget {
  snapshot(): StationSnapshot;
  /** `ev`: what the EV that plugs in is like (contract: EV). */
  plug(evseId: number, connectorId?: number, ev?: EvChange, cable?: PlugCable): void;
  unplug(evseId: number): void;
  setEv(evseId: number, ev: EvChange): void;
  /** E15: the plugged ISO 15118 EV ends its session; ControlError 400 when none is plugged. */
  stopEvSession(evseId: number): void;
  setFault(evseId: number, faulted: boolean): void;
  presentIdToken(token: { idToken: string; type?: IdTokenEnumType; evseId?: number }): void;
  /** K11–K14: an external system's limit for the station (no evseId) or one EVSE, W; null clears it. */
  setExternalLimit(limit: { evseId?: number; limitW: number | null; source?: ExternalLimitSource }): void;
  /** POST /api/faults. A frame while offline is a ControlError 400. */
  fault(fault: StationFault): void;
  /** The stored value; WriteOnly variables are never returned (ControlError 404 as if unknown... or 400). */
  deviceModelValue(query: DeviceModelQuery): { value: string | null };
  /** Every state change (snapshot) and OCPP frame, for GET /api/events. */
  subscribe(listener: (event: { type: 'state'; data: StationSnapshot } | { type: 'frame'; data: TraceFrame }) => void): () => void;
}
