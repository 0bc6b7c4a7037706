// I. TariffAndCost as a block: CostUpdated (I02) and what the display shows of tariff and cost
// (I01–I06).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Transactions } from '../transactions/index.js';
import { TariffCosts } from './tariff-costs.js';

export const tariffCostBlock = defineBlock({
  name: 'tariffCost',
  needs: ['transactions'],
  create(ctx, { transactions }: { transactions: Transactions }) {
    const costs = new TariffCosts(ctx, transactions);
    return {
      api: costs,
      routes: {
        // I02.FR.02: always answered; shown when it names a transaction on the display (I02.FR.03).
        CostUpdated: {
          handle: (request) => {
            costs.costUpdated(request);
            return {};
          },
        },
      } satisfies Routes,
      stop: () => costs.stop(),
    };
  },
});
