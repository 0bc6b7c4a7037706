// E14 GetTransactionStatus: is the transaction still ongoing, and are transaction messages still
// queued for it (or for any transaction, without transactionId)?

import type { GetTransactionStatusRequest, GetTransactionStatusResponse } from '../../generated/ocpp201/index.js';
import type { Transactions } from './transactions.js';

export function getTransactionStatus(
  request: GetTransactionStatusRequest,
  transactions: Pick<Transactions, 'status'>,
): GetTransactionStatusResponse {
  const { ongoing, queued } = transactions.status(request.transactionId);
  // E14.FR.06-08: without transactionId, no ongoingIndicator.
  if (request.transactionId === undefined) return { messagesInQueue: queued };
  // E14.FR.01-05.
  return { ongoingIndicator: ongoing ?? false, messagesInQueue: queued };
}
