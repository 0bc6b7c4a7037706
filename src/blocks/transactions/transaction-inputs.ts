// E: what the transaction engine reads before each transition: the Env of an EVSE (the HAL and
// the other blocks, as they are now) and the TxConfig (TxCtrlr in the device model).

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { DeviceModel } from '../../device-model/device-model.js';
import type { HardwareEvent } from '../../hal/hardware.js';
import type { StationContext } from '../../kernel/context.js';
import { parsePoints, type Env, type TxConfig } from './transaction-facts.js';
import type { Cause } from './transaction-types.js';

/** What the engine itself knows of the EVSE, asked for while the Env is read. */
export interface EnvSources {
  operative(): boolean;
  lockFailed(): boolean;
}

export function readEnv(ctx: StationContext, evseId: number, sources: EnvSources): Env {
  const { hal, dm } = ctx;
  const evse = ctx.description.evses.find((e) => e.id === evseId);
  const connected = evse?.connectors.some((c) => hal.cable(evseId, c.id) === 'plugged') ?? false;
  return {
    // No parking bay detector in the HAL: an EV is in the bay while its cable is plugged.
    bay: connected,
    connected,
    // E01.FR.04: only a meter that signs, with SampledDataCtrlr.SignReadings on.
    signed: connected && (dm.getBool(DM.SampledDataCtrlr.SignReadings) ?? false),
    evDrawing: hal.evDrawing(evseId),
    contactor: hal.contactorClosed(evseId),
    operative: sources.operative(),
    fault: hal.faults(evseId) !== null,
    lockFailed: sources.lockFailed(),
  };
}

/** The engine's input for a hardware event: the cable, or anything else the facts are read from. */
export function hardwareCause(event: Exclude<HardwareEvent, { type: 'token' }>): Cause | undefined {
  switch (event.type) {
    case 'cable':
      return { kind: 'cable' };
    case 'ev':
    case 'fault':
      return { kind: 'state' };
    case 'lock':
      return undefined;
  }
}

export function readConfig(dm: DeviceModel): TxConfig {
  return {
    start: parsePoints(dm.getList(DM.TxCtrlr.TxStartPoint)),
    stop: parsePoints(dm.getList(DM.TxCtrlr.TxStopPoint)),
    stopOnEvDisconnect: dm.getBool(DM.TxCtrlr.StopTxOnEVSideDisconnect) ?? true,
    unlockOnEvDisconnect: dm.getBool(DM.OCPPCommCtrlr.UnlockOnEVSideDisconnect) ?? true,
  };
}
