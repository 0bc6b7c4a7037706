// The public API: named exports only. An integrator builds a StationRuntime over their own
// Hardware driver; a CSMS developer or a test uses the simulated hardware and the local CSMS.

// A station
export { StationRuntime, type RuntimeOptions, type TraceRecord } from './station/runtime.js';
export { Station, type StationOptions } from './station/station.js';
export { defaultDescription, loadDescription, type StationDescription, type EvseDescription } from './description/station-description.js';
export { snapshotOf } from './station/snapshot.js';
export { openDatabase, type Database } from './store/database.js';
export { Fleet, type FleetOptions, type FleetStats } from './fleet/fleet.js';
export type { StationSnapshot } from './control/control-target.js';

// Hardware
export type { Hardware, HardwareEvent, MeterReading, CableState } from './hal/hardware.js';
export { SimulatedHardware } from './hal/simulated/simulated-hardware.js';
export { withModbusEms } from './hal/modbus/modbus-ems.js';
export { parseEmsUrl, EmsUrlError, type ModbusEmsOptions } from './hal/modbus/ems-options.js';
export type { RegisterFormat } from './hal/modbus/register-format.js';

// The virtual wallbox's control surface
export { ControlApi } from './control/http-api.js';
export { VirtualWallbox } from './station/virtual-wallbox.js';

// OCPP-J, both roles
export { RpcEndpoint, type Handler, type CallOptions } from './rpc/endpoint.js';
export { StationConnection, type ConnectionSettings, type SecurityProfile } from './rpc/connection.js';
export { OcppServer, type OcppServerOptions, type StationSession } from './rpc/server.js';
export { OcppError, LocalCallError, RPC_ERROR_CODES, type RpcErrorCode } from './rpc/errors.js';
export { validatePayload } from './rpc/validator.js';

// The built-in local CSMS
export { startLocalCsms, type LocalCsms, type LocalCsmsOptions } from './csms/local-csms.js';

// Time
export { systemClock, type Clock } from './clock/clock.js';

// Message types, generated from the official schemas
export type * from './generated/ocpp201/types.js';
export {
  ACTIONS,
  CSMS_TO_STATION_ACTIONS,
  STATION_TO_CSMS_ACTIONS,
  type Action,
  type CsmsToStationAction,
  type StationToCsmsAction,
  type RequestOf,
  type ResponseOf,
} from './generated/ocpp201/actions.js';
export { DM, type StandardVariablePath } from './generated/ocpp201/dm-catalog.js';
