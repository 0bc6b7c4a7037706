// Registration with the CSMS (B01-B03) as data: the BootNotification status decides what the
// station may send and answer.
//
//   state      | may send                                   | answers CSMS requests
//   -----------+--------------------------------------------+----------------------
//   null       | BootNotification only (B01.FR.08)          | yes
//   Pending    | BootNotification, and what the CSMS asks   | yes (B02.FR.01)
//              | for via TriggerMessage/GetReport (B02.FR.02)|
//   Rejected   | BootNotification after the interval        | SecurityError (B03.FR.08)
//              | (B03.FR.02)                                |
//   Accepted   | everything                                 | yes

import type { RegistrationStatusEnumType, StationToCsmsAction } from '../generated/ocpp201/index.js';

export type Registration = RegistrationStatusEnumType | null;

/** Messages sent on the CSMS's request while Pending (B02.FR.02). */
const REQUESTED_WHILE_PENDING: ReadonlySet<StationToCsmsAction> = new Set(['NotifyReport', 'NotifyMonitoringReport']);

export function maySend(registration: Registration, action: StationToCsmsAction, triggered = false): boolean {
  if (action === 'BootNotification') return true;
  switch (registration) {
    case 'Accepted':
      return true;
    case 'Pending':
      return triggered || REQUESTED_WHILE_PENDING.has(action);
    case 'Rejected':
    case null:
      return false;
  }
}

export function mayAnswer(registration: Registration): boolean {
  return registration !== 'Rejected';
}
