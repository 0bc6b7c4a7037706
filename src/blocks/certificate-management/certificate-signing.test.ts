import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { CertificateHashDataType, CertificateSignedRequest, SignCertificateRequest } from '../../generated/ocpp201/index.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { csrFacts, signCsr } from '../../../test/support/csr-signing.js';
import { createCa, issueClientCert, type Pem } from '../../../test/support/pki.js';
import { SecurityEvents } from '../security/index.js';
import { parseCertificate } from './certificates.js';
import { certificateManagementBlock, type CertificateSources } from './index.js';

type Json = Record<string, unknown>;
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setup(options: { sources?: CertificateSources; overrides?: Record<string, string>; signAnswer?: string } = {}) {
  const keyDir = mkdtempSync(join(tmpdir(), 'cs-keys-'));
  dirs.push(keyDir);
  const calls: { action: string; payload: Json }[] = [];
  let onCall = (): void => undefined;
  const block = makeBlockContext<Json>({
    id: 'CS-SIGN',
    overrides: { [DM.SecurityCtrlr.OrganizationName]: 'Test CSO', [DM.SecurityCtrlr.SecurityProfile]: '3', ...options.overrides },
    call: async (action, payload) => {
      calls.push({ action, payload });
      onCall();
      return action === 'SignCertificate' ? { status: options.signAnswer ?? 'Accepted' } : {};
    },
  });
  block.clock.advance(Date.now() - block.clock.now()); // the test PKI is valid around the real time
  const created = certificateManagementBlock.create(block.ctx, {
    certificateSources: { keyDir, ...options.sources },
    security: new SecurityEvents(block.ctx),
  });
  created.start?.();
  const routes = created.routes!;
  const signRequests = () => calls.filter((c) => c.action === 'SignCertificate').map((c) => c.payload as unknown as SignCertificateRequest);
  return {
    ...block,
    keyDir,
    api: created.api,
    calls,
    signRequests,
    securityEvents: () => calls.filter((c) => c.action === 'SecurityEventNotification').map((c) => c.payload.type),
    trigger: () => created.triggers!.SignChargingStationCertificate!.send(undefined),
    signed: (request: CertificateSignedRequest) => routes.CertificateSigned.handle(request),
    install: (pem: string) => routes.InstallCertificate.handle({ certificateType: 'CSMSRootCertificate', certificate: pem }),
    /** Resolves once `n` SignCertificate requests were sent. */
    signRequestsSent: (n: number) =>
      new Promise<void>((resolve) => {
        onCall = () => (signRequests().length >= n ? resolve() : undefined);
        onCall();
      }),
    lastCsr: () => signRequests().at(-1)!.csr,
    routes,
    remove: (certificateHashData: CertificateHashDataType) => routes.DeleteCertificate.handle({ certificateHashData }),
  };
}

async function withRoot() {
  const ca = await createCa({ commonName: 'CSMS Root' });
  const s = setup();
  s.install(ca.cert);
  await s.trigger();
  return { ca, s };
}

