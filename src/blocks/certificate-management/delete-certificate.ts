// M04 DeleteCertificate: the installed certificate the hash data names (in the hash algorithm
// the CSMS chose, M04.FR.07) is deleted (M04.FR.02); NotFound when none matches (M04.FR.04);
// Failed for the Charging Station certificate (M04.FR.06) or when the deletion fails (M04.FR.03).
// The last certificate of a type may be deleted (TC_M_20 deletes the only CSMS root).

import type { DeleteCertificateRequest, DeleteCertificateResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { CertificateStore, StoredCertificate } from './certificate-store.js';
import { hashData, selfSigned, sameHashData, type ParsedCertificate } from './certificates.js';
import { reportCount } from './entries.js';

export function deleteCertificate(
  request: DeleteCertificateRequest,
  ctx: StationContext,
  store: CertificateStore,
  stationCertificates: readonly ParsedCertificate[],
): DeleteCertificateResponse {
  const wanted = request.certificateHashData;
  const algorithm = wanted.hashAlgorithm;
  const all = store.list();
  const issuers = [...all.map((entry) => entry.certificate), ...stationCertificates];
  // Its issuer may not be in the store: the issuer name and the serial number name it well enough.
  const own = stationCertificates.some((certificate) => {
    const data = hashData(certificate, algorithm, issuerOf(certificate, issuers));
    return sameHashData(data, { ...wanted, issuerKeyHash: data.issuerKeyHash });
  });
  if (own)
    return {
      status: 'Failed',
      statusInfo: { reasonCode: 'NotSupported', additionalInfo: 'the Charging Station certificate cannot be deleted' },
    };
  const matches = all.filter((entry) => sameHashData(hashData(entry.certificate, algorithm, issuerOf(entry.certificate, all)), wanted));
  if (matches.length === 0) return { status: 'NotFound' };
  try {
    for (const entry of matches) store.delete(entry.id);
  } catch (error) {
    ctx.log.error({ err: error }, 'certificate not deleted');
    return { status: 'Failed' };
  }
  reportCount(ctx.dm, store);
  return { status: 'Accepted' };
}

/** The certificate whose key signed `certificate`: itself when self-signed, else an installed one with its issuer as subject. */
export function issuerOf(
  certificate: ParsedCertificate,
  candidates: readonly (ParsedCertificate | StoredCertificate)[],
): ParsedCertificate {
  if (selfSigned(certificate)) return certificate;
  for (const candidate of candidates) {
    const parsed = 'certificate' in candidate ? candidate.certificate : candidate;
    if (parsed.subjectName.equals(certificate.issuerName) && certificate.x509.checkIssued(parsed.x509)) return parsed;
  }
  return certificate;
}
