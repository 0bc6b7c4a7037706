// O. DisplayMessage as a block: Set/Get/ClearDisplayMessage (O01–O06) and what the display shows.

import type { IdTokenType } from '../../generated/ocpp201/index.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { Connectors } from '../availability/index.js';
import type { CustomerDataSource, CustomerDataSources } from '../diagnostics/index.js';
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

/**
 * The block is its own API, so that a station keeps no block object beside it; its routes are
 * built when the station's shared route table reads them, so that a station keeps none either.
 */
class DisplayMessageBlock extends DisplayMessages {
  constructor(ctx: StationContext, { transactions, availability, diagnostics }: DisplayMessageNeeds) {
    super(ctx, { db: ctx.db, transactions, connectors: availability });
    diagnostics.customerData.add(new TokenMessages(this, transactions));
  }

  get api(): DisplayMessages {
    return this;
  }

  get routes() {
    return {
      SetDisplayMessage: { handle: (request) => setDisplayMessage(request, this) },
      GetDisplayMessages: {
        handle: (request) => getDisplayMessages(request, this),
        after: (request, response) => afterGetDisplayMessages(request, response, this),
      },
      ClearDisplayMessage: { handle: (request) => clearDisplayMessage(request, this) },
    } satisfies Routes;
  }
}

/** N09/N10: a message shown only during a token's transaction is that customer's; a clear removes it. */
class TokenMessages implements CustomerDataSource {
  constructor(
    private readonly messages: DisplayMessages,
    private readonly transactions: Pick<Transactions, 'transactionsOf'>,
  ) {}

  describe(idToken: IdTokenType): string[] {
    return this.ofToken(idToken).map((m) => `Display message ${m.id} for transaction ${m.transactionId}`);
  }

  clear(idToken: IdTokenType): void {
    for (const m of this.ofToken(idToken)) this.messages.clear(m.id);
  }

  private ofToken(idToken: IdTokenType) {
    const ids = new Set(this.transactions.transactionsOf(idToken));
    return this.messages.find({ requestId: 0 }).filter((m) => m.transactionId !== undefined && ids.has(m.transactionId));
  }
}

export const displayMessageBlock = defineBlock({
  name: 'displayMessage',
  needs: ['transactions', 'availability', 'diagnostics'],
  create(ctx, needs: DisplayMessageNeeds) {
    return new DisplayMessageBlock(ctx, needs);
  },
});
