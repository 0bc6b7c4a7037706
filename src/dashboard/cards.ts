// The station header, one card per EVSE with its controls, the display and the card reader.

import type { ChargingProfileSnapshot, DisplayMessageSnapshot, EvseSnapshot, StationSnapshot } from '../control/snapshot.js';
import { evseChart } from './chart.js';
import { byId, DASH, el, formatDuration, kWh, post, setPill, watts } from './dom.js';
import { evProtocolFields } from './ev-protocol.js';

interface Card {
  card: HTMLElement;
  prefix: string;
  buttons: {
    plug: HTMLButtonElement;
    unplug: HTMLButtonElement;
    sessionStop: HTMLButtonElement;
    start: HTMLButtonElement;
    ev: HTMLButtonElement;
    fault: HTMLButtonElement;
  };
}

const cards = new Map<number, Card>();
/** What the user last asked of each EV, until the transaction's charging state says otherwise. */
const drawingWanted = new Map<number, boolean>();
let lastState: StationSnapshot | undefined;

const isPlugged = (evse: EvseSnapshot): boolean =>
  evse.connectors.some((c) => (c.plugged === undefined ? c.status === 'Occupied' : c.plugged));
const isFaulted = (evse: EvseSnapshot): boolean => Boolean(evse.fault) || evse.connectors.some((c) => c.status === 'Faulted');

function isDrawing(evse: EvseSnapshot): boolean {
  const state = evse.transaction?.chargingState;
  if (state === 'Charging' || state === 'SuspendedEVSE') return true;
  if (state === 'SuspendedEV') return false;
  return drawingWanted.get(evse.id) ?? false;
}

function field(prefix: string, label: string, key: string): HTMLElement[] {
  return [el('dt', { text: label }), el('dd', { testid: prefix + key, text: DASH })];
}

function makeCard(id: number): Card {
  const p = `evse-${id}-`;
  const maxPower = el('input', { type: 'number', min: '1', step: '100', placeholder: 'e.g. 11000', testid: `${p}max-power` });
  const soc = el('input', { type: 'number', min: '0', max: '100', step: '1', placeholder: '0\u2013100', testid: `${p}soc-input` });
  const button = (key: string, text: string, pressable: boolean): HTMLButtonElement =>
    el('button', { type: 'button', testid: p + key, text, ...(pressable ? { 'aria-pressed': 'false' } : {}) });
  const buttons = {
    plug: button('plug', 'Plug in', false),
    unplug: button('unplug', 'Unplug', false),
    sessionStop: button('session-stop', 'EV stops session', false),
    start: button('start', 'Start', false),
    ev: button('ev', 'EV drawing', true),
    fault: button('fault', 'Fault', true),
  };
  const protocol = evProtocolFields(p);
  buttons.plug.onclick = () => post(`/api/evses/${id}/plug`, protocol.plugBody() ?? {});
  buttons.unplug.onclick = () => post(`/api/evses/${id}/unplug`);
  // E15: an ISO 15118 EV ends its session (the station answers 400 for any other).
  buttons.sessionStop.onclick = () => post(`/api/evses/${id}/session-stop`);
  // The EVSE's start button: a local start without a card (NoAuthorization).
  buttons.start.onclick = () => post(`/api/evses/${id}/start`);
  buttons.ev.onclick = async () => {
    const drawing = buttons.ev.getAttribute('aria-pressed') !== 'true';
    const body: { drawing: boolean; maxPowerW?: number; socPercent?: number } = { drawing };
    if (maxPower.value !== '') body.maxPowerW = Number(maxPower.value);
    if (soc.value !== '') body.socPercent = Number(soc.value);
    if (await post(`/api/evses/${id}/ev`, body)) {
      drawingWanted.set(id, drawing);
      if (lastState) renderStation(lastState);
    }
  };
  buttons.fault.onclick = () => post(`/api/evses/${id}/fault`, { faulted: buttons.fault.getAttribute('aria-pressed') !== 'true' });
  const card = el('article', { class: 'card', testid: `evse-${id}`, 'aria-labelledby': `${p}title` }, [
    el('header', {}, [el('h3', { id: `${p}title`, text: `EVSE ${id}` }), el('span', { class: 'pill', testid: `${p}availability` })]),
    el('ul', { class: 'connectors', testid: `${p}connectors`, 'aria-label': 'Connectors' }),
    el('dl', { class: 'grid' }, [
      ...field(p, 'Power', 'power'),
      ...field(p, 'Energy', 'energy'),
      ...field(p, 'State of charge', 'soc'),
      ...field(p, 'Charging limit', 'limit'),
      ...field(p, 'External limit', 'external-limit'),
      ...field(p, 'Cost', 'cost'),
      ...field(p, 'Tariff', 'tariff'),
    ]),
    evseChart(id),
    el('section', { class: 'profiles', 'aria-label': 'Charging profiles' }, [
      el('h4', { text: 'Charging profiles' }),
      el('ul', { testid: `${p}profiles` }),
    ]),
    el('section', { class: 'tx', testid: `${p}tx`, 'aria-label': 'Transaction' }),
    el('div', { class: 'actions' }, [buttons.plug, buttons.unplug, buttons.sessionStop, buttons.start, buttons.ev, buttons.fault]),
    el('details', { class: 'ev' }, [
      el('summary', { text: 'EV settings (sent with the next EV drawing toggle; the type with the next plug-in)' }),
      el('label', {}, ['Max power (W)', maxPower]),
      el('label', {}, ['SoC (%)', soc]),
      ...protocol.nodes,
    ]),
  ]);
  return { card, buttons, prefix: p };
}

