// L. Firmware management as a block: UpdateFirmware (L01 secure, L02 non-secure) and
// FirmwareStatusNotification, also on TriggerMessage (F06.FR.16).

import type { UpdateFirmwareRequest, UpdateFirmwareResponse } from '../../generated/ocpp201/index.js';
import { type Block, defineBlock, type Route } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { Trigger } from '../../kernel/trigger.js';
import type { Connectors } from '../availability/index.js';
import type { CertificateManagementApi } from '../certificate-management/index.js';
import type { SecurityEvents } from '../security/index.js';
import { type FirmwareDeps, FirmwareUpdates } from './firmware-update.js';
import { afterUpdateFirmware, updateFirmware } from './update-firmware.js';

export interface FirmwareNeeds {
  availability: Connectors;
  security: SecurityEvents;
  /** The ManufacturerRootCertificates signing certificates must chain to (L01.FR.02). */
  certificateManagement: Pick<CertificateManagementApi, 'roots'>;
}

/**
 * The block is at once the updates' station (their deps), the UpdateFirmware route and the
 * FirmwareStatusNotification trigger: methods on the prototype rather than closures per station.
 */
class FirmwareBlock implements Block<FirmwareUpdates, FirmwareRoutes>, FirmwareDeps, Route<'UpdateFirmware'>, Trigger {
  readonly connectors: Connectors;
  readonly api: FirmwareUpdates;
  readonly routes: FirmwareRoutes;
  // F06.FR.16, L01.FR.25/26: Idle, or the status of the update that runs, with its requestId.
  readonly triggers: { readonly FirmwareStatusNotification: Trigger };

  constructor(
    private readonly ctx: StationContext,
    private readonly needs: FirmwareNeeds,
  ) {
    this.connectors = needs.availability;
    this.api = new FirmwareUpdates(ctx, this);
    this.routes = { UpdateFirmware: this };
    this.triggers = { FirmwareStatusNotification: this };
  }

  manufacturerRoots(): readonly string[] {
    return this.needs.certificateManagement.roots('ManufacturerRootCertificate');
  }

  securityEvent(type: string, techInfo?: string): void {
    this.needs.security.record(type, techInfo);
  }

  pendingMessages(): number {
    return this.ctx.queued().length;
  }

  reboot(): void {
    this.ctx.reboot('FirmwareUpdate');
  }

  handle(request: UpdateFirmwareRequest): UpdateFirmwareResponse {
    return updateFirmware(request, this.ctx, this.api);
  }

  after(request: UpdateFirmwareRequest, response: UpdateFirmwareResponse): void | Promise<void> {
    return afterUpdateFirmware(request, response, this.api);
  }

  send(): Promise<void> {
    return this.api.trigger();
  }

  stop(): void {
    this.api.stop();
  }
}

export interface FirmwareRoutes {
  UpdateFirmware: Route<'UpdateFirmware'>;
}

export const firmwareBlock = defineBlock({
  name: 'firmware',
  needs: ['availability', 'security', 'certificateManagement'],
  create(ctx, needs: FirmwareNeeds): Block<FirmwareUpdates, FirmwareRoutes> {
    return new FirmwareBlock(ctx, needs);
  },
});
