// A scenario: steps, waits and assertions that drive one station from outside, as a person at
// the charger and a flaky network would (plug, cards, the EV, faults towards the CSMS). Written
// as YAML or JSON; checked in full before anything runs. `${id}` in any string becomes the
// station's id, so that a fleet runs one file with a card per station.

import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import type { ControlTarget, EvChange, StationFault } from '../control/control-target.js';
import { evChange } from '../control/ev-body.js';
import { stationFault } from '../control/fault-body.js';
import {
  HttpError,
  onlyFields,
  optionalBoolean,
  optionalIdTokenType,
  optionalPositiveInteger,
  requiredBoolean,
  requiredString,
} from '../control/request-body.js';
import type { Condition } from './condition.js';
import { SCENARIO_SCHEMA } from './scenario-schema.js';

export type IdTokenInput = Parameters<ControlTarget['presentIdToken']>[0];

export type ScenarioStep =
  | { kind: 'plug'; evseId: number; connectorId?: number; ev: EvChange; lockFails?: true }
  | { kind: 'unplug'; evseId: number }
  | { kind: 'ev'; evseId: number; change: EvChange }
  | { kind: 'idToken'; token: IdTokenInput }
  | { kind: 'hardwareFault'; evseId: number; faulted: boolean }
  | { kind: 'fault'; fault: StationFault }
  | { kind: 'wait'; ms: number }
  | { kind: 'waitFor'; condition: Condition; timeoutMs: number }
  | { kind: 'expect'; condition: Condition };

/** A scenario file as written (checked against the schema), before `${id}` is filled in. */
export interface ScenarioDocument {
  name?: string;
  description?: string;
  steps: Record<string, unknown>[];
}

/** The file cannot be read, is not YAML/JSON, or a step is wrong: names the file and the step. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

const DEFAULT_TIMEOUT_S = 60;
/** Written in a scenario's strings, replaced by each station's id. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is literal text of scenario files
const ID_PLACEHOLDER = '${id}';
const validate = new Ajv({ allErrors: false }).compile(SCENARIO_SCHEMA);

export function loadScenario(file: string): ScenarioDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseScenario(text, file);
}

/** Parses and checks a whole scenario (JSON is YAML too); every step is compiled once to find its mistakes now. */
export function parseScenario(text: string, where = 'scenario'): ScenarioDocument {
  let document: unknown;
  try {
    document = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (error) {
    throw new ScenarioError(`${where}: not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!validate(document)) {
    const [first] = validate.errors ?? [];
    const at = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : 'the file';
    throw new ScenarioError(`${where}: ${at} ${first?.message ?? 'is not a scenario'}`);
  }
  const scenario = document as unknown as ScenarioDocument;
  scenarioSteps(scenario, 'STATION-ID', where);
  return scenario;
}

/** The steps for the station `stationId`, `${id}` filled in. */
export function scenarioSteps(scenario: ScenarioDocument, stationId: string, where = 'scenario'): ScenarioStep[] {
  return scenario.steps.map((raw, index) => {
    const [kind, value] = Object.entries(fill(raw, stationId) as Record<string, unknown>)[0]!;
    try {
      return step(kind, value);
    } catch (error) {
      if (error instanceof HttpError) throw new ScenarioError(`${where}: steps[${index}].${kind}: ${error.message}`);
      throw error;
    }
  });
}

function step(kind: string, value: unknown): ScenarioStep {
  const body = value as Record<string, unknown>;
  switch (kind) {
    case 'plug': {
      onlyFields(body, ['evseId', 'connectorId', 'ev', 'lockFails']);
      const connectorId = optionalPositiveInteger(body, 'connectorId');
      const ev = body.ev === undefined ? {} : evChange(object(body.ev, 'ev'), 'ev.');
      // G05: the plug is not fully in, so the station's lock fails (as `lockFails` on POST /api/evses/<id>/plug).
      const lockFails = optionalBoolean(body, 'lockFails') === true;
      return {
        kind,
        evseId: evseOf(body),
        ...(connectorId === undefined ? {} : { connectorId }),
        ev,
        ...(lockFails ? { lockFails: true as const } : {}),
      };
    }
    case 'unplug':
      onlyFields(body, ['evseId']);
      return { kind, evseId: evseOf(body) };
    case 'ev': {
      const { evseId, ...change } = body;
      return { kind, evseId: evseOf({ evseId }), change: evChange(change, '') };
    }
    case 'idToken': {
      onlyFields(body, ['idToken', 'type', 'evseId']);
      const type = optionalIdTokenType(body, 'type');
      const evseId = optionalPositiveInteger(body, 'evseId');
      const token: IdTokenInput = { idToken: requiredString(body, 'idToken', 1, 36) };
      if (type !== undefined) token.type = type;
      if (evseId !== undefined) token.evseId = evseId;
      return { kind, token };
    }
    case 'hardwareFault':
      onlyFields(body, ['evseId', 'faulted']);
      return { kind, evseId: evseOf(body), faulted: requiredBoolean(body, 'faulted') };
    case 'fault':
      return { kind, fault: stationFault(body) };
    case 'wait':
      return { kind, ms: (value as number) * 1000 };
    case 'waitFor': {
      const condition = value as Condition;
      return { kind, condition, timeoutMs: (condition.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000 };
    }
    default:
      if (body.timeoutS !== undefined) throw new HttpError(400, 'timeoutS is only for waitFor');
      return { kind: 'expect', condition: value as Condition };
  }
}

function evseOf(body: Record<string, unknown>): number {
  const evseId = optionalPositiveInteger(body, 'evseId');
  if (evseId === undefined) throw new HttpError(400, 'evseId must be a positive integer');
  return evseId;
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, `${name} must be an object`);
  return value as Record<string, unknown>;
}

function fill(value: unknown, stationId: string): unknown {
  if (typeof value === 'string') return value.replaceAll(ID_PLACEHOLDER, stationId);
  if (Array.isArray(value)) return value.map((v) => fill(v, stationId));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, stationId)]));
  }
  return value;
}
