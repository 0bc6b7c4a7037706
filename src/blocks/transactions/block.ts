// E. Transactions as a block: the transaction engine of every EVSE (E01–E13), GetTransactionStatus
// (E14), TriggerMessage(TransactionEvent) (F06.FR.07).

import type { EVSEType, GetTransactionStatusRequest, GetTransactionStatusResponse, IdTokenType } from '../../generated/ocpp201/index.js';
import { type Block, defineBlock, type Route } from '../../kernel/block.js';
import type { Trigger } from '../../kernel/trigger.js';
import type { TriggerMessageStatusEnumType } from '../../generated/ocpp201/index.js';
import { getTransactionStatus } from './get-transaction-status.js';
import { TransactionEngine, type Transactions, type TransactionsNeeds } from './transactions.js';

export type { TransactionsNeeds } from './transactions.js';

/**
 * The block is its own route, trigger and customer data source: methods shared by every station
 * rather than one closure each per station.
 */
class TransactionsBlock implements Block<Transactions>, Route<'GetTransactionStatus'>, Trigger {
  readonly routes: { GetTransactionStatus: Route<'GetTransactionStatus'> };
  readonly triggers: { TransactionEvent: Trigger };

  constructor(readonly api: TransactionEngine) {
    this.routes = { GetTransactionStatus: this };
    // F06.FR.07/11: triggerReason Trigger, for the EVSE's transaction or all ongoing ones.
    this.triggers = { TransactionEvent: this };
  }

  /** E14 GetTransactionStatus. */
  handle(request: GetTransactionStatusRequest): GetTransactionStatusResponse {
    return getTransactionStatus(request, this.api);
  }

  /** TriggerMessage(TransactionEvent). */
  check(evse: EVSEType | undefined): TriggerMessageStatusEnumType {
    return this.api.hasTransaction(evse?.id) ? 'Accepted' : 'Rejected';
  }

  send(evse: EVSEType | undefined): void {
    this.api.trigger(evse?.id);
  }

  /** N09/N10: what the EVSE states hold of a token. */
  describe(idToken: IdTokenType): string[] {
    return this.api.customerData(idToken);
  }

  stop(): void {
    this.api.stop();
  }
}

export const transactionsBlock = defineBlock({
  name: 'transactions',
  needs: ['availability', 'authorization', 'meterValues', 'reservation', 'security', 'diagnostics', 'certificateManagement'],
  create(ctx, needs: TransactionsNeeds): Block<Transactions, TransactionsBlock['routes']> {
    const block = new TransactionsBlock(new TransactionEngine(ctx, needs));
    needs.diagnostics.customerData.add(block); // N09/N10
    return block;
  },
});
