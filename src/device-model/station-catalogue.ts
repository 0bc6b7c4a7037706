// The catalogue of a kind of station, built once per process: stations of a fleet differ only
// in their serial number, identity and start time, so those are left as marks in the shared
// catalogue and filled in per station as the few values it holds of its own.

import type { AttributeEnumType } from '../generated/ocpp201/types.js';
import type { StationDescription } from '../description/station-description.js';
import { instantiate, loadSeeds, type SeedComponent } from './seeds.js';
import { Catalogue } from './variable-table.js';

/** The facts that differ from one station to the next. */
export interface StationFacts {
  serialNumber: string | undefined;
  identity: string | undefined;
  now: string;
}

export interface StationValue {
  id: number;
  type: AttributeEnumType;
  value: string;
}

interface Kind {
  catalogue: Catalogue;
  /** Seed values that name a per-station fact (marked with a private-use character no seed contains). */
  templates: { id: number; type: AttributeEnumType; template: string }[];
}

const MARK = /\uE000(serialNumber|identity|now)\uE000/g;
const mark = (name: keyof StationFacts): string => `\uE000${name}\uE000`;

let defaultSeeds: readonly SeedComponent[] | undefined;
const kinds = new WeakMap<readonly SeedComponent[], Map<string, Kind>>();

/** The seed files of the repository, read once. */
export function repositorySeeds(): readonly SeedComponent[] {
  defaultSeeds ??= loadSeeds();
  return defaultSeeds;
}

/** The shared catalogue for this description, and the values this station has of its own. */
export function catalogueFor(
  seeds: readonly SeedComponent[],
  description: StationDescription,
  facts: StationFacts,
): { catalogue: Catalogue; values: StationValue[] } {
  const known = { serialNumber: facts.serialNumber !== undefined, identity: facts.identity !== undefined };
  const id = JSON.stringify([{ ...description, serialNumber: undefined }, known]);
  let bySeeds = kinds.get(seeds);
  if (!bySeeds) {
    bySeeds = new Map();
    kinds.set(seeds, bySeeds);
  }
  let kind = bySeeds.get(id);
  if (!kind) {
    kind = build(seeds, description, known);
    bySeeds.set(id, kind);
  }
  const values = kind.templates.map(({ id, type, template }) => ({
    id,
    type,
    value: template.replace(MARK, (_, name: keyof StationFacts) => facts[name] ?? ''),
  }));
  return { catalogue: kind.catalogue, values };
}

function build(
  seeds: readonly SeedComponent[],
  description: StationDescription,
  known: { serialNumber: boolean; identity: boolean },
): Kind {
  const entries = instantiate(
    seeds,
    { ...description, ...(known.serialNumber ? { serialNumber: mark('serialNumber') } : {}) },
    { identity: known.identity ? mark('identity') : undefined, now: mark('now') },
  );
  const catalogue = new Catalogue(entries);
  const templates: Kind['templates'] = [];
  for (const row of catalogue.rows) {
    for (const a of row.attributes) {
      if (a.value?.includes('\uE000')) templates.push({ id: row.id, type: a.type, template: a.value });
    }
  }
  return { catalogue, templates };
}
