// The station's own device model as data: one JSON file per component in
// device-model/components/ at the repository root (read at run time, like schemas/).
// A file describes a component once; `scope` says whether it exists once for the station,
// once per EVSE or once per connector of the station description. Values may name a fact of
// the description in braces ({vendorName}, {connectorType}, ...), filled in when instantiated;
// a variable whose fact is unknown (no serial number given) is left out.

import { readdirSync, readFileSync } from 'node:fs';
import type { AttributeEnumType, DataEnumType, MutabilityEnumType, VariableCharacteristicsType } from '../generated/ocpp201/types.js';
import type { StationDescription } from '../description/station-description.js';
import type { VariableKey } from './path.js';

export const SEED_DIR = new URL('../../../device-model/components/', import.meta.url);

export interface SeedAttribute {
  type: AttributeEnumType;
  mutability: MutabilityEnumType;
  persistent: boolean;
  constant: boolean;
  value: string | null;
}
export interface SeedVariable {
  variable: string;
  instance?: string;
  attributes: SeedAttribute[];
  characteristics: Omit<VariableCharacteristicsType, 'customData'>;
  /** A new value takes effect only after a reboot: SetVariables answers RebootRequired (B05). */
  rebootRequired?: boolean;
}
export interface SeedComponent {
  component: string;
  scope: 'station' | 'evse' | 'connector';
  variables: SeedVariable[];
}

/** One variable of one instantiated component, ready to store. */
export interface SeedEntry extends Omit<SeedVariable, 'variable' | 'instance'> {
  key: VariableKey;
}

/** Facts a seed value can name in braces. */
export type SeedFacts = Record<string, string | undefined>;

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

const ATTRIBUTES: readonly string[] = ['Actual', 'Target', 'MinSet', 'MaxSet'];
const MUTABILITIES: readonly string[] = ['ReadOnly', 'WriteOnly', 'ReadWrite'];
const DATA_TYPES: readonly DataEnumType[] = [
  'string',
  'decimal',
  'integer',
  'dateTime',
  'boolean',
  'OptionList',
  'SequenceList',
  'MemberList',
];

export function loadSeeds(dir: URL = SEED_DIR): SeedComponent[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      } catch (error) {
        throw new SeedError(`${f}: ${(error as Error).message}`);
      }
      return checkSeed(raw, f);
    });
}

/** Checks the shape of one seed file, so a typo fails at start-up and not at the first report. */
export function checkSeed(raw: unknown, file: string): SeedComponent {
  const fail = (what: string): never => {
    throw new SeedError(`${file}: ${what}`);
  };
  const seed = raw as SeedComponent;
  if (!seed || typeof seed.component !== 'string' || !seed.component) fail('"component" must be a name');
  if (!['station', 'evse', 'connector'].includes(seed.scope)) fail('"scope" must be station, evse or connector');
  if (!Array.isArray(seed.variables) || seed.variables.length === 0) fail('"variables" must be a non-empty array');
  for (const v of seed.variables) {
    const at = `${seed.component}/${String(v?.variable)}${v?.instance ? `:${v.instance}` : ''}`;
    if (typeof v?.variable !== 'string' || !v.variable) fail('a variable has no name');
    if (!Array.isArray(v.attributes) || v.attributes.length === 0) fail(`${at}: no attributes`);
    for (const a of v.attributes) {
      if (!ATTRIBUTES.includes(a.type) || !MUTABILITIES.includes(a.mutability)) fail(`${at}: bad attribute type or mutability`);
      if (typeof a.persistent !== 'boolean' || typeof a.constant !== 'boolean') fail(`${at}: persistent and constant must be booleans`);
      if (a.value !== null && typeof a.value !== 'string') fail(`${at}: value must be a string or null`);
    }
    const c = v.characteristics;
    if (!c || !DATA_TYPES.includes(c.dataType) || typeof c.supportsMonitoring !== 'boolean') fail(`${at}: bad characteristics`);
  }
  return seed;
}

/** Every component of the seeds, instantiated for the EVSEs and connectors of the description. */
export function instantiate(seeds: readonly SeedComponent[], description: StationDescription, facts: SeedFacts): SeedEntry[] {
  const base: SeedFacts = {
    vendorName: description.vendorName,
    model: description.model,
    serialNumber: description.serialNumber,
    firmwareVersion: description.firmwareVersion,
    ...facts,
  };
  const entries: SeedEntry[] = [];
  for (const seed of seeds) {
    if (seed.scope === 'station') entries.push(...entriesOf(seed, undefined, base));
    for (const evse of description.evses) {
      if (seed.scope === 'evse') entries.push(...entriesOf(seed, { id: evse.id }, { ...base, evseId: String(evse.id) }));
      if (seed.scope !== 'connector') continue;
      for (const c of evse.connectors) {
        const connectorFacts = { ...base, evseId: String(evse.id), connectorId: String(c.id), connectorType: c.type };
        entries.push(...entriesOf(seed, { id: evse.id, connectorId: c.id }, connectorFacts));
      }
    }
  }
  return entries;
}

function entriesOf(seed: SeedComponent, evse: { id: number; connectorId?: number } | undefined, facts: SeedFacts): SeedEntry[] {
  const out: SeedEntry[] = [];
  for (const v of seed.variables) {
    const attributes = v.attributes.map((a) => ({ ...a, value: a.value === null ? null : fill(a.value, facts) }));
    if (attributes.some((a) => a.value === undefined)) continue; // a fact this station does not have
    const key: VariableKey = {
      component: evse ? { name: seed.component, evse: { ...evse } } : { name: seed.component },
      variable: { name: v.variable },
    };
    if (v.instance) key.variable.instance = v.instance;
    const entry: SeedEntry = { key, attributes: attributes as SeedAttribute[], characteristics: { ...v.characteristics } };
    if (v.rebootRequired) entry.rebootRequired = true;
    out.push(entry);
  }
  return out;
}

/** Replaces `{fact}` with the fact's value; undefined when a named fact is unknown. */
function fill(value: string, facts: SeedFacts): string | undefined {
  let missing = false;
  const filled = value.replace(/\{(\w+)\}/g, (_, name: string) => {
    const fact = facts[name];
    if (fact === undefined) missing = true;
    return fact ?? '';
  });
  return missing ? undefined : filled;
}
