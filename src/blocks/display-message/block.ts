// O. DisplayMessage as a block: Set/Get/ClearDisplayMessage (O01–O06) and what the display shows.

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { Transactions } from '../transactions/index.js';
import { clearDisplayMessage } from './clear-display-message.js';
import { DisplayMessages } from './display-messages.js';
import { afterGetDisplayMessages, getDisplayMessages } from './get-display-messages.js';
import { setDisplayMessage } from './set-display-message.js';

export const displayMessageBlock = defineBlock({
  name: 'displayMessage',
  needs: ['transactions', 'availability'],
  create(ctx, { transactions, availability }: { transactions: Transactions; availability: Connectors }) {
    const messages = new DisplayMessages(ctx, { db: ctx.db, transactions, connectors: availability });
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
