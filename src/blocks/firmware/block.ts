// L. Firmware management as a block: UpdateFirmware (L01 secure, L02 non-secure) and
// FirmwareStatusNotification, also on TriggerMessage (F06.FR.16).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { SecurityEvents } from '../security/index.js';
import { FirmwareUpdates } from './firmware-update.js';
import { afterUpdateFirmware, updateFirmware } from './update-firmware.js';

export interface FirmwareNeeds {
  availability: Connectors;
  security: SecurityEvents;
  /** PEM manufacturer root certificates that signing certificates must chain to (L01.FR.02). */
  manufacturerRoots: readonly string[];
}

export const firmwareBlock = defineBlock({
  name: 'firmware',
  needs: ['availability', 'security', 'manufacturerRoots'],
  create(ctx, needs: FirmwareNeeds) {
    const updates = new FirmwareUpdates(ctx, {
      connectors: needs.availability,
      manufacturerRoots: needs.manufacturerRoots,
      securityEvent: (type, info) => needs.security.record(type, info),
      pendingMessages: () => ctx.queued().length,
      reboot: () => ctx.reboot('FirmwareUpdate'),
    });
    return {
      api: updates,
      routes: {
        UpdateFirmware: {
          handle: (request) => updateFirmware(request, ctx, updates),
          after: (request, response) => afterUpdateFirmware(request, response, updates),
        },
      } satisfies Routes,
      // F06.FR.16, L01.FR.25/26: Idle, or the status of the update that runs, with its requestId.
      triggers: { FirmwareStatusNotification: { send: () => updates.trigger() } },
      stop: () => updates.stop(),
    };
  },
});
