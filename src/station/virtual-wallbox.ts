// The virtual wallbox: the control API's view of a station running on simulated hardware.
// Plugging, the EV, faults and cards act on the simulator; the stack sees them through the HAL
// exactly as it would see a real charger.

import {
  ControlError,
  type ControlTarget,
  type DeviceModelQuery,
  type EvChange,
  type ExternalLimitSource,
  type PlugCable,
  type StationFault,
  type StationSnapshot,
} from '../control/control-target.js';
import { LocalCallError } from '../rpc/errors.js';
import type { TimerHandle } from '../clock/clock.js';
import type { IdTokenEnumType } from '../generated/ocpp201/index.js';
import type { SimulatedHardware } from '../hal/simulated/simulated-hardware.js';
import type { StationRuntime } from './runtime.js';
import { snapshotOf } from './snapshot.js';

type ControlEvent = Parameters<Parameters<ControlTarget['subscribe']>[0]>[0];

const METER_REFRESH_MS = 1000;

export class VirtualWallbox implements ControlTarget {
  constructor(
    private readonly runtime: StationRuntime,
    private readonly hardware: SimulatedHardware,
  ) {}

  snapshot(): StationSnapshot {
    const snapshot = snapshotOf(this.runtime.station);
    // M01/M02: what the simulated EV got for its contract certificate request.
    return { ...snapshot, evses: snapshot.evses.map((e) => ({ ...e, evCertificate: this.hardware.evCertificate(e.id) })) };
  }

  plug(evseId: number, connectorId = 1, ev: EvChange = {}, cable: PlugCable = {}): void {
    this.connector(evseId, connectorId);
    if (this.hardware.cable(evseId, connectorId) === 'plugged') throw new ControlError(400, `EVSE ${evseId} is already plugged`);
    if (this.pluggedConnector(evseId) !== undefined) throw new ControlError(400, `EVSE ${evseId} already has a cable on another connector`);
    // Armed before the cable event, so that the lock the stack engages in answer to it fails (G05).
    if (cable.lockFails) this.hardware.failNextLock(evseId);
    this.hardware.plug(evseId, connectorId, ev);
  }

  unplug(evseId: number): void {
    this.evse(evseId);
    if (this.pluggedConnector(evseId) === undefined) throw new ControlError(400, `EVSE ${evseId} is not plugged`);
    this.hardware.unplug(evseId);
  }

  setEv(evseId: number, ev: EvChange): void {
    this.evse(evseId);
    if (this.pluggedConnector(evseId) === undefined) throw new ControlError(400, `no EV is plugged into EVSE ${evseId}`);
    this.hardware.setEv(evseId, ev);
  }

  stopEvSession(evseId: number): void {
    this.evse(evseId);
    if (this.pluggedConnector(evseId) === undefined) throw new ControlError(400, `no EV is plugged into EVSE ${evseId}`);
    try {
      this.hardware.evStopsSession(evseId);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
  }

  setFault(evseId: number, faulted: boolean): void {
    this.evse(evseId);
    this.hardware.setFault(evseId, faulted);
  }

  presentIdToken(token: { idToken: string; type?: IdTokenEnumType; evseId?: number }): void {
    if (token.evseId !== undefined) this.evse(token.evseId);
    this.hardware.presentToken(token.idToken, token.type ?? 'ISO14443', token.evseId);
  }

  /** The simulated external-limit input of the hardware; an EMS without a source is the usual case. */
  setExternalLimit(limit: { evseId?: number; limitW: number | null; source?: ExternalLimitSource }): void {
    if (limit.evseId !== undefined) this.evse(limit.evseId);
    this.hardware.setExternalLimit(limit.evseId ?? 0, limit.limitW, limit.source ?? 'EMS');
  }

  fault(fault: StationFault): void {
    const { faults } = this.runtime.station;
    switch (fault.type) {
      case 'answer':
        return faults.misbehave(fault.rule);
      case 'frame':
        try {
          return faults.sendRaw(fault.text);
        } catch (error) {
          if (error instanceof LocalCallError) throw new ControlError(400, 'no frame can be sent: the station is offline');
          throw error;
        }
      case 'cut-link':
        return faults.cutLink(fault.offlineMs);
      case 'power-cycle':
        void this.runtime.powerCycle();
    }
  }

  deviceModelValue(query: DeviceModelQuery): { value: string | null } {
    const { dm } = this.runtime.station.ctx;
    const evse =
      query.evseId === undefined
        ? undefined
        : { id: query.evseId, ...(query.connectorId === undefined ? {} : { connectorId: query.connectorId }) };
    const result = dm.getVariable({
      component: {
        name: query.component,
        ...(query.componentInstance === undefined ? {} : { instance: query.componentInstance }),
        ...(evse ? { evse } : {}),
      },
      variable: { name: query.variable, ...(query.variableInstance === undefined ? {} : { instance: query.variableInstance }) },
      ...(query.attribute === undefined ? {} : { attributeType: query.attribute as 'Actual' }),
    });
    switch (result.attributeStatus) {
      case 'Accepted':
        return { value: result.attributeValue ?? null };
      case 'UnknownComponent':
      case 'UnknownVariable':
        throw new ControlError(404, `${result.attributeStatus}: ${query.component}/${query.variable}`);
      default:
        // WriteOnly secrets and attributes the variable does not have.
        throw new ControlError(400, `${query.component}/${query.variable}: ${result.attributeStatus}`);
    }
  }

  subscribe(listener: (event: ControlEvent) => void): () => void {
    const offTrace = this.runtime.onTrace((record) => listener({ type: 'frame', data: record }));
    const offChange = this.runtime.onChange(() => listener({ type: 'state', data: this.snapshot() }));
    // The meter moves without any event: while power flows (or just stopped), a state every second
    // keeps the dashboard's power and energy live.
    let lastPower = '';
    let timer: TimerHandle | undefined;
    const { clock } = this.runtime.station.ctx;
    const poll = (): void => {
      const snapshot = this.snapshot();
      const power = snapshot.evses.map((e) => e.meter.powerW).join(',');
      if (power !== lastPower || snapshot.evses.some((e) => e.meter.powerW > 0)) listener({ type: 'state', data: snapshot });
      lastPower = power;
      timer = clock.setTimeout(poll, METER_REFRESH_MS);
    };
    timer = clock.setTimeout(poll, METER_REFRESH_MS);
    return () => {
      offTrace();
      offChange();
      clock.clearTimeout(timer);
    };
  }

  private evse(evseId: number) {
    const evse = this.runtime.station.ctx.description.evses.find((e) => e.id === evseId);
    if (!evse) throw new ControlError(404, `no EVSE ${evseId}`);
    return evse;
  }

  private connector(evseId: number, connectorId: number): void {
    if (!this.evse(evseId).connectors.some((c) => c.id === connectorId)) {
      throw new ControlError(404, `no connector ${connectorId} on EVSE ${evseId}`);
    }
  }

  private pluggedConnector(evseId: number): number | undefined {
    return this.evse(evseId).connectors.find((c) => this.hardware.cable(evseId, c.id) === 'plugged')?.id;
  }
}
