// B. Provisioning as a block: boot and heartbeat (B01–B04), the device model over OCPP (B05–B08),
// network profiles (B09/B10) and Reset (B11/B12).

import { defineBlock, type Routes } from '../../kernel/block.js';
import type { Connectors } from '../availability/index.js';
import type { SecurityEvents } from '../security/index.js';
import { Boot } from './boot.js';
import { afterGetBaseReport, getBaseReport } from './get-base-report.js';
import { afterGetReport, getReport } from './get-report.js';
import { getVariables } from './get-variables.js';
import { Heartbeat } from './heartbeat.js';
import { Resets } from './reset.js';
import { setNetworkProfile, type UpgradeCertificates } from './set-network-profile.js';
import { afterSetVariables, setVariables } from './set-variables.js';

export interface ProvisioningNeeds {
  availability: Connectors;
  security: SecurityEvents;
  /** A05: an upgrade of the security profile needs a valid CSMS root (and a station certificate for 3). */
  certificateManagement: UpgradeCertificates;
}

export const provisioningBlock = defineBlock({
  name: 'provisioning',
  needs: ['availability', 'security', 'certificateManagement'],
  create(ctx, { availability, security, certificateManagement: certificates }: ProvisioningNeeds) {
    const boot = new Boot(ctx);
    // A04.FR.01, TC_B_01 Booted: a boot that no Reset or update asked for is a start of the device
    // (critical: queued, delivered once the boot is accepted). A Reset reported ResetOrReboot already.
    if (boot.reason === 'PowerUp') security.record('StartupOfTheDevice', 'power up');
    const heartbeat = new Heartbeat(ctx);
    const resets = new Resets(
      ctx,
      availability,
      (reason) => ctx.reboot(reason),
      (type, info) => security.record(type, info),
    );
    return {
      api: { boot, heartbeat },
      routes: {
        GetBaseReport: {
          handle: (request) => getBaseReport(request),
          after: (request, response) => afterGetBaseReport(request, response, ctx),
        },
        GetReport: {
          handle: (request, call) => getReport(request, ctx, call),
          after: (request, response) => afterGetReport(request, response, ctx),
        },
        GetVariables: { handle: (request, call) => getVariables(request, ctx, call) },
        SetVariables: {
          handle: (request, call) => setVariables(request, ctx, call, certificates),
          after: (_request, response) => afterSetVariables(response, ctx, (type) => security.record(type)),
        },
        SetNetworkProfile: { handle: (request) => setNetworkProfile(request, ctx, certificates) },
        Reset: { handle: (request) => resets.handle(request), after: (request, response) => resets.after(request, response) },
      } satisfies Routes,
      triggers: {
        // F06.FR.17: only while the boot is not (yet) accepted.
        BootNotification: { check: () => (boot.canTrigger() ? 'Accepted' : 'Rejected'), send: () => boot.trigger() },
        Heartbeat: { send: () => heartbeat.beat({ triggered: true }) },
      },
      stop: () => {
        heartbeat.stop();
        boot.stop();
      },
    };
  },
});