function renderTransaction(node: HTMLElement, p: string, evse: EvseSnapshot): void {
  const tx = evse.transaction;
  if (!tx) {
    node.replaceChildren(el('p', { class: 'muted', testid: `${p}tx-none`, text: 'No transaction' }));
    return;
  }
  const rows: [string, string, string][] = [
    ['Transaction', 'tx-id', tx.id],
    ['State', 'tx-state', tx.chargingState],
    ['Id token', 'tx-idtoken', tx.idToken ?? 'none'],
    ['Duration', 'tx-duration', tx.startedAt ? formatDuration(Date.now() - Date.parse(tx.startedAt)) : DASH],
    ['Energy', 'tx-energy', kWh(tx.energyWh ?? evse.meter.energyWh)],
  ];
  node.replaceChildren(
    el(
      'dl',
      { class: 'grid' },
      rows.flatMap(([label, key, text]) => [el('dt', { text: label }), el('dd', { testid: p + key, text })]),
    ),
  );
}

const PURPOSE: Record<ChargingProfileSnapshot['purpose'], string> = {
  ChargingStationMaxProfile: 'Station max',
  TxDefaultProfile: 'Tx default',
  TxProfile: 'Tx',
  ChargingStationExternalConstraints: 'External',
};

/** K01: the profiles that bear on the EVSE, the winner of each purpose first. */
function renderProfiles(node: HTMLElement, p: string, profiles: ChargingProfileSnapshot[]): void {
  if (profiles.length === 0) {
    node.replaceChildren(el('li', { class: 'muted', testid: `${p}profiles-none`, text: 'None' }));
    return;
  }
  node.replaceChildren(
    ...profiles.map((c) => {
      const q = `${p}profile-${c.id}`;
      const where = [c.evseId === 0 ? 'station' : `EVSE ${c.evseId}`, c.kind, c.unit];
      if (c.transactionId) where.push(`transaction ${c.transactionId}`);
      return el('li', { class: 'profile', testid: q, 'data-purpose': c.purpose, 'data-stack-level': String(c.stackLevel) }, [
        el('span', { class: 'pill', testid: `${q}-purpose`, title: c.purpose, text: PURPOSE[c.purpose] ?? c.purpose }),
        el('span', { testid: `${q}-stack-level`, text: `stack ${c.stackLevel}` }),
        el('span', { class: 'muted', testid: `${q}-meta`, text: [`#${c.id}`, ...where].join(' \u00b7 ') }),
      ]);
    }),
  );
}

function renderCard(entry: Card, evse: EvseSnapshot, stationLimitW: number | null): void {
  const p = entry.prefix;
  const q = (key: string): HTMLElement => entry.card.querySelector<HTMLElement>(`[data-testid="${p}${key}"]`)!;
  setPill(q('availability'), evse.available ? 'Available' : 'Unavailable', evse.available ? 'ok' : 'warn');
  q('connectors').replaceChildren(
    ...evse.connectors.map((c) => {
      const status = el('span', { testid: `${p}connector-${c.id}-status`, 'data-status': c.status });
      setPill(status, c.status, c.status === 'Available' ? 'ok' : c.status === 'Faulted' || c.status === 'Unavailable' ? 'bad' : 'warn');
      return el('li', {}, [`Connector ${c.id} `, status]);
    }),
  );
  q('power').textContent = watts(evse.meter.powerW);
  q('energy').textContent = kWh(evse.meter.energyWh);
  q('soc').textContent = typeof evse.meter.socPercent === 'number' ? `${Math.round(evse.meter.socPercent)} %` : DASH;
  q('limit').textContent = evse.limitW === null ? 'none' : watts(evse.limitW);
  // K11/K12: the EVSE's own external limit and the station's (shared among the EVSEs in use).
  const external = [
    ...(evse.externalLimitW === null ? [] : [watts(evse.externalLimitW)]),
    ...(stationLimitW === null ? [] : [`station ${watts(stationLimitW)}`]),
  ];
  q('external-limit').textContent = external.length ? external.join(', ') : 'none';
  renderProfiles(q('profiles'), p, evse.chargingProfiles ?? []);
  // I: the running or final cost and the tariff text the station's display shows.
  const cost = evse.cost;
  const costNode = q('cost');
  costNode.textContent = cost && cost.total !== null ? `${cost.total.toFixed(2)} ${cost.currency}${cost.final ? ' (final)' : ''}` : DASH;
  costNode.dataset.kind = cost && cost.total !== null ? (cost.final ? 'final' : 'running') : '';
  q('tariff').textContent = cost?.tariffText ?? DASH;
  renderTransaction(q('tx'), p, evse);
  const plugged = isPlugged(evse);
  entry.buttons.plug.disabled = plugged;
  entry.buttons.unplug.disabled = !plugged;
  entry.buttons.sessionStop.disabled = !plugged;
  entry.buttons.ev.setAttribute('aria-pressed', String(isDrawing(evse)));
  entry.buttons.fault.setAttribute('aria-pressed', String(isFaulted(evse)));
}

