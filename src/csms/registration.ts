// Boot gating on the CSMS side (Part 2 B01-B03). Until a station's last BootNotification was
// answered Accepted, it may only send BootNotification and what the CSMS asked for with
// TriggerMessage, GetBaseReport or GetReport; anything else is answered with SecurityError.

import type { CsmsToStationAction, MessageTriggerEnumType, RequestOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import type { CsmsStore } from './store.js';

/** Whether the station may send `action` now. */
export function admits(store: CsmsStore, stationId: string, action: StationToCsmsAction): boolean {
  const registration = store.registration(stationId);
  // No boot seen yet: a station that reconnects without rebooting sends none (Part 4 §5.3).
  if (registration === null || registration === 'Accepted') return true;
  if (action === 'BootNotification') return true;
  // B01.FR.10, B02.FR.09, B03.FR.07
  return store.wasTriggered(stationId, action);
}

const TRIGGERED_ACTION: Readonly<Record<MessageTriggerEnumType, StationToCsmsAction>> = {
  BootNotification: 'BootNotification',
  LogStatusNotification: 'LogStatusNotification',
  FirmwareStatusNotification: 'FirmwareStatusNotification',
  Heartbeat: 'Heartbeat',
  MeterValues: 'MeterValues',
  SignChargingStationCertificate: 'SignCertificate',
  SignV2GCertificate: 'SignCertificate',
  SignCombinedCertificate: 'SignCertificate',
  StatusNotification: 'StatusNotification',
  TransactionEvent: 'TransactionEvent',
  PublishFirmwareStatusNotification: 'PublishFirmwareStatusNotification',
};

/** Notes, after a call the station accepted, which messages it has thereby been asked for. */
export function noteAcceptedCall<A extends CsmsToStationAction>(
  store: CsmsStore,
  stationId: string,
  action: A,
  request: RequestOf<A>,
): void {
  if (action === 'TriggerMessage') {
    const { requestedMessage } = request as RequestOf<'TriggerMessage'>;
    store.recordTrigger(stationId, TRIGGERED_ACTION[requestedMessage]);
  } else if (action === 'GetBaseReport' || action === 'GetReport') {
    store.recordTrigger(stationId, 'NotifyReport');
  }
}
