// G. Availability as a block: connector status (G01), ChangeAvailability (G03/G04), UnlockConnector (F05).

import { defineBlock, type Routes } from '../../kernel/block.js';
import { afterChangeAvailability, changeAvailability } from './change-availability.js';
import { Connectors } from './connectors.js';
import { unlockConnector } from './unlock-connector.js';

export const availabilityBlock = defineBlock({
  name: 'availability',
  needs: [],
  create(ctx) {
    const connectors = new Connectors(ctx);
    return {
      api: connectors,
      routes: {
        ChangeAvailability: {
          handle: (request) => changeAvailability(request, connectors),
          after: (request) => afterChangeAvailability(request, connectors),
        },
        UnlockConnector: { handle: (request) => unlockConnector(request, connectors, ctx.hal) },
      } satisfies Routes,
      triggers: {
        // F06.FR.12: a StatusNotification is for one connector.
        StatusNotification: {
          check: (evse) => (evse?.connectorId !== undefined && connectors.has(evse.id, evse.connectorId) ? 'Accepted' : 'Rejected'),
          send: (evse) => connectors.reportOne(evse!.id, evse!.connectorId!, { triggered: true }),
        },
      },
    };
  },
});
