// E01-E10: what the transaction engine knows about one EVSE at one moment, and what follows from
// it: which TxStartPoint/TxStopPoint conditions hold (§2.6.6) and the chargingState (§3.16).
//
//   facts    = env + authorization (auth) + energy suspension (invalid id)
//   offering = authorized ∧ connected ∧ operative ∧ ¬fault ∧ ¬lockFailed ∧ ¬suspended   (contactor)
//   energy   = offering ∧ contactor closed ∧ evDrawing
//   drew     = the EV has taken energy since it was plugged in and authorized

import type { ChargingStateEnumType } from '../../generated/ocpp201/index.js';

export const TX_POINTS = ['ParkingBayOccupancy', 'EVConnected', 'Authorized', 'DataSigned', 'PowerPathClosed', 'EnergyTransfer'] as const;
export type TxPoint = (typeof TX_POINTS)[number];

export interface TxConfig {
  start: readonly TxPoint[];
  stop: readonly TxPoint[];
  /** TxCtrlr.StopTxOnEVSideDisconnect: losing the EV deauthorizes (E09.FR.01), or only suspends (E10). */
  stopOnEvDisconnect: boolean;
  /**
   * OCPPCommCtrlr.UnlockOnEVSideDisconnect (absent: true). When false, a cable the EV side
   * disconnect deauthorized stays locked at the station until its owner presents the token (E09.FR.03).
   */
  unlockOnEvDisconnect?: boolean;
}

/** What the hardware and the other blocks show about the EVSE now. */
export interface Env {
  /** A parking bay detector sees an EV (without one: the cable is plugged). */
  bay: boolean;
  connected: boolean;
  /** A signed meter value is available (SampledDataCtrlr.SignReadings and a meter that signs). */
  signed: boolean;
  /** The EV asks for energy (pilot state C/D). */
  evDrawing: boolean;
  /** The contactor is closed now: the power path closes after a step decided to offer, not in it. */
  contactor: boolean;
  operative: boolean;
  fault: boolean;
  lockFailed: boolean;
}

export interface Facts extends Env {
  authorized: boolean;
  offering: boolean;
  energy: boolean;
  /**
   * The EV has drawn since it was plugged in and authorized. Until it has, an EV that takes
   * nothing is EVConnected (E01.FR.20, and Part 6 EnergyTransferStarted: Charging comes in its
   * own ChargingStateChanged once energy flows); after that a pause is SuspendedEV (E01.FR.19).
   */
  drew: boolean;
}

export const idleFacts: Facts = {
  bay: false,
  connected: false,
  signed: false,
  evDrawing: false,
  contactor: false,
  operative: true,
  fault: false,
  lockFailed: false,
  authorized: false,
  offering: false,
  energy: false,
  drew: false,
};

export function parsePoints(list: readonly string[]): TxPoint[] {
  return list.filter((p): p is TxPoint => (TX_POINTS as readonly string[]).includes(p));
}

/** `drewBefore`: the `drew` of the previous facts of the same EVSE. */
export function factsOf(env: Env, authorized: boolean, suspended: boolean, drewBefore: boolean): Facts {
  const offering = authorized && env.connected && env.operative && !env.fault && !env.lockFailed && !suspended;
  const energy = offering && env.contactor && env.evDrawing;
  return { ...env, authorized, offering, energy, drew: authorized && env.connected && (drewBefore || energy) };
}

export function holds(point: TxPoint, f: Facts): boolean {
  switch (point) {
    case 'ParkingBayOccupancy':
      return f.bay;
    case 'EVConnected':
      return f.connected;
    case 'Authorized':
      return f.authorized;
    case 'DataSigned':
      return f.signed;
    case 'PowerPathClosed':
      return f.connected && f.authorized;
    case 'EnergyTransfer':
      return f.energy;
  }
}

/** The stop conditions a TxStopPoint list stands for (§2.6.6.2). */
export function stopConditions(stop: readonly TxPoint[]): TxPoint[] {
  const out = new Set<TxPoint>();
  for (const p of stop) {
    if (p === 'PowerPathClosed') {
      out.add('EVConnected');
      out.add('Authorized');
    } else if (p !== 'DataSigned') out.add(p);
  }
  return [...out];
}

/** ChargingStateEnumType (§3.16) from the facts. */
export function chargingStateOf(f: Facts): ChargingStateEnumType {
  if (!f.connected) return 'Idle';
  if (!f.authorized) return 'EVConnected';
  if (!f.offering) return 'SuspendedEVSE';
  if (f.energy) return 'Charging';
  return f.drew ? 'SuspendedEV' : 'EVConnected';
}
