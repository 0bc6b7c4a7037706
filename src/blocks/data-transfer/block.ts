// P. DataTransfer as a block: vendor handlers answer the CSMS's DataTransfer (P01).

import { defineBlock } from '../../kernel/block.js';
import { DataTransfers } from './data-transfer.js';

export const dataTransferBlock = defineBlock({
  name: 'dataTransfer',
  needs: [],
  create() {
    const transfers = new DataTransfers();
    // The transfers answer the route themselves: no wrapper closure per station.
    return { api: transfers, routes: { DataTransfer: transfers } };
  },
});
