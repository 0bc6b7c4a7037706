import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { GetCertificateStatusRequest, SignCertificateRequest } from '../../generated/ocpp201/index.js';
import { makeBlockContext } from '../../../test/support/block-context.js';
import { csrFacts } from '../../../test/support/csr-signing.js';
import { createV2gPki, signV2gCsr, type V2gPki } from '../../../test/support/v2g-pki.js';
import { SecurityEvents } from '../security/index.js';
import { hashData, parseCertificate, type ParsedCertificate } from './certificates.js';
import { certificateManagementBlock } from './index.js';
import { chainOf } from './v2g-certificates.js';

type Json = Record<string, unknown>;
const DAY = 24 * 3600_000;
const OCSP_URL = 'http://127.0.0.1:9/ocsp';
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let shared: V2gPki | undefined;
const pki = async (): Promise<V2gPki> => (shared ??= await createV2gPki(OCSP_URL));

function setup(statusAnswer: 'Accepted' | 'Failed' = 'Accepted', overrides: Record<string, string> = {}) {
  const keyDir = mkdtempSync(join(tmpdir(), 'v2g-keys-'));
  dirs.push(keyDir);
  const calls: { action: string; payload: Json }[] = [];
  const block = makeBlockContext<Json>({
    id: 'CS-V2G',
    overrides: { [DM.SecurityCtrlr.OrganizationName]: 'Test CSO', ...overrides },
    call: async (action, payload) => {
      calls.push({ action, payload });
      if (action === 'SignCertificate') return { status: 'Accepted' };
      if (action === 'GetCertificateStatus')
        return statusAnswer === 'Accepted' ? { status: 'Accepted', ocspResult: 'MAMKAQA=' } : { status: 'Failed' };
      return {};
    },
  });
  block.clock.advance(Date.now() - block.clock.now()); // the test PKI is valid around the real time
  const created = certificateManagementBlock.create(block.ctx, { certificateSources: { keyDir }, security: new SecurityEvents(block.ctx) });
  created.start?.();
  const routes = created.routes!;
  const of = (action: string) => calls.filter((c) => c.action === action).map((c) => c.payload);
  return {
    ...block,
    api: created.api,
    routes,
    of,
    trigger: () => created.triggers!.SignV2GCertificate!.send(undefined),
    installRoot: (pem: string) => routes.InstallCertificate.handle({ certificateType: 'V2GRootCertificate', certificate: pem }),
    csr: () => (of('SignCertificate').at(-1) as unknown as SignCertificateRequest).csr,
  };
}

/** Renewed: V2G root installed, CSR signed by Sub-CA 2, CertificateSigned accepted and its after-step run. */
async function renewed(statusAnswer: 'Accepted' | 'Failed' = 'Accepted') {
  const p = await pki();
  const s = setup(statusAnswer);
  assert.equal(s.installRoot(p.root.cert).status, 'Accepted');
  await s.trigger();
  const certificateChain = await signV2gCsr(p, s.csr());
  const request = { certificateChain, certificateType: 'V2GCertificate' as const };
  const response = await s.routes.CertificateSigned.handle(request);
  assert.equal(response.status, 'Accepted', JSON.stringify(response.statusInfo));
  await s.routes.CertificateSigned.after?.(request, response);
  return { p, s, chain: chainOf(certificateChain) };
}

