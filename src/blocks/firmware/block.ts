// L. Firmware management as a block: UpdateFirmware (L01 secure, L02 non-secure) and
// FirmwareStatusNotification, also on TriggerMessage (F06.FR.16).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { CertificateManagementApi } from '../certificate-management/index.js';
import type { SecurityEvents } from '../security/index.js';
import { FirmwareUpdates } from './firmware-update.js';
import { afterUpdateFirmware, updateFirmware } from './update-firmware.js';

export interface FirmwareNeeds {
  availability: Connectors;
  security: SecurityEvents;
  /** The ManufacturerRootCertificates signing certificates must chain to (L01.FR.02). */
  certificateManagement: Pick<CertificateManagementApi, 'roots'>;
}

export const firmwareBlock = defineBlock({
  name: 'firmware',
  needs: ['availability', 'security', 'certificateManagement'],
  create(ctx, needs: FirmwareNeeds) {
    const updates = new FirmwareUpdates(ctx, {
      connectors: needs.availability,
      manufacturerRoots: () => needs.certificateManagement.roots('ManufacturerRootCertificate'),
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
