// What the control API and dashboard can do to a running station (contract: "Control API of a
// running station"). The station implements it; the HTTP layer only parses and validates.

import type { IdTokenEnumType } from '../generated/ocpp201/index.js';

export interface TransactionSnapshot {
  id: string;
  chargingState: string;
  seqNo: number;
  idToken: string | null;
  /** Extensions for the dashboard. */
  startedAt?: string;
  energyWh?: number;
}

export interface EvseSnapshot {
  id: number;
  available: boolean;
  connectors: { id: number; status: string; plugged?: boolean }[];
  transaction: TransactionSnapshot | null;
  meter: { energyWh: number; powerW: number; socPercent?: number };
  limitW: number | null;
  /** Extension: the hardware fault, if any. */
  fault?: string | null;
}

/** One message on the station's display. */
export interface DisplayMessageSnapshot {
  /** The id the CSMS set it with (SetDisplayMessage); null for the personal message of an authorization. */
  id: number | null;
  source: 'csms' | 'personal';
  priority: 'AlwaysFront' | 'InFront' | 'NormalCycle';
  /** The station state it is limited to; null: any state. */
  state: 'Charging' | 'Faulted' | 'Idle' | 'Unavailable' | null;
  message: { content: string; language: string | null; format: 'ASCII' | 'HTML' | 'URI' | 'UTF8' };
  transactionId?: string;
  evseId?: number;
  startDateTime?: string;
  endDateTime?: string;
}

export interface StationSnapshot {
  id: string;
  connected: boolean;
  registration: 'Accepted' | 'Pending' | 'Rejected' | null;
  evses: EvseSnapshot[];
  /** What the display shows now, in display order. */
  displayMessages: DisplayMessageSnapshot[];
  /** Extensions: where it connects, and how many messages wait for the link. */
  csmsUrl?: string;
  queuedMessages?: number;
}

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

export interface ControlTarget {
  snapshot(): StationSnapshot;
  plug(evseId: number, connectorId?: number): void;
  unplug(evseId: number): void;
  setEv(evseId: number, ev: { drawing: boolean; maxPowerW?: number; socPercent?: number }): void;
  setFault(evseId: number, faulted: boolean): void;
  presentIdToken(token: { idToken: string; type?: IdTokenEnumType; evseId?: number }): void;
  /** The stored value; WriteOnly variables are never returned (ControlError 404 as if unknown... or 400). */
  deviceModelValue(query: DeviceModelQuery): { value: string | null };
  /** Every state change (snapshot) and OCPP frame, for GET /api/events. */
  subscribe(
    listener: (
      event: { type: 'state'; data: StationSnapshot } | { type: 'frame'; data: { direction: 'in' | 'out'; text: string; time: string } },
    ) => void,
  ): () => void;
}
