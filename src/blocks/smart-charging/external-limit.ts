// K11–K14: limits an external system (EMS, grid operator) imposes through the hardware's
// external-limit input, per EVSE or for the whole station (evseId 0, shared equally like the
// ChargingStationMaxProfile, K12.FR.01). Pure bookkeeping and the messages that report a change.

import type { ChargingProfileType, ClearedChargingLimitRequest, NotifyChargingLimitRequest } from '../../generated/ocpp201/index.js';
import type { ExternalLimitSource } from '../../hal/hardware.js';
import { LazyMap } from '../../collections/lazy.js';

export interface ExternalLimit {
  limitW: number;
  source: ExternalLimitSource;
  /** When it was set, ISO 8601: the startSchedule it is reported with. */
  since?: string;
}

/** K11.FR.06: negative, so that it cannot clash with the id of a profile the CSMS sets. */
export const EXTERNAL_SCHEDULE_ID = -1;

/** True when `after` differs from `before` by more than `percent` of `before` (LimitChangeSignificance). */
export function significant(before: number | null, after: number | null, percent: number): boolean {
  if (before === after) return false;
  if (before === null || after === null || before === 0) return true;
  return (Math.abs(after - before) / before) * 100 > percent;
}

export class ExternalLimits {
  private readonly limits = new LazyMap<number, ExternalLimit>();

  get(evseId: number): ExternalLimit | undefined {
    return this.limits.get(evseId);
  }

  /** The cap on one EVSE, W: its own limit and its share of the station's (among `evseCount`); null without either. */
  capW(evseId: number, evseCount: number): number | null {
    const caps = [this.limits.get(evseId)?.limitW, this.limits.get(0) && this.limits.get(0)!.limitW / Math.max(1, evseCount)];
    const given = caps.filter((c): c is number => c !== undefined);
    return given.length ? Math.min(...given) : null;
  }

  /** K11.FR.06, K12.FR.05: each limit as a ChargingStationExternalConstraints profile, with its source. */
  asProfiles(now: string): { evseId: number; source: ExternalLimitSource; profile: ChargingProfileType }[] {
    return [...this.limits].map(([evseId, { limitW, source, since = now }]) => {
      const id = EXTERNAL_SCHEDULE_ID - evseId;
      return {
        evseId,
        source,
        profile: {
          id,
          stackLevel: 0,
          chargingProfilePurpose: 'ChargingStationExternalConstraints',
          chargingProfileKind: 'Absolute',
          chargingSchedule: [
            { id, startSchedule: since, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: limitW }] },
          ],
        },
      };
    });
  }

  set(evseId: number, limit: ExternalLimit | null): void {
    if (limit) this.limits.set(evseId, limit);
    else this.limits.delete(evseId);
  }
}

/** K11.FR.02/03/05, K12.FR.02/03/04: what a new external limit is reported with. */
export function notifyChargingLimit(evseId: number, limit: ExternalLimit, withSchedule: boolean, now: Date): NotifyChargingLimitRequest {
  return {
    // A system operator's limit protects the grid; an EMS's protects the site's connection.
    chargingLimit: { chargingLimitSource: limit.source, ...(limit.source === 'SO' ? { isGridCritical: true } : {}) },
    ...(evseId === 0 ? {} : { evseId }),
    ...(withSchedule
      ? {
          chargingSchedule: [
            {
              id: EXTERNAL_SCHEDULE_ID,
              startSchedule: now.toISOString(),
              chargingRateUnit: 'W',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: limit.limitW }],
            },
          ],
        }
      : {}),
  };
}

/** K13.FR.02: the limit of that source is gone. */
export function clearedChargingLimit(evseId: number, limit: ExternalLimit): ClearedChargingLimitRequest {
  return { chargingLimitSource: limit.source, ...(evseId === 0 ? {} : { evseId }) };
}
