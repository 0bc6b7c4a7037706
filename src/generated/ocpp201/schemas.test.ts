// The vendored OCPP 2.0.1 schemas are the official files, byte for byte, and the committed
// generated code is what the generator makes of them. Hand-written (not generated): the
// generator only writes types.ts, actions.ts and index.ts in this folder.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ACTIONS, CSMS_TO_STATION_ACTIONS, STATION_TO_CSMS_ACTIONS } from './index.js';

// This file runs compiled, from dist/src/generated/ocpp201/.
const repoRoot = new URL('../../../../', import.meta.url);
const vendoredDir = new URL('schemas/ocpp-2.0.1/', repoRoot);
const referenceDir = new URL('../shared/spec/ocpp-2.0.1/json-schemas/', repoRoot);

const schemaFiles = (dir: URL): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();

/** SHA256SUMS in `sha256sum` text format: "<64 hex>  <name>" per line. */
function readSums(): Map<string, string> {
  const sums = new Map<string, string>();
  const text = readFileSync(new URL('SHA256SUMS', vendoredDir), 'utf8');
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
    assert.ok(match, `SHA256SUMS line is not in sha256sum format: ${JSON.stringify(line)}`);
    const [, hash, name] = match as unknown as [string, string, string];
    assert.ok(!sums.has(name), `${name} appears twice in SHA256SUMS`);
    sums.set(name, hash);
  }
  return sums;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('vendored OCPP 2.0.1 schemas (schemas/ocpp-2.0.1)', () => {
  it('are exactly 64 Request and 64 Response files, one pair per action', () => {
    const files = schemaFiles(vendoredDir);
    const requests = files.filter((f) => f.endsWith('Request.json'));
    const responses = files.filter((f) => f.endsWith('Response.json'));
    assert.equal(requests.length, 64);
    assert.equal(responses.length, 64);
    assert.equal(files.length, 128, 'no other .json file');
    assert.deepEqual(
      requests.map((f) => f.replace(/Request\.json$/, '')),
      responses.map((f) => f.replace(/Response\.json$/, '')),
    );
  });

  it('match SHA256SUMS byte for byte, and SHA256SUMS lists exactly these files', () => {
    const sums = readSums();
    const files = schemaFiles(vendoredDir);
    assert.deepEqual([...sums.keys()].sort(), files);
    for (const name of files) {
      assert.equal(sha256(readFileSync(new URL(name, vendoredDir))), sums.get(name), `${name} differs from SHA256SUMS`);
    }
  });

  it('equal the reference copy in ../shared/spec/ocpp-2.0.1/json-schemas/ byte for byte', (t) => {
    if (!existsSync(referenceDir)) {
      // A user's clone has no ../shared: the SHA256SUMS test above still pins the files.
      t.diagnostic(`reference copy not found at ${fileURLToPath(referenceDir)}; compared with SHA256SUMS only`);
      return;
    }
    const files = schemaFiles(vendoredDir);
    assert.deepEqual(schemaFiles(referenceDir), files, 'same file names as the reference copy');
    for (const name of files) {
      const vendored = readFileSync(new URL(name, vendoredDir));
      const reference = readFileSync(new URL(name, referenceDir));
      assert.ok(vendored.equals(reference), `${name} differs from the reference copy`);
    }
  });
});

describe('generated action lists (src/generated/ocpp201/actions.ts)', () => {
  it('has 64 actions: 25 station -> CSMS, 40 CSMS -> station, DataTransfer in both', () => {
    assert.equal(ACTIONS.length, 64);
    assert.equal(new Set(ACTIONS).size, 64);
    assert.equal(STATION_TO_CSMS_ACTIONS.length, 25);
    assert.equal(CSMS_TO_STATION_ACTIONS.length, 40);
    assert.ok((STATION_TO_CSMS_ACTIONS as readonly string[]).includes('DataTransfer'));
    assert.ok((CSMS_TO_STATION_ACTIONS as readonly string[]).includes('DataTransfer'));
    // Every action has a direction; only DataTransfer has both.
    const both = STATION_TO_CSMS_ACTIONS.filter((a) => (CSMS_TO_STATION_ACTIONS as readonly string[]).includes(a));
    assert.deepEqual(both, ['DataTransfer']);
    assert.deepEqual(
      [...new Set([...STATION_TO_CSMS_ACTIONS, ...CSMS_TO_STATION_ACTIONS])].sort(),
      [...ACTIONS].sort(),
    );
  });

  it('has a Request and a Response schema file for every action', () => {
    const files = new Set(schemaFiles(vendoredDir));
    for (const action of ACTIONS) {
      assert.ok(files.has(`${action}Request.json`), `${action}Request.json missing`);
      assert.ok(files.has(`${action}Response.json`), `${action}Response.json missing`);
    }
  });

  it('is what scripts/gen-ocpp.mjs generates from the schemas (--check)', () => {
    const result = spawnSync(process.execPath, ['scripts/gen-ocpp.mjs', '--check'], {
      cwd: fileURLToPath(repoRoot),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, `generator --check failed:\n${result.stdout}${result.stderr}`);
  });
});
