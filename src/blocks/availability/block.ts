// G. Availability as a block: connector status (G01), ChangeAvailability (G03/G04), UnlockConnector (F05).
//
// Every station of a fleet builds this block: its routes and its trigger are small instances
// whose methods live on their class, rather than objects of closures per station.

import type {
  ChangeAvailabilityRequest,
  ChangeAvailabilityResponse,
  EVSEType,
  TriggerMessageStatusEnumType,
  UnlockConnectorRequest,
  UnlockConnectorResponse,
} from '../../generated/ocpp201/index.js';
import type { Hardware } from '../../hal/hardware.js';
import { defineBlock, type Route, type Routes } from '../../kernel/block.js';
import type { Trigger } from '../../kernel/trigger.js';
import { afterChangeAvailability, changeAvailability } from './change-availability.js';
import { Connectors } from './connectors.js';
import { unlockConnector } from './unlock-connector.js';

export class ChangeAvailabilityRoute implements Route<'ChangeAvailability'> {
  constructor(private readonly connectors: Connectors) {}

  handle(request: ChangeAvailabilityRequest): ChangeAvailabilityResponse {
    return changeAvailability(request, this.connectors);
  }

  after(request: ChangeAvailabilityRequest): void {
    afterChangeAvailability(request, this.connectors);
  }
}

export class UnlockConnectorRoute implements Route<'UnlockConnector'> {
  constructor(
    private readonly connectors: Connectors,
    private readonly hal: Hardware,
  ) {}

  handle(request: UnlockConnectorRequest): Promise<UnlockConnectorResponse> {
    return unlockConnector(request, this.connectors, this.hal);
  }
}

/** TriggerMessage StatusNotification. */
class StatusNotificationTrigger implements Trigger {
  constructor(private readonly connectors: Connectors) {}

  /** F06.FR.12: a StatusNotification is for one connector. */
  check(evse: EVSEType | undefined): TriggerMessageStatusEnumType {
    return evse?.connectorId !== undefined && this.connectors.has(evse.id, evse.connectorId) ? 'Accepted' : 'Rejected';
  }

  send(evse: EVSEType | undefined): Promise<void> {
    return this.connectors.reportOne(evse!.id, evse!.connectorId!, { triggered: true });
  }
}

export const availabilityBlock = defineBlock({
  name: 'availability',
  needs: [],
  create(ctx) {
    const connectors = new Connectors(ctx);
    return {
      api: connectors,
      routes: {
        ChangeAvailability: new ChangeAvailabilityRoute(connectors),
        UnlockConnector: new UnlockConnectorRoute(connectors, ctx.hal),
      } satisfies Routes,
      triggers: { StatusNotification: new StatusNotificationTrigger(connectors) },
    };
  },
});
