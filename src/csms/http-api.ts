// The local CSMS's HTTP API (contract: station-cli-and-control-api.md, `ocpp-station csms`):
//
//   GET  /api/stations                     every station seen, with connection, boot and statuses
//   GET  /api/stations/<id>                one of them
//   GET  /api/stations/<id>/log            the frames exchanged, oldest first
//   POST /api/stations/<id>/call/<Action>  body = request payload -> { ok, response } | { ok: false, error }
//   GET  /api/config, POST /api/config     boot status and intervals, changeable at run time;
//                                          `idTokens`: { <idToken>: IdTokenInfo | null } sets (null: removes)
//                                          the answer to Authorize and TransactionEvent for a token
//
// Errors are { ok: false, error: { code, description } }: 400 for a bad body or an action the
// CSMS cannot send, 404 for an unknown or offline station. Never a crash.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAction, CSMS_TO_STATION_ACTIONS, type CsmsToStationAction, type IdTokenInfoType } from '../generated/ocpp201/index.js';
import { HttpError, readJsonObject } from '../http/json-body.js';
import { LocalCallError, OcppError } from '../rpc/errors.js';
import { validatePayload } from '../rpc/validator.js';
import type { CsmsSettings } from './handlers.js';
import type { CsmsStore } from './store.js';

export interface HttpApiDeps {
  store: CsmsStore;
  settings: CsmsSettings;
  isConnected(stationId: string): boolean;
  call(stationId: string, action: CsmsToStationAction, payload: Record<string, unknown>): Promise<unknown>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const csmsActions: ReadonlySet<string> = new Set(CSMS_TO_STATION_ACTIONS);
const registrations: ReadonlySet<unknown> = new Set(['Accepted', 'Pending', 'Rejected']);

/** A request that cannot be served: an error response with this status and code. */
function failure(status: number, code: string, description: string): HttpError {
  return new HttpError(status, description, {}, code);
}

export function createHttpApi(deps: HttpApiDeps): Server {
  return createServer((req, res) => {
    route(deps, req)
      .then(([status, body]) => send(res, status, body))
      .catch((error: unknown) => {
        const known = error instanceof HttpError ? error : failure(500, 'InternalError', 'request failed');
        send(res, known.status, { ok: false, error: { code: known.code, description: known.message } });
      });
  });
}

async function route(deps: HttpApiDeps, req: IncomingMessage): Promise<[number, unknown]> {
  const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
  const parts = path.split('/').filter(Boolean).map(decode);
  const method = req.method ?? 'GET';
  const { store } = deps;

  if (parts[0] !== 'api') throw failure(404, 'NotFound', `no route ${method} ${path}`);
  if (parts.length === 2 && parts[1] === 'config') {
    if (method === 'POST') applyConfig(deps.settings, await readJson(req));
    else allow(method, 'GET');
    return [200, deps.settings];
  }
  if (parts[1] !== 'stations') throw failure(404, 'NotFound', `no route ${method} ${path}`);
  if (parts.length === 2) {
    allow(method, 'GET');
    return [200, store.list()];
  }
  const stationId = parts[2] ?? '';
  if (parts.length === 3) {
    allow(method, 'GET');
    return [200, store.get(stationId) ?? unknownStation(stationId)];
  }
  if (parts.length === 4 && parts[3] === 'log') {
    allow(method, 'GET');
    return [200, store.frames(stationId) ?? unknownStation(stationId)];
  }
  if (parts.length === 5 && parts[3] === 'call') {
    allow(method, 'POST');
    return callStation(deps, req, stationId, parts[4] ?? '');
  }
  throw failure(404, 'NotFound', `no route ${method} ${path}`);
}

async function callStation(deps: HttpApiDeps, req: IncomingMessage, stationId: string, action: string): Promise<[number, unknown]> {
  if (!csmsActions.has(action)) {
    const what = isAction(action) ? 'is not sent by a CSMS' : 'is not an OCPP 2.0.1 action';
    throw failure(400, 'BadAction', `${action} ${what}`);
  }
  const payload = await readJson(req);
  const invalid = validatePayload(action, 'Request', payload);
  if (invalid) throw failure(400, invalid.code, `${action}Request: ${invalid.description}`);
  if (!deps.isConnected(stationId)) {
    throw failure(404, 'StationOffline', `station ${stationId} is ${deps.store.has(stationId) ? 'offline' : 'unknown'}`);
  }
  try {
    const response = await deps.call(stationId, action as CsmsToStationAction, payload);
    return [200, { ok: true, response }];
  } catch (error) {
    // The station answered with a CALLERROR: the call worked, its result is the error.
    if (error instanceof OcppError) {
      return [200, { ok: false, error: { code: error.code, description: error.description, details: error.details } }];
    }
    if (error instanceof LocalCallError) {
      const status = error.code === 'OCPP_ERR_OFFLINE' ? 404 : error.code === 'OCPP_ERR_CALL_TIMEOUT' ? 504 : 502;
      return [status, { ok: false, error: { code: error.code, description: error.message } }];
    }
    throw error;
  }
}

function applyConfig(settings: CsmsSettings, body: Record<string, unknown>): void {
  const { bootStatus, heartbeatIntervalS, bootRetryIntervalS, idTokens, ...rest } = body;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw failure(400, 'BadConfig', `unknown setting ${unknown.join(', ')}`);
  if (bootStatus !== undefined && !registrations.has(bootStatus)) {
    throw failure(400, 'BadConfig', 'bootStatus must be Accepted, Pending or Rejected');
  }
  for (const [name, value] of Object.entries({ heartbeatIntervalS, bootRetryIntervalS })) {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw failure(400, 'BadConfig', `${name} must be an integer >= 0`);
    }
  }
  const tokens = checkIdTokens(idTokens);
  if (bootStatus !== undefined) settings.bootStatus = bootStatus as CsmsSettings['bootStatus'];
  if (heartbeatIntervalS !== undefined) settings.heartbeatIntervalS = heartbeatIntervalS as number;
  if (bootRetryIntervalS !== undefined) settings.bootRetryIntervalS = bootRetryIntervalS as number;
  if (tokens) {
    const next = { ...settings.idTokens };
    for (const [token, info] of Object.entries(tokens)) {
      if (info === null) delete next[token];
      else next[token] = info;
    }
    settings.idTokens = next;
  }
}

/** `idTokens`: an object of idToken → IdTokenInfo (checked against the AuthorizeResponse schema) or null. */
function checkIdTokens(value: unknown): Record<string, IdTokenInfoType | null> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw failure(400, 'BadConfig', 'idTokens must be an object of idToken -> IdTokenInfo or null');
  }
  for (const [token, info] of Object.entries(value)) {
    if (info === null) continue;
    const invalid = validatePayload('Authorize', 'Response', { idTokenInfo: info });
    if (invalid) throw failure(400, 'BadConfig', `idTokens.${token}: ${invalid.description}`);
  }
  return value as Record<string, IdTokenInfoType | null>;
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw failure(405, 'MethodNotAllowed', `use ${expected}`);
}

function unknownStation(stationId: string): never {
  throw failure(404, 'UnknownStation', `station ${stationId} is unknown`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw failure(400, 'BadPath', `cannot decode path segment ${segment}`);
  }
}

/** The body as a JSON object; an empty body is `{}`. */
const readJson = (req: IncomingMessage) => readJsonObject(req, { maxBytes: MAX_BODY_BYTES, requireJsonType: false });

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
