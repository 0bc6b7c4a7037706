// The dashboard's script, part 1: the station header, one card per EVSE with its controls,
// and the card reader. It runs in the browser; data is only ever set as text, never as HTML.
// Plain ES2020 without template literals, so it can live inside this TypeScript string.

export const DASHBOARD_SCRIPT = `
'use strict';
const byId = (id) => document.querySelector('[data-testid="' + id + '"]');
const cards = new Map();
const drawingWanted = new Map();
let lastState = null;

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'text') node.textContent = value;
    else if (key === 'testid') node.dataset.testid = value;
    else node.setAttribute(key, value);
  }
  for (const child of children || []) node.append(child);
  return node;
}

function showError(message) {
  byId('error').textContent = message;
}

async function post(path, body) {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = {}; }
    if (!response.ok) { showError(path + ': ' + (answer.error || response.status + ' ' + response.statusText)); return false; }
    showError('');
    return true;
  } catch (error) {
    showError(path + ': ' + error.message);
    return false;
  }
}

function setPill(node, text, tone) {
  node.textContent = text;
  node.className = 'pill' + (tone ? ' ' + tone : '');
}

function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n) => String(n).padStart(2, '0');
  return Math.floor(s / 3600) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
}

const kWh = (wh) => (wh / 1000).toFixed(3) + ' kWh';
const watts = (w) => Math.round(w).toLocaleString('en') + ' W';

function isPlugged(evse) {
  return evse.connectors.some((c) => (c.plugged === undefined ? c.status === 'Occupied' : c.plugged));
}

function isFaulted(evse) {
  return Boolean(evse.fault) || evse.connectors.some((c) => c.status === 'Faulted');
}

function isDrawing(evse) {
  const state = evse.transaction && evse.transaction.chargingState;
  if (state === 'Charging' || state === 'SuspendedEVSE') return true;
  if (state === 'SuspendedEV') return false;
  return drawingWanted.get(evse.id) || false;
}

function field(prefix, label, key) {
  return [el('dt', { text: label }), el('dd', { testid: prefix + key, text: '\\u2013' })];
}

function makeCard(id) {
  const p = 'evse-' + id + '-';
  const maxPower = el('input', { type: 'number', min: '1', step: '100', placeholder: 'e.g. 11000', testid: p + 'max-power' });
  const soc = el('input', { type: 'number', min: '0', max: '100', step: '1', placeholder: '0\\u2013100', testid: p + 'soc-input' });
  const buttons = {
    plug: el('button', { type: 'button', testid: p + 'plug', text: 'Plug in' }),
    unplug: el('button', { type: 'button', testid: p + 'unplug', text: 'Unplug' }),
    ev: el('button', { type: 'button', testid: p + 'ev', 'aria-pressed': 'false', text: 'EV drawing' }),
    fault: el('button', { type: 'button', testid: p + 'fault', 'aria-pressed': 'false', text: 'Fault' }),
  };
  buttons.plug.onclick = () => post('/api/evses/' + id + '/plug');
  buttons.unplug.onclick = () => post('/api/evses/' + id + '/unplug');
  buttons.ev.onclick = () => {
    const drawing = buttons.ev.getAttribute('aria-pressed') !== 'true';
    const body = { drawing: drawing };
    if (maxPower.value !== '') body.maxPowerW = Number(maxPower.value);
    if (soc.value !== '') body.socPercent = Number(soc.value);
    post('/api/evses/' + id + '/ev', body).then((ok) => { if (ok) { drawingWanted.set(id, drawing); render(lastState); } });
  };
  buttons.fault.onclick = () => post('/api/evses/' + id + '/fault', { faulted: buttons.fault.getAttribute('aria-pressed') !== 'true' });
  const title = el('h3', { id: p + 'title', text: 'EVSE ' + id });
  const card = el('article', { class: 'card', testid: 'evse-' + id, 'aria-labelledby': p + 'title' }, [
    el('header', {}, [title, el('span', { class: 'pill', testid: p + 'availability' })]),
    el('ul', { class: 'connectors', testid: p + 'connectors', 'aria-label': 'Connectors' }),
    el('dl', { class: 'grid' }, [
      ...field(p, 'Power', 'power'), ...field(p, 'Energy', 'energy'),
      ...field(p, 'State of charge', 'soc'), ...field(p, 'Charging limit', 'limit'),
    ]),
    el('section', { class: 'tx', testid: p + 'tx', 'aria-label': 'Transaction' }),
    el('div', { class: 'actions' }, [buttons.plug, buttons.unplug, buttons.ev, buttons.fault]),
    el('details', { class: 'ev' }, [
      el('summary', { text: 'EV settings (sent with the next EV drawing toggle)' }),
      el('label', {}, ['Max power (W)', maxPower]),
      el('label', {}, ['SoC (%)', soc]),
    ]),
  ]);
  return { card: card, buttons: buttons, p: p };
}

function renderTransaction(node, p, evse) {
  const tx = evse.transaction;
  node.replaceChildren();
  if (!tx) { node.append(el('p', { class: 'muted', testid: p + 'tx-none', text: 'No transaction' })); return; }
  const rows = [
    ['Transaction', 'tx-id', tx.id],
    ['State', 'tx-state', tx.chargingState],
    ['Id token', 'tx-idtoken', tx.idToken === null ? 'none' : tx.idToken],
    ['Duration', 'tx-duration', tx.startedAt ? formatDuration(Date.now() - Date.parse(tx.startedAt)) : '\\u2013'],
    ['Energy', 'tx-energy', kWh(tx.energyWh === undefined ? evse.meter.energyWh : tx.energyWh)],
  ];
  node.append(el('dl', { class: 'grid' }, rows.flatMap((r) => [el('dt', { text: r[0] }), el('dd', { testid: p + r[1], text: r[2] })])));
}

function renderCard(entry, evse) {
  const p = entry.p;
  const q = (key) => entry.card.querySelector('[data-testid="' + p + key + '"]');
  setPill(q('availability'), evse.available ? 'Available' : 'Unavailable', evse.available ? 'ok' : 'warn');
  q('connectors').replaceChildren(...evse.connectors.map((c) => {
    const tone = c.status === 'Available' ? 'ok' : c.status === 'Faulted' || c.status === 'Unavailable' ? 'bad' : 'warn';
    const status = el('span', { testid: p + 'connector-' + c.id + '-status', 'data-status': c.status });
    setPill(status, c.status, tone);
    return el('li', {}, ['Connector ' + c.id + ' ', status]);
  }));
  q('power').textContent = watts(evse.meter.powerW);
  q('energy').textContent = kWh(evse.meter.energyWh);
  q('soc').textContent = typeof evse.meter.socPercent === 'number' ? Math.round(evse.meter.socPercent) + ' %' : '\\u2013';
  q('limit').textContent = evse.limitW === null ? 'none' : watts(evse.limitW);
  renderTransaction(q('tx'), p, evse);
  const plugged = isPlugged(evse);
  entry.buttons.plug.disabled = plugged;
  entry.buttons.unplug.disabled = !plugged;
  entry.buttons.ev.setAttribute('aria-pressed', String(isDrawing(evse)));
  entry.buttons.fault.setAttribute('aria-pressed', String(isFaulted(evse)));
}

function renderReaderChoices(evses) {
  const select = byId('idtoken-evse');
  const wanted = ['', ...evses.map((e) => String(e.id))];
  const have = Array.from(select.options).map((o) => o.value);
  if (wanted.join() === have.join()) return;
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '', text: 'Any reader' }), ...evses.map((e) => el('option', { value: String(e.id), text: 'EVSE ' + e.id })));
  select.value = wanted.includes(chosen) ? chosen : '';
}

function renderDisplay(messages) {
  byId('display-count').textContent = String(messages.length);
  const list = byId('display-messages');
  if (messages.length === 0) { list.replaceChildren(el('li', { class: 'muted', testid: 'display-none', text: 'Nothing shown' })); return; }
  list.replaceChildren(...messages.map((m) => {
    const id = m.id === null ? 'personal' + (m.evseId === undefined ? '' : '-' + m.evseId) : String(m.id);
    const p = 'display-message-' + id;
    const tags = [m.priority, m.state || 'any state', m.message.format, m.message.language || 'no language'];
    if (m.transactionId) tags.push('transaction ' + m.transactionId);
    const item = el('li', { testid: p, 'data-priority': m.priority, 'data-source': m.source }, [
      el('span', { class: 'pill' + (m.priority === 'AlwaysFront' ? ' bad' : m.priority === 'InFront' ? ' warn' : ''), testid: p + '-priority', text: m.priority }),
      el('span', { class: 'content', testid: p + '-content', text: m.message.content }),
      el('span', { class: 'muted', testid: p + '-meta', text: (m.id === null ? 'personal message' : '#' + m.id) + ' \\u00b7 ' + tags.slice(1).join(' \\u00b7 ') }),
    ]);
    return item;
  }));
}

function render(state) {
  if (!state) return;
  lastState = state;
  byId('station-id').textContent = state.id;
  setPill(byId('link'), state.connected ? 'Connected' : 'Offline', state.connected ? 'ok' : 'bad');
  const reg = state.registration;
  setPill(byId('registration'), reg === null ? 'Not registered' : reg, reg === 'Accepted' ? 'ok' : reg === 'Pending' ? 'warn' : 'bad');
  byId('registration').dataset.value = reg === null ? '' : reg;
  byId('csms-url').textContent = state.csmsUrl || '\\u2013';
  byId('queued').textContent = typeof state.queuedMessages === 'number' ? String(state.queuedMessages) : '\\u2013';
  const list = byId('evses');
  const ids = new Set(state.evses.map((e) => e.id));
  for (const [id, entry] of cards) if (!ids.has(id)) { entry.card.remove(); cards.delete(id); }
  for (const evse of state.evses) {
    let entry = cards.get(evse.id);
    if (!entry) { entry = makeCard(evse.id); cards.set(evse.id, entry); list.append(entry.card); }
    renderCard(entry, evse);
  }
  renderReaderChoices(state.evses);
  renderDisplay(state.displayMessages || []);
  recordPower(state);
}

byId('idtoken-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = { idToken: byId('idtoken-input').value };
  if (byId('idtoken-type').value) body.type = byId('idtoken-type').value;
  if (byId('idtoken-evse').value) body.evseId = Number(byId('idtoken-evse').value);
  post('/api/idtoken', body);
});
`;
