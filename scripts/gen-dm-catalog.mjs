// Generates src/generated/ocpp201/dm-catalog.ts from the OCPP 2.0.1 appendix CSV
// dm_components_vars.csv (Open Charge Alliance): every standard component-variable as data,
// the `StandardVariablePath` union of the fixed ones, and `DM` handles such as
// DM.OCPPCommCtrlr.HeartbeatInterval, so code never spells a standard name by hand.
// Run `node scripts/gen-dm-catalog.mjs [CSV]`; `--check` writes nothing and exits 1 when the
// committed output is not up to date. The CSV is looked up beside the repository
// (../shared/spec/ocpp-2.0.1/appendices-csv) unless a path is given or DM_CSV is set.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const outFile = new URL('src/generated/ocpp201/dm-catalog.ts', root);
const args = process.argv.slice(2);
const check = args.includes('--check');
const csvArg = args.find((a) => !a.startsWith('--'));
const candidates = [
  csvArg,
  process.env.DM_CSV,
  fileURLToPath(new URL('../shared/spec/ocpp-2.0.1/appendices-csv/dm_components_vars.csv', root)),
].filter(Boolean);
const csvFile = candidates.find((f) => existsSync(f));
if (!csvFile) {
  console.error(`dm_components_vars.csv not found (tried ${candidates.join(', ')})`);
  process.exit(2);
}

/** `;`-separated, `"`-quoted fields (quotes doubled inside), one record per line outside quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

// Spec fix, named: the CSV uses two data types that are not in DataEnumType. On the wire
// (VariableCharacteristics.dataType) both are plain strings, with extra rules kept in csvDataType.
const WIRE_DATA_TYPE = { passwordString: 'string', identifierString: 'string' };
const DATA_TYPES = ['string', 'decimal', 'integer', 'dateTime', 'boolean', 'OptionList', 'SequenceList', 'MemberList'];

// Spec fixes, named: where CSV v1.4 disagrees with Part 2 Ed. 3 (+ errata) and Part 4, the
// spec text wins; csvDataType keeps what the CSV said.
const FIXES = {
  // Part 2 §2.1.1: integer (the slot number), not string.
  'OCPPCommCtrlr/ActiveNetworkProfile': { dataType: 'integer', required: true /* errata 2025-01 */ },
  // Part 2 §2.1.6 and B09/B10: a SequenceList whose valuesList is the configuration slots.
  'OCPPCommCtrlr/NetworkConfigurationPriority': { dataType: 'SequenceList' },
  // Part 4 §8 makes the reconnect back-off and ping variables required.
  'OCPPCommCtrlr/RetryBackOffRandomRange': { required: true },
  'OCPPCommCtrlr/RetryBackOffRepeatTimes': { required: true },
  'OCPPCommCtrlr/RetryBackOffWaitMinimum': { required: true },
  'OCPPCommCtrlr/WebSocketPingInterval': { required: true },
};

const [header, ...records] = parseCsv(readFileSync(csvFile, 'utf8'));
if (header[0].trim() !== 'Specific Component' || header[1].trim() !== 'Variable') throw new Error(`unexpected header in ${csvFile}`);
const entries = records.map((r, i) => {
  const [component, variable, instance, required, dataType, unit] = r.map((f) => (f ?? '').trim());
  if (!component || !variable) throw new Error(`row ${i + 2}: component and variable are required`);
  const fix = FIXES[`${component}/${variable}${instance ? `:${instance}` : ''}`] ?? {};
  const wire = fix.dataType ?? WIRE_DATA_TYPE[dataType] ?? dataType;
  if (!DATA_TYPES.includes(wire)) throw new Error(`row ${i + 2}: unknown data type ${dataType}`);
  const entry = { component, variable };
  if (instance) entry.instance = instance;
  entry.required = fix.required ?? required.toLowerCase() === 'yes';
  entry.dataType = wire;
  if (wire !== dataType) entry.csvDataType = dataType;
  if (unit) entry.unit = unit;
  return entry;
});

// Placeholder instances (<n>, <vendorId>, <Priority>) name a family of instances, not one.
const isFixed = (e) => e.component !== '<generic>' && !(e.instance ?? '').includes('<');
const pathOf = (e) => `${e.component}/${e.variable}${e.instance ? `:${e.instance}` : ''}`;
const paths = [...new Set(entries.filter(isFixed).map(pathOf))];

// DM handles: DM.<Component>.<Variable> for a variable without instance, and
// DM.<Component>.<Variable>.<Instance> for instanced ones.
const handles = {};
for (const e of entries.filter(isFixed)) {
  handles[e.component] ??= {};
  const component = handles[e.component];
  if (!e.instance) {
    if (typeof component[e.variable] === 'object') throw new Error(`${pathOf(e)} exists with and without instance`);
    component[e.variable] = pathOf(e);
  } else {
    if (typeof component[e.variable] === 'string') throw new Error(`${pathOf(e)} exists with and without instance`);
    component[e.variable] ??= {};
    component[e.variable][e.instance] = pathOf(e);
  }
}
const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const key = (s) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : q(s));
function printHandles(node, indent) {
  const pad = '  '.repeat(indent);
  return Object.entries(node)
    .map(([k, v]) => (typeof v === 'string' ? `${pad}${key(k)}: ${q(v)},` : `${pad}${key(k)}: {\n${printHandles(v, indent + 1)}\n${pad}},`))
    .join('\n');
}
const printEntry = (e) =>
  `  { ${Object.entries(e)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? q(v) : String(v)}`)
    .join(', ')} },`;

const out = `// DO NOT EDIT. Generated by scripts/gen-dm-catalog.mjs from the OCPP 2.0.1 appendix
// dm_components_vars.csv (Open Charge Alliance): the standard components and variables.
import type { DataEnumType } from './types.js';

export interface CatalogEntry {
  /** Standard component name, or '<generic>' for a variable any component may have. */
  readonly component: string;
  readonly variable: string;
  /** Fixed instance name, or a placeholder such as '<n>' for a family of instances. */
  readonly instance?: string;
  readonly required: boolean;
  /** Data type as sent in VariableCharacteristics. */
  readonly dataType: DataEnumType;
  /** The CSV's own data type where it differs: narrower (passwordString, identifierString) or fixed by the spec text. */
  readonly csvDataType?: string;
  readonly unit?: string;
}

/** Every row of dm_components_vars.csv (${entries.length}). */
export const DM_CATALOG: readonly CatalogEntry[] = [
${entries.map(printEntry).join('\n')}
];

/** 'Component/Variable' or 'Component/Variable:Instance' of every standard variable with a fixed instance. */
export type StandardVariablePath =
${paths.map((p) => `  | ${q(p)}`).join('\n')};

export const DM = {
${printHandles(handles, 1)}
} as const;
`;

const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
if (check) {
  if (current !== out) {
    console.error('src/generated/ocpp201/dm-catalog.ts is not up to date: run node scripts/gen-dm-catalog.mjs');
    process.exit(1);
  }
  console.log('dm-catalog.ts is up to date');
} else {
  writeFileSync(outFile, out);
  console.log(`wrote dm-catalog.ts: ${entries.length} rows, ${paths.length} paths`);
}
