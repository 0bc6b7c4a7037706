// Part 6 blocks M and A, the certificate cases of the ISO 15118 Support profile: the V2G and MO
// roots (M05, M03), the V2G Charging Station certificate renewed by request of the CSMS (A02,
// TC_A_12_CS) and reported as V2GCertificateChain (TC_M_15_CS), the OCSP status of that chain
// (M06: TC_M_24_CS, TC_M_25_CS) and the EV's contract certificate installation and update
// (M01/M02: TC_M_26_CS..TC_M_29_CS). The tool has a V2G PKI (root, Sub-CA 1, Sub-CA 2) whose
// certificates name a real OCSP responder on loopback (openssl ocsp); GetCertificateStatus is
// answered by asking it: by the tool itself on the ocpp-rpc backend, by the product's CSMS on the
// built-in one. The cases run in Part 6 order on one station, each setting up its memory state.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOcspResponder, readOcspResponse, type OcspResponder } from '../support/ocsp-responder.js';
import { createCa, issueClientCert } from '../support/pki.js';
import { createV2gPki, type V2gPki } from '../support/v2g-pki.js';
import { waitFor } from '../support/wait.js';
import { type HashData, rootHashData, sameHashData } from './support/certificates.js';
import { BACKEND, defaultAnswer } from './support/csms-backends.js';
import { certId, pems, renewV2gCertificate, toolCertificateStatus } from './support/iso15118-certificates.js';
import { type Booted, booted, certificateInstalled, getInstalledCertificates } from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
let cs: Booted;
let responder: OcspResponder;
let pki: V2gPki;
let v2gRoot: { cert: string; hashData: HashData };
let moRoot: { cert: string; hashData: HashData };
/** The contract certificate an EV holds before it asks for an update, issued under the MO root. */
let contract: string;
/** Each GetCertificateStatus the station sent, with the answer it got. */
const statusCalls: { request: Json; response: Promise<Json> }[] = [];
let statusAnswer: 'responder' | 'Failed' = 'responder';

before(async () => {
  responder = await startOcspResponder();
  pki = await createV2gPki(responder.url);
  responder.configure([pki.root.cert, pki.subCa1.cert, pki.subCa2.cert], pki.root);
  responder.good(pki.subCa1.cert, pki.subCa2.cert);
  const mo = await createCa({ commonName: 'Conformance MO Root', organization: 'Conformance MO' });
  v2gRoot = { cert: pki.root.cert, hashData: await rootHashData(pki.root.cert) };
  moRoot = { cert: mo.cert, hashData: await rootHashData(mo.cert) };
  contract = (await issueClientCert(mo, { commonName: 'NLTNMA0000000001', organization: 'Conformance MO' })).cert;
  await csms.listen();
  const link = csms.link('CONF-M-V2G');
  link.answers.set('GetCertificateStatus', (p) => {
    const answer =
      statusAnswer === 'Failed'
        ? { status: 'Failed' }
        : BACKEND === 'built-in'
          ? defaultAnswer('GetCertificateStatus', p, () => ({ status: 'Failed' }))
          : toolCertificateStatus(p);
    const response = Promise.resolve(answer) as Promise<Json>;
    statusCalls.push({ request: p, response });
    return response;
  });
  cs = await booted(csms, { id: 'CONF-M-V2G' });
});
after(async () => {
  await cs?.station.dispose();
  await csms.close();
  await responder?.close();
});

/** The memory states CertificateInstalled V2GRootCertificate and MORootCertificate. */
async function rootsInstalled(): Promise<void> {
  await certificateInstalled(cs, 'V2GRootCertificate', v2gRoot.cert, 'memory state CertificateInstalled V2GRootCertificate');
  await certificateInstalled(cs, 'MORootCertificate', moRoot.cert, 'memory state CertificateInstalled MORootCertificate');
}

/** Memory State RenewV2GChargingStationCertificate; the responder knows the new leaf as good. */
function renew(): Promise<string> {
  return renewV2gCertificate(cs.link, pki, (leaf) => responder.good(leaf));
}

/**
 * The station's GetCertificateStatus call (from index `since` on) whose ocspRequestData names the
 * certificate `expected`, with its answer. Matched by the data: calls of an earlier renewal may still come in.
 */
async function statusCallFor(since: number, expected: HashData, where: string): Promise<{ request: Json; response: Json }> {
  const names = (c: { request: Json }): boolean => sameHashData(c.request.ocspRequestData as Json, expected);
  const call = await waitFor(() => statusCalls.slice(since).find(names), where, 15_000).catch(() => undefined);
  assert.ok(call, `${where} (${JSON.stringify(statusCalls.slice(since).map((c) => c.request))})`);
  return { request: call.request, response: await call.response };
}

