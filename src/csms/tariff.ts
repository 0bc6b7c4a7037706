// I. What the local CSMS tells a driver of tariff and cost, when it has a tariff: the tariff
// text as personalMessage of an accepted token (I01.FR.01), the running cost in answers to
// TransactionEvents (I02.FR.01 alternative, I03.FR.02 at Ended) and in CostUpdated calls
// during a transaction (I02.FR.01). The cost is the energy of the transaction times one price.

import type {
  CostUpdatedRequest,
  IdTokenInfoType,
  MeterValueType,
  TransactionEventRequest,
  TransactionEventResponse,
} from '../generated/ocpp201/index.js';

export interface CsmsTariff {
  /** The text shown to the driver (personalMessage). */
  text: string;
  /** Price per kWh in the station's currency. */
  pricePerKWh: number;
}

/** The tariff `ocpp-station run` starts its local CSMS with. */
export const DEMO_TARIFF: CsmsTariff = { text: '0.30/kWh incl. VAT', pricePerKWh: 0.3 };

/** I01.FR.01: an accepted token gets the tariff text, unless its configured answer has a message of its own. */
export function withTariffText(info: IdTokenInfoType, tariff: CsmsTariff | undefined): IdTokenInfoType {
  if (!tariff || info.status !== 'Accepted' || info.personalMessage) return info;
  return { ...info, personalMessage: { format: 'UTF8', content: tariff.text } };
}

/** The energy register (Wh) of the transactions each station runs, first and last seen. */
export class TariffMeter {
  private readonly transactions = new Map<string, { stationId: string; firstWh: number; lastWh: number; sentCost?: number }>();

  /** Notes the event's energy register; the running or final cost to answer with (I02.FR.01, I03.FR.02). */
  onTransactionEvent(
    stationId: string,
    request: TransactionEventRequest,
    tariff: CsmsTariff | undefined,
  ): Pick<TransactionEventResponse, 'totalCost'> {
    const key = keyOf(stationId, request.transactionInfo.transactionId);
    const wh = registerWh(request.meterValue);
    let tx = this.transactions.get(key);
    const seenBefore = tx !== undefined;
    if (!tx && wh !== undefined) {
      tx = { stationId, firstWh: wh, lastWh: wh };
      this.transactions.set(key, tx);
    }
    if (tx && wh !== undefined) tx.lastWh = wh;
    if (request.eventType === 'Ended') this.transactions.delete(key);
    if (!tariff || request.eventType === 'Started') return {};
    // I03.FR.04: a known cost is sent, 0.00 only for a free transaction; the cost of a transaction
    // first seen at its end is not known, so it is omitted.
    if (!tx || (request.eventType === 'Ended' && !seenBefore)) return {};
    return { totalCost: cost(tx, tariff) };
  }

  /**
   * I02.FR.01: a CostUpdated for every running transaction of a connected station whose cost
   * changed since it was last sent. A station's transactions are followed across a lost link: the
   * Ended event it replays afterwards is charged from the start of the transaction.
   */
  costUpdates(
    tariff: CsmsTariff | undefined,
    connected: (stationId: string) => boolean,
  ): { stationId: string; request: CostUpdatedRequest }[] {
    if (!tariff) return [];
    const updates: { stationId: string; request: CostUpdatedRequest }[] = [];
    for (const [key, tx] of this.transactions) {
      if (!connected(tx.stationId)) continue;
      const totalCost = cost(tx, tariff);
      if (totalCost === tx.sentCost) continue;
      tx.sentCost = totalCost;
      updates.push({ stationId: tx.stationId, request: { totalCost, transactionId: key.slice(tx.stationId.length + 1) } });
    }
    return updates;
  }
}

function keyOf(stationId: string, transactionId: string): string {
  return `${stationId}/${transactionId}`;
}

function cost(tx: { firstWh: number; lastWh: number }, tariff: CsmsTariff): number {
  const kWh = Math.max(0, tx.lastWh - tx.firstWh) / 1000;
  return Math.round(kWh * tariff.pricePerKWh * 100) / 100;
}

/** Energy.Active.Import.Register (the default measurand) in Wh, from the last sample that has it. */
function registerWh(meterValues: readonly MeterValueType[] | undefined): number | undefined {
  let wh: number | undefined;
  for (const mv of meterValues ?? []) {
    for (const sample of mv.sampledValue) {
      if ((sample.measurand ?? 'Energy.Active.Import.Register') !== 'Energy.Active.Import.Register' || sample.phase) continue;
      const multiplier = 10 ** (sample.unitOfMeasure?.multiplier ?? 0);
      const unit = sample.unitOfMeasure?.unit ?? 'Wh';
      wh = sample.value * multiplier * (unit === 'kWh' ? 1000 : 1);
    }
  }
  return wh;
}
