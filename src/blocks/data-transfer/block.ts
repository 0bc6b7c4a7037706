// P. DataTransfer as a block: vendor handlers answer the CSMS's DataTransfer (P01).

import { defineBlock, type Routes } from '../../kernel/block.js';
import { DataTransfers } from './data-transfer.js';

export const dataTransferBlock = defineBlock({
  name: 'dataTransfer',
  needs: [],
  create() {
    const transfers = new DataTransfers();
    return { api: transfers, routes: { DataTransfer: { handle: (request) => transfers.handle(request) } } satisfies Routes };
  },
});
