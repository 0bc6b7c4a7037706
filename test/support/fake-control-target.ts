// A station for tests of the control API's HTTP layer: two EVSEs, records every call, can be
// told to fail, and hands out the event listeners so a test can emit events.

import { ControlError, type ControlTarget, type StationSnapshot } from '../../src/control/control-target.js';

export type Listener = Parameters<ControlTarget['subscribe']>[0];

export class FakeControlTarget implements ControlTarget {
  calls: [string, ...unknown[]][] = [];
  listeners = new Set<Listener>();
  failWith: Error | undefined;
  state: StationSnapshot = {
    id: 'CS001',
    connected: true,
    registration: 'Accepted',
    evses: [1, 2].map((id) => ({
      id,
      available: true,
      connectors: [{ id: 1, status: 'Available' }],
      transaction: null,
      meter: { energyWh: 0, powerW: 0 },
      limitW: null,
      cost: null,
      compositeSchedule: [],
      chargingProfiles: [],
      externalLimitW: null,
    })),
    displayMessages: [],
    certificates: [],
    monitoring: { level: 9, monitors: [], events: [] },
    smartCharging: { stationExternalLimitW: null },
  };
  snapshot = (): StationSnapshot => this.state;
  plug = (...args: unknown[]): void => this.record('plug', args);
  unplug = (...args: unknown[]): void => this.record('unplug', args);
  setEv = (...args: unknown[]): void => this.record('setEv', args);
  setFault = (...args: unknown[]): void => this.record('setFault', args);
  stopEvSession = (...args: unknown[]): void => this.record('stopEvSession', args);
  presentIdToken = (...args: unknown[]): void => this.record('presentIdToken', args);
  setExternalLimit = (...args: unknown[]): void => this.record('setExternalLimit', args);
  fault = (...args: unknown[]): void => this.record('fault', args);
  deviceModelValue: ControlTarget['deviceModelValue'] = (query) => {
    this.record('deviceModelValue', [query]);
    if (query.component === 'Nope') throw new ControlError(404, 'no such variable Nope/X');
    return { value: '30' };
  };
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  private record(name: string, args: unknown[]): void {
    if (this.failWith) throw this.failWith;
    this.calls.push([name, ...args]);
  }
}
