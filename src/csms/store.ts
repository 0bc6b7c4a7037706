// What the local CSMS knows about each station, in memory: connection state, the last boot
// and its answer, the last status of each connector, transactions, every request received
// and a bounded log of the frames exchanged. Records are plain JSON so the HTTP API can
// return them as they are.

import { systemClock } from '../clock/clock.js';
import type {
  BootNotificationRequest,
  ChargingStateEnumType,
  ConnectorStatusEnumType,
  RegistrationStatusEnumType,
  RequestOf,
  StationToCsmsAction,
  TransactionEventEnumType,
} from '../generated/ocpp201/index.js';

export interface FrameRecord {
  time: string;
  direction: 'in' | 'out';
  text: string;
}

export interface RequestRecord {
  time: string;
  action: StationToCsmsAction;
  request: unknown;
}

export interface ConnectorStatusRecord {
  evseId: number;
  connectorId: number;
  status: ConnectorStatusEnumType;
  timestamp: string;
}

export interface TransactionRecord {
  transactionId: string;
  evseId: number | null;
  idToken: string | null;
  eventType: TransactionEventEnumType;
  chargingState: ChargingStateEnumType | null;
  seqNo: number;
  updatedAt: string;
}

export interface StationSummary {
  id: string;
  connected: boolean;
  connectedAt: string | null;
  disconnectedAt: string | null;
  /** The status of the last BootNotification answer; null before the first one. */
  registration: RegistrationStatusEnumType | null;
  boot: { time: string; request: BootNotificationRequest } | null;
  lastHeartbeat: string | null;
  /** Keyed `<evseId>/<connectorId>`. */
  statuses: Record<string, ConnectorStatusRecord>;
  transactions: Record<string, TransactionRecord>;
}

interface StationRecord extends StationSummary {
  frames: FrameRecord[];
  requests: RequestRecord[];
  /** Actions the CSMS asked for with TriggerMessage while the station is not yet Accepted. */
  triggered: Set<StationToCsmsAction>;
}

export interface CsmsStoreOptions {
  now?: () => number;
  /** Frames kept per station; older ones are dropped. */
  maxFrames?: number;
  /** Requests kept per station; older ones are dropped. */
  maxRequests?: number;
}

export class CsmsStore {
  private readonly stations = new Map<string, StationRecord>();
  private readonly now: () => number;
  private readonly maxFrames: number;
  private readonly maxRequests: number;

  constructor(options: CsmsStoreOptions = {}) {
    this.now = options.now ?? systemClock.now;
    this.maxFrames = options.maxFrames ?? 5000;
    this.maxRequests = options.maxRequests ?? 5000;
  }

  has(stationId: string): boolean {
    return this.stations.has(stationId);
  }

  list(): StationSummary[] {
    return [...this.stations.values()].map(summary);
  }

  get(stationId: string): StationSummary | undefined {
    const record = this.stations.get(stationId);
    return record && summary(record);
  }

  frames(stationId: string): FrameRecord[] | undefined {
    return this.stations.get(stationId)?.frames.slice();
  }

  requests(stationId: string): RequestRecord[] | undefined {
    return this.stations.get(stationId)?.requests.slice();
  }

  connected(stationId: string): void {
    const record = this.record(stationId);
    record.connected = true;
    record.connectedAt = this.time();
  }

  disconnected(stationId: string): void {
    const record = this.record(stationId);
    record.connected = false;
    record.disconnectedAt = this.time();
  }

  recordFrame(stationId: string, direction: 'in' | 'out', text: string): void {
    push(this.record(stationId).frames, { time: this.time(), direction, text }, this.maxFrames);
  }

  /** Keeps a request and what it tells about the station. */
  recordRequest<A extends StationToCsmsAction>(stationId: string, action: A, request: RequestOf<A>): void {
    const record = this.record(stationId);
    const time = this.time();
    push(record.requests, { time, action, request }, this.maxRequests);
    if (action === 'BootNotification') {
      record.boot = { time, request: request as BootNotificationRequest };
    } else if (action === 'Heartbeat') {
      record.lastHeartbeat = time;
    } else if (action === 'StatusNotification') {
      const { evseId, connectorId, connectorStatus, timestamp } = request as RequestOf<'StatusNotification'>;
      record.statuses[`${evseId}/${connectorId}`] = { evseId, connectorId, status: connectorStatus, timestamp };
    } else if (action === 'TransactionEvent') {
      recordTransaction(record, request as RequestOf<'TransactionEvent'>, time);
    }
  }

  recordBootAnswer(stationId: string, status: RegistrationStatusEnumType): void {
    const record = this.record(stationId);
    record.registration = status;
    record.triggered.clear();
  }

  registration(stationId: string): RegistrationStatusEnumType | null {
    return this.stations.get(stationId)?.registration ?? null;
  }

  recordTrigger(stationId: string, action: StationToCsmsAction): void {
    this.record(stationId).triggered.add(action);
  }

  wasTriggered(stationId: string, action: StationToCsmsAction): boolean {
    return this.stations.get(stationId)?.triggered.has(action) ?? false;
  }

  private record(stationId: string): StationRecord {
    let record = this.stations.get(stationId);
    if (!record) {
      record = {
        id: stationId,
        connected: false,
        connectedAt: null,
        disconnectedAt: null,
        registration: null,
        boot: null,
        lastHeartbeat: null,
        statuses: {},
        transactions: {},
        frames: [],
        requests: [],
        triggered: new Set(),
      };
      this.stations.set(stationId, record);
    }
    return record;
  }

  private time(): string {
    return new Date(this.now()).toISOString();
  }
}

function recordTransaction(record: StationRecord, request: RequestOf<'TransactionEvent'>, time: string): void {
  const { transactionId, chargingState } = request.transactionInfo;
  const previous = record.transactions[transactionId];
  record.transactions[transactionId] = {
    transactionId,
    evseId: request.evse?.id ?? previous?.evseId ?? null,
    idToken: request.idToken?.idToken ?? previous?.idToken ?? null,
    eventType: request.eventType,
    chargingState: chargingState ?? previous?.chargingState ?? null,
    seqNo: request.seqNo,
    updatedAt: time,
  };
}

function summary(record: StationRecord): StationSummary {
  const { frames: _frames, requests: _requests, triggered: _triggered, ...rest } = record;
  return structuredClone(rest);
}

function push<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
