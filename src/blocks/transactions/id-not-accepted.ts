// E05, C15.FR.03-07: the CSMS answered a TransactionEvent with an idTokenInfo that is not Accepted
// (the token was blocked since the station cached it, or it was accepted offline). What the
// transaction does next follows from TxCtrlr.StopTxOnInvalidId and MaxEnergyOnInvalidId.

import type { OutboxEntry } from '../../delivery/outbox.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { IdTokenInfoType, IdTokenType, TransactionEventRequest, TransactionEventResponse } from '../../generated/ocpp201/index.js';

export interface IdTokenAnswer {
  transactionId: string;
  idToken: IdTokenType;
  info: IdTokenInfoType;
}

/** The token of a delivered TransactionEvent and the CSMS's idTokenInfo for it, if both are there. */
export function idTokenAnswer(entry: OutboxEntry, response: unknown): IdTokenAnswer | undefined {
  if (entry.action !== 'TransactionEvent') return undefined;
  const request = entry.payload as TransactionEventRequest;
  const info = (response as TransactionEventResponse | undefined)?.idTokenInfo;
  if (!request.idToken || !info) return undefined;
  return { transactionId: request.transactionInfo.transactionId, idToken: request.idToken, info };
}

export type NotAcceptedAction =
  /** E05.FR.09/10, E06.FR.04: StopTxOnInvalidId: the authorization ends. */
  | { kind: 'deauthorized' }
  /** E05.FR.02: energy stops at once, the transaction goes on. */
  | { kind: 'suspend' }
  /** E05.FR.03: energy goes on until `maxWh` of this transaction. */
  | { kind: 'cap'; maxWh: number };

/** `usedWh`: the energy of the transaction so far. */
export function onIdNotAccepted(dm: DeviceModel, usedWh: number): NotAcceptedAction {
  if (dm.getBool(DM.TxCtrlr.StopTxOnInvalidId) ?? true) return { kind: 'deauthorized' };
  const maxWh = dm.getInt(DM.TxCtrlr.MaxEnergyOnInvalidId) ?? 0;
  if (maxWh <= 0 || usedWh >= maxWh) return { kind: 'suspend' };
  return { kind: 'cap', maxWh };
}
