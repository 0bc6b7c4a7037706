// The route table: every CSMS-to-station action has exactly one owner, checked by the compiler
// (a missing action does not type-check; a duplicate key is an error in an object literal).
// Actions of blocks not installed are NOT_SUPPORTED: answered with CALLERROR NotSupported.

import type { BootReasonEnumType, CsmsToStationAction } from '../generated/ocpp201/index.js';
import type { RequestStartTransactionRequest, RequestStartTransactionResponse } from '../generated/ocpp201/index.js';
import type { Handler } from '../rpc/endpoint.js';
import { changeAvailability, unlockConnector, type Connectors } from '../blocks/availability/index.js';
import type { DataTransfers } from '../blocks/data-transfer/index.js';
import * as display from '../blocks/display-message/index.js';
import type { Authorization } from '../blocks/authorization/index.js';
import { getLocalListVersion, sendLocalList, type LocalAuthList } from '../blocks/local-auth-list/index.js';
import type { Boot } from '../blocks/provisioning/boot.js';
import type { Heartbeat } from '../blocks/provisioning/heartbeat.js';
import type { MeterValues } from '../blocks/meter-values/index.js';
import * as provisioning from '../blocks/provisioning/index.js';
import * as remote from '../blocks/remote-control/index.js';
import type { Triggers } from '../blocks/remote-control/index.js';
import { getTransactionStatus, type Transactions } from '../blocks/transactions/index.js';
import { cancelReservation, reserveNow, type Reservations } from '../blocks/reservation/index.js';
import * as smart from '../blocks/smart-charging/index.js';
import type { SecurityEvents } from '../blocks/security/index.js';
import { afterUpdateFirmware, updateFirmware, type FirmwareUpdates } from '../blocks/firmware/index.js';
import type { LogUploads } from '../blocks/diagnostics/index.js';
import type { StationContext } from '../kernel/context.js';
import type { StationEndpoint } from './link.js';

export interface Blocks {
  boot: Boot;
  heartbeat: Heartbeat;
  connectors: Connectors;
  security: SecurityEvents;
  triggers: Triggers;
  dataTransfers: DataTransfers;
  /** J: sampling, clock-aligned MeterValues, TxEnded values (the transactions block uses its MeterValuesApi). */
  meterValues: MeterValues;
  /** C: the Authorizer every block asks (transactions, remote start, reader). */
  authorization: Authorization;
  /** D: the Local Authorization List, installed in the authorization block as its LocalList. */
  localAuthList: LocalAuthList;
  /** E: the transaction engine of every EVSE. */
  transactions: Transactions;
  /** O: display messages the CSMS set, and what the display shows. */
  displayMessages: display.DisplayMessages;
  /** H: reservations; the transactions block asks match() before a token charges, consume() when it uses one. */
  reservations: Reservations;
  /** K: charging profiles and the power limit of each EVSE. */
  smartCharging: smart.SmartCharging;
  /** L: firmware updates (L01/L02). */
  firmware: FirmwareUpdates;
  /** N01: log uploads. */
  logs: LogUploads;
  reboot(reason: BootReasonEnumType): void;
}

export const NOT_SUPPORTED = 'NotSupported';
type Routes = { [A in CsmsToStationAction]: Handler<A> | typeof NOT_SUPPORTED };

