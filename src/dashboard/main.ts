// The dashboard's entry module: fed by the server-sent events of GET /api/events (state, power
// history and OCPP frames) and driving the station through the POST routes of the control API.
// Stable data-testid attributes are part of its interface for browser tests.

import type { PowerHistory, StationSnapshot, TraceFrame } from '../control/snapshot.js';
import { renderStation, setUpCardReader, setUpKeypad, tickDurations } from './cards.js';
import { renderCertificates } from './certificates.js';
import { drawChart, loadHistory, recordPower } from './chart.js';
import { byId } from './dom.js';
import { renderMonitoring } from './monitoring.js';
import { addFrame, clearTrace, setUpTraceFilter } from './trace.js';

let lastState: StationSnapshot | undefined;

function onState(state: StationSnapshot): void {
  lastState = state;
  renderStation(state);
  renderMonitoring(state.monitoring);
  renderCertificates(state.certificates);
  recordPower(state);
  drawChart();
}

function connect(): void {
  const events = new EventSource('/api/events');
  // Every (re)connection replays the state, the power history and the recent frames.
  events.onopen = () => {
    byId('stream').hidden = true;
    clearTrace();
  };
  events.onerror = () => {
    byId('stream').hidden = false;
  };
  events.addEventListener('state', (e) => onState(JSON.parse(e.data) as StationSnapshot));
  events.addEventListener('history', (e) => {
    loadHistory(JSON.parse(e.data) as PowerHistory);
    if (lastState) recordPower(lastState);
    drawChart();
  });
  events.addEventListener('frame', (e) => addFrame(JSON.parse(e.data) as TraceFrame));
}

setUpCardReader();
setUpKeypad();
setUpTraceFilter();
connect();
setInterval(() => {
  if (lastState) recordPower(lastState);
  tickDurations();
  drawChart();
}, 1000);
