// E01-E10, F01-F03: the transaction of one EVSE as data: what the engine keeps per EVSE (stored
// with every step), the inputs that drive it (Cause) and the TransactionEvents a step emits.

import type {
  ChargingStateEnumType,
  IdTokenType,
  ReasonEnumType,
  TransactionEventEnumType,
  TriggerReasonEnumType,
} from '../../generated/ocpp201/index.js';
import { type Facts, idleFacts, type TxPoint } from './transaction-facts.js';

export interface Authorization {
  idToken: IdTokenType;
  groupIdToken?: IdTokenType;
  /** When it was granted (ISO): EVConnectionTimeOut counts from here. */
  at: string;
  /** Sent in a TransactionEvent already (E03.FR.01: only once). */
  reported: boolean;
  /** F01.FR.25/F02.FR.01: put in the next TransactionEvent. */
  remoteStartId?: number;
  /** E03.FR.03/H01.FR.15/F02.FR.06: the reservation this authorization used, in the next TransactionEvent. */
  reservationId?: number;
}

export interface OngoingTx {
  transactionId: string;
  startedAt: string;
  /** The seqNo of the next TransactionEvent (E01.FR.07, §1.3.2.1: 0 on Started, +1 each). */
  seqNo: number;
  chargingState: ChargingStateEnumType;
  /** Stop points that have held during this transaction. */
  held: TxPoint[];
  /** The token that authorized this transaction, for E07 stop checks. */
  idToken?: IdTokenType;
  groupIdToken?: IdTokenType;
  /** Why authorization ended, for the stoppedReason of a later Ended (E07 sequence: Local). */
  endReason?: ReasonEnumType;
  /** Energy register at the start (Wh), set by the block: MaxEnergyOnInvalidId, the dashboard. */
  meterStartWh?: number;
  /**
   * Started before the EV was connected: the EVSE is named (E01.FR.16), with the Transaction.Begin
   * values (E01.FR.17), in the first event after the cable is plugged in.
   */
  evseUnnamed?: true;
}

export interface EvseState {
  tx: OngoingTx | null;
  auth: Authorization | null;
  /** E05.FR.02: the CSMS rejected the token, StopTxOnInvalidId false: no energy, still authorized. */
  suspended: boolean;
  /** E05.FR.11: the cable stays locked after a DeAuthorized end until this (the owner's) token is presented. */
  cableHeldFor?: IdTokenType;
  /** E09.FR.03: the hold of `cableHeldFor` began with the EV side disconnect; the EV being gone does not end it. */
  cableHeldOffEv?: true;
  /** The last facts evaluated, to tell what changed. */
  last: Facts;
  /**
   * Start points that still held when the last transaction ended: they start no new one until
   * they have been lost once (TxStartPoint EVConnected, a transaction stopped by the driver, the
   * cable still plugged).
   */
  spent?: TxPoint[];
}

export type Cause =
  | { kind: 'cable' }
  | { kind: 'bay' }
  | { kind: 'authorized'; auth: Authorization }
  /**
   * E07: a token that may stop presented while authorized; C16: a Master Pass token; E15: the EV
   * ended its ISO 15118 session (SessionStopReq Terminate), no token.
   */
  | { kind: 'stopAuthorized'; idToken: IdTokenType; masterPass?: true }
  | { kind: 'stopAuthorized'; byEv: true }
  /** F03. */
  | { kind: 'remoteStop' }
  /** E05.FR.09/10: the CSMS rejected the token and StopTxOnInvalidId is true. */
  | { kind: 'deauthorized' }
  /** E05.FR.02: the CSMS rejected the token, StopTxOnInvalidId false: stop the energy only. */
  | { kind: 'suspend' }
  | { kind: 'signed' }
  /** E03.FR.05/15, F02.FR.07/08: authorized but no cable within EVConnectionTimeOut. */
  | { kind: 'evConnectTimeout' }
  /** The station lost power (or was killed) with this transaction ongoing. */
  | { kind: 'powerLoss' }
  /** B12.FR.04/08 (errata 2025-04): an Immediate reset ends the transaction first. */
  | { kind: 'reset' }
  | { kind: 'periodic' }
  | { kind: 'trigger' }
  /** K11.FR.04, K13.FR.03: the charging rate changed by more than LimitChangeSignificance. */
  | { kind: 'rateChanged' }
  /** E05.FR.11: the owner presented the token the cable is held for. */
  | { kind: 'release' }
  /** Anything else (EV drawing, contactor, fault, availability): ChargingStateChanged if it changed. */
  | { kind: 'state' };

export type MeterKind = 'begin' | 'periodic' | 'end' | 'sample' | 'none';

export interface Emit {
  eventType: TransactionEventEnumType;
  triggerReason: TriggerReasonEnumType;
  transactionId: string;
  seqNo: number;
  chargingState?: ChargingStateEnumType;
  stoppedReason?: ReasonEnumType;
  idToken?: IdTokenType;
  remoteStartId?: number;
  reservationId?: number;
  /** E01.FR.16: evse on the first event; F06.FR.11: on a triggered one. */
  evse: boolean;
  meter: MeterKind;
}

export interface Step {
  state: EvseState;
  emits: Emit[];
}

export const initialState = (): EvseState => ({ tx: null, auth: null, suspended: false, last: idleFacts });
