// A real OCSP responder on loopback for tests (RFC 6960 over HTTP POST, appendix A.1): each
// request is answered by `openssl ocsp` in responder mode from an index of the certificates it
// was told about ("V", good); any other serial number is "unknown". It signs with the key of the
// root it was given, for every CA in `cas`.

import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Pem } from './pki.js';

const run = promisify(execFile);

export interface OcspResponder {
  readonly url: string;
  /** Every request body received. */
  readonly requests: Buffer[];
  /** The CAs whose certificates it answers for (PEM), and the signer. */
  configure(cas: string[], signer: Pem): void;
  /** Puts certificates in the index as good. */
  good(...pems: string[]): void;
  close(): Promise<void>;
}

export async function startOcspResponder(): Promise<OcspResponder> {
  const dir = mkdtempSync(join(tmpdir(), 'ocsp-'));
  const index: string[] = [];
  let configured = false;
  const requests: Buffer[] = [];
  let sequence = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push(body);
      if (!configured || req.method !== 'POST') {
        res.writeHead(503).end();
        return;
      }
      const n = ++sequence;
      const [reqFile, respFile] = [join(dir, `req-${n}.der`), join(dir, `resp-${n}.der`)];
      writeFileSync(reqFile, body);
      writeFileSync(join(dir, 'index.txt'), index.join(''));
      const args = ['ocsp', '-index', join(dir, 'index.txt'), '-CA', join(dir, 'cas.pem'), '-rsigner', join(dir, 'signer.pem')];
      args.push('-rkey', join(dir, 'signer.key'), '-reqin', reqFile, '-respout', respFile, '-nmin', '60');
      run('openssl', args).then(
        () => res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(readFileSync(respFile)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    configure(cas, signer) {
      writeFileSync(join(dir, 'cas.pem'), cas.join('\n'));
      writeFileSync(join(dir, 'signer.pem'), signer.cert);
      writeFileSync(join(dir, 'signer.key'), signer.key, { mode: 0o600 });
      configured = true;
    },
    good(...pems) {
      for (const pem of pems) {
        const certificate = new X509Certificate(pem);
        // index.txt: status, expiry (YYMMDDHHMMSSZ), revocation date, serial (hex), file, subject.
        const expiry = new Date(certificate.validTo).toISOString().replace(/[-:T]/g, '').slice(2, 14);
        index.push(`V\t${expiry}Z\t\t${certificate.serialNumber.toUpperCase()}\tunknown\t/CN=${certificate.serialNumber}\n`);
      }
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What `openssl ocsp -resp_text` reads from a DER OCSPResponse: the response status and each serial's cert status. */
export async function readOcspResponse(der: Buffer): Promise<{ status: string; certificates: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ocsp-read-'));
  try {
    writeFileSync(join(dir, 'resp.der'), der);
    const { stdout } = await run('openssl', ['ocsp', '-respin', join(dir, 'resp.der'), '-resp_text', '-noverify']);
    const status = /OCSP Response Status: (\w+)/.exec(stdout)?.[1] ?? 'unparsable';
    const certificates: Record<string, string> = {};
    for (const m of stdout.matchAll(/Serial Number: ([0-9A-Fa-f]+)\s+Cert Status: (\w+)/g)) {
      certificates[(m[1] as string).toLowerCase().replace(/^0+(?=.)/, '')] = m[2] as string;
    }
    return { status, certificates };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
