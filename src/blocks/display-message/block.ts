// O. DisplayMessage as a block: Set/Get/ClearDisplayMessage (O01–O06) and what the display shows.

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { CustomerDataSources } from '../diagnostics/index.js';
import type { Transactions } from '../transactions/index.js';
import { clearDisplayMessage } from './clear-display-message.js';
import { DisplayMessages } from './display-messages.js';
import { afterGetDisplayMessages, getDisplayMessages } from './get-display-messages.js';
import { setDisplayMessage } from './set-display-message.js';

export interface DisplayMessageNeeds {
  transactions: Transactions;
  availability: Connectors;
  diagnostics: { customerData: CustomerDataSources };
}

export const displayMessageBlock = defineBlock({
  name: 'displayMessage',
  needs: ['transactions', 'availability', 'diagnostics'],
  create(ctx, { transactions, availability, diagnostics }: DisplayMessageNeeds) {
    const messages = new DisplayMessages(ctx, { db: ctx.db, transactions, connectors: availability });
    // N09/N10: a message shown only during a token's transaction is that customer's; a clear removes it.
    const ofToken = (idToken: IdTokenType) => {
      const ids = new Set(transactions.transactionsOf(idToken));
      return messages.find({ requestId: 0 }).filter((m) => m.transactionId !== undefined && ids.has(m.transactionId));
    };
    diagnostics.customerData.add({
      describe: (idToken) => ofToken(idToken).map((m) => `Display message ${m.id} for transaction ${m.transactionId}`),
      clear: (idToken) => {
        for (const m of ofToken(idToken)) messages.clear(m.id);
      },
    });
    return {
      api: messages,
      routes: {
        SetDisplayMessage: { handle: (request) => setDisplayMessage(request, messages) },
        GetDisplayMessages: {
          handle: (request) => getDisplayMessages(request, messages),
          after: (request, response) => afterGetDisplayMessages(request, response, messages),
        },
        ClearDisplayMessage: { handle: (request) => clearDisplayMessage(request, messages) },
      } satisfies Routes,
      stop: () => messages.stop(),
    };
  },
});
