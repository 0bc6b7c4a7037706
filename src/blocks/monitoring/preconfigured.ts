// The station's own monitors. They watch fault variables only (ChargingStation.Problem,
// EVSE.Problem), which stay false in normal operation: the station sends no NotifyEvent for
// them unless something goes wrong.
//
//   id 1          hard-wired: ChargingStation/Problem, Delta, severity 2 (System Failure)
//   id 100 + n    preconfigured: EVSE n/Problem, Delta, severity 4 (Error); removed by
//                 SetMonitoringBase HardWiredOnly, restored by All and FactoryDefault (N03)
//
// Ids the CSMS gets for its own monitors start above these (N04.FR.11).

import type { ComponentType, VariableType } from '../../generated/ocpp201/index.js';
import type { StationDescription } from '../../description/station-description.js';
import type { MonitorDefinition } from './monitor-store.js';

export const HARDWIRED_PROBLEM_ID = 1;
const EVSE_PROBLEM_BASE = 100;

// What the station's own monitors watch, shared by every station (nothing changes a monitor's
// component or variable in place).
const STATION: ComponentType = { name: 'ChargingStation' };
const PROBLEM: VariableType = { name: 'Problem' };

export function hardwiredMonitors(): MonitorDefinition[] {
  return [
    {
      id: HARDWIRED_PROBLEM_ID,
      component: STATION,
      variable: PROBLEM,
      type: 'Delta',
      value: 1,
      severity: 2,
      transaction: false,
      origin: 'hardwired',
    },
  ];
}

export function preconfiguredMonitors(description: StationDescription): MonitorDefinition[] {
  return description.evses.map((evse) => ({
    id: EVSE_PROBLEM_BASE + evse.id,
    component: { name: 'EVSE', evse: { id: evse.id } },
    variable: PROBLEM,
    type: 'Delta',
    value: 1,
    severity: 4,
    transaction: false,
    origin: 'preconfigured',
  }));
}

/** The highest id of the station's own monitors: generated ids start above it. */
export function highestOwnId(description: StationDescription): number {
  return Math.max(...[...hardwiredMonitors(), ...preconfiguredMonitors(description)].map((m) => m.id));
}