describe('Part 6 M/A – ISO 15118 certificates (ISO 15118 Support)', () => {
  it('TC_M_03_CS – Install CA certificate - V2GRootCertificate', async () => {
    await certificateInstalled(cs, 'V2GRootCertificate', v2gRoot.cert, 'step 1 CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['V2GRootCertificate'],
      [{ type: 'V2GRootCertificate', hashData: v2gRoot.hashData }],
      'step 2 GetInstalledCertificates',
    );
  });

  it('TC_M_04_CS – Install CA certificate - MORootCertificate', async () => {
    await certificateInstalled(cs, 'MORootCertificate', moRoot.cert, 'step 1 CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['MORootCertificate'],
      [{ type: 'MORootCertificate', hashData: moRoot.hashData }],
      'step 2 GetInstalledCertificates',
    );
  });

  it('TC_M_14_CS – Retrieve certificates from Charging Station - V2GRootCertificate', async () => {
    await certificateInstalled(cs, 'V2GRootCertificate', v2gRoot.cert, 'memory state CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['V2GRootCertificate'],
      [{ type: 'V2GRootCertificate', hashData: v2gRoot.hashData }],
      'step 1 GetInstalledCertificates',
    );
  });

  it('TC_M_16_CS – Retrieve certificates from Charging Station - MORootCertificate', async () => {
    await certificateInstalled(cs, 'MORootCertificate', moRoot.cert, 'memory state CertificateInstalled');
    await getInstalledCertificates(
      cs,
      ['MORootCertificate'],
      [{ type: 'MORootCertificate', hashData: moRoot.hashData }],
      'step 1 GetInstalledCertificates',
    );
  });

  it('TC_A_12_CS – Update Charging Station Certificate by request of CSMS - Success - V2G Certificate', async () => {
    // The chain must end at an installed V2G root for the station to accept it (A02.FR.06).
    await certificateInstalled(cs, 'V2GRootCertificate', v2gRoot.cert, 'before: CertificateInstalled V2GRootCertificate');
    await renew();
  });

  it('TC_M_15_CS – Retrieve certificates from Charging Station - V2GCertificateChain', async () => {
    await rootsInstalled();
    const chain = pems(await renew()); // errata 2025-02: the memory state RenewV2GChargingStationCertificate
    const res = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['V2GCertificateChain'] })) as Json;
    assert.equal(res.status, 'Accepted', 'step 1: GetInstalledCertificateIdsResponse status Accepted');
    const [leaf, subCa2, subCa1] = chain as [string, string, string];
    const expected = await certId(leaf, subCa2);
    const entries = (res.certificateHashDataChain as Json[] | undefined) ?? [];
    const entry = entries.find((e) => e.certificateType === 'V2GCertificateChain' && sameHashData(e.certificateHashData as Json, expected));
    assert.ok(entry, `step 1: an entry V2GCertificateChain with the hash data of the new V2G certificate (${JSON.stringify(entries)})`);
    const children = (entry.childCertificateHashData as Json[] | undefined) ?? [];
    assert.ok(children.length > 0, 'step 1: certificateHashData uses the childCertificateHashData field');
    for (const [name, pem, issuer] of [
      ['Sub-CA 2', subCa2, subCa1],
      ['Sub-CA 1', subCa1, pki.root.cert],
    ] as const) {
      const hash = await certId(pem, issuer);
      assert.ok(
        children.some((c) => sameHashData(c, hash)),
        `step 1: childCertificateHashData names ${name}`,
      );
    }
  });

  it('TC_M_24_CS – Get Charging Station Certificate status - Success', async () => {
    await rootsInstalled();
    const since = statusCalls.length;
    const [leaf, subCa2, subCa1] = pems(await renew()) as [string, string, string];
    // Errata 2025-06: steps 1/2 for the leaf, Sub-CA 2 and Sub-CA 1 (M06.FR.07).
    for (const [name, pem, issuer] of [
      ['the V2G Charging Station certificate', leaf, subCa2],
      ['Sub-CA 2', subCa2, subCa1],
      ['Sub-CA 1', subCa1, pki.root.cert],
    ] as const) {
      const expected = await certId(pem, issuer);
      const call = await statusCallFor(since, expected, `step 1: a GetCertificateStatusRequest whose ocspRequestData names ${name}`);
      assert.equal(
        (call.request.ocspRequestData as Json).responderURL,
        responder.url,
        `step 1: responderURL of ${name} is its AIA OCSP responder`,
      );
      assert.equal(call.response.status, 'Accepted', `step 2: GetCertificateStatusResponse status Accepted for ${name}`);
      const ocsp = await readOcspResponse(Buffer.from(String(call.response.ocspResult), 'base64'));
      assert.equal(ocsp.status, 'successful', `step 2: ocspResult is a successful RFC 6960 OCSPResponse for ${name}`);
      assert.equal(ocsp.certificates[expected.serialNumber], 'good', `step 2: the OCSPResponse answers for ${name}: good`);
    }
  });

  it('TC_M_25_CS – Get Charging Station Certificate status - Rejected', async () => {
    await rootsInstalled();
    statusAnswer = 'Failed';
    try {
      const since = statusCalls.length;
      const [leaf, subCa2] = pems(await renew()) as [string, string];
      const call = await statusCallFor(
        since,
        await certId(leaf, subCa2),
        'step 1: a GetCertificateStatusRequest for the new V2G certificate',
      );
      assert.equal(call.response.status, 'Failed', 'step 2: the tool answered GetCertificateStatusResponse status Failed');
    } finally {
      statusAnswer = 'responder';
    }
    // The station handles it: still connected and answering, its V2G certificate still in place.
    const res = (await cs.link.call('GetInstalledCertificateIds', { certificateType: ['V2GCertificateChain'] })) as Json;
    assert.equal(res.status, 'Accepted', 'after step 2: the station still reports its V2GCertificateChain');
  });

  describe('M01/M02 – the EV asks for its contract certificate', () => {
    async function evAsks(
      action: 'Install' | 'Update',
      answer: 'Accepted' | 'Failed',
      where: string,
    ): Promise<{ request: Json; delivered: Json }> {
      await rootsInstalled();
      const toolExi = Buffer.from([0x80, ...Buffer.from(`${where} CertificateInstallationRes`)]).toString('base64');
      cs.link.answers.set('Get15118EVCertificate', (p) =>
        answer === 'Failed'
          ? // The schema requires exiResponse: "omitted" is sent as an empty string.
            { status: 'Failed', exiResponse: '' }
          : BACKEND === 'built-in'
            ? defaultAnswer('Get15118EVCertificate', p, () => ({}))
            : { status: 'Accepted', exiResponse: toolExi },
      );
      const ev: Json = { protocol: 'ISO15118-2', requestsContractInstall: true };
      // An EV that holds a contract certificate asks for an update.
      if (action === 'Update') ev.contractCertificateChain = contract;
      // Reusable State EVConnectedPreSession, with the EV emulator set to ask for a certificate.
      await cs.station.post('/api/evses/1/plug', { ev });
      const request = await cs.link.next('Get15118EVCertificate');
      assert.equal(request.action, action, `step 1: Get15118EVCertificateRequest action must be ${action}`);
      assert.ok(String(request.exiRequest).length > 0, "step 1: Get15118EVCertificateRequest carries the EV's exiRequest");
      assert.ok(Buffer.from(String(request.exiRequest), 'base64').length > 0, 'step 1: exiRequest is base64');
      return { request, delivered: await evCertificateAnswer(`${where} step 2`) };
    }

    /** The answer the EV got (GET /api/state evCertificate), polled over the control API until it is there. */
    async function evCertificateAnswer(where: string): Promise<Json> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const state = await cs.station.get<{ evses: { id: number; evCertificate?: Json | null }[] }>('/api/state');
        const answer = state.evses.find((e) => e.id === 1)?.evCertificate;
        if (answer) return answer;
        assert.ok(Date.now() < deadline, `${where}: the EV got no answer to its certificate request`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }

    async function evLeaves(): Promise<void> {
      await cs.station.post('/api/evses/1/unplug', {});
      await cs.link.next('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
      cs.link.answers.delete('Get15118EVCertificate');
    }

    for (const [id, name, action, answer] of [
      ['TC_M_26_CS', 'Certificate Installation EV - Success', 'Install', 'Accepted'],
      ['TC_M_27_CS', 'Certificate Installation EV - Failed', 'Install', 'Failed'],
      ['TC_M_28_CS', 'Certificate Update EV - Success', 'Update', 'Accepted'],
      ['TC_M_29_CS', 'Certificate Update EV - Failed', 'Update', 'Failed'],
    ] as const) {
      it(`${id} – ${name}`, async () => {
        const authorizesBefore = cs.link.received('Authorize').length;
        const { delivered } = await evAsks(action, answer, id);
        const sent = [...cs.link.frames].reverse().find((f) => f.direction === 'station' && f.action === 'Get15118EVCertificate');
        const response = (await sent?.response) as Json | undefined;
        assert.equal(delivered.status, answer, `step 2: the EV got the Get15118EVCertificateResponse status ${answer}`);
        assert.equal(delivered.exiResponse, response?.exiResponse, 'step 2: the EV got the exiResponse passed through untouched');
        if (answer === 'Failed') {
          assert.equal(
            cs.link.received('Authorize').length,
            authorizesBefore,
            'step 3: no AuthorizeRequest after a Failed certificate response',
          );
        }
        await evLeaves();
      });
    }
  });

  it('GET /api/state lists the V2G Charging Station certificate with the roots', async () => {
    const state = await cs.station.get<{ certificates: { type: string; subject: string; notAfter: string }[] }>('/api/state');
    for (const type of ['V2GRootCertificate', 'MORootCertificate', 'V2GCertificate']) {
      assert.ok(
        state.certificates.some((c) => c.type === type),
        `certificates has a ${type}`,
      );
    }
  });

  it('Part 4 – the strict CSMS found no frame of this session invalid against the schemas', () => {
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  });
});
