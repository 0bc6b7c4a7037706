// `ocpp-station run` certificate options and --version (contract, additions 2026-12), through
// the built CLI as a child process, and the reading of root files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCa } from '../../test/support/pki.js';
import { readRootOptions } from './certificate-options.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ocpp-cert-cli-'));
const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const cli = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 10_000 });

describe('ocpp-station --version', () => {
  for (const args of [['--version'], ['run', '--version']]) {
    it(`${args.join(' ')}: prints the package version, exit 0`, () => {
      const result = cli(args);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${version}\n`);
    });
  }
});

describe('ocpp-station run: a bad root file gets one line and exit code 2', () => {
  const notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'hello');
  const broken = join(dir, 'broken.pem');
  writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  const cases: [string[], RegExp][] = [
    [['--manufacturer-root', join(dir, 'none.pem')], /--manufacturer-root .*none\.pem: ENOENT/],
    [['--csms-root', notPem], /--csms-root .*: no PEM certificate/],
    [['--v2g-root', broken], /--v2g-root .*: not a valid X\.509 certificate/],
    [['--mo-root', broken], /--mo-root .*: not a valid X\.509 certificate/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const result = cli(['run', '--csms', 'ws://127.0.0.1:9/ocpp', '--data-dir', dir, ...args]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    });
  }
});

describe('root files', () => {
  it('repeatable, by type; a file may hold several certificates', async () => {
    const [a, b, c] = await Promise.all([createCa(), createCa(), createCa()]);
    const one = join(dir, 'one.pem');
    const two = join(dir, 'two.pem');
    writeFileSync(one, a.cert);
    writeFileSync(two, `${b.cert}\n${c.cert}`);
    const roots = readRootOptions({ 'manufacturer-root': [one, two], 'csms-root': [one] });
    const fingerprints = (pems: string[] | undefined) => pems?.map((pem) => new X509Certificate(pem).fingerprint256);
    const fp = (pem: string) => new X509Certificate(pem).fingerprint256;
    assert.deepEqual(fingerprints(roots.ManufacturerRootCertificate), [fp(a.cert), fp(b.cert), fp(c.cert)]);
    assert.deepEqual(fingerprints(roots.CSMSRootCertificate), [fp(a.cert)]);
    assert.equal(roots.V2GRootCertificate, undefined);
  });
});
