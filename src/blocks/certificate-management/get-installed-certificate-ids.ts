// M03 GetInstalledCertificateIds: the hash data (SHA256) of every installed certificate of the
// requested types, all types when none is given (M03.FR.03/04); NotFound when none (M03.FR.02).
// V2GCertificateChain: the station has no V2G Charging Station certificate, so none is found.

import type {
  CertificateHashDataChainType,
  GetInstalledCertificateIdsRequest,
  GetInstalledCertificateIdsResponse,
} from '../../generated/ocpp201/index.js';
import { issuerOf } from './delete-certificate.js';
import type { CertificateStore } from './certificate-store.js';
import { hashData } from './certificates.js';

export function getInstalledCertificateIds(
  request: GetInstalledCertificateIdsRequest,
  store: CertificateStore,
): GetInstalledCertificateIdsResponse {
  const wanted = request.certificateType;
  const all = store.list();
  const chain: CertificateHashDataChainType[] = all
    .filter((entry) => wanted === undefined || wanted.length === 0 || (wanted as readonly string[]).includes(entry.type))
    .map((entry) => ({
      certificateType: entry.type,
      certificateHashData: hashData(entry.certificate, 'SHA256', issuerOf(entry.certificate, all)),
    }));
  const [first, ...rest] = chain;
  return first ? { status: 'Accepted', certificateHashDataChain: [first, ...rest] } : { status: 'NotFound' };
}