describe('A02 Update Charging Station certificate by request of CSMS', () => {
  it('A02.FR.02/03 – a new ECDSA P-256 key pair, its CSR (PEM, RFC 2986) with O = OrganizationName and CN = serial number, sent as SignCertificate', async () => {
    const { s } = await withRoot();
    const request = s.signRequests()[0]!;
    assert.equal(request.certificateType, 'ChargingStationCertificate');
    assert.match(request.csr, /^-----BEGIN CERTIFICATE REQUEST-----/);
    const facts = await csrFacts(request.csr);
    assert.equal(facts.signatureValid, true);
    assert.equal(facts.algorithm, 'ECDSA');
    assert.equal(facts.bits, 256);
    assert.equal(facts.subject, `O=Test CSO, CN=${s.description.serialNumber}`);
  });

  it('A02.FR.05 – the private key is a 0600 file in the data directory, not in the database nor in the CSR', async () => {
    const { s } = await withRoot();
    const files = readdirSync(join(s.keyDir, 'keys'));
    assert.equal(files.length, 1);
    const file = join(s.keyDir, 'keys', files[0]!);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const key = readFileSync(file, 'utf8');
    assert.match(key, /BEGIN PRIVATE KEY/);
    const body = key.split('\n')[1]!;
    const rows = s.db.prepare('SELECT value FROM station_state').all() as { value: string }[];
    assert.ok(!rows.some((r) => r.value.includes(body)), 'no key material in station_state');
    assert.ok(!s.lastCsr().includes(body));
  });

  it('A02.FR.06 – a certificate for the CSR, issued by the installed CSMS root, is Accepted and presented on security profile 3', async () => {
    const { ca, s } = await withRoot();
    const chain = await signCsr(ca, s.lastCsr());
    assert.deepEqual(s.signed({ certificateChain: chain, certificateType: 'ChargingStationCertificate' }), { status: 'Accepted' });
    const credentials = s.api.clientCredentials();
    assert.equal(credentials?.cert, chain);
    assert.match(credentials?.key ?? '', /BEGIN PRIVATE KEY/);
    assert.equal(s.api.hasStationCertificate(), true, 'A05.FR.03 sees it');
  });

  for (const [name, make] of [
    ['issued by a CA that is not installed', async (_ca: Pem, csr: string) => signCsr(await createCa(), csr)],
    ['for another key', async (ca: Pem, csr: string) => signCsr(ca, csr, { publicKeyPem: await otherPublicKey(ca) })],
    ['with a CN that is not the serial number', (ca: Pem, csr: string) => signCsr(ca, csr, { subject: 'O=Test CSO, CN=SOMEONE-ELSE' })],
    ['with another organization', (ca: Pem, csr: string) => signCsr(ca, csr, { subject: 'O=Other CSO, CN=VW-0001' })],
    [
      'expired',
      (ca: Pem, csr: string) => signCsr(ca, csr, { notBefore: new Date(Date.now() - 7200_000), notAfter: new Date(Date.now() - 3600_000) }),
    ],
  ] as const) {
    it(`A02.FR.07 – a certificate ${name} is Rejected, discarded, and an InvalidChargingStationCertificate event is raised`, async () => {
      const { ca, s } = await withRoot();
      const response = s.signed({ certificateChain: await make(ca, s.lastCsr()), certificateType: 'ChargingStationCertificate' });
      assert.equal(response.status, 'Rejected');
      assert.equal(s.api.clientCredentials(), undefined);
      assert.deepEqual(s.securityEvents(), ['InvalidChargingStationCertificate']);
    });
  }

  it('A02.FR.16 – a chain longer than MaxCertificateChainSize is Rejected', async () => {
    const ca = await createCa();
    const s = setup({ overrides: { [DM.SecurityCtrlr.MaxCertificateChainSize]: '100' } });
    s.install(ca.cert);
    await s.trigger();
    const response = s.signed({ certificateChain: await signCsr(ca, s.lastCsr()) });
    assert.equal(response.status, 'Rejected');
  });

  it('A02.FR.08 – on security profile 3 the station connects again with the new certificate, at once or once it is valid', async () => {
    const { ca, s } = await withRoot();
    let reconnects = 0;
    (s.ctx as { reconnect(): void }).reconnect = () => reconnects++;
    const now = await signCsr(ca, s.lastCsr());
    const request = { certificateChain: now };
    s.routes.CertificateSigned.after?.(request, s.signed(request));
    assert.equal(reconnects, 1, 'at once');
    await s.trigger();
    const later = { certificateChain: await signCsr(ca, s.lastCsr(), { notBefore: new Date(s.clock.now() + 60_000) }) };
    s.routes.CertificateSigned.after?.(later, s.signed(later));
    assert.equal(s.api.clientCredentials()?.cert, now, 'the valid one until the new one starts');
    await s.clock.tick(59_000);
    assert.equal(reconnects, 1, 'not before its start');
    await s.clock.tick(1_000);
    assert.equal(reconnects, 2, 'at its start');
    assert.equal(s.api.clientCredentials()?.cert, later.certificateChain);
  });

  it('A02.FR.09 – of two valid certificates the newest by the start of its validity is presented', async () => {
    const ca = await createCa();
    const old = await issueClientCert(ca, { commonName: 'VW-0001', notBefore: new Date(Date.now() - 7200_000) });
    const s = setup({ sources: { stationCertificate: old.cert, stationKey: old.key } });
    s.install(ca.cert);
    assert.equal(s.api.clientCredentials()?.cert, old.cert);
    await s.trigger();
    const chain = await signCsr(ca, s.lastCsr(), { notBefore: new Date(Date.now() - 60_000) });
    s.signed({ certificateChain: chain });
    assert.equal(s.api.clientCredentials()?.cert, chain);
  });

  it('A02.FR.10 – a new certificate that fails on the connection falls back to the previous one; once it worked, it stays', async () => {
    const ca = await createCa();
    const old = await issueClientCert(ca, { commonName: 'VW-0001', notBefore: new Date(Date.now() - 7200_000) });
    const s = setup({ sources: { stationCertificate: old.cert, stationKey: old.key } });
    s.install(ca.cert);
    await s.trigger();
    s.signed({ certificateChain: await signCsr(ca, s.lastCsr()) });
    const fresh = s.api.clientCredentials()!;
    s.api.failedWith(fresh.id);
    assert.equal(s.api.clientCredentials()?.cert, old.cert, 'the previous certificate after the failure');

    await s.trigger();
    const chain = await signCsr(ca, s.lastCsr());
    s.signed({ certificateChain: chain });
    const working = s.api.clientCredentials()!;
    s.api.connectedWith(working.id);
    s.api.failedWith(working.id);
    assert.equal(s.api.clientCredentials()?.cert, chain, 'a certificate that worked is not set aside');
    assert.equal(readdirSync(join(s.keyDir, 'keys')).length, 1, 'the key of the certificate set aside is deleted');
  });

  it('A02.FR.17/18/19 – without CertificateSigned the CSR is sent again after CertSigningWaitMinimum, doubling, RepeatTimes doublings', async () => {
    const ca = await createCa();
    const s = setup({ overrides: { [DM.SecurityCtrlr.CertSigningWaitMinimum]: '10', [DM.SecurityCtrlr.CertSigningRepeatTimes]: '1' } });
    s.install(ca.cert);
    await s.trigger();
    await s.clock.tick(9_999);
    assert.equal(s.signRequests().length, 1, 'not before CertSigningWaitMinimum');
    await s.clock.tick(1);
    assert.equal(s.signRequests().length, 2, 'again after CertSigningWaitMinimum');
    await s.clock.tick(19_999);
    assert.equal(s.signRequests().length, 2, 'not before twice CertSigningWaitMinimum');
    await s.clock.tick(1);
    assert.equal(s.signRequests().length, 3, 'again after twice CertSigningWaitMinimum');
    await s.clock.tick(3600_000);
    assert.equal(s.signRequests().length, 3, 'then no more');
    const csrs = new Set(s.signRequests().map((r) => r.csr));
    assert.equal(csrs.size, 1, 'the same CSR');
    assert.equal(s.signed({ certificateChain: await signCsr(ca, s.lastCsr()) }).status, 'Accepted');
  });

  it('A02.FR.17 – no retry once the certificate came, nor after SignCertificate was Rejected', async () => {
    const ca = await createCa();
    const s = setup({ overrides: { [DM.SecurityCtrlr.CertSigningWaitMinimum]: '10' } });
    s.install(ca.cert);
    await s.trigger();
    s.signed({ certificateChain: await signCsr(ca, s.lastCsr()) });
    await s.clock.tick(3600_000);
    assert.equal(s.signRequests().length, 1);
    const rejected = setup({ signAnswer: 'Rejected', overrides: { [DM.SecurityCtrlr.CertSigningWaitMinimum]: '10' } });
    await rejected.trigger();
    await rejected.clock.tick(3600_000);
    assert.equal(rejected.signRequests().length, 1);
  });

  it('A02.FR.20 – after an invalid certificate no new CSR until the CSMS asks', async () => {
    const { s } = await withRoot();
    s.signed({ certificateChain: await signCsr(await createCa(), s.lastCsr()) });
    await s.clock.tick(3600_000);
    assert.equal(s.signRequests().length, 1);
  });

  it('M04.FR.06 – the certificate the CSMS signed cannot be deleted', async () => {
    const { ca, s } = await withRoot();
    const chain = await signCsr(ca, s.lastCsr());
    s.signed({ certificateChain: chain });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const leaf = parseCertificate(chain)!;
    const response = s.remove({
      hashAlgorithm: 'SHA256',
      issuerNameHash: sha(leaf.issuerName),
      issuerKeyHash: sha(parseCertificate(ca.cert)!.publicKey),
      serialNumber: leaf.serialNumber,
    });
    assert.equal(response.status, 'Failed');
  });
});

