// K08.FR.03: the composite schedule of the whole station (evseId 0), the sum of its EVSEs' (each
// with its share of the maximum as if all drew at once), and for a schedule in A the current on
// the busiest phase of the grid connection: an EVSE on one phase loads that phase alone.

import { type CompositePeriod, NOMINAL_VOLTAGE_V, type PhaseUse } from './composite-schedule.js';

export interface StationPeriod extends CompositePeriod {
  /** The most current on any one phase of the grid connection, A; null when an EVSE has no limit. */
  lineA: number | null;
}

export interface EvsePeriods {
  /** A DC EVSE: its converter draws from three phases, balanced. */
  dc: boolean;
  periods: readonly CompositePeriod[];
}

const GRID_PHASES = 3;

/** The current an EVSE's period puts on L1, L2 and L3: on the phases it uses (one: phaseToUse, else L1), DC balanced. */
function phaseCurrents(watts: number, phases: PhaseUse | undefined, dc: boolean): number[] {
  if (dc || !phases) return Array<number>(GRID_PHASES).fill(watts / (NOMINAL_VOLTAGE_V * GRID_PHASES));
  const perPhase = watts / (NOMINAL_VOLTAGE_V * phases.numberPhases);
  const used = phases.numberPhases === 1 ? [(phases.phaseToUse ?? 1) - 1] : Array.from({ length: phases.numberPhases }, (_, i) => i);
  return Array.from({ length: GRID_PHASES }, (_, i) => (used.includes(i) ? perPhase : 0));
}

/** At each second any EVSE's limit or phases change: the sum of their limits, the busiest phase's current, the most phases in use. */
export function stationTotal(evses: readonly EvsePeriods[]): StationPeriod[] {
  const starts = [...new Set(evses.flatMap((e) => e.periods.map((p) => p.startPeriod)))].sort((a, b) => a - b);
  const out: StationPeriod[] = [];
  for (const startPeriod of starts) {
    const parts = evses.map((e) => ({ dc: e.dc, period: e.periods.filter((p) => p.startPeriod <= startPeriod).at(-1) }));
    const limited = parts.every((p) => p.period && p.period.watts !== null);
    let watts: number | null = null;
    let lineA: number | null = null;
    if (limited) {
      const lines = Array<number>(GRID_PHASES).fill(0);
      for (const { dc, period } of parts) {
        for (const [i, a] of phaseCurrents(period!.watts!, period!.phases, dc).entries()) lines[i]! += a;
      }
      watts = parts.reduce((sum, p) => sum + p.period!.watts!, 0);
      lineA = Math.max(...lines);
    }
    const ac = parts.map((p) => p.period?.phases?.numberPhases).filter((n): n is number => n !== undefined);
    const phases = ac.length > 0 ? { numberPhases: Math.max(...ac) } : undefined;
    const last = out.at(-1);
    if (last && last.watts === watts && last.lineA === lineA && last.phases?.numberPhases === phases?.numberPhases) continue;
    out.push(phases ? { startPeriod, watts, lineA, phases } : { startPeriod, watts, lineA });
  }
  return out;
}
