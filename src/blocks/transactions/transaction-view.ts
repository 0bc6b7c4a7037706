// E: the ongoing transaction of an EVSE as the dashboard, the control API and the snapshot see it.

import type { EvseState } from './transaction-types.js';

export interface TransactionView {
  evseId: number;
  transactionId: string;
  chargingState: string;
  /** seqNo of the last event sent. */
  seqNo: number;
  idToken: string | null;
  startedAt: string;
  authorized: boolean;
  /** Energy delivered in this transaction so far, Wh. */
  energyWh: number;
}

/** The view of the EVSE's transaction, null without one; `registerWh` reads its energy register now. */
export function transactionView(evseId: number, state: EvseState | undefined, registerWh: () => number): TransactionView | null {
  if (!state?.tx) return null;
  const { tx } = state;
  return {
    evseId,
    transactionId: tx.transactionId,
    chargingState: tx.chargingState,
    seqNo: tx.seqNo - 1,
    idToken: tx.idToken?.idToken ?? null,
    startedAt: tx.startedAt,
    authorized: state.auth !== null,
    energyWh: Math.max(0, registerWh() - (tx.meterStartWh ?? 0)),
  };
}