export function installRoutes(endpoint: StationEndpoint, ctx: StationContext, blocks: Blocks): void {
  const { connectors, triggers, dataTransfers, authorization } = blocks;
  const remoteStart = { ctx, connectors, transactions: blocks.transactions, authorizer: authorization, reservations: blocks.reservations };
  const resets = new provisioning.Resets(ctx, connectors, blocks.reboot, (type, info) => blocks.security.record(type, info));
  const routes = {
    // A Security
    CertificateSigned: NOT_SUPPORTED,
    // B Provisioning
    GetBaseReport: (request) => provisioning.getBaseReport(request),
    GetReport: (request, call) => provisioning.getReport(request, ctx, call),
    GetVariables: (request, call) => provisioning.getVariables(request, ctx, call),
    SetVariables: (request, call) => provisioning.setVariables(request, ctx, call),
    SetNetworkProfile: (request) => provisioning.setNetworkProfile(request, ctx),
    Reset: (request) => resets.handle(request),
    // C Authorization, D Local authorization list
    ClearCache: () => authorization.clearCache(),
    GetLocalListVersion: () => getLocalListVersion(blocks.localAuthList),
    SendLocalList: (request, call) => sendLocalList(request, { dm: ctx.dm, list: blocks.localAuthList, log: ctx.log }, call),
    // E Transactions, F Remote control
    GetTransactionStatus: (request) => getTransactionStatus(request, blocks.transactions),
    // K05.FR.05: an unusable TxProfile rejects the remote start.
    RequestStartTransaction: (request) => smartStart(request, blocks.smartCharging) ?? remote.requestStartTransaction(request, remoteStart),
    RequestStopTransaction: (request) => remote.requestStopTransaction(request, blocks.transactions),
    TriggerMessage: (request) => triggers.handle(request),
    UnlockConnector: (request) => unlockConnector(request, connectors, ctx.hal),
    // G Availability
    ChangeAvailability: (request) => changeAvailability(request, connectors),
    // H Reservation
    CancelReservation: (request) => cancelReservation(request, blocks.reservations),
    ReserveNow: (request) => reserveNow(request, blocks.reservations),
    // I Tariff and cost
    CostUpdated: NOT_SUPPORTED,
    // K Smart charging
    ClearChargingProfile: (request) => smart.clearChargingProfile(request, blocks.smartCharging),
    GetChargingProfiles: (request) => smart.getChargingProfiles(request, blocks.smartCharging),
    GetCompositeSchedule: (request) => smart.getCompositeSchedule(request, ctx, blocks.smartCharging),
    SetChargingProfile: (request) => smart.setChargingProfile(request, ctx, blocks.smartCharging),
    // L Firmware
    PublishFirmware: NOT_SUPPORTED,
    UnpublishFirmware: NOT_SUPPORTED,
    UpdateFirmware: (request) => updateFirmware(request, ctx, blocks.firmware),
    // M ISO 15118 certificates
    DeleteCertificate: NOT_SUPPORTED,
    GetInstalledCertificateIds: NOT_SUPPORTED,
    InstallCertificate: NOT_SUPPORTED,
    // N Diagnostics
    ClearVariableMonitoring: NOT_SUPPORTED,
    CustomerInformation: NOT_SUPPORTED,
    GetLog: (request) => blocks.logs.handle(request),
    GetMonitoringReport: NOT_SUPPORTED,
    SetMonitoringBase: NOT_SUPPORTED,
    SetMonitoringLevel: NOT_SUPPORTED,
    SetVariableMonitoring: NOT_SUPPORTED,
    // O Display messages
    ClearDisplayMessage: (request) => display.clearDisplayMessage(request, blocks.displayMessages),
    GetDisplayMessages: (request) => display.getDisplayMessages(request, blocks.displayMessages),
    SetDisplayMessage: (request) => display.setDisplayMessage(request, blocks.displayMessages),
    // P DataTransfer
    DataTransfer: (request) => dataTransfers.handle(request),
  } satisfies Routes;

  for (const [action, handler] of Object.entries(routes)) {
    if (handler !== NOT_SUPPORTED) endpoint.handle(action as CsmsToStationAction, handler as Handler<CsmsToStationAction>);
  }
  endpoint.after('TriggerMessage', (request, response) => triggers.after(request, response));
  endpoint.after('GetBaseReport', (request, response) => provisioning.afterGetBaseReport(request, response, ctx));
  endpoint.after('GetReport', (request, response) => provisioning.afterGetReport(request, response, ctx));
  endpoint.after('SetVariables', (_request, response) =>
    provisioning.afterSetVariables(response, ctx, (type) => blocks.security.record(type)),
  );
  endpoint.after('Reset', (request, response) => resets.after(request, response));
  endpoint.after('RequestStartTransaction', (request, response) => remote.afterRequestStartTransaction(request, response, remoteStart));
  // K05.FR.03: the accepted remote start's profile becomes its transaction's TxProfile.
  endpoint.after('RequestStartTransaction', (request, response) =>
    response.status === 'Accepted' ? blocks.smartCharging.expectTxProfile(request) : undefined,
  );
  endpoint.after('GetChargingProfiles', (request, response) =>
    smart.afterGetChargingProfiles(request, response, ctx, blocks.smartCharging),
  );
  endpoint.after('RequestStopTransaction', (request, response) =>
    remote.afterRequestStopTransaction(request, response, blocks.transactions),
  );
  endpoint.after('GetDisplayMessages', (request, response) => display.afterGetDisplayMessages(request, response, blocks.displayMessages));
  // H01.FR.23, H02.FR.04: StatusNotification Reserved/Available once the answer is out.
  endpoint.after('ReserveNow', () => blocks.reservations.after());
  endpoint.after('CancelReservation', () => blocks.reservations.after());
  endpoint.after('UpdateFirmware', (request, response) => afterUpdateFirmware(request, response, blocks.firmware));
  // N01.FR.02/08: the upload starts once the answer is out.
  endpoint.after('GetLog', (_request, response) => blocks.logs.after(response));
  registerTriggers(ctx, blocks);
}

