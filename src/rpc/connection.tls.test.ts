// StationConnection over wss:// for security profiles 2 and 3, with certificates made here by
// a throw-away CA (test/support/pki.ts), against real TLS servers on 127.0.0.1.

import assert from 'node:assert/strict';
import type { ServerOptions as HttpsOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterEach, before, describe, it } from 'node:test';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../../test/support/pki.js';
import {
  basic,
  cleanUp,
  expectRetryAfter,
  PASSWORD,
  startCsms,
  station,
  until,
  type TestCsms,
} from '../../test/support/connection-harness.js';
import type { ConnectionSettings } from './connection.js';

afterEach(cleanUp);

describe('A00 security profiles 2 and 3: TLS', () => {
  let ca: Pem;
  let otherCa: Pem;
  let good: Pem;
  let client: Pem;

  before(async () => {
    ca = await createCa();
    otherCa = await createCa({ commonName: 'Unrelated Root CA' });
    good = await issueServerCert(ca);
    client = await issueClientCert(ca, { commonName: 'SN-0001', organization: 'Test CSO' });
  });

  const profile2 = (url: string): ConnectionSettings => ({
    csmsUrl: url,
    stationId: 'CS001',
    securityProfile: 2,
    basicAuthPassword: PASSWORD,
    ca: ca.cert,
  });

  const profile3 = (url: string, pem: Pem): ConnectionSettings => ({
    csmsUrl: url,
    stationId: 'CS001',
    securityProfile: 3,
    ca: ca.cert,
    clientCert: pem.cert,
    clientKey: pem.key,
  });
  const requiringClientCerts = (): Promise<TestCsms> =>
    startCsms({ tls: { cert: good.cert, key: good.key, ca: ca.cert, requestCert: true, rejectUnauthorized: true } });

  /** Profile 2 against `server`: refused before any HTTP request, with exactly `event` raised once. */
  async function expectRefused(server: Pem, event: string, tls: HttpsOptions = {}): Promise<void> {
    const csms = await startCsms({ tls: { cert: server.cert, key: server.key, ...tls } });
    const h = station(profile2(csms.url));
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.deepEqual(
      h.security.map(([type]) => type),
      [event],
    );
    assert.equal(csms.requests.length, 0, 'no HTTP request (and no password) went out');
    assert.equal(h.sends.length, 0);
    expectRetryAfter(h, 10_000);
    await until(() => h.conn.state === 'waiting', 'second refusal');
    assert.equal(h.security.length, 1, 'A00.FR.316 note: raised once for repeated failures');
  }

  it('A00.FR.301-304, 308, 313: profile 2 connects over TLS >= 1.2 to a CSMS certificate of the configured CA, with Basic credentials', async () => {
    const csms = await startCsms({ tls: { cert: good.cert, key: good.key } });
    const h = station(profile2(csms.url));
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    const req = csms.requests[0]!;
    assert.equal(req.headers.authorization, basic('CS001', PASSWORD));
    assert.match(String((req.socket as TLSSocket).getProtocol()), /^TLSv1\.[23]$/);
    assert.deepEqual(h.security, []);
  });

  it('A00.FR.312 / A00.FR.415: profiles 2 and 3 refuse a ws:// URL with a clear error', () => {
    const h = station({ ...profile2('ws://127.0.0.1:1/ocpp') });
    assert.throws(() => h.conn.start(), /security profile 2 needs a wss:\/\/ CSMS URL/);
    h.settings = { ...h.settings, securityProfile: 3, clientCert: client.cert, clientKey: client.key };
    assert.throws(() => h.conn.start(), /security profile 3 needs a wss:\/\/ CSMS URL/);
    assert.equal(h.conn.state, 'idle');
  });

  it('A00.FR.308, 310, 311: a CSMS certificate from another CA → refused, InvalidCsmsCertificate', async () => {
    await expectRefused(await issueServerCert(otherCa), 'InvalidCsmsCertificate');
  });

  it('A00.FR.310, 311: an expired CSMS certificate → refused, InvalidCsmsCertificate', async () => {
    const expired = await issueServerCert(ca, { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    await expectRefused(expired, 'InvalidCsmsCertificate');
  });

  it('A00.FR.309, 310, 311: a CSMS certificate for another host name → refused, InvalidCsmsCertificate', async () => {
    await expectRefused(await issueServerCert(ca, { hosts: ['csms.example.com'] }), 'InvalidCsmsCertificate');
  });

  it('A00.FR.313, 314, 316: a CSMS offering only TLS 1.1 → refused, InvalidTLSVersion', async () => {
    await expectRefused(good, 'InvalidTLSVersion', {
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
  });

  it('A00.FR.319, 320, 323: a CSMS offering only a CBC/SHA-1 cipher suite (TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA) → refused, InvalidTLSCipherSuite', async () => {
    await expectRefused(good, 'InvalidTLSCipherSuite', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA' });
  });

  it('A00.FR.320, 323: a CSMS offering only a NULL cipher (TLS_RSA_WITH_NULL_SHA256, no encryption) → refused, InvalidTLSCipherSuite', async () => {
    await expectRefused(await issueServerCert(ca, { rsa: true }), 'InvalidTLSCipherSuite', {
      maxVersion: 'TLSv1.2',
      ciphers: 'NULL-SHA256:@SECLEVEL=0',
    });
  });

  it('A00.FR.320, 323: a CSMS offering only TLS_RSA_WITH_AES_128_CBC_SHA → refused, InvalidTLSCipherSuite', async () => {
    await expectRefused(await issueServerCert(ca, { rsa: true }), 'InvalidTLSCipherSuite', {
      maxVersion: 'TLSv1.2',
      ciphers: 'AES128-SHA',
    });
  });

  it('A00.FR.319: over TLS 1.2 the station agrees on each of the four suites of Part 2 (ECDHE-ECDSA and RSA with AES-GCM)', async () => {
    const rsa = await issueServerCert(ca, { rsa: true });
    for (const [suite, server] of [
      ['ECDHE-ECDSA-AES128-GCM-SHA256', good],
      ['ECDHE-ECDSA-AES256-GCM-SHA384', good],
      ['AES128-GCM-SHA256', rsa],
      ['AES256-GCM-SHA384', rsa],
    ] as const) {
      const csms = await startCsms({ tls: { cert: server.cert, key: server.key, maxVersion: 'TLSv1.2', ciphers: suite } });
      const h = station(profile2(csms.url));
      h.conn.start();
      await until(() => h.conn.state === 'open', `open with ${suite}`);
      assert.equal((csms.requests[0]!.socket as TLSSocket).getCipher().name, suite);
      assert.deepEqual(h.security, []);
      await h.conn.stop();
    }
  });

  it('A00.FR.401, 402: profile 3 presents its certificate; the CSMS verifies it and reads CN = serial number', async () => {
    const csms = await requiringClientCerts();
    const h = station(profile3(csms.url, client));
    h.conn.start();
    await until(() => h.conn.state === 'open', 'open');
    const req = csms.requests[0]!;
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    assert.equal(peer.subject.CN, 'SN-0001');
    assert.equal(peer.subject.O, 'Test CSO');
    assert.equal(req.headers.authorization, undefined, 'profile 3 authenticates by certificate only');
  });

  it('A00.FR.401: profile 3 without a client certificate configured is refused before connecting', () => {
    const h = station({ csmsUrl: 'wss://127.0.0.1:1/ocpp', stationId: 'CS001', securityProfile: 3, ca: ca.cert });
    assert.throws(() => h.conn.start(), /client certificate/);
  });

  it('A00.FR.403, 407: a CSMS requiring client certificates refuses a station presenting none', async () => {
    const csms = await requiringClientCerts();
    const h = station(profile2(csms.url));
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.equal(csms.sockets.length, 0);
    assert.equal(h.sends.length, 0);
  });

  it('A00.FR.403, 407: a CSMS refuses a station certificate that does not chain to its CA', async () => {
    const csms = await requiringClientCerts();
    const h = station(profile3(csms.url, await issueClientCert(otherCa)));
    h.conn.start();
    await until(() => h.conn.state === 'waiting', 'refusal');
    assert.equal(csms.sockets.length, 0);
    assert.equal(h.sends.length, 0);
    assert.ok(!h.security.some(([type]) => type === 'InvalidCsmsCertificate'), 'the CSMS certificate was fine');
  });
});
