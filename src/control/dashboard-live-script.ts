// The dashboard's script, part 2: the live power chart, the OCPP frame trace and the event
// stream that feeds everything. Runs after part 1 in the same script element.

export const DASHBOARD_LIVE_SCRIPT = `
const CHART_WINDOW_MS = 120000;
const MAX_FRAMES = 500;
const SVG = 'http://www.w3.org/2000/svg';
const samples = new Map();
const callActions = new Map();

function recordPower(state) {
  const now = Date.now();
  for (const evse of state.evses) {
    const list = samples.get(evse.id) || [];
    list.push({ t: now, w: evse.meter.powerW });
    while (list.length > 2 && list[1].t < now - CHART_WINDOW_MS) list.shift();
    samples.set(evse.id, list);
  }
  for (const id of samples.keys()) if (!state.evses.some((e) => e.id === id)) samples.delete(id);
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawChart() {
  const chart = byId('power-chart');
  const width = 600, height = 160, top = 4, bottom = 4;
  const now = Date.now();
  let max = 1000;
  for (const list of samples.values()) for (const s of list) max = Math.max(max, s.w);
  const x = (t) => ((t - (now - CHART_WINDOW_MS)) / CHART_WINDOW_MS) * width;
  const y = (w) => top + (1 - w / max) * (height - top - bottom);
  const nodes = [
    svg('line', { class: 'axis', x1: 0, x2: width, y1: y(0), y2: y(0) }),
    svg('line', { class: 'axis', x1: 0, x2: width, y1: y(max), y2: y(max) }),
  ];
  byId('power-max').textContent = watts(max);
  let index = 0;
  for (const [id, list] of samples) {
    // A step line: the power holds until the next sample, and the last one holds until now.
    const points = [];
    list.forEach((s, i) => {
      if (i > 0) points.push(x(Math.max(s.t, now - CHART_WINDOW_MS)) + ',' + y(list[i - 1].w));
      points.push(x(Math.max(s.t, now - CHART_WINDOW_MS)) + ',' + y(s.w));
    });
    if (list.length > 0) points.push(x(now) + ',' + y(list[list.length - 1].w));
    nodes.push(svg('polyline', { class: 'c' + (index % 6), points: points.join(' '), 'data-evse': id }));
    index += 1;
  }
  chart.replaceChildren(...nodes);
  const legend = byId('power-legend');
  const keys = Array.from(samples.keys()).join();
  if (legend.dataset.keys !== keys) {
    legend.dataset.keys = keys;
    legend.replaceChildren(...Array.from(samples.keys()).map((id, i) => el('span', {}, [el('span', { class: 'swatch c' + (i % 6) }), 'EVSE ' + id])));
  }
}

// OCPP-J: [2, id, action, payload] call, [3, id, payload] result, [4, id, code, text, details] error.
function describeFrame(text) {
  let frame;
  try { frame = JSON.parse(text); } catch (e) { return { kind: 'unreadable', action: '?' }; }
  if (!Array.isArray(frame)) return { kind: 'unreadable', action: '?' };
  if (frame[0] === 2) {
    callActions.set(frame[1], frame[2]);
    if (callActions.size > 1000) callActions.delete(callActions.keys().next().value);
    return { kind: 'call', action: String(frame[2]) };
  }
  const action = callActions.get(frame[1]) || '?';
  if (frame[0] === 3) return { kind: 'result', action: action };
  if (frame[0] === 4) return { kind: 'error', action: action + ' ' + frame[2] };
  return { kind: 'unknown', action: '?' };
}

function addFrame(frame) {
  const trace = byId('trace');
  const atBottom = trace.scrollTop + trace.clientHeight >= trace.scrollHeight - 8;
  const info = describeFrame(frame.text);
  const time = new Date(frame.time);
  const shown = isNaN(time.getTime()) ? String(frame.time) : time.toLocaleTimeString('en-GB') + '.' + String(time.getMilliseconds()).padStart(3, '0');
  const item = el('li', { testid: 'frame', class: frame.direction + ' ' + info.kind, 'data-direction': frame.direction, 'data-action': info.action, 'data-kind': info.kind }, [
    el('details', {}, [
      el('summary', {}, [
        el('time', { datetime: String(frame.time), text: shown }),
        el('span', { class: 'dir', text: frame.direction === 'out' ? 'station \\u2192 CSMS' : 'CSMS \\u2192 station' }),
        el('b', { text: info.action }),
        el('span', { class: 'muted', text: info.kind }),
      ]),
      el('pre', { text: frame.text }),
    ]),
  ]);
  trace.append(item);
  while (trace.childElementCount > MAX_FRAMES) trace.firstElementChild.remove();
  byId('trace-count').textContent = String(trace.childElementCount);
  if (atBottom) trace.scrollTop = trace.scrollHeight;
}

function tick() {
  if (lastState) {
    recordPower(lastState);
    for (const [id, entry] of cards) {
      const evse = lastState.evses.find((e) => e.id === id);
      const node = entry.card.querySelector('[data-testid="' + entry.p + 'tx-duration"]');
      if (evse && evse.transaction && evse.transaction.startedAt && node) node.textContent = formatDuration(Date.now() - Date.parse(evse.transaction.startedAt));
    }
  }
  drawChart();
}
setInterval(tick, 1000);

function connect() {
  const events = new EventSource('/api/events');
  // Every (re)connection replays the recent frames, so the trace starts afresh.
  events.onopen = () => { byId('stream').hidden = true; byId('trace').replaceChildren(); };
  events.onerror = () => { byId('stream').hidden = false; };
  events.addEventListener('state', (e) => { render(JSON.parse(e.data)); drawChart(); });
  events.addEventListener('frame', (e) => addFrame(JSON.parse(e.data)));
}
connect();
`;
