// What the dashboard and GET /api/state show of a station (contract: "GET /api/state").

import type { CompositeScheduleEntry, StationSnapshot } from '../control/snapshot.js';
import type { Station } from './station.js';

const DAY_S = 86_400;

/** The contract's compositeSchedule: the EVSE's composite periods over the next 24 h. */
export function compositeSchedule(station: Station, evseId: number): CompositeScheduleEntry[] {
  const now = station.now().getTime();
  return station.blocks.smartCharging.composite(evseId, DAY_S).map((p) => ({
    start: new Date(now + p.startPeriod * 1000).toISOString(),
    startPeriod: p.startPeriod,
    limitW: p.watts === null ? null : Math.round(p.watts),
  }));
}

export function snapshotOf(station: Station): StationSnapshot {
  const { ctx, blocks } = station;
  const connectors = blocks.availability.list();
  return {
    id: station.id,
    connected: station.connectedToCsms,
    registration: ctx.registration(),
    csmsUrl: station.url,
    queuedMessages: station.outbox.size,
    evses: ctx.description.evses.map((evse) => {
      const meter = ctx.hal.meter(evse.id);
      const tx = blocks.transactions.view(evse.id);
      const smart = blocks.smartCharging.view(evse.id);
      return {
        id: evse.id,
        available: blocks.availability.isOperative(evse.id),
        connectors: connectors
          .filter((c) => c.evseId === evse.id)
          .map((c) => ({ id: c.connectorId, status: c.status, plugged: ctx.hal.cable(evse.id, c.connectorId) === 'plugged' })),
        transaction: tx && {
          id: tx.transactionId,
          chargingState: tx.chargingState,
          seqNo: tx.seqNo,
          idToken: tx.idToken,
          startedAt: tx.startedAt,
          energyWh: Math.round(tx.energyWh),
        },
        meter: {
          energyWh: Math.round(meter.energyWh),
          powerW: Math.round(meter.powerW),
          ...(meter.socPercent === undefined ? {} : { socPercent: meter.socPercent }),
        },
        // K: the smart-charging limit given to the EVSE, W; null when no profile applies.
        limitW: blocks.smartCharging.limitW(evse.id),
        // I: tariff text and running or final cost; null when the display shows none.
        cost: blocks.tariffCost.cost(evse.id),
        compositeSchedule: compositeSchedule(station, evse.id),
        chargingProfiles: smart.chargingProfiles,
        externalLimitW: smart.externalLimitW,
        // K15–K17: the ISO 15118 EV's charging needs and the schedule it chose; null without a session.
        iso15118: blocks.smartCharging.iso.view(evse.id),
        fault: ctx.hal.faults(evse.id),
      };
    }),
    // O: what the display shows now, in order (AlwaysFront alone, else personal, InFront, NormalCycle).
    displayMessages: blocks.displayMessage.shown(),
    certificates: blocks.certificateManagement.installed(),
    // N: the variable monitors and the last NotifyEvents they raised.
    monitoring: blocks.monitoring.view(),
    // K12: the station-wide external limit (each EVSE's own is in its entry).
    smartCharging: { stationExternalLimitW: blocks.smartCharging.view(0).externalLimitW },
  };
}
