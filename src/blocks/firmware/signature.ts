// L01 checks of a secure firmware update: the Firmware Signing certificate against the
// manufacturer root certificates (L01.FR.21/22, no intermediate certificates, L01 remark), and the
// signature over the whole image with the certificate's key, SHA-256 (L01.FR.04/12).
// L01.FR.04 names RSA-PSS and "ECSchnorr"; what signing tools produce is RSA-PSS, RSA PKCS#1 v1.5
// or ECDSA, so each of those is accepted (ECDSA as DER or as IEEE P1363 r||s).

import { X509Certificate, constants, verify, type KeyObject } from 'node:crypto';

export type CertificateVerdict = { valid: true; certificate: X509Certificate } | { valid: false; reason: string };

/** The signing certificate is issued and signed by one of `roots` and valid at `now`. */
export function checkSigningCertificate(pem: string, roots: readonly string[], now: Date): CertificateVerdict {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return { valid: false, reason: 'not a certificate' };
  }
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo))
    return { valid: false, reason: 'expired or not yet valid' };
  if (certificate.ca) return { valid: false, reason: 'a CA certificate cannot sign firmware' };
  for (const rootPem of roots) {
    let root: X509Certificate;
    try {
      root = new X509Certificate(rootPem);
    } catch {
      continue;
    }
    if (certificate.checkIssued(root) && certificate.verify(root.publicKey)) return { valid: true, certificate };
  }
  return { valid: false, reason: 'not issued by a manufacturer root certificate' };
}

/** `signature` is base64, as in FirmwareType.signature. */
export function checkImageSignature(image: Uint8Array, signature: string, key: KeyObject): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length === 0) return false;
  const attempts =
    key.asymmetricKeyType === 'rsa'
      ? [
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
          { key, padding: constants.RSA_PKCS1_PADDING },
        ]
      : key.asymmetricKeyType === 'ec'
        ? [
            { key, dsaEncoding: 'der' as const },
            { key, dsaEncoding: 'ieee-p1363' as const },
          ]
        : [];
  return attempts.some((options) => {
    try {
      return verify('sha256', image, options, bytes);
    } catch {
      return false;
    }
  });
}
