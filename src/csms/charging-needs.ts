// K15/K17 on the CSMS side, kept simple for a development back end: the EV's charging needs are
// levelled over the time until its departure (the energy it asks for, spread evenly, within its
// current range), sent as the TxProfile of the EVSE's ongoing transaction (K15.FR.07).

import type { ChargingProfileType, NotifyEVChargingNeedsRequest } from '../generated/ocpp201/index.js';
import type { CsmsStore } from './store.js';

/** Per phase, the set voltage the A limits stand for (K01.FR.50). */
const NOMINAL_VOLTAGE_V = 230;
/** The TxProfile id this CSMS uses; the same id again replaces it at the station (K01.FR.05). */
export const LEVELING_PROFILE_ID = 15_118;

const PHASES = { AC_single_phase: 1, AC_two_phase: 2, AC_three_phase: 3, DC: 1 } as const;

/** The TxProfile for the needs, or undefined when the EVSE has no ongoing transaction (or DC, not levelled here). */
export function levelingProfile(
  stationId: string,
  request: NotifyEVChargingNeedsRequest,
  store: CsmsStore,
  now: number,
): ChargingProfileType | undefined {
  const transaction = Object.values(store.get(stationId)?.transactions ?? {}).find(
    (t) => t.evseId === request.evseId && t.eventType !== 'Ended',
  );
  const ac = request.chargingNeeds.acChargingParameters;
  if (!transaction || !ac) return undefined;
  const phases = PHASES[request.chargingNeeds.requestedEnergyTransfer];
  const departure = request.chargingNeeds.departureTime ? Date.parse(request.chargingNeeds.departureTime) : NaN;
  const hours = (departure - now) / 3_600_000;
  // Without a departure time the EV may charge as fast as it can.
  const wantedA = hours > 0 ? ac.energyAmount / hours / (NOMINAL_VOLTAGE_V * phases) : ac.evMaxCurrent;
  const limit = Math.ceil(Math.min(ac.evMaxCurrent, Math.max(ac.evMinCurrent, wantedA)));
  return {
    id: LEVELING_PROFILE_ID,
    stackLevel: 0,
    chargingProfilePurpose: 'TxProfile',
    chargingProfileKind: 'Relative',
    transactionId: transaction.transactionId,
    chargingSchedule: [
      { id: LEVELING_PROFILE_ID, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit, numberPhases: phases }] },
    ],
  };
}
