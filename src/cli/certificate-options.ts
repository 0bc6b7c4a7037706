// The certificate options of `ocpp-station run` (contract, additions 2026-12): PEM root files,
// repeatable, installed in the station's certificate store at first start, and `--version`; and
// the reading of the PEM files that `run` and `local-controller` take for TLS.

import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './usage-error.js';

export type RootOption = 'manufacturer-root' | 'csms-root' | 'v2g-root' | 'mo-root';

export const ROOT_OPTIONS = {
  'manufacturer-root': 'ManufacturerRootCertificate',
  'csms-root': 'CSMSRootCertificate',
  'v2g-root': 'V2GRootCertificate',
  'mo-root': 'MORootCertificate',
} as const satisfies Record<RootOption, string>;

export type RootCertificates = { -readonly [K in RootOption as (typeof ROOT_OPTIONS)[K]]?: string[] };

/** Reads every given root file; each must hold one or more PEM certificates (else a usage error). */
export function readRootOptions(values: Partial<Record<RootOption, readonly string[] | undefined>>): RootCertificates {
  const roots: RootCertificates = {};
  for (const [option, type] of Object.entries(ROOT_OPTIONS) as [RootOption, (typeof ROOT_OPTIONS)[RootOption]][]) {
    const files = values[option] ?? [];
    if (files.length > 0) roots[type] = files.flatMap((file) => readCertificates(`--${option}`, file));
  }
  return roots;
}

/** The PEM file an option names (`--ca`, `--client-cert`, `--client-key`, ...), read whole; unreadable: a usage error. */
export function readPem(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The PEM certificates of a file (a CA bundle, a chain); none or a broken one: a usage error. */
export function readCertificates(option: string, file: string): string[] {
  const text = readPem(option, file);
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new UsageError(`${option} ${file}: no PEM certificate in the file`);
  return blocks.map((pem) => {
    try {
      return new X509Certificate(pem).toString();
    } catch {
      throw new UsageError(`${option} ${file}: not a valid X.509 certificate`);
    }
  });
}

/**
 * A certificate (chain) and its private key from two files, checked to belong together before
 * anything listens or connects with them; `--a F / --b F: <reason>` otherwise.
 */
export function readKeyPair(certOption: string, certFile: string, keyOption: string, keyFile: string): { cert: string; key: string } {
  const cert = readCertificates(certOption, certFile).join('\n');
  const key = readPem(keyOption, keyFile);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new UsageError(`${certOption} ${certFile} / ${keyOption} ${keyFile}: ${(error as Error).message}`);
  }
  return { cert, key };
}

/** The version of the ocpp-station package this CLI belongs to. */
export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ocpp-station' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
