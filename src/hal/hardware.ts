// The boundary between the OCPP stack and the charger's hardware. The stack reads inputs (cable,
// meter, EV state, faults, lock) and drives outputs (contactor, power limit, lock, reboot); it
// never reaches past this interface, so a real driver and the simulated wallbox are interchangeable.
// Every driver passes the same suite: `runHardwareContract` in ./contract.ts.

import type {
  CertificateActionEnumType,
  ChargingNeedsType,
  ChargingScheduleType,
  Iso15118EVCertificateStatusEnumType,
} from '../generated/ocpp201/index.js';

/** Per connector. Control pilot state A is 'unplugged'; states B, C and D are 'plugged'. */
export type CableState = 'unplugged' | 'plugged';

/**
 * One sample of an EVSE's meter, in the units of the OCPP measurands it feeds
 * (Part 2, MeterValues / SampledValue). Per-phase arrays hold `phases` entries, L1 first.
 */
export interface MeterReading {
  /** Energy.Active.Import.Register, Wh. Never decreases, not even across unplug or reboot. */
  energyWh: number;
  /** Power.Active.Import, W. */
  powerW: number;
  /** Number of phases wired to this EVSE; 1 on DC. */
  phases: 1 | 2 | 3;
  /** A DC EVSE: currentA and voltageV hold one value each, those of the DC output, with no phase. */
  dc?: boolean;
  /**
   * Current.Import per phase, A. A phase the EV is not connected to (after setPhases) reads 0 A:
   * the array always has `phases` entries, so L1, L2 and L3 keep their places.
   */
  currentA: number[];
  /** Voltage per phase (line to neutral), V. */
  voltageV: number[];
  /** SoC, %, only when the EV reports it. */
  socPercent?: number;
  /** Power.Offered, W: what the EVSE currently lets the EV take (0 when it cannot deliver). */
  offeredW: number;
  /** Current.Offered, A per phase in use, matching offeredW. */
  offeredA: number;
}

/**
 * How the EV talks to the EVSE: the PWM signal of IEC 61851-1 alone, or high-level communication
 * (ISO 15118-2 or -20) through the charger's ISO 15118 stack, which delivers the events below.
 */
export type EvProtocol = 'IEC61851' | 'ISO15118-2' | 'ISO15118-20';

/** Who imposes an external charging limit (OCPP ChargingLimitSourceEnumType without CSO, K11.FR.05). */
export const EXTERNAL_LIMIT_SOURCES = ['EMS', 'SO', 'Other'] as const;
export type ExternalLimitSource = (typeof EXTERNAL_LIMIT_SOURCES)[number];

export type HardwareEvent =
  | { type: 'cable'; evseId: number; connectorId: number; state: CableState }
  /** The EV starts drawing, or suspends (SuspendedEV) or leaves. */
  | { type: 'ev'; evseId: number; drawing: boolean }
  /** `fault` is a short description; null means the fault cleared. */
  | { type: 'fault'; evseId: number; connectorId?: number; fault: string | null }
  /** An idToken read by the RFID reader or typed on the keypad; evseId when the reader belongs to one EVSE. */
  | { type: 'token'; idToken: string; tokenType: string; evseId?: number }
  | { type: 'lock'; evseId: number; connectorId: number; locked: boolean }
  /**
   * K11–K14: an external system (an EMS, a grid operator's signal over Modbus, a ripple-control
   * relay) sets a limit, W over all phases, for the whole station (evseId 0) or one EVSE; null clears it.
   */
  | { type: 'externalLimit'; evseId: number; limitW: number | null; source: ExternalLimitSource }
  // ISO 15118 (what the charger's ISO 15118 stack hears from the EV, in OCPP's terms)
  /**
   * C07 Plug & Charge: the EV identifies itself with its contract (PaymentDetailsReq): the eMAID
   * and the contract certificate chain, PEM, leaf first.
   */
  | { type: 'contract'; evseId: number; emaid: string; certificateChain: string }
  /**
   * K15/K17: the EV's charging needs (ChargeParameterDiscoveryReq), at the start of the session and
   * again when the EV renegotiates; maxScheduleTuples is how many periods it accepts per schedule.
   */
  | { type: 'chargingNeeds'; evseId: number; needs: ChargingNeedsType; maxScheduleTuples?: number }
  /** K15/K16/K17: the schedule the EV chose from what it was offered and will follow (PowerDeliveryReq). */
  | { type: 'evChargingSchedule'; evseId: number; schedule: ChargingScheduleType }
  /** E15: the EV ends the session (SessionStopReq Terminate). */
  | { type: 'sessionStop'; evseId: number }
  /**
   * M01/M02 (Get15118EVCertificate): the EV asks for a contract certificate to be installed or
   * updated; `exiRequest` is its request, base64 EXI, passed through to the CSMS untouched.
   */
  | {
      type: 'certificateRequest';
      evseId: number;
      action: CertificateActionEnumType;
      iso15118SchemaVersion: string;
      exiRequest: string;
    };