describe('A02 for the V2G Charging Station certificate (SignV2GCertificate)', () => {
  it('A02.FR.02/03/13 – a new ECDSA P-256 key and CSR, sent as SignCertificate certificateType V2GCertificate', async () => {
    const s = setup();
    await s.trigger();
    const request = s.of('SignCertificate')[0] as unknown as SignCertificateRequest;
    assert.equal(request.certificateType, 'V2GCertificate');
    const facts = await csrFacts(request.csr);
    assert.equal(facts.algorithm, 'ECDSA');
    assert.equal(facts.bits, 256);
    assert.ok(facts.signatureValid);
    assert.match(facts.subject, /O=Test CSO/);
    assert.match(facts.subject, /CN=VW-0001|CN=CS-V2G/);
  });

  it('A02.FR.17/18/19 – without CertificateSigned the V2G CSR is sent again after CertSigningWaitMinimum, doubling, RepeatTimes doublings', async () => {
    const s = setup('Accepted', { [DM.SecurityCtrlr.CertSigningWaitMinimum]: '10', [DM.SecurityCtrlr.CertSigningRepeatTimes]: '1' });
    await s.trigger();
    const sent = () => s.of('SignCertificate') as unknown as SignCertificateRequest[];
    await s.clock.tick(9_999);
    assert.equal(sent().length, 1, 'not before CertSigningWaitMinimum');
    await s.clock.tick(1);
    assert.equal(sent().length, 2, 'again after CertSigningWaitMinimum');
    await s.clock.tick(19_999);
    assert.equal(sent().length, 2, 'not before twice CertSigningWaitMinimum');
    await s.clock.tick(1);
    assert.equal(sent().length, 3, 'again after twice CertSigningWaitMinimum');
    await s.clock.tick(3600_000);
    assert.equal(sent().length, 3, 'then no more');
    assert.equal(new Set(sent().map((r) => r.csr)).size, 1, 'the same CSR');
    assert.ok(sent().every((r) => r.certificateType === 'V2GCertificate'));
  });

  it('A02.FR.17 – no V2G CSR resent once its certificate came', async () => {
    const p = await pki();
    const s = setup('Accepted', { [DM.SecurityCtrlr.CertSigningWaitMinimum]: '10' });
    assert.equal(s.installRoot(p.root.cert).status, 'Accepted');
    await s.trigger();
    const request = { certificateChain: await signV2gCsr(p, s.csr()), certificateType: 'V2GCertificate' as const };
    assert.equal((await s.routes.CertificateSigned.handle(request)).status, 'Accepted');
    await s.clock.tick(3600_000);
    assert.equal(s.of('SignCertificate').length, 1);
  });

  it('A02.FR.06 – a chain to the installed V2G root is Accepted and is the V2GCertificateChain of M03.FR.05, Sub-CAs as children', async () => {
    const { s, chain, p } = await renewed();
    const [leaf, subCa2, subCa1] = chain as [ParsedCertificate, ParsedCertificate, ParsedCertificate];
    const answer = s.routes.GetInstalledCertificateIds.handle({ certificateType: ['V2GCertificateChain'] }) as unknown as Json;
    assert.equal(answer.status, 'Accepted');
    const [entry] = answer.certificateHashDataChain as Json[];
    assert.equal(entry?.certificateType, 'V2GCertificateChain');
    assert.deepEqual(entry?.certificateHashData, hashData(leaf, 'SHA256', subCa2));
    const root = parseCertificate(p.root.cert) as ParsedCertificate;
    assert.deepEqual(entry?.childCertificateHashData, [hashData(subCa2, 'SHA256', subCa1), hashData(subCa1, 'SHA256', root)]);
    assert.ok(
      s.api.installed().some((c) => c.type === 'V2GCertificate'),
      'listed for the dashboard',
    );
  });

  it('A02.FR.07 – a chain to no installed V2G root is Rejected, with an InvalidChargingStationCertificate security event', async () => {
    const s = setup();
    await s.trigger();
    const other = await createV2gPki(OCSP_URL);
    s.installRoot((await pki()).root.cert);
    const response = await s.routes.CertificateSigned.handle({
      certificateChain: await signV2gCsr(other, s.csr()),
      certificateType: 'V2GCertificate',
    });
    assert.equal(response.status, 'Rejected');
    assert.match(String(response.statusInfo?.additionalInfo), /V2G root/);
    assert.ok(s.of('SecurityEventNotification').some((e) => e.type === 'InvalidChargingStationCertificate'));
  });

  it('M04 – the V2G Charging Station certificate cannot be deleted', async () => {
    const { s, chain } = await renewed();
    const [leaf, subCa2] = chain as [ParsedCertificate, ParsedCertificate];
    const response = await s.routes.DeleteCertificate.handle({ certificateHashData: hashData(leaf, 'SHA256', subCa2) });
    assert.equal(response.status, 'Failed');
  });
});

describe('M06 the OCSP status of the V2G chain', () => {
  it('M06.FR.07 – after a new V2G certificate: one GetCertificateStatus each for the leaf and the Sub-CAs, with the AIA responder', async () => {
    const { s, chain, p } = await renewed();
    const root = parseCertificate(p.root.cert) as ParsedCertificate;
    const expected = chain.map((c, i) => ({ ...hashData(c, 'SHA256', chain[i + 1] ?? root), responderURL: OCSP_URL }));
    const sent = s.of('GetCertificateStatus').map((r) => (r as unknown as GetCertificateStatusRequest).ocspRequestData);
    assert.deepEqual(sent, expected);
  });

  it('M06.FR.10 – refreshed once a week, not before', async () => {
    const { s } = await renewed();
    await s.clock.tick(DAY);
    assert.equal(s.of('GetCertificateStatus').length, 3, 'a day later: still cached');
    for (let day = 2; day <= 7; day++) await s.clock.tick(DAY);
    assert.equal(s.of('GetCertificateStatus').length, 6, 'a week later: asked again for each');
  });

  it('M06.FR.04 – a Failed answer caches nothing: the next daily check asks again', async () => {
    const { s } = await renewed('Failed');
    assert.equal(s.of('GetCertificateStatus').length, 3);
    await s.clock.tick(DAY);
    assert.equal(s.of('GetCertificateStatus').length, 6);
  });
});
