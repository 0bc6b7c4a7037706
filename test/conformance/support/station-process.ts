// The station under test as a lab sees it: a child process started from its command line
// (`ocpp-station run`), driven by hand through its control API (plug a cable, present a card).
// Nothing of the station's code is imported here.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

export interface StationOptions {
  id: string;
  /** ws:// base of the test CSMS; the station appends its id. */
  csmsUrl: string;
  evses?: number;
  /** `Component/Variable=value` initial device-model values (`--set`). */
  set?: string[];
  /** Reuse the durable state of an earlier process (a power cycle). */
  dataDir?: string;
  /** PEM root certificates given at start (`--manufacturer-root`, `--csms-root`), each from a file of its own. */
  roots?: { manufacturer?: string[]; csms?: string[] };
  /** `--security-profile` and `--basic-auth-password` (initial values, as the `--set`s). */
  securityProfile?: number;
  basicAuthPassword?: string;
  /** `--client-cert` and `--client-key` (security profile 3), PEM, each from a file of its own. */
  clientCertificate?: { cert: string; key: string };
}

export interface StationProcess {
  readonly id: string;
  readonly dataDir: string;
  /** http://127.0.0.1:<port> of the control API. */
  readonly base: string;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** Graceful stop (SIGTERM), waits for the exit. */
  stop(): Promise<void>;
  /** Power cut (SIGKILL), waits for the exit. */
  kill(): Promise<void>;
  /** stop() and removes the data directory. */
  dispose(): Promise<void>;
  /** Exit code once the process has ended (a reset restarts it inside). */
  readonly exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far (its log lines). */
  output(): string;
}

export async function startStation(options: StationOptions): Promise<StationProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `conf-${options.id}-`));
  const args = [MAIN, 'run', '--csms', options.csmsUrl, '--id', options.id, '--http', '0', '--data-dir', dataDir];
  if (options.evses !== undefined) args.push('--evses', String(options.evses));
  for (const s of options.set ?? []) args.push('--set', s);
  const extraDirs: string[] = [];
  const rootsDir = options.roots ? mkdtempSync(join(tmpdir(), `conf-${options.id}-roots-`)) : undefined;
  for (const [option, pems] of [
    ['--manufacturer-root', options.roots?.manufacturer],
    ['--csms-root', options.roots?.csms],
  ] as const) {
    (pems ?? []).forEach((pem, i) => {
      const file = join(rootsDir!, `${option.slice(2)}-${i}.pem`);
      writeFileSync(file, pem);
      args.push(option, file);
    });
  }
  if (options.clientCertificate) {
    const dir = mkdtempSync(join(tmpdir(), `conf-${options.id}-client-`));
    writeFileSync(join(dir, 'cert.pem'), options.clientCertificate.cert);
    writeFileSync(join(dir, 'key.pem'), options.clientCertificate.key, { mode: 0o600 });
    args.push('--client-cert', join(dir, 'cert.pem'), '--client-key', join(dir, 'key.pem'));
    extraDirs.push(dir);
  }
  if (options.securityProfile !== undefined) args.push('--security-profile', String(options.securityProfile));
  if (options.basicAuthPassword !== undefined) args.push('--basic-auth-password', options.basicAuthPassword);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        child.stdout?.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`station ${options.id} exited (${code}) before its dashboard line:\n${output}`)));
  });
  // Keep draining the pipes so that the child never blocks on a full one; what comes is kept.
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdout?.resume();
  child.stderr?.resume();

  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    id: options.id,
    dataDir,
    base,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    dispose: async () => {
      await end('SIGTERM');
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
      if (rootsDir) rmSync(rootsDir, { recursive: true, force: true });
      for (const dir of extraDirs) rmSync(dir, { recursive: true, force: true });
    },
    exited,
    output: () => output,
  };
}
