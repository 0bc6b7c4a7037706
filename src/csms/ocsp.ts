// M06 on the CSMS side: the station names a certificate (OCSPRequestDataType, RFC 6960 CertID
// fields and the responder of its AIA extension); the CSMS asks that OCSP responder over HTTP
// (RFC 6960 appendix A.1, POST application/ocsp-request) and hands the DER OCSPResponse back,
// base64 (M06.FR.03/08/09). Accepted only with a "successful" OCSPResponse (M06.FR.02); anything
// else, an unreachable responder included, is Failed (M06.FR.04). The status says whether the
// CSMS got an answer, not whether the certificate is good (M06 remark).

import type { GetCertificateStatusResponse, HashAlgorithmEnumType, OCSPRequestDataType } from '../generated/ocpp201/index.js';

/** DER of the hash algorithm OIDs (2.16.840.1.101.3.4.2.1/2/3). */
const HASH_OID: Record<HashAlgorithmEnumType, number[]> = {
  SHA256: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
  SHA384: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02],
  SHA512: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03],
};
/** GetCertificateStatusResponse.ocspResult maxLength. */
const OCSP_RESULT_MAX = 5500;
const TIMEOUT_MS = 10_000;

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** OCSPRequest { tbsRequest { requestList { Request { CertID } } } }, no nonce, unsigned. */
export function ocspRequestDer(data: OCSPRequestDataType): Buffer {
  let serial = Buffer.from(data.serialNumber.length % 2 ? `0${data.serialNumber}` : data.serialNumber, 'hex');
  if ((serial[0] ?? 0) & 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
  const algorithm = tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from(HASH_OID[data.hashAlgorithm])), Buffer.from([0x05, 0x00])]));
  const certId = tlv(
    0x30,
    Buffer.concat([
      algorithm,
      tlv(0x04, Buffer.from(data.issuerNameHash, 'hex')),
      tlv(0x04, Buffer.from(data.issuerKeyHash, 'hex')),
      tlv(0x02, serial),
    ]),
  );
  return tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x30, certId))));
}

/** OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, ... }: 0 is successful. */
function successful(der: Buffer): boolean {
  const offset = der[1] !== undefined && der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
  return der[0] === 0x30 && der[offset] === 0x0a && der[offset + 1] === 0x01 && der[offset + 2] === 0x00;
}

export async function getCertificateStatus(data: OCSPRequestDataType): Promise<GetCertificateStatusResponse> {
  const failed = (additionalInfo: string): GetCertificateStatusResponse => ({
    status: 'Failed',
    statusInfo: { reasonCode: 'OCSPFailed', additionalInfo: additionalInfo.slice(0, 512) },
  });
  if (!/^https?:\/\//.test(data.responderURL)) return failed('responderURL is not an http(s) URL');
  try {
    const res = await fetch(data.responderURL, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: new Uint8Array(ocspRequestDer(data)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) return failed(`responder answered HTTP ${res.status}`);
    const der = Buffer.from(await res.arrayBuffer());
    if (!successful(der)) return failed('responder gave no successful OCSPResponse');
    const ocspResult = der.toString('base64');
    if (ocspResult.length > OCSP_RESULT_MAX) return failed('OCSPResponse longer than ocspResult takes');
    return { status: 'Accepted', ocspResult };
  } catch (error) {
    return failed(`responder not reachable: ${(error as Error).message}`);
  }
}
