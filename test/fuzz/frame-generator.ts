// Frame generator for test/fuzz/frames.test.ts: a seeded PRNG, valid CALLs of many actions and
// mutations of them (dropped fields, wrong types, truncation, random bytes, bad ids and message
// types, nested garbage, unicode, numbers as strings...). Pure: the same seed gives the same frames.

import { ACTIONS } from '../../src/generated/ocpp201/index.js';

// biome-ignore lint/suspicious/noExplicitAny: the fuzzer walks and mutates arbitrary JSON
export type Json = any;

const now = '2026-01-01T12:00:00Z';

// ---------------------------------------------------------------- PRNG (mulberry32)

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
}
export type Rng = ReturnType<typeof prng>;

const component = { name: 'OCPPCommCtrlr' };
const variable = { name: 'HeartbeatInterval' };
const idToken = { idToken: 'TAG-0001', type: 'ISO14443' };
const schedule = { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.5 }] };

/** Valid requests of many actions (handled, known but unhandled, and of the other direction). */
export const SEEDS: [string, Json][] = [
  [
    'GetVariables',
    {
      getVariableData: [
        { component, variable },
        {
          component: { name: 'EVSE', evse: { id: 1, connectorId: 1 } },
          variable: { name: 'Power', instance: 'L1' },
          attributeType: 'MaxSet',
        },
      ],
    },
  ],
  ['SetVariables', { setVariableData: [{ component, variable, attributeValue: '300', attributeType: 'Actual' }] }],
  ['ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } }],
  ['ClearCache', {}],
  ['TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } }],
  ['UnlockConnector', { evseId: 1, connectorId: 1 }],
  ['RequestStopTransaction', { transactionId: 'tx-0001' }],
  ['GetLocalListVersion', { customData: { vendorId: 'org.example', extra: [1, 'two', { three: 3 }] } }],
  ['CancelReservation', { reservationId: 42 }],
  ['DataTransfer', { vendorId: 'org.example', messageId: 'Ping', data: { nested: [1, 2, { x: 'y' }], text: 'ÄÖÜ ⚡' } }],
  [
    'SetChargingProfile',
    {
      evseId: 0,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        validFrom: now,
        chargingSchedule: [schedule],
      },
    },
  ],
  ['GetBaseReport', { requestId: 7, reportBase: 'FullInventory' }],
  ['ReserveNow', { id: 3, expiryDateTime: now, idToken, evseId: 1, connectorType: 'cType2' }],
  ['Reset', { type: 'Immediate', evseId: 1 }],
  [
    'RequestStartTransaction',
    {
      remoteStartId: 1,
      idToken,
      evseId: 1,
      chargingProfile: {
        id: 2,
        stackLevel: 1,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: [schedule],
      },
    },
  ],
  // Known actions this station does not handle (NotSupported whatever the payload).
  ['SetDisplayMessage', { message: { id: 1, priority: 'NormalCycle', message: { format: 'UTF8', content: 'Hallo' } } }],
  ['GetReport', { requestId: 1, componentCriteria: ['Active'] }],
  ['SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: [{ idToken, idTokenInfo: { status: 'Accepted' } }] }],
  ['ClearChargingProfile', { chargingProfileId: 1 }],
  ['BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Wallbox', vendorName: 'VendorX' } }],
  ['Heartbeat', {}],
  ['StatusNotification', { timestamp: now, connectorStatus: 'Available', evseId: 1, connectorId: 1 }],
  [
    'TransactionEvent',
    { eventType: 'Started', timestamp: now, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx' }, idToken },
  ],
  ['Authorize', { idToken }],
  ['MeterValues', { evseId: 1, meterValue: [{ timestamp: now, sampledValue: [{ value: 1.5 }] }] }],
  // Not OCPP 2.0.1 actions at all (NotImplemented).
  ['ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }],
  ['RemoteStartTransaction', { idTag: 'X' }],
];

// ---------------------------------------------------------------- frame generator

const UNICODE = [
  'ü',
  'ß',
  '⚡',
  '中文',
  '😀',
  'e\u0301',
  '\u200b',
  '\u202e',
  '\u0000',
  '\u001f',
  '\ud800',
  '\udfff',
  '\ufeff',
  '"',
  '\\',
  '\n',
  '𝔘',
];
/** A placeholder value, replaced by deeply nested text after serializing (JSON.stringify could not build it). */
const DEEP_MARK = '\u0000DEEP\u0000';
const DEEP_JSON = JSON.stringify(DEEP_MARK);

function randomString(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return '';
    case 1:
      return String(r.int(100000));
    case 2:
      return Array.from({ length: 1 + r.int(8) }, () => r.pick(UNICODE)).join('');
    case 3:
      return 'x'.repeat(r.pick([37, 51, 256, 1001, 2501, 5501]));
    case 4:
      return r.pick([
        'Accepted',
        'accepted',
        'PowerUp',
        'Central',
        'TxProfile',
        '2026-01-01',
        '2026-01-01T00:00:00',
        'null',
        'true',
        'BasicAuthPassword',
      ]);
    default:
      return r.next().toString(36).slice(2);
  }
}

function randomValue(r: Rng, depth = 0): Json {
  switch (r.int(depth > 2 ? 7 : 10)) {
    case 0:
      return r.int(2000) - 1000;
    case 1:
      return r.pick([1.5, -0.5, 1e308, -1e-7, 2 ** 53, 0]);
    case 2:
      return randomString(r);
    case 3:
      return String(r.int(1000));
    case 4:
      return r.chance(0.5);
    case 5:
      return null;
    case 6:
      return {};
    case 7:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 8:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [randomString(r).slice(0, 12), randomValue(r, depth + 1)]));
    default:
      return [];
  }
}

