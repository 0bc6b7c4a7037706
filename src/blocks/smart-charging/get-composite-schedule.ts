// K08 GetCompositeSchedule: the limits of the EVSE (0: the station total, K08.FR.03) from now for
// the requested duration (K08.FR.02), in the requested unit; Rejected for an unknown EVSE
// (K08.FR.05) or a unit the station does not use (K08.FR.07).

import type {
  ChargingRateUnitEnumType,
  ChargingSchedulePeriodType,
  GetCompositeScheduleRequest,
  GetCompositeScheduleResponse,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { dcVolts, fromWatts, NOMINAL_VOLTAGE_V, type CompositePeriod } from './composite-schedule.js';

export interface CompositeSource {
  evseIds(): number[];
  rateUnits(): ChargingRateUnitEnumType[];
  /** Station periods (evseId 0) carry lineA, the current on the busiest phase (station-total.ts). */
  composite(evseId: number, durationS: number): (CompositePeriod & { lineA?: number | null })[];
}

/** Without any limit an EVSE may take what it is rated for: 16 A per phase in use when unknown. */
const UNLIMITED_A = 16;
/** The same for a DC EVSE: 125 A at 400 V, the 50 kW of a simulated DC EVSE. */
const UNLIMITED_DC_A = 125;
const GRID_CONNECTION = { phases: 3, dc: false, voltageV: [] as number[] };

const samePeriod = (a: ChargingSchedulePeriodType, b: ChargingSchedulePeriodType): boolean =>
  a.limit === b.limit && a.numberPhases === b.numberPhases && a.phaseToUse === b.phaseToUse;

export function getCompositeSchedule(
  request: GetCompositeScheduleRequest,
  ctx: Pick<StationContext, 'now' | 'hal'>,
  source: CompositeSource,
): GetCompositeScheduleResponse {
  const { evseId, duration } = request;
  const evseIds = source.evseIds();
  if (evseId !== 0 && !evseIds.includes(evseId)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } };
  const units = source.rateUnits();
  const unit = request.chargingRateUnit ?? units[0] ?? 'W';
  if (!units.includes(unit)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRateUnit' } };
  // A station without EVSEs (a Local Controller) reports its limits as those of one three-phase AC connection.
  const meters = evseIds.length === 0 ? [GRID_CONNECTION] : (evseId === 0 ? evseIds : [evseId]).map((id) => ctx.hal.meter(id));
  const wired = Math.max(...meters.map((m) => m.phases));
  // A in a DC schedule is the DC current, without phases (K01.FR.44); a station with AC EVSEs reports AC.
  const dc = meters.every((m) => m.dc === true);
  // One DC EVSE: its A are those at the EV's measured voltage, as its limits were converted (composite-schedule.ts).
  const dcV = dc && meters.length === 1 ? Math.round(meters[0]!.voltageV[0] ?? 0) : undefined;
  const round = (value: number): number => Math.round(value * 10) / 10;
  const periods = source.composite(evseId, duration).map((p): ChargingSchedulePeriodType => {
    if (dc) {
      const watts = p.watts ?? UNLIMITED_DC_A * dcVolts(dcV) * meters.length;
      return { startPeriod: p.startPeriod, limit: round(fromWatts(watts, unit, 1, true, dcV)) };
    }
    // K08: the phases in use in the period, as the profiles that make it give them (K01.FR.43/46).
    const numberPhases = p.phases?.numberPhases ?? wired;
    const phases = { numberPhases, ...(p.phases?.phaseToUse === undefined ? {} : { phaseToUse: p.phases.phaseToUse }) };
    const unlimitedW = UNLIMITED_A * NOMINAL_VOLTAGE_V * numberPhases * meters.length;
    // K08.FR.03 in A: the station draws its current per phase, the busiest phase's is its limit.
    const limit =
      unit === 'W'
        ? (p.watts ?? unlimitedW)
        : evseId === 0
          ? (p.lineA ?? UNLIMITED_A * meters.length)
          : fromWatts(p.watts ?? unlimitedW, unit, numberPhases);
    return { startPeriod: p.startPeriod, limit: round(limit), ...phases };
  });
  // One period per change: the same limit on the same phases in the unit asked for is no new period.
  const [first, ...rest] = periods.filter((p, i) => i === 0 || !samePeriod(p, periods[i - 1]!));
  return {
    status: 'Accepted',
    schedule: {
      evseId,
      duration,
      scheduleStart: ctx.now().toISOString(),
      chargingRateUnit: unit,
      chargingSchedulePeriod: [first!, ...rest],
    },
  };
}
