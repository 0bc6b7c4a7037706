// What the dashboard shows of monitoring (GET /api/state `monitoring`): the monitors and the last
// events, as plain data. The shape is the control API's MonitoringSnapshot.

import type { ComponentType, EventDataType, VariableType } from '../../generated/ocpp201/index.js';
import type { Monitor, MonitorOrigin } from './monitor-store.js';
import type { EventDelivery, RecentEvent } from './recent-events.js';

export interface MonitoredVariableView {
  component: string;
  componentInstance?: string;
  evseId?: number;
  connectorId?: number;
  variable: string;
  variableInstance?: string;
}

export interface MonitorView extends MonitoredVariableView {
  id: number;
  type: Monitor['type'];
  value: number;
  severity: number;
  transaction: boolean;
  origin: MonitorOrigin;
}

export interface MonitoringEventView extends MonitoredVariableView {
  eventId: number;
  timestamp: string;
  trigger: EventDataType['trigger'];
  actualValue: string;
  severity: number;
  cleared: boolean;
  eventNotificationType: EventDataType['eventNotificationType'];
  variableMonitoringId?: number;
  transactionId?: string;
  delivery: EventDelivery;
}

export interface MonitoringView {
  level: number;
  monitors: MonitorView[];
  events: MonitoringEventView[];
}

export function monitoringView(level: number, monitors: readonly Monitor[], events: readonly RecentEvent[]): MonitoringView {
  return {
    level,
    monitors: monitors.map((m) => ({
      id: m.id,
      ...variableOf(m.component, m.variable),
      type: m.type,
      value: m.value,
      severity: m.severity,
      transaction: m.transaction,
      origin: m.origin,
    })),
    events: events.map(({ event: e, severity, delivery }) => ({
      eventId: e.eventId,
      timestamp: e.timestamp,
      trigger: e.trigger,
      ...variableOf(e.component, e.variable),
      actualValue: e.actualValue,
      severity,
      cleared: e.cleared ?? false,
      eventNotificationType: e.eventNotificationType,
      ...(e.variableMonitoringId === undefined ? {} : { variableMonitoringId: e.variableMonitoringId }),
      ...(e.transactionId === undefined ? {} : { transactionId: e.transactionId }),
      delivery,
    })),
  };
}

function variableOf(component: ComponentType, variable: VariableType): MonitoredVariableView {
  return {
    component: component.name,
    ...(component.instance === undefined ? {} : { componentInstance: component.instance }),
    ...(component.evse === undefined ? {} : { evseId: component.evse.id }),
    ...(component.evse?.connectorId === undefined ? {} : { connectorId: component.evse.connectorId }),
    variable: variable.name,
    ...(variable.instance === undefined ? {} : { variableInstance: variable.instance }),
  };
}
