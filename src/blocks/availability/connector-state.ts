// G01/G03/G04: a connector's status follows from a few facts about it, in this priority:
//
//   faulted                                   -> Faulted      (G03.FR.06: a fault is not overridden)
//   station, EVSE or connector Inoperative    -> Unavailable  (G03.FR.06, G04.FR.07)
//     ... unless a transaction still runs on it, which keeps it Occupied until it ends
//         (G03.FR.05/G04.FR.06: the change is Scheduled)
//   transaction running                       -> Occupied
//   reserved                                  -> Reserved     (G03.FR.09: a cable alone does not end a
//                                                              reservation; the matching IdToken does, G01.FR.06)
//   cable plugged                             -> Occupied     (G01.FR.03)
//   otherwise                                 -> Available    (G01.FR.04, G03.FR.07: back to what it was)

import type { ConnectorStatusEnumType } from '../../generated/ocpp201/index.js';

export interface ConnectorFacts {
  faulted: boolean;
  /** The station, the EVSE and the connector are all Operative. */
  operative: boolean;
  plugged: boolean;
  transaction: boolean;
  reserved: boolean;
}

export function connectorStatus(facts: ConnectorFacts): ConnectorStatusEnumType {
  if (facts.faulted) return 'Faulted';
  if (facts.transaction) return 'Occupied';
  if (!facts.operative) return 'Unavailable';
  if (facts.reserved) return 'Reserved';
  if (facts.plugged) return 'Occupied';
  return 'Available';
}