/**
 * Ids are those of the station description (EVSEs and connectors numbered from 1).
 * An id that does not exist throws a RangeError: that is a bug in the caller, not a hardware fault.
 */
export interface Hardware {
  // Inputs
  cable(evseId: number, connectorId: number): CableState;
  meter(evseId: number): MeterReading;
  /** The active fault of the EVSE, or null. */
  faults(evseId: number): string | null;
  /** Whether a plugged EV asks for energy (pilot state C/D). False when unplugged. */
  evDrawing(evseId: number): boolean;
  connectorLocked(evseId: number, connectorId: number): boolean;
  contactorClosed(evseId: number): boolean;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: HardwareEvent) => void): () => void;

  // Outputs
  setContactor(evseId: number, closed: boolean): Promise<void>;
  /** Total power over all phases, W; null = no limit beyond the EVSE rating. */
  setPowerLimit(evseId: number, watts: number | null): void;
  /**
   * K01.FR.46/47, AC only: the phases the EVSE connects to the EV, `phases` 1 to those wired; with 1,
   * `phaseToUse` (1 = L1) picks the phase, or the driver picks one. Absent on a charger that
   * cannot switch phases: the station then reports ACPhaseSwitchingSupported false and rejects
   * phaseToUse (K01.FR.48). A DC EVSE ignores it (K01.FR.44). Power stops while the phases
   * change, as IEC 61851-1 requires, and resumes on the new ones.
   */
  setPhases?(evseId: number, phases: 1 | 2 | 3, phaseToUse?: 1 | 2 | 3): void;
  /** Resolves false when the lock did not reach the requested position (e.g. UnlockFailed). */
  setConnectorLock(evseId: number, connectorId: number, locked: boolean): Promise<boolean>;
  reboot(): Promise<void>;
  /**
   * Installs a verified firmware image, activated by the next reboot(); resolves with the version
   * of the image when the driver can tell it (reported in BootNotification after the reboot).
   * Absent when the hardware cannot install firmware itself.
   */
  installFirmware?(image: Uint8Array): Promise<string | undefined>;
  // Outputs to the EV's ISO 15118 session; absent when the charger has no ISO 15118 stack.
  /** K15/K16: offers the EV the schedules it may choose from (SAScheduleList); it answers with 'evChargingSchedule'. */
  offerSchedules?(evseId: number, schedules: ChargingScheduleType[]): void;
  /**
   * C07 and C01: tells the EV's ISO 15118 session whether charging is authorized (AuthorizationRes),
   * whether by its contract (Plug & Charge) or by a card or the CSMS (external identification).
   * The EV sends its charging needs only after an accepted authorization.
   */
  authorizationResult?(evseId: number, accepted: boolean): void;
  /** M01/M02: the CSMS's answer to a 'certificateRequest', the EXI response passed through. */
  deliverCertificate?(evseId: number, status: Iso15118EVCertificateStatusEnumType, exiResponse: string): void;
  /** Stops timers and event delivery. */
  close(): void;
}
