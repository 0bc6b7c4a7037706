// The OCPP trace: one row per frame, newest last. A row opens to show the frame as indented JSON;
// the trace can be narrowed to one action (a call together with its result or error).

import type { TraceFrame } from '../control/snapshot.js';
import { byId, el } from './dom.js';

const MAX_FRAMES = 500;
/** The action of each call, so its result and error rows can name it. */
const callActions = new Map<string, string>();

interface FrameInfo {
  kind: 'call' | 'result' | 'error' | 'unreadable';
  action: string;
  /** The CALLERROR's errorCode. */
  code?: string;
  json?: unknown;
}

// OCPP-J: [2, id, action, payload] call, [3, id, payload] result, [4, id, code, text, details] error.
function describe(text: string): FrameInfo {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', action: '?' };
  }
  if (!Array.isArray(frame)) return { kind: 'unreadable', action: '?', json: frame };
  const id = String(frame[1]);
  if (frame[0] === 2) {
    callActions.set(id, String(frame[2]));
    if (callActions.size > 1000) callActions.delete(callActions.keys().next().value!);
    return { kind: 'call', action: String(frame[2]), json: frame };
  }
  const action = callActions.get(id) ?? '?';
  if (frame[0] === 3) return { kind: 'result', action, json: frame };
  if (frame[0] === 4) return { kind: 'error', action, code: String(frame[2]), json: frame };
  return { kind: 'unreadable', action: '?', json: frame };
}

function timeOf(frame: TraceFrame): string {
  const time = new Date(frame.time);
  if (Number.isNaN(time.getTime())) return frame.time;
  return `${time.toLocaleTimeString('en-GB')}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

function filterValue(): string {
  return byId<HTMLSelectElement>('trace-filter').value;
}

function applyFilter(item: HTMLElement, action: string): void {
  item.hidden = action !== '' && item.dataset.action !== action;
}

/** Offers every action seen so far in the filter, in alphabetical order. */
function offerAction(action: string): void {
  const select = byId<HTMLSelectElement>('trace-filter');
  const known = Array.from(select.options, (o) => o.value);
  if (action === '?' || known.includes(action)) return;
  const next = known.slice(1).concat(action).sort();
  const option = el('option', { value: action, text: action });
  select.insertBefore(option, select.options[next.indexOf(action) + 1] ?? null);
}

export function addFrame(frame: TraceFrame): void {
  const trace = byId('trace');
  const atBottom = trace.scrollTop + trace.clientHeight >= trace.scrollHeight - 8;
  const info = describe(frame.text);
  const pretty = info.json === undefined ? frame.text : JSON.stringify(info.json, null, 2);
  const item = el(
    'li',
    {
      testid: 'frame',
      class: `${frame.direction} ${info.kind}`,
      'data-direction': frame.direction,
      'data-action': info.action,
      'data-kind': info.kind,
    },
    [
      el('details', {}, [
        el('summary', { testid: 'frame-summary' }, [
          el('time', { datetime: frame.time, text: timeOf(frame) }),
          el('span', { class: 'dir', text: frame.direction === 'out' ? 'station \u2192 CSMS' : 'CSMS \u2192 station' }),
          el('b', { text: info.code ? `${info.action} ${info.code}` : info.action }),
          el('span', { class: 'muted', text: info.kind }),
        ]),
        el('pre', { testid: 'frame-json', text: pretty }),
      ]),
    ],
  );
  offerAction(info.action);
  applyFilter(item, filterValue());
  trace.append(item);
  while (trace.childElementCount > MAX_FRAMES) trace.firstElementChild!.remove();
  byId('trace-count').textContent = String(trace.childElementCount);
  if (atBottom) trace.scrollTop = trace.scrollHeight;
}

export function clearTrace(): void {
  byId('trace').replaceChildren();
  byId('trace-count').textContent = '0';
}

export function setUpTraceFilter(): void {
  byId<HTMLSelectElement>('trace-filter').addEventListener('change', () => {
    const action = filterValue();
    for (const item of byId('trace').children) applyFilter(item as HTMLElement, action);
  });
}
