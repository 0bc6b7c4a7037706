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
import { fromWatts, NOMINAL_VOLTAGE_V, type CompositePeriod } from './composite-schedule.js';

export interface CompositeSource {
  evseIds(): number[];
  rateUnits(): ChargingRateUnitEnumType[];
  composite(evseId: number, durationS: number): CompositePeriod[];
}

/** Without any limit an EVSE may take what it is rated for: 3 × 16 A per EVSE when unknown. */
const UNLIMITED_A = 16;

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
  const phases = evseId === 0 ? Math.max(...evseIds.map((id) => ctx.hal.meter(id).phases)) : ctx.hal.meter(evseId).phases;
  const unlimitedW = UNLIMITED_A * NOMINAL_VOLTAGE_V * phases * (evseId === 0 ? evseIds.length : 1);
  const periods = source.composite(evseId, duration).map(
    (p): ChargingSchedulePeriodType => ({
      startPeriod: p.startPeriod,
      limit: Math.round(fromWatts(p.watts ?? unlimitedW, unit, phases) * 10) / 10,
      ...(unit === 'A' ? { numberPhases: phases } : {}),
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