/** Every (container, key) inside a value, so a mutation can hit any depth. */
function slots(root: Json): [Json, string | number][] {
  const out: [Json, string | number][] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push([node, i]);
        walk(v);
      });
    } else if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        out.push([node, k]);
        walk(node[k]);
      }
    }
  };
  walk(root);
  return out;
}
function objects(root: Json): Json[] {
  const out: Json[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      out.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(root);
  return out;
}

function mutatePayload(r: Rng, payload: Json): string {
  const all = slots(payload);
  const slot = all.length ? r.pick(all) : undefined;
  switch (r.int(9)) {
    case 0: // drop a field or an item
      if (slot) Array.isArray(slot[0]) ? slot[0].splice(slot[1] as number, 1) : delete slot[0][slot[1]];
      return 'drop field';
    case 1: // change the type of a value
      if (slot) slot[0][slot[1]] = randomValue(r);
      return 'change type';
    case 2: {
      // numbers as strings, strings as numbers
      if (slot) {
        const v = slot[0][slot[1]];
        slot[0][slot[1]] = typeof v === 'number' ? String(v) : typeof v === 'string' ? Number(v) || v.length : [v];
      }
      return 'number/string swap';
    }
    case 3: // an extra field somewhere
      r.pick(objects(payload))[r.pick(['extra', 'customData', 'vendorId', 'CustomData', '__proto__x', 'ÿ'])] = randomValue(r);
      return 'extra field';
    case 4: // bad strings (enum, length, format)
      if (slot) slot[0][slot[1]] = randomString(r);
      return 'bad string';
    case 5: {
      // arrays: empty or too many
      const arrays = slots(payload)
        .map(([c, k]) => c[k])
        .filter(Array.isArray);
      if (arrays.length) {
        const a = r.pick(arrays);
        if (r.chance(0.5)) a.length = 0;
        else {
          // Past maxItems, but bounded: a second mutation must not square the size (ws maxPayload is 100 MiB).
          const item = a[0] ?? 1;
          const count = JSON.stringify(item).length > 200 ? 3 : r.pick([3, 5, 1025]);
          a.push(...Array.from({ length: count }, () => structuredClone(item)));
        }
      }
      return 'array size';
    }
    case 6: // nested garbage, sometimes very deep
      (slot ? slot[0] : payload)[slot ? slot[1] : 'garbage'] = r.chance(0.9) ? randomValue(r) : DEEP_MARK;
      return 'nested garbage';
    case 7: // deep garbage inside customData (schemas let it through: handlers may echo it)
      r.pick(objects(payload)).customData = { vendorId: 'v', blob: r.chance(0.7) ? randomValue(r) : DEEP_MARK };
      return 'customData garbage';
    default:
      return 'valid';
  }
}
function deepText(r: Rng): string {
  const d = r.pick([10, 100, 1000, 8000, 20000]);
  return r.chance(0.5) ? '['.repeat(d) + ']'.repeat(d) : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
}

export interface Generated {
  text: string;
  how: string;
}

export function generate(r: Rng, n: number): Generated {
  const id = `f${n.toString(36)}`;
  const [seedAction, seedPayload] = r.pick(SEEDS);
  const payload: Json = structuredClone(seedPayload);
  const action: Json = seedAction;
  let how = 'valid';
  const frame: Json[] = [2, id, action, payload];
  const roll = r.int(100);

  if (roll < 15) how = 'valid';
  else if (roll < 45) {
    how = mutatePayload(r, payload);
    if (r.chance(0.3)) how += `+${mutatePayload(r, payload)}`;
  } else if (roll < 52) {
    how = 'id';
    frame[1] = r.pick<Json>([
      n,
      null,
      '',
      [id],
      { id },
      true,
      'x'.repeat(37),
      'y'.repeat(10_000),
      `ü⚡${n.toString(36)}`,
      `${n.toString(36)}`.padStart(36, 'z'),
      `${n.toString(36)}`.padStart(37, 'z'),
      '-1',
      `${id} `,
    ]);
  } else if (roll < 58) {
    how = 'message type';
    frame[0] = r.pick<Json>([0, 1, 5, 6, -2, 2.5, 99, '2', null, [], {}, true, 1e21]);
  } else if (roll < 64) {
    how = 'action';
    frame[2] = r.pick<Json>([
      action.toLowerCase(),
      `${action}Request`,
      `${action} `,
      '',
      'Ünknown',
      42,
      null,
      [action],
      { action },
      r.pick(ACTIONS),
      r.pick(ACTIONS),
      r.pick(ACTIONS),
      'toString',
      '__proto__',
      'constructor',
    ]);
  } else if (roll < 69) {
    how = 'shape';
    const k = r.int(5);
    if (k === 0) frame.length = r.int(4);
    else if (k === 1) frame.push(randomValue(r));
    else if (k === 2) frame[3] = r.pick<Json>([null, [], [payload], 1, 'payload', true]);
    else if (k === 3) frame.splice(2, 1);
    else frame[r.int(4)] = DEEP_MARK;
  } else if (roll < 74) {
    how = 'answer-shaped';
    const k = r.int(4);
    const rid = r.pick<Json>([id, 'nobody', 7, '', 'q'.repeat(40)]);
    const text = [
      JSON.stringify([3, rid, payload]),
      JSON.stringify([4, rid, r.pick(['GenericError', 'OccurenceConstraintViolation', 'Bogus', 1]), 'd', {}]),
      JSON.stringify([3, rid]),
      JSON.stringify([4, rid, 'GenericError', r.pick([null, 1, 'x']), r.pick([null, [], 'x', {}])]),
    ][k] as string;
    return { text, how };
  } else if (roll < 77) {
    how = 'not an array';
    return { text: JSON.stringify(r.pick<Json>([payload, randomValue(r), { 0: 2, 1: id }, 2, 'text', null])), how };
  } else if (roll < 81) {
    how = 'random text';
    const len = r.pick([0, 1, 2, 5, 20, 200, 2000]);
    const chars = Array.from({ length: len }, () =>
      r.chance(0.5) ? String.fromCharCode(r.int(256)) : r.chance(0.5) ? r.pick(UNICODE) : r.pick(['[', ']', '{', '}', '"', ',', '2', ':']),
    );
    return { text: chars.join(''), how };
  }

  let text = JSON.stringify(frame);
  if (text.includes(DEEP_JSON)) {
    how += '+deep';
    // Only the first placeholder gets deep text (copies of it may have been multiplied by 'array size').
    const [head, ...rest] = text.split(DEEP_JSON);
    text = head + deepText(r) + rest.join('0');
  }

  if (roll >= 81 && roll < 89) {
    how = 'truncated';
    text = text.slice(0, r.int(text.length));
  } else if (roll >= 89 && roll < 96) {
    how = 'corrupted chars';
    const chars = [...text];
    for (let i = 1 + r.int(3); i > 0; i--) {
      const at = r.int(chars.length);
      const k = r.int(3);
      if (k === 0) chars[at] = r.pick([...UNICODE, '[', ']', '{', '}', '"', ',', ':', '0', 'a', ' ']);
      else if (k === 1) chars.splice(at, 1);
      else chars.splice(at, 0, r.pick(['"', ',', '[', ']', '{', 'null', '-1', ' ', '\\']));
    }
    text = chars.join('');
  } else if (roll >= 96) {
    how = 'whitespace/unicode wrapping';
    text = r.pick(['\ufeff', ' \n\t', '', '\u00a0']) + text + r.pick(['', ' ', '\n', ']', ',']);
  }
  return { text, how };
}
