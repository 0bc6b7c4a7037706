// K04 internal load balancing: who shares the station's maximum (and a station-wide external
// limit) with an EVSE, and what each of them may take of it (composite-schedule.ts water-fills).
// The EVSEs in use share it — a cable plugged in or a transaction — counting the EVSE itself; what
// an EVSE's own profile keeps it from taking goes to the others. A car alone gets all of it; a
// second one halves it as its cable goes in, before its contactor can close, so that the first
// ramps down before the second draws (K04.FR.05). An EV that suspends keeps only what it needs to
// resume, so that it can draw again at once without the others going over; the rest of its share
// goes to them. An idle EVSE shows what it would get if it started now.

import type { StationContext } from '../../kernel/context.js';
import type { Transactions } from '../transactions/index.js';
import type { EvseFacts } from './composite-schedule.js';

/** The charging states of a transaction whose EV has drawn; not drawing now, it suspended. */
const SUSPENDABLE = new Set(['Charging', 'SuspendedEV']);

export type EvseSource = Pick<StationContext, 'hal' | 'description'> & { transactions: Pick<Transactions, 'view'> };

export function evseFacts(evseId: number, source: EvseSource): EvseFacts {
  const view = source.transactions.view(evseId);
  const meter = source.hal.meter(evseId);
  const { phases } = meter;
  // DC: the EV's voltage as measured, whole volts, so that limits in A do not follow the meter's every flicker.
  const dcVoltageV = meter.dc ? Math.round(meter.voltageV[0] ?? 0) : 0;
  const kind = meter.dc ? { phases, dc: true, ...(dcVoltageV > 0 ? { dcVoltageV } : {}) } : { phases };
  if (!view) return { evseId, ...kind };
  const transaction = { id: view.transactionId, startedAt: Date.parse(view.startedAt) };
  // SuspendedEV (E01.FR.19): the EV has charged and draws nothing now. Read from the hardware as
  // well, whichever of the two hears of the change first.
  const suspended = SUSPENDABLE.has(view.chargingState) && !source.hal.evDrawing(evseId);
  // What it keeps to resume with follows from the phases it uses (composite-schedule.ts, reserveW).
  return suspended ? { evseId, ...kind, transaction, suspended: true } : { evseId, ...kind, transaction };
}

/** The EVSEs that share the station's limits with `evseId`, itself included, with their facts. */
export function sharersOf(evseId: number, source: EvseSource): EvseFacts[] {
  return source.description.evses
    .map((e) => e.id)
    .filter((id) => id === evseId || inUse(id, source))
    .map((id) => evseFacts(id, source));
}

function inUse(evseId: number, source: EvseSource): boolean {
  if (source.transactions.view(evseId)) return true;
  const evse = source.description.evses.find((e) => e.id === evseId);
  return evse?.connectors.some((c) => source.hal.cable(evseId, c.id) === 'plugged') ?? false;
}
