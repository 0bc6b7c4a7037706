// The JSON routes of the control API (contract: "Control API of a running station"): each one
// checks its path and body completely before it asks the station to do anything.

import type { IncomingMessage } from 'node:http';
import { externalLimitOf } from '../http/external-limit-body.js';
import type { ControlTarget, DeviceModelQuery, EvseSnapshot } from './control-target.js';
import { evChange } from './ev-body.js';
import { stationFault } from './fault-body.js';
import {
  HttpError,
  onlyFields,
  optionalBoolean,
  optionalIdTokenType,
  optionalPositiveInteger,
  positiveIntegerText,
  readJsonObject,
  requiredBoolean,
  requiredString,
} from './request-body.js';

export interface JsonRoute {
  method: 'GET' | 'POST';
  /** Matched against the whole path; the captures are passed to `handle`, still percent-encoded. */
  path: RegExp;
  handle(target: ControlTarget, req: IncomingMessage, params: string[], query: URLSearchParams): Promise<unknown>;
}

/** What a successful POST answers: the station as it is right after the request. */
const done = (target: ControlTarget): unknown => ({ ok: true, state: target.snapshot() });

export const JSON_ROUTES: readonly JsonRoute[] = [
  {
    method: 'GET',
    path: /^\/api\/state$/,
    handle: async (target) => target.snapshot(),
  },
  {
    method: 'POST',
    path: /^\/api\/evses\/([^/]+)\/plug$/,
    handle: async (target, req, [evse]) => {
      const evseId = knownEvse(target, evse!).id;
      const body = await readJsonObject(req);
      onlyFields(body, ['connectorId', 'ev', 'lockFails']);
      const connectorId = optionalPositiveInteger(body, 'connectorId');
      if (connectorId !== undefined) knownConnector(target, evseId, connectorId);
      const ev = body.ev === undefined ? {} : evChange(jsonObject(body.ev, 'ev'), 'ev.');
      const lockFails = optionalBoolean(body, 'lockFails') ?? false;
      target.plug(evseId, connectorId, ev, { lockFails });
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/evses\/([^/]+)\/unplug$/,
    handle: async (target, req, [evse]) => {
      const evseId = knownEvse(target, evse!).id;
      onlyFields(await readJsonObject(req), []);
      target.unplug(evseId);
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/evses\/([^/]+)\/start$/,
    handle: async (target, req, [evse]) => {
      const evseId = knownEvse(target, evse!).id;
      onlyFields(await readJsonObject(req), []);
      // The EVSE's start button: a local start without a card (C02, idToken type NoAuthorization, empty idToken).
      target.presentIdToken({ idToken: '', type: 'NoAuthorization', evseId });
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/evses\/([^/]+)\/ev$/,
    handle: async (target, req, [evse]) => {
      const evseId = knownEvse(target, evse!).id;
      target.setEv(evseId, evChange(await readJsonObject(req), ''));
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/evses\/([^/]+)\/session-stop$/,
    handle: async (target, req, [evse]) => {
      const evseId = knownEvse(target, evse!).id;
      onlyFields(await readJsonObject(req), []);
      // E15: the plugged ISO 15118 EV ends its session (SessionStopReq Terminate).
      target.stopEvSession(evseId);
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/evses\/([^/]+)\/fault$/,
    handle: async (target, req, [evse]) => {
      const evseId = knownEvse(target, evse!).id;
      const body = await readJsonObject(req);
      onlyFields(body, ['faulted']);
      target.setFault(evseId, requiredBoolean(body, 'faulted'));
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/idtoken$/,
    handle: async (target, req) => {
      const body = await readJsonObject(req);
      onlyFields(body, ['idToken', 'type', 'evseId']);
      // IdTokenType.idToken is identifierString, at most 36 characters.
      const idToken = requiredString(body, 'idToken', 1, 36);
      const type = optionalIdTokenType(body, 'type');
      const evseId = optionalPositiveInteger(body, 'evseId');
      if (evseId !== undefined) knownEvse(target, String(evseId));
      target.presentIdToken({ idToken, ...(type === undefined ? {} : { type }), ...(evseId === undefined ? {} : { evseId }) });
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/keypad$/,
    handle: async (target, req) => {
      const body = await readJsonObject(req);
      onlyFields(body, ['text']);
      // A PIN typed at the station is an idToken of type KeyCode (identifierString, at most 36 characters).
      target.presentIdToken({ idToken: requiredString(body, 'text', 1, 36), type: 'KeyCode' });
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/external-limit$/,
    handle: async (target, req) => {
      const body = await readJsonObject(req);
      onlyFields(body, ['evseId', 'limitW', 'source']);
      const evseId = optionalPositiveInteger(body, 'evseId');
      if (evseId !== undefined) knownEvse(target, String(evseId));
      target.setExternalLimit({ ...externalLimitOf(body), ...(evseId === undefined ? {} : { evseId }) });
      return done(target);
    },
  },
  {
    method: 'POST',
    path: /^\/api\/faults$/,
    handle: async (target, req) => {
      target.fault(stationFault(await readJsonObject(req)));
      return done(target);
    },
  },
  {
    method: 'GET',
    path: /^\/api\/device-model\/([^/]+)\/([^/]+)$/,
    handle: async (target, _req, [component, variable], query) => target.deviceModelValue(deviceModelQuery(component!, variable!, query)),
  },
];

function knownEvse(target: ControlTarget, text: string): EvseSnapshot {
  const evseId = positiveIntegerText('evseId', text);
  const evse = target.snapshot().evses.find((e) => e.id === evseId);
  if (!evse) throw new HttpError(404, `no EVSE ${evseId}`);
  return evse;
}

function knownConnector(target: ControlTarget, evseId: number, connectorId: number): void {
  const evse = target.snapshot().evses.find((e) => e.id === evseId);
  if (!evse?.connectors.some((c) => c.id === connectorId)) throw new HttpError(404, `no connector ${connectorId} on EVSE ${evseId}`);
}

const QUERY_FIELDS = ['attribute', 'evseId', 'connectorId', 'componentInstance', 'variableInstance'];
const ATTRIBUTES = ['Actual', 'Target', 'MinSet', 'MaxSet'];

function deviceModelQuery(componentText: string, variableText: string, query: URLSearchParams): DeviceModelQuery {
  for (const key of new Set(query.keys())) {
    if (!QUERY_FIELDS.includes(key))
      throw new HttpError(400, `unknown query parameter ${JSON.stringify(key)} (expected ${QUERY_FIELDS.join(', ')})`);
    if (query.getAll(key).length > 1) throw new HttpError(400, `query parameter ${key} given more than once`);
  }
  const result: DeviceModelQuery = {
    component: name('component', decode(componentText)),
    variable: name('variable', decode(variableText)),
  };
  const attribute = query.get('attribute');
  if (attribute !== null) {
    if (!ATTRIBUTES.includes(attribute)) throw new HttpError(400, `attribute must be one of ${ATTRIBUTES.join(', ')}`);
    result.attribute = attribute;
  }
  const evseId = query.get('evseId');
  if (evseId !== null) result.evseId = positiveIntegerText('evseId', evseId);
  const connectorId = query.get('connectorId');
  if (connectorId !== null) {
    if (evseId === null) throw new HttpError(400, 'connectorId needs evseId');
    result.connectorId = positiveIntegerText('connectorId', connectorId);
  }
  const componentInstance = query.get('componentInstance');
  if (componentInstance !== null) result.componentInstance = name('componentInstance', componentInstance);
  const variableInstance = query.get('variableInstance');
  if (variableInstance !== null) result.variableInstance = name('variableInstance', variableInstance);
  return result;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `invalid percent-encoding in ${JSON.stringify(text.slice(0, 60))}`);
  }
}

/** Component and variable names and instances are identifierString, at most 50 characters. */
function name(what: string, text: string): string {
  if (!/^[A-Za-z0-9*\-_=:+|@.]{1,50}$/.test(text))
    throw new HttpError(400, `${what} must be 1 to 50 characters of A-Z a-z 0-9 * - _ = : + | @ .`);
  return text;
}

function jsonObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, `${field} must be an object`);
  return value as Record<string, unknown>;
}
