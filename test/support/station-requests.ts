// One minimal valid request for each station-to-CSMS action; the mapped type makes the
// compiler demand all 25 and check each payload's shape.

import type { RequestOf, StationToCsmsAction } from '../../src/generated/ocpp201/index.js';

const at = '2025-01-01T12:00:00.000Z';
const idToken = { idToken: 'AABBCCDD', type: 'ISO14443' } as const;

export const minimalRequests: { [A in StationToCsmsAction]: RequestOf<A> } = {
  Authorize: { idToken },
  BootNotification: { reason: 'PowerUp', chargingStation: { model: 'Wallbox', vendorName: 'Acme' } },
  ClearedChargingLimit: { chargingLimitSource: 'EMS' },
  DataTransfer: { vendorId: 'com.example' },
  FirmwareStatusNotification: { status: 'Idle' },
  Get15118EVCertificate: { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'AAAA' },
  GetCertificateStatus: {
    ocspRequestData: {
      hashAlgorithm: 'SHA256',
      issuerNameHash: 'aa',
      issuerKeyHash: 'bb',
      serialNumber: '01',
      responderURL: 'http://ocsp.example.com',
    },
  },
  Heartbeat: {},
  LogStatusNotification: { status: 'Idle' },
  MeterValues: { evseId: 1, meterValue: [{ timestamp: at, sampledValue: [{ value: 0 }] }] },
  NotifyChargingLimit: { chargingLimit: { chargingLimitSource: 'SO' } },
  NotifyCustomerInformation: { data: 'none', seqNo: 0, generatedAt: at, requestId: 1 },
  NotifyDisplayMessages: { requestId: 1 },
  NotifyEVChargingNeeds: { evseId: 1, chargingNeeds: { requestedEnergyTransfer: 'AC_three_phase' } },
  NotifyEVChargingSchedule: {
    timeBase: at,
    evseId: 1,
    chargingSchedule: { id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
  },
  NotifyEvent: {
    generatedAt: at,
    seqNo: 0,
    eventData: [
      {
        eventId: 1,
        timestamp: at,
        trigger: 'Delta',
        actualValue: 'Occupied',
        eventNotificationType: 'HardWiredNotification',
        component: { name: 'Connector' },
        variable: { name: 'AvailabilityState' },
      },
    ],
  },
  NotifyMonitoringReport: { requestId: 1, seqNo: 0, generatedAt: at },
  NotifyReport: { requestId: 1, generatedAt: at, seqNo: 0 },
  PublishFirmwareStatusNotification: { status: 'Idle' },
  ReportChargingProfiles: {
    requestId: 1,
    chargingLimitSource: 'CSO',
    evseId: 1,
    chargingProfile: [
      {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
      },
    ],
  },
  ReservationStatusUpdate: { reservationId: 1, reservationUpdateStatus: 'Expired' },
  SecurityEventNotification: { type: 'StartupOfTheDevice', timestamp: at },
  SignCertificate: { csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' },
  StatusNotification: { timestamp: at, connectorStatus: 'Available', evseId: 1, connectorId: 1 },
  TransactionEvent: {
    eventType: 'Started',
    timestamp: at,
    triggerReason: 'Authorized',
    seqNo: 0,
    transactionInfo: { transactionId: 'tx-1', chargingState: 'EVConnected' },
    evse: { id: 1, connectorId: 1 },
    idToken,
  },
};
