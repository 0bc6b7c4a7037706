// I. TariffAndCost: tariff text, running and final cost, fallback messages (I01–I06).

export { SHOW_MS, TariffCosts, type EvseCost } from './tariff-costs.js';
export { tariffCostBlock } from './block.js';
