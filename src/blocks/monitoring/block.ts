// N02–N08 variable monitoring as a block: Set/ClearVariableMonitoring, SetMonitoringBase,
// SetMonitoringLevel, GetMonitoringReport with NotifyMonitoringReport, and the NotifyEvents of
// triggered monitors.
//
// A fleet builds this block for thousands of stations: the block is one object whose methods
// live on its prototype, and each route is a one-field object that names it, rather than a
// closure per handler and after-step per station.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type {
  ClearVariableMonitoringRequest,
  ClearVariableMonitoringResponse,
  GetMonitoringReportRequest,
  GetMonitoringReportResponse,
  SetMonitoringBaseRequest,
  SetMonitoringBaseResponse,
  SetMonitoringLevelRequest,
  SetMonitoringLevelResponse,
  SetVariableMonitoringRequest,
  SetVariableMonitoringResponse,
} from '../../generated/ocpp201/index.js';
import { type Block, defineBlock, type Route } from '../../kernel/block.js';
import type { StationContext } from '../../kernel/context.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { checkLimits } from '../provisioning/index.js';
import type { Transactions } from '../transactions/index.js';
import { clearVariableMonitoring } from './clear-variable-monitoring.js';
import { afterGetMonitoringReport, getMonitoringReport } from './get-monitoring-report.js';
import { MonitorEvents, type StationLookup } from './monitor-events.js';
import { Monitors } from './monitors.js';
import { PowerSampler } from './power-sampler.js';
import { setMonitoringBase } from './set-monitoring-base.js';
import { setMonitoringLevel } from './set-monitoring-level.js';
import { setVariableMonitoring } from './set-variable-monitoring.js';
import { type MonitoringView, monitoringView } from './view.js';

const SET_LIMITS = {
  items: DM.MonitoringCtrlr.ItemsPerMessage.SetVariableMonitoring,
  bytes: DM.MonitoringCtrlr.BytesPerMessage.SetVariableMonitoring,
};

type TransactionsView = Pick<Transactions, 'view'>;

class Monitoring implements Block<Monitoring, MonitoringRoutes>, StationLookup {
  readonly monitors: Monitors;
  readonly events: MonitorEvents;
  readonly sampler: PowerSampler;
  readonly routes: MonitoringRoutes;

  constructor(
    readonly ctx: StationContext,
    private readonly transactions: TransactionsView,
  ) {
    this.monitors = new Monitors(ctx);
    this.events = new MonitorEvents(ctx, this.monitors, this);
    this.sampler = new PowerSampler(ctx, this.monitors);
    this.routes = {
      SetVariableMonitoring: new SetVariableMonitoringRoute(this),
      ClearVariableMonitoring: new ClearVariableMonitoringRoute(this),
      SetMonitoringBase: new SetMonitoringBaseRoute(this),
      SetMonitoringLevel: new SetMonitoringLevelRoute(this),
      GetMonitoringReport: new GetMonitoringReportRoute(this),
    };
  }

  /** What other blocks are given: the block itself (its `monitors` and `view`). */
  get api(): Monitoring {
    return this;
  }

  /** GET /api/state `monitoring`: the monitors and the last events raised. */
  view(): MonitoringView {
    return monitoringView(this.monitors.level(), this.monitors.all(), this.events.recent.list());
  }

  transactionOf(evseId: number): string | undefined {
    return this.transactions.view(evseId)?.transactionId;
  }

  faults(evseId: number): string | null {
    return this.ctx.hal.faults(evseId);
  }

  start(): void {
    this.sampler.start();
    this.events.start();
  }

  stop(): void {
    this.sampler.stop();
    this.events.stop();
  }

  changed(ids?: readonly number[]): void {
    this.sampler.refresh();
    this.events.monitorsChanged(ids);
    this.shown();
  }

  // The dashboard shows the monitors and the level: it learns of their changes too.
  shown(): void {
    this.ctx.events.emit('changed', undefined);
  }
}

export class SetVariableMonitoringRoute implements Route<'SetVariableMonitoring'> {
  constructor(private readonly block: Monitoring) {}
  handle(request: SetVariableMonitoringRequest, call: HandlerContext): SetVariableMonitoringResponse {
    checkLimits(this.block.ctx.dm, SET_LIMITS, call, request, request.setMonitoringData.length); // N04.FR.09
    return setVariableMonitoring(request, this.block.monitors);
  }
  after(_request: SetVariableMonitoringRequest, response: SetVariableMonitoringResponse): void {
    this.block.changed(response.setMonitoringResult.filter((r) => r.status === 'Accepted').map((r) => r.id ?? -1));
  }
}

export class ClearVariableMonitoringRoute implements Route<'ClearVariableMonitoring'> {
  constructor(private readonly block: Monitoring) {}
  handle(request: ClearVariableMonitoringRequest, call: HandlerContext): ClearVariableMonitoringResponse {
    return clearVariableMonitoring(request, this.block.monitors, this.block.ctx.dm, call);
  }
  after(): void {
    this.block.changed();
  }
}

export class SetMonitoringBaseRoute implements Route<'SetMonitoringBase'> {
  constructor(private readonly block: Monitoring) {}
  handle(request: SetMonitoringBaseRequest): SetMonitoringBaseResponse {
    return setMonitoringBase(request, this.block.monitors);
  }
  after(): void {
    this.block.changed(this.block.monitors.all().map((m) => m.id));
  }
}

export class SetMonitoringLevelRoute implements Route<'SetMonitoringLevel'> {
  constructor(private readonly block: Monitoring) {}
  handle(request: SetMonitoringLevelRequest): SetMonitoringLevelResponse {
    return setMonitoringLevel(request, this.block.monitors);
  }
  after(): void {
    this.block.shown();
  }
}

export class GetMonitoringReportRoute implements Route<'GetMonitoringReport'> {
  constructor(private readonly block: Monitoring) {}
  handle(request: GetMonitoringReportRequest, call: HandlerContext): GetMonitoringReportResponse {
    return getMonitoringReport(request, this.block.monitors, this.block.ctx, call);
  }
  after(request: GetMonitoringReportRequest, response: GetMonitoringReportResponse): void | Promise<void> {
    return afterGetMonitoringReport(request, response, this.block.monitors, this.block.ctx);
  }
}

export interface MonitoringRoutes {
  SetVariableMonitoring: SetVariableMonitoringRoute;
  ClearVariableMonitoring: ClearVariableMonitoringRoute;
  SetMonitoringBase: SetMonitoringBaseRoute;
  SetMonitoringLevel: SetMonitoringLevelRoute;
  GetMonitoringReport: GetMonitoringReportRoute;
}

/** What other blocks and the dashboard are given of monitoring. */
export type MonitoringApi = Pick<Monitoring, 'monitors' | 'view'>;

export const monitoringBlock = defineBlock({
  name: 'monitoring',
  needs: ['transactions'],
  create(ctx, { transactions }: { transactions: TransactionsView }): Block<MonitoringApi, MonitoringRoutes> {
    return new Monitoring(ctx, transactions);
  },
});
