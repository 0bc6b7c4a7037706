// F. Remote control as a block: RequestStartTransaction (F01/F02), RequestStopTransaction (F03/F04),
// TriggerMessage (F06) for the messages every block declares.

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Authorizer } from '../authorization/index.js';
import type { Connectors } from '../availability/index.js';
import type { Reservations } from '../reservation/index.js';
import type { Transactions } from '../transactions/index.js';
import { afterRequestStartTransaction, requestStartTransaction } from './request-start-transaction.js';
import { afterRequestStopTransaction, requestStopTransaction } from './request-stop-transaction.js';
import { afterTriggerMessage, triggerMessage } from './trigger-message.js';

export interface RemoteControlNeeds {
  availability: Connectors;
  transactions: Transactions;
  authorization: Authorizer;
  reservation: Pick<Reservations, 'match'>;
}

export const remoteControlBlock = defineBlock({
  name: 'remoteControl',
  needs: ['availability', 'transactions', 'authorization', 'reservation'],
  create(ctx, needs: RemoteControlNeeds) {
    const { transactions } = needs;
    const start = { ctx, connectors: needs.availability, transactions, authorizer: needs.authorization, reservations: needs.reservation };
    return {
      api: {},
      routes: {
        RequestStartTransaction: {
          handle: (request) => requestStartTransaction(request, start),
          after: (request, response) => afterRequestStartTransaction(request, response, start),
        },
        RequestStopTransaction: {
          handle: (request) => requestStopTransaction(request, transactions, ctx.registration()),
          after: (request, response) => afterRequestStopTransaction(request, response, transactions),
        },
        TriggerMessage: {
          handle: (request) => triggerMessage(request, ctx),
          after: (request, response) => afterTriggerMessage(request, response, ctx),
        },
      } satisfies Routes,
    };
  },
});
