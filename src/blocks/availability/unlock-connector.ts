// F05 UnlockConnector: release the cable of a connector, unless a transaction holds it.

import type { UnlockConnectorRequest, UnlockConnectorResponse } from '../../generated/ocpp201/index.js';
import type { Hardware } from '../../hal/hardware.js';
import type { Connectors } from './connectors.js';

export async function unlockConnector(
  request: UnlockConnectorRequest,
  connectors: Connectors,
  hal: Hardware,
): Promise<UnlockConnectorResponse> {
  const { evseId, connectorId } = request;
  // F05.FR.03
  if (!connectors.has(evseId, connectorId)) return { status: 'UnknownConnector' };
  // F05.FR.02: an authorized transaction keeps the connector locked.
  if (connectors.hasTransaction(evseId)) return { status: 'OngoingAuthorizedTransaction' };
  // F05.FR.04-06: the lock's own answer decides, cable or not.
  const unlocked = await hal.setConnectorLock(evseId, connectorId, false);
  return { status: unlocked ? 'Unlocked' : 'UnlockFailed' };
}
