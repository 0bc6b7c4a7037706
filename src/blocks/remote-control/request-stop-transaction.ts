// F03 RequestStopTransaction: Accepted for an ongoing transaction of this station (F03.FR.07),
// Rejected otherwise (F03.FR.08). The authorization ends with triggerReason RemoteStop; whether
// that ends the transaction (stoppedReason Remote, F03.FR.03) or only stops the energy (F03.FR.02)
// is the TxStopPoint's decision.

import type { RequestStopTransactionRequest, RequestStopTransactionResponse } from '../../generated/ocpp201/index.js';
import type { Registration } from '../../kernel/registration.js';
import type { Transactions } from '../transactions/index.js';

export function requestStopTransaction(
  request: RequestStopTransactionRequest,
  transactions: Pick<Transactions, 'evseOf'>,
  registration: Registration,
): RequestStopTransactionResponse {
  // B02.FR.05: while Pending, no remote stop.
  if (registration === 'Pending') return { status: 'Rejected', statusInfo: { reasonCode: 'NotAccepted' } };
  return { status: transactions.evseOf(request.transactionId) === undefined ? 'Rejected' : 'Accepted' };
}

export function afterRequestStopTransaction(
  request: RequestStopTransactionRequest,
  response: RequestStopTransactionResponse,
  transactions: Pick<Transactions, 'remoteStop'>,
): void {
  if (response.status === 'Accepted') transactions.remoteStop(request.transactionId);
}