function renderReaderChoices(evses: EvseSnapshot[]): void {
  const select = byId<HTMLSelectElement>('idtoken-evse');
  const wanted = ['', ...evses.map((e) => String(e.id))];
  if (wanted.join() === Array.from(select.options, (o) => o.value).join()) return;
  const chosen = select.value;
  select.replaceChildren(
    el('option', { value: '', text: 'Any reader' }),
    ...evses.map((e) => el('option', { value: String(e.id), text: `EVSE ${e.id}` })),
  );
  select.value = wanted.includes(chosen) ? chosen : '';
}

function renderDisplay(messages: DisplayMessageSnapshot[]): void {
  byId('display-count').textContent = String(messages.length);
  const list = byId('display-messages');
  if (messages.length === 0) {
    list.replaceChildren(el('li', { class: 'muted', testid: 'display-none', text: 'Nothing shown' }));
    return;
  }
  list.replaceChildren(
    ...messages.map((m) => {
      const id = m.id === null ? `personal${m.evseId === undefined ? '' : `-${m.evseId}`}` : String(m.id);
      const p = `display-message-${id}`;
      const tags = [m.state ?? 'any state', m.message.format, m.message.language ?? 'no language'];
      if (m.transactionId) tags.push(`transaction ${m.transactionId}`);
      const tone = m.priority === 'AlwaysFront' ? ' bad' : m.priority === 'InFront' ? ' warn' : '';
      return el('li', { testid: p, 'data-priority': m.priority, 'data-source': m.source }, [
        el('span', { class: `pill${tone}`, testid: `${p}-priority`, text: m.priority }),
        el('span', { class: 'content', testid: `${p}-content`, text: m.message.content }),
        el('span', {
          class: 'muted',
          testid: `${p}-meta`,
          text: [m.id === null ? 'personal message' : `#${m.id}`, ...tags].join(' \u00b7 '),
        }),
      ]);
    }),
  );
}

/** Shows a state of the station: header, EVSE cards, reader choices and display. */
export function renderStation(state: StationSnapshot): void {
  lastState = state;
  byId('station-id').textContent = state.id;
  setPill(byId('link'), state.connected ? 'Connected' : 'Offline', state.connected ? 'ok' : 'bad');
  const reg = state.registration;
  setPill(byId('registration'), reg ?? 'Not registered', reg === 'Accepted' ? 'ok' : reg === 'Pending' ? 'warn' : 'bad');
  byId('registration').dataset.value = reg ?? '';
  byId('csms-url').textContent = state.csmsUrl ?? DASH;
  byId('queued').textContent = typeof state.queuedMessages === 'number' ? String(state.queuedMessages) : DASH;
  const list = byId('evses');
  const ids = new Set(state.evses.map((e) => e.id));
  for (const [id, entry] of cards) {
    if (!ids.has(id)) {
      entry.card.remove();
      cards.delete(id);
    }
  }
  for (const evse of state.evses) {
    let entry = cards.get(evse.id);
    if (!entry) {
      entry = makeCard(evse.id);
      cards.set(evse.id, entry);
      list.append(entry.card);
    }
    renderCard(entry, evse, state.smartCharging?.stationExternalLimitW ?? null);
  }
  renderReaderChoices(state.evses);
  renderDisplay(state.displayMessages ?? []);
}

/** Every second: the running transactions' durations. */
export function tickDurations(): void {
  for (const evse of lastState?.evses ?? []) {
    const entry = cards.get(evse.id);
    const node = entry?.card.querySelector(`[data-testid="${entry.prefix}tx-duration"]`);
    if (node && evse.transaction?.startedAt) node.textContent = formatDuration(Date.now() - Date.parse(evse.transaction.startedAt));
  }
}

export function setUpCardReader(): void {
  byId<HTMLFormElement>('idtoken-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body: { idToken: string; type?: string; evseId?: number } = { idToken: byId<HTMLInputElement>('idtoken-input').value };
    const type = byId<HTMLSelectElement>('idtoken-type').value;
    const evse = byId<HTMLSelectElement>('idtoken-evse').value;
    if (type) body.type = type;
    if (evse) body.evseId = Number(evse);
    void post('/api/idtoken', body);
  });
}

/** The station's keypad: a PIN typed there is an idToken of type KeyCode. */
export function setUpKeypad(): void {
  byId<HTMLFormElement>('keypad-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('keypad-input');
    void post('/api/keypad', { text: input.value });
    input.value = '';
  });
}
