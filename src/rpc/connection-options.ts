// What one connection attempt to the CSMS looks like for the current settings: the endpoint
// URL with the station identity (Part 4 §3.1.1), the Basic credentials (profiles 1 and 2) and
// the TLS options (profiles 2 and 3, Part 2 A00). Settings that cannot work throw a clear error
// before anything goes on the wire. Knows nothing of `ws`: connection.ts hands the options on.

import type { SecureVersion } from 'node:tls';

export type SecurityProfile = 0 | 1 | 2 | 3;

export interface ConnectionSettings {
  /** OCPP-J endpoint URL, e.g. ws://h:9000/ocpp; the station id is appended as the last path segment. */
  csmsUrl: string;
  stationId: string;
  /** 0 = plain ws without authentication (development only), 1 = Basic over ws, 2 = TLS + Basic, 3 = TLS + client certificate. */
  securityProfile: SecurityProfile;
  basicAuthPassword?: string;
  /** PEM bundle the CSMS certificate must chain to (profiles 2/3); undefined = the system store. */
  ca?: string;
  /** PEM certificate and key presented to the CSMS (profile 3). */
  clientCert?: string;
  clientKey?: string;
  /**
   * Part 4 §3.3: offer RFC 7692 compression (permessage-deflate), which the CSMS shall support;
   * true when absent. Each compressed connection holds zlib state of its own (about 250 KB).
   */
  compression?: boolean;
}

/**
 * A00.FR.319/320/422/423: the cipher suites the station offers. TLS 1.2: the four of Part 2
 * (ECDHE-ECDSA and RSA with AES-GCM), nothing weaker; TLS 1.3: its AES-GCM suites. A CSMS that
 * accepts none of them fails the handshake (InvalidTLSCipherSuite).
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
].join(':');

/** The WebSocket client options of one attempt (a subset of ws's ClientOptions). */
export interface AttemptOptions {
  headers: Record<string, string>;
  followRedirects: boolean;
  perMessageDeflate: boolean;
  minVersion?: SecureVersion;
  ciphers?: string;
  rejectUnauthorized?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export interface Attempt {
  url: string;
  options: AttemptOptions;
}

/** Part 4 §3.1.1: the endpoint URL + '/' + the percent-encoded identity. */
export function connectionUrl(endpoint: string, stationId: string): string {
  const url = new URL(endpoint);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`CSMS URL must use ws:// or wss://, got ${url.protocol}//`);
  }
  if (url.username || url.password) {
    throw new Error('CSMS URL must not carry credentials; the password goes in basicAuthPassword');
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(stationId)}`;
  return url.href;
}

/** The URL and ws options of one attempt; throws a clear error for settings that cannot work. */
export function planAttempt(s: ConnectionSettings): Attempt {
  // Part 4 §3.1.1: at most 48 characters and no ':' (the identity is also the Basic username).
  if (!s.stationId || s.stationId.length > 48 || s.stationId.includes(':')) {
    throw new Error(`station id must be 1-48 characters without ':', got '${s.stationId}'`);
  }
  const url = connectionUrl(s.csmsUrl, s.stationId);
  const secure = url.startsWith('wss:');
  const profile = s.securityProfile;
  if (profile >= 2 && !secure) {
    // A00.FR.312/415: profiles 2 and 3 run over TLS only.
    throw new Error(`security profile ${profile} needs a wss:// CSMS URL, got ${s.csmsUrl}`);
  }
  const headers: Record<string, string> = {};
  if (profile === 1 || profile === 2) {
    if (!s.basicAuthPassword) throw new Error(`security profile ${profile} needs a BasicAuthPassword`);
    // A00.FR.203-205/302-304: Basic credentials on every connection request; user = identity,
    // password = BasicAuthPassword as plain UTF-8.
    const credentials = Buffer.from(`${s.stationId}:${s.basicAuthPassword}`, 'utf8').toString('base64');
    headers.Authorization = `Basic ${credentials}`;
  }
  if (profile === 3 && (!s.clientCert || !s.clientKey)) {
    // A00.FR.401/402: the station authenticates with its certificate as TLS client certificate.
    throw new Error('security profile 3 needs a client certificate and key');
  }
  const options: AttemptOptions = { headers, followRedirects: false, perMessageDeflate: s.compression ?? true };
  if (secure) {
    // A00.FR.313/416: TLS 1.2 or higher. A00.FR.308/411: the CSMS chain is verified (against
    // `ca` when given) and Node checks the host name against the certificate (A00.FR.309/412).
    // Node's OpenSSL has TLS compression disabled (A00.FR.321/424).
    options.minVersion = 'TLSv1.2';
    options.ciphers = TLS_CIPHERS;
    options.rejectUnauthorized = true;
    if (s.ca) options.ca = s.ca;
    if (profile === 3 && s.clientCert && s.clientKey) {
      options.cert = s.clientCert;
      options.key = s.clientKey;
    }
  }
  return { url, options };
}
