// N02–N08 variable monitoring as a block: Set/ClearVariableMonitoring, SetMonitoringBase,
// SetMonitoringLevel, GetMonitoringReport with NotifyMonitoringReport, and the NotifyEvents of
// triggered monitors.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { checkLimits } from '../provisioning/index.js';
import { clearVariableMonitoring } from './clear-variable-monitoring.js';
import { afterGetMonitoringReport, getMonitoringReport } from './get-monitoring-report.js';
import { MonitorEvents } from './monitor-events.js';
import { Monitors } from './monitors.js';
import { setMonitoringBase } from './set-monitoring-base.js';
import { setMonitoringLevel } from './set-monitoring-level.js';
import { setVariableMonitoring } from './set-variable-monitoring.js';

const SET_LIMITS = {
  items: DM.MonitoringCtrlr.ItemsPerMessage.SetVariableMonitoring,
  bytes: DM.MonitoringCtrlr.BytesPerMessage.SetVariableMonitoring,
};

export const monitoringBlock = defineBlock({
  name: 'monitoring',
  needs: [],
  create(ctx) {
    const monitors = new Monitors(ctx);
    const events = new MonitorEvents(ctx, monitors);
    return {
      api: monitors,
      routes: {
        SetVariableMonitoring: {
          handle: (request, call: HandlerContext) => {
            checkLimits(ctx.dm, SET_LIMITS, call, request, request.setMonitoringData.length); // N04.FR.09
            return setVariableMonitoring(request, monitors);
          },
          after: (_request, response) =>
            events.monitorsChanged(response.setMonitoringResult.filter((r) => r.status === 'Accepted').map((r) => r.id ?? -1)),
        },
        ClearVariableMonitoring: {
          handle: (request, call) => clearVariableMonitoring(request, monitors, ctx.dm, call),
          after: () => events.monitorsChanged(),
        },
        SetMonitoringBase: {
          handle: (request) => setMonitoringBase(request, monitors),
          after: () => events.monitorsChanged(monitors.all().map((m) => m.id)),
        },
        SetMonitoringLevel: { handle: (request) => setMonitoringLevel(request, monitors) },
        GetMonitoringReport: {
          handle: (request, call) => getMonitoringReport(request, monitors, ctx, call),
          after: (request, response) => afterGetMonitoringReport(request, response, monitors, ctx),
        },
      } satisfies Routes,
      start: () => events.start(),
      stop: () => events.stop(),
    };
  },
});
