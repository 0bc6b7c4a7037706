// N02–N08 variable monitoring as a block: Set/ClearVariableMonitoring, SetMonitoringBase,
// SetMonitoringLevel, GetMonitoringReport with NotifyMonitoringReport, and the NotifyEvents of
// triggered monitors.

import { DM } from '../../generated/ocpp201/dm-catalog.js';
import { defineBlock, type Routes } from '../../kernel/block.js';
import type { HandlerContext } from '../../rpc/endpoint.js';
import { checkLimits } from '../provisioning/index.js';
import type { Transactions } from '../transactions/index.js';
import { clearVariableMonitoring } from './clear-variable-monitoring.js';
import { afterGetMonitoringReport, getMonitoringReport } from './get-monitoring-report.js';
import { MonitorEvents } from './monitor-events.js';
import { Monitors } from './monitors.js';
import { PowerSampler } from './power-sampler.js';
import { setMonitoringBase } from './set-monitoring-base.js';
import { setMonitoringLevel } from './set-monitoring-level.js';
import { setVariableMonitoring } from './set-variable-monitoring.js';
import { monitoringView } from './view.js';

const SET_LIMITS = {
  items: DM.MonitoringCtrlr.ItemsPerMessage.SetVariableMonitoring,
  bytes: DM.MonitoringCtrlr.BytesPerMessage.SetVariableMonitoring,
};

export const monitoringBlock = defineBlock({
  name: 'monitoring',
  needs: ['transactions'],
  create(ctx, { transactions }: { transactions: Pick<Transactions, 'view'> }) {
    const monitors = new Monitors(ctx);
    const events = new MonitorEvents(ctx, monitors, { transactionOf: (evseId) => transactions.view(evseId)?.transactionId }, (evseId) =>
      ctx.hal.faults(evseId),
    );
    const sampler = new PowerSampler(ctx, monitors);
    // The dashboard shows the monitors and the level: it learns of their changes too.
    const shown = (): void => ctx.events.emit('changed', undefined);
    const changed = (ids?: readonly number[]): void => {
      sampler.refresh();
      events.monitorsChanged(ids);
      shown();
    };
    return {
      api: {
        monitors,
        /** GET /api/state `monitoring`: the monitors and the last events raised. */
        view: () => monitoringView(monitors.level(), monitors.all(), events.recent.list()),
      },
      routes: {
        SetVariableMonitoring: {
          handle: (request, call: HandlerContext) => {
            checkLimits(ctx.dm, SET_LIMITS, call, request, request.setMonitoringData.length); // N04.FR.09
            return setVariableMonitoring(request, monitors);
          },
          after: (_request, response) =>
            changed(response.setMonitoringResult.filter((r) => r.status === 'Accepted').map((r) => r.id ?? -1)),
        },
        ClearVariableMonitoring: {
          handle: (request, call) => clearVariableMonitoring(request, monitors, ctx.dm, call),
          after: () => changed(),
        },
        SetMonitoringBase: {
          handle: (request) => setMonitoringBase(request, monitors),
          after: () => changed(monitors.all().map((m) => m.id)),
        },
        SetMonitoringLevel: { handle: (request) => setMonitoringLevel(request, monitors), after: shown },
        GetMonitoringReport: {
          handle: (request, call) => getMonitoringReport(request, monitors, ctx, call),
          after: (request, response) => afterGetMonitoringReport(request, response, monitors, ctx),
        },
      } satisfies Routes,
      start: () => {
        sampler.start();
        events.start();
      },
      stop: () => {
        sampler.stop();
        events.stop();
      },
    };
  },
});