/** F06: the messages this station sends on request. */
function registerTriggers(ctx: StationContext, blocks: Blocks): void {
  const { triggers, boot, heartbeat, connectors } = blocks;
  triggers.register('BootNotification', {
    check: () => (boot.canTrigger() ? 'Accepted' : 'Rejected'),
    send: () => boot.trigger(),
  });
  triggers.register('Heartbeat', { send: () => heartbeat.beat({ triggered: true }) });
  triggers.register('StatusNotification', {
    // F06.FR.12: a StatusNotification is for one connector.
    check: (evse) => (evse?.connectorId !== undefined && connectors.has(evse.id, evse.connectorId) ? 'Accepted' : 'Rejected'),
    send: (evse) => connectors.reportOne(evse!.id, evse!.connectorId!, { triggered: true }),
  });
  // F06.FR.06: AlignedDataCtrlr.Measurands, context Trigger, for the EVSE or all EVSEs (F06.FR.11).
  // F06.FR.07: triggerReason Trigger, for the EVSE's transaction or all ongoing ones (F06.FR.11).
  triggers.register('TransactionEvent', {
    check: (evse) => (blocks.transactions.hasTransaction(evse?.id) ? 'Accepted' : 'Rejected'),
    send: async (evse) => blocks.transactions.trigger(evse?.id),
  });
  triggers.register('MeterValues', {
    check: (evse) => blocks.meterValues.canTrigger(evse),
    send: (evse) => blocks.meterValues.trigger(evse),
  });
  // F06.FR.16, L01.FR.25/26: Idle, or the status of the update that runs, with its requestId.
  triggers.register('FirmwareStatusNotification', { send: () => blocks.firmware.trigger() });
  // F06.FR.14/15: Uploading (with the requestId) while an upload runs, else Idle.
  triggers.register('LogStatusNotification', { send: () => blocks.logs.trigger() });
  void ctx;
}

/** K05.FR.05: Rejected (InvalidProfile/InvalidSchedule) when the remote start's profile cannot be used. */
function smartStart(
  request: RequestStartTransactionRequest,
  smartCharging: smart.SmartCharging,
): RequestStartTransactionResponse | undefined {
  const reasonCode = smartCharging.checkRemoteStart(request);
  return reasonCode === undefined ? undefined : { status: 'Rejected', statusInfo: { reasonCode } };
}
