// Why a connection attempt failed, as a security event of the Part 2 appendix: an HTTP 401 on
// the upgrade, or a TLS handshake that failed on the CSMS certificate, the TLS version, the cipher
// suites or the station's own certificate (A00.FR.207/324, 310/413, 316/419, 323/426). Knows nothing of `ws`.

/** A failed attempt: the HTTP status of a refused upgrade, the error the socket reported. */
export interface AttemptFailure {
  httpStatus?: number;
  error?: Error & { code?: string };
}

export interface SecurityEvent {
  type: string;
  techInfo: string;
}

/** OpenSSL/Node verification failures of the CSMS certificate chain, validity or name. */
const CSMS_CERT_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** TLS alerts by which the CSMS rejects the station's own certificate (profile 3). */
const CLIENT_CERT_REJECTED = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

/** The security event a failed attempt stands for, with its techInfo; undefined for none. */
export function securityEventOf({ httpStatus, error }: AttemptFailure): SecurityEvent | undefined {
  if (httpStatus === 401) {
    // A00.FR.207/324: the CSMS rejected our Basic credentials.
    return { type: 'FailedToAuthenticateAtCsms', techInfo: 'HTTP 401 on the WebSocket upgrade' };
  }
  const type = error ? tlsSecurityEventOf(error) : undefined;
  if (type && error) return { type, techInfo: `${error.code ?? 'TLS'}: ${error.message}` };
  return undefined;
}

/** The security event a failed TLS handshake stands for (A00.FR.310/413, 316/419). */
function tlsSecurityEventOf(error: Error & { code?: string }): string | undefined {
  const code = error.code ?? '';
  if (CSMS_CERT_ERRORS.has(code)) return 'InvalidCsmsCertificate';
  if (
    code === 'ERR_SSL_UNSUPPORTED_PROTOCOL' ||
    code === 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' ||
    /alert protocol version|unsupported protocol/i.test(error.message)
  ) {
    return 'InvalidTLSVersion';
  }
  if (CLIENT_CERT_REJECTED.has(code)) return 'FailedToAuthenticateAtCsms';
  // A00.FR.323/426: the CSMS accepts none of the station's cipher suites.
  if (
    code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' ||
    code === 'ERR_SSL_NO_SHARED_CIPHER' ||
    /no shared cipher|handshake failure/i.test(error.message)
  ) {
    return 'InvalidTLSCipherSuite';
  }
  return undefined;
}
