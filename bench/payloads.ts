// What every benchmarked stack sends: a station's usual traffic, one action after the other on
// each connection (Heartbeat, StatusNotification, MeterValues, BootNotification, repeat), with
// payloads of realistic size. The same objects go to every stack; the raw-ws case sends their
// serialized frames.

import type { RequestOf, ResponseOf, StationToCsmsAction } from '../src/generated/ocpp201/index.js';

const T = '2025-01-01T12:00:00.000Z';

const phaseSamples = (measurand: 'Current.Import' | 'Voltage', unit: string, values: number[]) =>
  values.map((value, i) => ({
    value,
    measurand,
    phase: (measurand === 'Voltage' ? ['L1-N', 'L2-N', 'L3-N'] : ['L1', 'L2', 'L3'])[i] as 'L1',
    context: 'Sample.Periodic' as const,
    location: 'Outlet' as const,
    unitOfMeasure: { unit },
  }));

export const requests = {
  Heartbeat: {},
  StatusNotification: { timestamp: T, connectorStatus: 'Occupied', evseId: 1, connectorId: 1 },
  // One periodic sample of a three-phase 11 kW charge: energy, power, per-phase current and voltage, SoC.
  MeterValues: {
    evseId: 1,
    meterValue: [
      {
        timestamp: T,
        sampledValue: [
          {
            value: 12345.6,
            measurand: 'Energy.Active.Import.Register',
            context: 'Sample.Periodic',
            location: 'Outlet',
            unitOfMeasure: { unit: 'Wh' },
          },
          {
            value: 10980.4,
            measurand: 'Power.Active.Import',
            context: 'Sample.Periodic',
            location: 'Outlet',
            unitOfMeasure: { unit: 'W' },
          },
          ...phaseSamples('Current.Import', 'A', [15.9, 16.0, 15.8]),
          ...phaseSamples('Voltage', 'V', [230.1, 229.8, 231.0]),
          { value: 57, measurand: 'SoC', context: 'Sample.Periodic', location: 'EV', unitOfMeasure: { unit: 'Percent' } },
        ],
      },
    ],
  },
  BootNotification: {
    reason: 'PowerUp',
    chargingStation: {
      model: 'VirtualWallbox-22',
      vendorName: 'ocpp-station',
      serialNumber: 'VWB-000123456',
      firmwareVersion: '0.1.0',
      modem: { iccid: '89882390000123456789', imsi: '901405100012345' },
    },
  },
} satisfies { [A in BenchAction]: RequestOf<A> };

export const responses = {
  Heartbeat: { currentTime: T },
  StatusNotification: {},
  MeterValues: {},
  BootNotification: { currentTime: T, interval: 300, status: 'Accepted' },
} satisfies { [A in BenchAction]: ResponseOf<A> };

export type BenchAction = Extract<StationToCsmsAction, 'Heartbeat' | 'StatusNotification' | 'MeterValues' | 'BootNotification'>;

/** The order in which each connection sends its CALLs. */
export const ROTATION: readonly BenchAction[] = ['Heartbeat', 'StatusNotification', 'MeterValues', 'BootNotification'];
