// The monitoring panel: the station's variable monitors (N02, N04) and the last events they raised
// with NotifyEvent (N07, N08), each with its severity and how far it got to the CSMS.

import type { MonitoredVariable, MonitoringEventSnapshot, MonitoringSnapshot, MonitorSnapshot } from '../control/snapshot.js';
import { byId, DASH, el, setPill } from './dom.js';

/** OCPP 2.0.1 Part 2 §3.77: the severity levels, 0 the most severe. */
const SEVERITY = [
  'Danger',
  'Hardware Failure',
  'System Failure',
  'Critical',
  'Error',
  'Alert',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

const ORIGIN: Record<MonitorSnapshot['origin'], string> = { custom: 'CSMS', preconfigured: 'preconfigured', hardwired: 'hard-wired' };

const DELIVERY: Record<MonitoringEventSnapshot['delivery'], string> = {
  sending: 'sending',
  delivered: 'delivered',
  queued: 'queued',
  failed: 'not sent',
};

/** "3 Critical"; a level outside 0–9 shows as its number. */
export const severityLabel = (severity: number): string => `${severity} ${SEVERITY[severity] ?? ''}`.trim();

/** 0–3 are failures, 4–6 errors and warnings, 7–9 for information. */
function severityPill(severity: number, testid: string): HTMLElement {
  const tone = severity <= 3 ? ' bad' : severity <= 6 ? ' warn' : '';
  return el('span', { class: `pill${tone}`, testid, 'data-severity': String(severity), text: severityLabel(severity) });
}

/** "EVSE 1", "Connector 1:2", "Name[instance] on EVSE 1": where the variable is. */
function componentOf(v: MonitoredVariable): string {
  const name = `${v.component}${v.componentInstance ? `[${v.componentInstance}]` : ''}`;
  if (v.evseId === undefined) return name;
  const at = `${v.evseId}${v.connectorId === undefined ? '' : `:${v.connectorId}`}`;
  if (name === 'EVSE' || name === 'Connector') return `${name} ${at}`;
  return `${name} on EVSE ${at}`;
}

const variableOf = (v: MonitoredVariable): string => `${v.variable}${v.variableInstance ? `[${v.variableInstance}]` : ''}`;

function monitorRow(m: MonitorSnapshot): HTMLElement {
  const p = `monitor-${m.id}`;
  const cell = (key: string, text: string): HTMLElement => el('td', { testid: `${p}-${key}`, text });
  return el('tr', { testid: p, 'data-origin': m.origin }, [
    cell('id', String(m.id)),
    cell('component', componentOf(m)),
    cell('variable', variableOf(m)),
    cell('type', m.type),
    cell('value', String(m.value)),
    el('td', {}, [severityPill(m.severity, `${p}-severity`)]),
    cell('transaction', m.transaction ? 'yes' : 'no'),
    cell('origin', ORIGIN[m.origin]),
  ]);
}

function eventItem(e: MonitoringEventSnapshot): HTMLElement {
  const p = `monitoring-event-${e.eventId}`;
  const tags = [
    e.trigger,
    e.eventNotificationType,
    e.variableMonitoringId === undefined ? '' : `monitor ${e.variableMonitoringId}`,
    e.transactionId ? `transaction ${e.transactionId}` : '',
  ].filter(Boolean);
  const delivery = el('span', { testid: `${p}-delivery` });
  setPill(delivery, DELIVERY[e.delivery], e.delivery === 'failed' ? 'bad' : e.delivery === 'delivered' ? 'ok' : 'warn');
  return el('li', { testid: p, 'data-delivery': e.delivery, 'data-cleared': String(e.cleared) }, [
    severityPill(e.severity, `${p}-severity`),
    el('time', { class: 'muted', datetime: e.timestamp, text: new Date(e.timestamp).toLocaleTimeString() }),
    el('span', { class: 'content', testid: `${p}-variable`, text: `${componentOf(e)} / ${variableOf(e)}` }),
    el('code', { testid: `${p}-value`, text: e.actualValue === '' ? DASH : e.actualValue }),
    ...(e.cleared ? [el('span', { class: 'pill ok', testid: `${p}-cleared`, text: 'cleared' })] : []),
    delivery,
    el('span', { class: 'muted', testid: `${p}-meta`, text: [`#${e.eventId}`, ...tags].join(' \u00b7 ') }),
  ]);
}

/** Shows the monitoring part of a state. */
export function renderMonitoring(monitoring: MonitoringSnapshot | undefined): void {
  const { level, monitors, events } = monitoring ?? { level: 9, monitors: [], events: [] };
  byId('monitoring-level').textContent = severityLabel(level);
  byId('monitor-count').textContent = String(monitors.length);
  const rows = byId('monitors');
  rows.replaceChildren(
    ...(monitors.length === 0
      ? [el('tr', {}, [el('td', { class: 'muted', colspan: '8', testid: 'monitors-none', text: 'No monitors' })])]
      : monitors.map(monitorRow)),
  );
  byId('monitoring-events').replaceChildren(
    ...(events.length === 0
      ? [el('li', { class: 'muted', testid: 'monitoring-events-none', text: 'No events yet' })]
      : events.map(eventItem)),
  );
}
