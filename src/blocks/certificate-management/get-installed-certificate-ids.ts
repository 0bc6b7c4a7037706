// M03 GetInstalledCertificateIds: the hash data (SHA256) of every installed certificate of the
// requested types, all types when none is given (M03.FR.03/04); NotFound when none (M03.FR.02).
// V2GCertificateChain: the V2G Charging Station certificate, its Sub-CAs as childCertificateHashData
// (M03.FR.05); each certificate's issuer key is the next one's of the chain, the last one's an
// installed V2G root.

import type {
  CertificateHashDataChainType,
  CertificateHashDataType,
  GetInstalledCertificateIdsRequest,
  GetInstalledCertificateIdsResponse,
} from '../../generated/ocpp201/index.js';
import { issuerOf } from './delete-certificate.js';
import type { CertificateStore } from './certificate-store.js';
import { hashData, type ParsedCertificate } from './certificates.js';

export function getInstalledCertificateIds(
  request: GetInstalledCertificateIdsRequest,
  store: CertificateStore,
  v2gChains: readonly ParsedCertificate[][] = [],
): GetInstalledCertificateIdsResponse {
  const wanted = request.certificateType;
  const asked = (type: string): boolean => wanted === undefined || wanted.length === 0 || (wanted as readonly string[]).includes(type);
  const all = store.list();
  const chain: CertificateHashDataChainType[] = all
    .filter((entry) => asked(entry.type))
    .map((entry) => ({
      certificateType: entry.type,
      certificateHashData: hashData(entry.certificate, 'SHA256', issuerOf(entry.certificate, all)),
    }));
  if (asked('V2GCertificateChain')) {
    for (const certificates of v2gChains) {
      const hashes = certificates.map(
        (certificate, i): CertificateHashDataType =>
          hashData(certificate, 'SHA256', certificates[i + 1] ?? issuerOf(certificate, store.list('V2GRootCertificate'))),
      );
      const [leaf, ...subCas] = hashes;
      if (!leaf) continue;
      // The schema takes at most four Sub-CAs.
      const children = subCas.slice(0, 4) as NonNullable<CertificateHashDataChainType['childCertificateHashData']>;
      chain.push({
        certificateType: 'V2GCertificateChain',
        certificateHashData: leaf,
        ...(children.length > 0 ? { childCertificateHashData: children } : {}),
      });
    }
  }
  const [first, ...rest] = chain;
  return first ? { status: 'Accepted', certificateHashDataChain: [first, ...rest] } : { status: 'NotFound' };
}
