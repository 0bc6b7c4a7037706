// M05 InstallCertificate: a root certificate of one of the four types is installed.
//   Rejected  not a certificate, not a CA, expired or not yet valid (M05.FR.07), or the store is
//             full: SecurityCtrlr.CertificateEntries maxLimit (M05.FR.06)
//   Failed    it could not be stored (M05.FR.03)
//   Accepted  stored; the same certificate again replaces it (M05.FR.02, M05.FR.17)
// AdditionalRootCertificateCheck is false (a constant of this station): M05.FR.09-16 do not apply.

import type { InstallCertificateRequest, InstallCertificateResponse } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { CertificateStore } from './certificate-store.js';
import { parseCertificate, rootProblem } from './certificates.js';
import { certificateLimit, reportCount } from './entries.js';

export function installCertificate(
  request: InstallCertificateRequest,
  ctx: StationContext,
  store: CertificateStore,
): InstallCertificateResponse {
  const certificate = parseCertificate(request.certificate);
  const problem = rootProblem(certificate, ctx.now());
  if (problem || !certificate)
    return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidCertificate', additionalInfo: problem ?? 'invalid' } };
  const limit = certificateLimit(ctx.dm);
  if (limit !== undefined && !store.has(request.certificateType, certificate) && store.count() >= limit) {
    return { status: 'Rejected', statusInfo: { reasonCode: 'OutOfStorage', additionalInfo: `at most ${limit} certificates` } };
  }
  try {
    store.put(request.certificateType, certificate, ctx.now());
  } catch (error) {
    ctx.log.error({ err: error }, 'certificate not stored');
    return { status: 'Failed' };
  }
  reportCount(ctx.dm, store);
  ctx.log.info({ type: request.certificateType, subject: certificate.x509.subject }, 'certificate installed');
  return { status: 'Accepted' };
}
