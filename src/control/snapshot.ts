// What GET /api/state, GET /api/history and GET /api/events carry: plain data types, shared by
// the control API, the station that fills them in and the dashboard that shows them. No imports,
// so the dashboard's browser build can use them as they are.

export interface TransactionSnapshot {
  id: string;
  chargingState: string;
  seqNo: number;
  idToken: string | null;
  /** Extensions for the dashboard. */
  startedAt?: string;
  energyWh?: number;
}

export interface CompositeScheduleEntry {
  start: string;
  startPeriod: number;
  limitW: number | null;
}

/** One charging profile that bears on an EVSE now or later (K01). */
export interface ChargingProfileSnapshot {
  id: number;
  /** Where the CSMS set it: the EVSE itself, or 0 (the station: TxDefaultProfile for all EVSEs, ChargingStationMaxProfile). */
  evseId: number;
  purpose: 'ChargingStationExternalConstraints' | 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  stackLevel: number;
  kind: 'Absolute' | 'Recurring' | 'Relative';
  unit: 'A' | 'W';
  /** A TxProfile's transaction. */
  transactionId?: string;
}

export interface EvseSnapshot {
  id: number;
  available: boolean;
  connectors: { id: number; status: string; plugged?: boolean }[];
  transaction: TransactionSnapshot | null;
  meter: { energyWh: number; powerW: number; socPercent?: number };
  limitW: number | null;
  /** I01–I06: the tariff text and cost the display shows for the EVSE; total null while unknown, final once the Ended event's answer gave it (I03). */
  cost: { currency: string; total: number | null; final: boolean; tariffText: string | null } | null;
  /**
   * K08, K11: the limits applied now and ahead (the next 24 h), one entry per change; startPeriod is
   * seconds from now, limitW null where nothing limits the EVSE.
   */
  compositeSchedule: CompositeScheduleEntry[];
  /** K01: the profiles that apply to the EVSE now or later, its own and the station's; the winner of each purpose first. */
  chargingProfiles: ChargingProfileSnapshot[];
  /** K11: the external limit on this EVSE, W; null without one (the station-wide one: `smartCharging`). */
  externalLimitW: number | null;
  /** K15–K17: the ISO 15118 EV's last charging needs and the schedule it chose (OCPP types); null without a session. */
  iso15118?: { chargingNeeds: unknown; evChargingSchedule: unknown | null } | null;
  /** Extension: the hardware fault, if any. */
  fault?: string | null;
  /** Extension, simulated EVs: the answer to the EV's last contract certificate request (M01/M02), or null. */
  evCertificate?: { action: string; status: string; exiResponse: string; at: string } | null;
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

export interface CertificateSnapshot {
  type: string;
  subject: string;
  notAfter: string;
}

/** The variable a monitor watches, or an event is about (OCPP ComponentType and VariableType, flattened). */
export interface MonitoredVariable {
  component: string;
  componentInstance?: string;
  evseId?: number;
  connectorId?: number;
  variable: string;
  variableInstance?: string;
}

/** One variable monitor of the station (N02, N04). */
export interface MonitorSnapshot extends MonitoredVariable {
  id: number;
  type: 'UpperThreshold' | 'LowerThreshold' | 'Delta' | 'Periodic' | 'PeriodicClockAligned';
  value: number;
  /** 0 (Danger) to 9 (Debug). */
  severity: number;
  transaction: boolean;
  /** custom: set by the CSMS; preconfigured and hardwired: the station's own (N03). */
  origin: 'custom' | 'preconfigured' | 'hardwired';
}

/** One event the station raised with NotifyEvent (N07, N08). */
export interface MonitoringEventSnapshot extends MonitoredVariable {
  eventId: number;
  timestamp: string;
  trigger: 'Alerting' | 'Delta' | 'Periodic';
  actualValue: string;
  /** The severity of the monitor that raised it. */
  severity: number;
  cleared: boolean;
  eventNotificationType: 'HardWiredNotification' | 'HardWiredMonitor' | 'PreconfiguredMonitor' | 'CustomMonitor';
  variableMonitoringId?: number;
  transactionId?: string;
  /** sending: called, no answer yet; queued: waits in the durable outbox; failed: the call failed. */
  delivery: 'sending' | 'delivered' | 'queued' | 'failed';
}

export interface MonitoringSnapshot {
  /** N05: the active monitoring level; monitors of a higher severity trigger but report nothing. */
  level: number;
  monitors: MonitorSnapshot[];
  /** The last events raised since the station software started, newest first (at most 20). */
  events: MonitoringEventSnapshot[];
}

export interface StationSnapshot {
  id: string;
  connected: boolean;
  registration: 'Accepted' | 'Pending' | 'Rejected' | null;
  evses: EvseSnapshot[];
  /** What the display shows now, in display order. */
  displayMessages: DisplayMessageSnapshot[];
  /** M: the installed root certificates (contract 2026-12). */
  certificates: CertificateSnapshot[];
  /** N: the variable monitors and the last events they raised. */
  monitoring: MonitoringSnapshot;
  /** K12: the external limit on the whole station, W (shared among the EVSEs in use); null without one. */
  smartCharging: { stationExternalLimitW: number | null };
  /** Extensions: where it connects, and how many messages wait for the link. */
  csmsUrl?: string;
  queuedMessages?: number;
}

/** One OCPP-J frame as the station sent or received it. */
export interface TraceFrame {
  direction: 'in' | 'out';
  text: string;
  time: string;
}

/** One power reading: `t` in ms since the epoch, `powerW` from then until the next sample. */
export interface PowerSample {
  t: number;
  powerW: number;
}

/** GET /api/history and the `history` event: the recent power of each EVSE, oldest sample first. */
export interface PowerHistory {
  /** The server's time of the answer, ms since the epoch. */
  now: number;
  /** How far back the samples reach (the last sample before the window start is kept too). */
  windowMs: number;
  evses: { id: number; samples: PowerSample[] }[];
}