describe('A03 Update Charging Station certificate initiated by the Charging Station', () => {
  it('A03.FR.02 – a month before the certificate in use expires, the station sends a new CSR', async () => {
    const ca = await createCa({ notAfter: new Date(Date.now() + 400 * 86400_000) });
    const soon = await issueClientCert(ca, { commonName: 'VW-0001', notAfter: new Date(Date.now() + 20 * 86400_000) });
    const s = setup({ sources: { stationCertificate: soon.cert, stationKey: soon.key } });
    s.install(ca.cert);
    s.events.emit('accepted', { firstTime: true });
    await s.signRequestsSent(1);
    assert.equal(s.signRequests()[0]!.certificateType, 'ChargingStationCertificate');
  });

  it('A03.FR.02 – not while it is valid for more than a month', async () => {
    const ca = await createCa({ notAfter: new Date(Date.now() + 400 * 86400_000) });
    const later = await issueClientCert(ca, { commonName: 'VW-0001', notAfter: new Date(Date.now() + 90 * 86400_000) });
    const s = setup({ sources: { stationCertificate: later.cert, stationKey: later.key } });
    s.events.emit('accepted', { firstTime: true });
    // A renewal started on the event would be sent before the one the CSMS asks for after it.
    await s.trigger();
    assert.equal(s.signRequests().length, 1, 'only the one the CSMS asked for');
  });
});

async function otherPublicKey(ca: Pem): Promise<string> {
  const { createPublicKey } = await import('node:crypto');
  const other = await issueClientCert(ca);
  return createPublicKey(other.key).export({ type: 'spki', format: 'pem' }).toString();
}
