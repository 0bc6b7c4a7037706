// I. TariffAndCost as a block: CostUpdated (I02) and what the display shows of tariff and cost
// (I01–I06).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Transactions } from '../transactions/index.js';
import { TariffCosts } from './tariff-costs.js';

/**
 * The block is its own API, so that a station keeps no block object beside it; its route is
 * built when the station's shared route table reads it, so that a station keeps none either.
 */
class TariffCostBlock extends TariffCosts {
  get api(): TariffCosts {
    return this;
  }

  get routes() {
    return {
      // I02.FR.02: always answered; shown when it names a transaction on the display (I02.FR.03).
      CostUpdated: {
        handle: (request) => {
          this.costUpdated(request);
          return {};
        },
      },
    } satisfies Routes;
  }
}

export const tariffCostBlock = defineBlock({
  name: 'tariffCost',
  needs: ['transactions'],
  create(ctx, { transactions }: { transactions: Transactions }) {
    return new TariffCostBlock(ctx, transactions);
  },
});
