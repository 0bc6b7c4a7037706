// B. Provisioning as a block: boot and heartbeat (B01–B04), the device model over OCPP (B05–B08),
// network profiles (B09/B10) and Reset (B11/B12).
//
// Every station of a fleet builds this block, so it keeps few objects: the routes are small
// instances whose methods live on their class (one field each, no closures), Boot and Heartbeat
// are their own TriggerMessage entries, and the station events are subscribed once here.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  GetBaseReportRequest,
  GetBaseReportResponse,
  GetReportRequest,
  GetReportResponse,
  GetVariablesRequest,
  GetVariablesResponse,
  SetNetworkProfileRequest,
  SetNetworkProfileResponse,
  SetVariablesRequest,
  SetVariablesResponse,
} from '../../generated/ocpp201/index.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import type { StationContext } from '../../kernel/context.js';
import type { StationEventMap } from '../../kernel/events.js';
import { type Block, defineBlock, type Route, type Routes } from '../../kernel/block.js';
import type { Triggers } from '../../kernel/trigger.js';
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

/** What the other blocks and the station are given. */
export interface ProvisioningApi {
  readonly boot: Boot;
  readonly heartbeat: Heartbeat;
}

export class GetBaseReportRoute implements Route<'GetBaseReport'> {
  constructor(private readonly ctx: StationContext) {}

  handle(request: GetBaseReportRequest): GetBaseReportResponse {
    return getBaseReport(request);
  }

  after(request: GetBaseReportRequest, response: GetBaseReportResponse): Promise<void> {
    return afterGetBaseReport(request, response, this.ctx);
  }
}

export class GetReportRoute implements Route<'GetReport'> {
  constructor(private readonly ctx: StationContext) {}

  handle(request: GetReportRequest, call: HandlerContext): GetReportResponse {
    return getReport(request, this.ctx, call);
  }

  after(request: GetReportRequest, response: GetReportResponse): Promise<void> {
    return afterGetReport(request, response, this.ctx);
  }
}

export class GetVariablesRoute implements Route<'GetVariables'> {
  constructor(private readonly ctx: StationContext) {}

  handle(request: GetVariablesRequest, call: HandlerContext): GetVariablesResponse {
    return getVariables(request, this.ctx, call);
  }
}

export class SetVariablesRoute implements Route<'SetVariables'> {
  constructor(private readonly block: ProvisioningBlock) {}

  handle(request: SetVariablesRequest, call: HandlerContext): SetVariablesResponse {
    return setVariables(request, this.block.ctx, call, this.block.certificates);
  }

  after(_request: SetVariablesRequest, response: SetVariablesResponse): void {
    const { security } = this.block;
    afterSetVariables(response, this.block.ctx, (type) => security.record(type));
  }
}

export class SetNetworkProfileRoute implements Route<'SetNetworkProfile'> {
  constructor(private readonly block: ProvisioningBlock) {}

  handle(request: SetNetworkProfileRequest): SetNetworkProfileResponse {
    return setNetworkProfile(request, this.block.ctx, this.block.certificates);
  }
}

export interface ProvisioningRoutes extends Routes {
  readonly GetBaseReport: GetBaseReportRoute;
  readonly GetReport: GetReportRoute;
  readonly GetVariables: GetVariablesRoute;
  readonly SetVariables: SetVariablesRoute;
  readonly SetNetworkProfile: SetNetworkProfileRoute;
  readonly Reset: Resets;
}

class ProvisioningBlock implements Block<ProvisioningApi>, ProvisioningApi {
  readonly boot: Boot;
  readonly heartbeat: Heartbeat;
  readonly security: SecurityEvents;
  readonly certificates: UpgradeCertificates;
  private readonly resets: Resets;
  readonly routes: ProvisioningRoutes;
  readonly triggers: Triggers;

  constructor(
    readonly ctx: StationContext,
    { availability, security, certificateManagement }: ProvisioningNeeds,
  ) {
    this.security = security;
    this.certificates = certificateManagement;
    const boot = new Boot(ctx);
    this.boot = boot;
    // A04.FR.01, TC_B_01 Booted: a boot that no Reset or update asked for is a start of the device
    // (critical: queued, delivered once the boot is accepted). A Reset reported ResetOrReboot already.
    if (boot.reason === 'PowerUp') security.record('StartupOfTheDevice', 'power up');
    const heartbeat = new Heartbeat(ctx);
    this.heartbeat = heartbeat;
    const resets = new Resets(ctx, availability, security);
    this.resets = resets;
    // Bound methods rather than closures (no context kept), and one listener for the three events
    // whose payloads tell them apart; subscribed in the order the events' listeners run.
    const listener = this.onStationEvent.bind(this);
    ctx.events.on('connected', boot.connected.bind(boot));
    ctx.events.on('disconnected', listener);
    ctx.dm.onChange(DM.OCPPCommCtrlr.HeartbeatInterval, heartbeat.onIntervalChange.bind(heartbeat));
    ctx.events.on('accepted', listener);
    ctx.events.on('evseTransaction', listener);
    this.routes = {
      GetBaseReport: new GetBaseReportRoute(ctx),
      GetReport: new GetReportRoute(ctx),
      GetVariables: new GetVariablesRoute(ctx),
      SetVariables: new SetVariablesRoute(this),
      SetNetworkProfile: new SetNetworkProfileRoute(this),
      Reset: resets,
    };
    // F06.FR.17: BootNotification only while the boot is not (yet) accepted (Boot.check).
    this.triggers = { BootNotification: boot, Heartbeat: heartbeat };
  }

  /** `disconnected` (no payload), `accepted` ({ firstTime }) or `evseTransaction` ({ evseId, active }). */
  private onStationEvent(event: StationEventMap['accepted' | 'evseTransaction'] | undefined): void {
    if (event === undefined) {
      this.boot.disconnected();
      this.heartbeat.stop();
    } else if ('firstTime' in event) {
      this.heartbeat.start();
    } else {
      this.resets.onTransactionChange();
    }
  }

  get api(): ProvisioningApi {
    return this;
  }

  stop(): void {
    this.heartbeat.stop();
    this.boot.stop();
  }
}

export const provisioningBlock = defineBlock({
  name: 'provisioning',
  needs: ['availability', 'security', 'certificateManagement'],
  create: (ctx, needs: ProvisioningNeeds) => new ProvisioningBlock(ctx, needs),
});
