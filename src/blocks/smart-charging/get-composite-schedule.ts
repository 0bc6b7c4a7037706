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
  composite(evseId: number, durationS: number): CompositePeriod[];
}

/** Without any limit an EVSE may take what it is rated for: 3 × 16 A per EVSE when unknown. */
const UNLIMITED_A = 16;
/** The same for a DC EVSE: 125 A at 400 V, the 50 kW of a simulated DC EVSE. */
const UNLIMITED_DC_A = 125;

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
  const meters = (evseId === 0 ? evseIds : [evseId]).map((id) => ctx.hal.meter(id));
  const phases = Math.max(...meters.map((m) => m.phases));
  // A in a DC schedule is the DC current, without phases (K01.FR.44); a station with AC EVSEs reports AC.
  const dc = meters.every((m) => m.dc === true);
  // One DC EVSE: its A are those at the EV's measured voltage, as its limits were converted (composite-schedule.ts).
  const dcV = dc && meters.length === 1 ? Math.round(meters[0]!.voltageV[0] ?? 0) : undefined;
  const unlimitedW = (dc ? UNLIMITED_DC_A * dcVolts(dcV) : UNLIMITED_A * NOMINAL_VOLTAGE_V * phases) * meters.length;
  const periods = source.composite(evseId, duration).map(
    (p): ChargingSchedulePeriodType => ({
      startPeriod: p.startPeriod,
      limit: Math.round(fromWatts(p.watts ?? unlimitedW, unit, phases, dc, dcV) * 10) / 10,
      ...(unit === 'A' && !dc ? { numberPhases: phases } : {}),
    }),
  );
  const [first, ...rest] = periods;
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
