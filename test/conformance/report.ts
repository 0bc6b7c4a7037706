// Prints the conformance table per certification profile: the Part 6 cases of this suite that
// pass, against the mandatory (M) and, per the vendor declaration, applicable conditional (C)
// charging-station cases of Part 5. Runs the suite itself (node --test) unless given a TAP file.
//   node dist/test/conformance/report.js [tap-output-file]

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conditionHolds, type VendorDeclaration } from './support/conditions.js';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '../../../test/conformance');
const declaration = JSON.parse(readFileSync(join(source, 'vendor-declaration.json'), 'utf8')) as VendorDeclaration;
const cases = JSON.parse(readFileSync(join(source, 'part5-cases.json'), 'utf8')) as Record<
  string,
  { id: string; title: string; cs: 'M' | 'C'; condition: string | null }[]
>;

let tap: string;
if (process.argv[2]) {
  tap = readFileSync(process.argv[2], 'utf8');
} else {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => join(here, f));
  tap = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
}
const passed = new Set<string>();
const failed = new Set<string>();
for (const m of tap.matchAll(/^\s*(not ok|ok) \d+ - (TC_[A-Z]_\d+_CS)\b/gm)) (m[1] === 'ok' ? passed : failed).add(m[2]!);
for (const id of failed) passed.delete(id);

const rows: string[][] = [];
for (const [profile, list] of Object.entries(cases)) {
  const mandatory = list.filter((c) => c.cs === 'M');
  let unreadable = 0;
  const conditional = list.filter((c) => {
    if (c.cs !== 'C' || !c.condition) return false;
    try {
      return conditionHolds(c.condition, declaration);
    } catch {
      unreadable++;
      return false;
    }
  });
  const count = (l: { id: string }[]): string => `${l.filter((c) => passed.has(c.id)).length} / ${l.length}`;
  rows.push([
    profile,
    declaration.profiles.includes(profile) ? 'yes' : 'no',
    count(mandatory),
    `${count(conditional)}${unreadable ? ` (${unreadable} conditions unread)` : ''}`,
  ]);
}
const header = [
  'certification profile',
  'declared',
  'mandatory cases passed / total',
  'conditional cases (declared features) passed / total',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const r of rows) console.log(line(r));
console.log(`\npassing cases: ${[...passed].sort().join(', ')}`);
if (failed.size > 0) console.log(`failing cases: ${[...failed].sort().join(', ')}`);
