// E01-E10: what a cause means before and after the facts: how it changes the authorization, the
// triggerReason it gives an event (TriggerReasonEnumType), the stoppedReason of an Ended it causes,
// and the triggerReason of a Started by the start point that held.

import type { ReasonEnumType, TriggerReasonEnumType } from '../../generated/ocpp201/index.js';
import type { Env, Facts, TxConfig, TxPoint } from './transaction-facts.js';
import type { Authorization, Cause, EvseState, OngoingTx } from './transaction-types.js';

/** Authorization as changed by the cause, before the facts are derived. */
export function authorize(
  state: EvseState,
  cause: Cause,
  env: Env,
  config: TxConfig,
): Pick<EvseState, 'auth' | 'suspended'> & { endReason?: ReasonEnumType } {
  const stop = config.stop;
  switch (cause.kind) {
    case 'cable':
      // E09.FR.01: the EV is gone; it must be authorized again to charge.
      if (state.last.connected && !env.connected && config.stopOnEvDisconnect) return { auth: null, suspended: false };
      return { auth: state.auth, suspended: state.suspended };
    case 'authorized':
      return { auth: cause.auth, suspended: false };
    case 'stopAuthorized':
      // C16.FR.07: a Master Pass ends it with stoppedReason MasterPass; E15.FR.04 the EV, StoppedByEV.
      if ('byEv' in cause) return { auth: null, suspended: false, endReason: 'StoppedByEV' };
      return { auth: null, suspended: false, endReason: cause.masterPass ? 'MasterPass' : 'Local' };
    case 'remoteStop':
      return { auth: null, suspended: false, endReason: 'Remote' };
    case 'deauthorized':
      return { auth: null, suspended: false, endReason: 'DeAuthorized' };
    case 'suspend':
      return { auth: state.auth, suspended: true, endReason: 'DeAuthorized' };
    case 'evConnectTimeout':
      // E03.FR.15/F02.FR.08 deauthorize; otherwise the forced end below.
      return { auth: null, suspended: false, ...(stop.includes('ParkingBayOccupancy') ? {} : { endReason: 'Timeout' as const }) };
    default:
      return { auth: state.auth, suspended: state.suspended };
  }
}

export function triggerFor(cause: Cause, before: Facts, after: Facts): TriggerReasonEnumType | undefined {
  switch (cause.kind) {
    case 'cable':
      if (before.connected === after.connected) return undefined;
      return after.connected ? 'CablePluggedIn' : 'EVCommunicationLost';
    case 'bay':
      if (before.bay === after.bay) return undefined;
      return after.bay ? 'EVDetected' : 'EVDeparted';
    case 'authorized':
      return cause.auth.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized';
    case 'stopAuthorized':
      return 'StopAuthorized';
    case 'remoteStop':
      return 'RemoteStop';
    case 'deauthorized':
      return 'Deauthorized';
    case 'suspend':
      return 'ChargingStateChanged';
    case 'signed':
      return 'SignedDataReceived';
    case 'evConnectTimeout':
      return 'EVConnectTimeout';
    case 'powerLoss':
      return 'AbnormalCondition';
    case 'reset':
      return 'ResetCommand';
    case 'periodic':
      return 'MeterValuePeriodic';
    case 'trigger':
      return 'Trigger';
    case 'rateChanged':
      return 'ChargingRateChanged';
    case 'release':
    case 'state':
      return undefined;
  }
}

/** E06.FR.08, E07.FR.05/06: the stoppedReason of an Ended caused by `cause`. */
export function stoppedReasonFor(cause: Cause, tx: OngoingTx, f: Facts, endReason: ReasonEnumType | undefined): ReasonEnumType {
  switch (cause.kind) {
    case 'powerLoss':
      return 'PowerLoss';
    case 'reset':
      return 'ImmediateReset';
    case 'cable':
    case 'bay':
      // E07 sequence: a driver who ended the authorization before unplugging stopped it (Local).
      return endReason ?? tx.endReason ?? 'EVDisconnected';
    default:
      if (endReason) return endReason;
      if (tx.endReason) return tx.endReason;
      return f.connected && !f.evDrawing ? 'StoppedByEV' : 'Other';
  }
}

export function startTrigger(
  point: TxPoint,
  trigger: TriggerReasonEnumType | undefined,
  auth: Authorization | null,
): TriggerReasonEnumType {
  // F02.FR.21: the next event after a RequestStartTransaction has triggerReason RemoteStart.
  if (auth && !auth.reported && auth.remoteStartId !== undefined) return 'RemoteStart';
  if (trigger) return trigger;
  switch (point) {
    case 'ParkingBayOccupancy':
      return 'EVDetected';
    case 'EVConnected':
      return 'CablePluggedIn';
    case 'Authorized':
    case 'PowerPathClosed':
      return 'Authorized';
    case 'DataSigned':
      return 'SignedDataReceived';
    case 'EnergyTransfer':
      return 'ChargingStateChanged';
  }
}
