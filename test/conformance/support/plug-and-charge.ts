// ISO 15118 Plug & Charge (C07) as the test tool drives it: the EV with a contract plugs in
// (Reusable State EVConnectedPreSession with an ISO 15118 EV), its AuthorizeRequest (Reusable
// State Authorized15118, errata 2025-04), and the certificates the cases install. The V2G root is
// always installed again (errata 2025-04 "Always re-install V2G certificates").

import assert from 'node:assert/strict';
import { type ContractPki, createCa, createContractPki } from '../../support/pki.js';
import { type HashData, hashDataOf, sameHashData } from './certificates.js';
import { type Booted, certificateInstalled } from './states.js';

type Json = Record<string, unknown>;

export const OCSP_URL = 'http://127.0.0.1:9/ocsp';

/** The EV's contract (eMAID and chain) and the MO root it chains to. */
export function contractPki(emaid: string): Promise<ContractPki> {
  return createContractPki({ emaid, ocspUrl: OCSP_URL });
}

/** Memory State CertificateInstalled for V2GRootCertificate and, with `mo`, for MORootCertificate. */
export async function v2gCertificatesInstalled(b: Booted, mo?: ContractPki): Promise<void> {
  await certificateInstalled(b, 'V2GRootCertificate', (await createCa({ commonName: 'Test V2G Root CA', organization: 'Test V2G' })).cert);
  if (mo) await certificateInstalled(b, 'MORootCertificate', mo.root.cert);
}

/** Reusable State EVConnectedPreSession with an ISO 15118-2 EV that has this contract. */
export async function evConnected15118(b: Booted, mo: ContractPki, evseId = 1): Promise<void> {
  await b.station.post(`/api/evses/${evseId}/plug`, {
    ev: { protocol: 'ISO15118-2', emaid: mo.emaid, contractCertificateChain: mo.chain },
  });
  const s = await b.link.next('StatusNotification', (p) => p.evseId === evseId && p.connectorStatus === 'Occupied');
  assert.equal(s.connectorStatus, 'Occupied', 'EVConnectedPreSession step 1: StatusNotificationRequest connectorStatus Occupied');
}

/** Step 1 of the C07 cases: AuthorizeRequest with idToken {eMAID, type eMAID}. */
export async function contractAuthorize(b: Booted, mo: ContractPki): Promise<Json> {
  const a = await b.link.next('Authorize', (p) => (p.idToken as Json | undefined)?.idToken === mo.emaid);
  assert.equal((a.idToken as Json).type, 'eMAID', 'step 1: AuthorizeRequest idToken.type must be eMAID');
  return a;
}

/** C07.FR.02: iso15118CertificateHashData names the contract certificate and its sub-CA, with the OCSP responder. */
export async function assertOcspData(a: Json, mo: ContractPki): Promise<void> {
  const data = a.iso15118CertificateHashData as (Json & { responderURL?: string })[] | undefined;
  assert.ok(Array.isArray(data) && data.length > 0, 'step 1: iso15118CertificateHashData is provided');
  const expected: [string, HashData][] = [
    ['the contract certificate', await hashDataOf(mo.contract.cert, mo.subCa.cert)],
    ['the MO sub-CA', await hashDataOf(mo.subCa.cert, mo.root.cert)],
  ];
  for (const [what, hashData] of expected) {
    const entry: (Json & { responderURL?: string }) | undefined = data.find((d) => sameHashData(d, hashData));
    assert.ok(entry, `step 1: iso15118CertificateHashData names ${what} (${JSON.stringify(data)})`);
    assert.equal(entry.responderURL, OCSP_URL, `step 1: responderURL of ${what} from its AIA extension`);
  }
}
